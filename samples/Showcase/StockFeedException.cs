using System;

namespace Showcase;

// VET306: a catch that translates a feed failure into this type has nowhere to put the original exception.
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
