using System;
using System.Globalization;

namespace Showcase;

// VET306: FeedReply.ParseCode translates a FormatException into this type and has nowhere to put the original.
/// <summary>A supplier feed answered with an error code.</summary>
public sealed class StockFeedException : Exception
{
    public StockFeedException(int code, string message)
        : base(message)
    {
        Code = code;
    }

    public int Code { get; }
}

/// <summary>Reads the status code at the start of a supplier feed's reply ("503 busy").</summary>
public static class FeedReply
{
    public static int ParseCode(string reply)
    {
        try
        {
            return int.Parse(reply.AsSpan(0, 3), NumberStyles.None, CultureInfo.InvariantCulture);
        }
        catch (FormatException)
        {
            throw new StockFeedException(0, "Unreadable feed reply: " + reply);
        }
    }
}
