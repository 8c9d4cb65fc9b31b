using System;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;

namespace Clean;

/// <summary>Classifies import failures by type and typed codes, never by their text.</summary>
public static class ImportErrors
{
    // Type tests that follow the hierarchy.
    public static bool IsTransient(Exception error) =>
        error is IOException or TimeoutException
        || error is SocketException { SocketErrorCode: SocketError.TimedOut or SocketError.ConnectionReset }
        || error is HttpRequestException { StatusCode: HttpStatusCode.ServiceUnavailable };

    // Exactly the base type: no `is` test can say this.
    public static bool IsUntyped(Exception error) => error.GetType() == typeof(Exception);

    // Messages compared with each other (de-duplicating a log), not with known text.
    public static bool SameReport(Exception first, Exception second) =>
        first.GetType() == second.GetType() && first.Message == second.Message;

    // HResult is a typed code.
    public static bool IsSharingViolation(IOException error) => (error.HResult & 0xFFFF) == 32;

    public static string Describe(Exception error) =>
        string.IsNullOrEmpty(error.Message) ? error.GetType().Name : error.Message;
}
