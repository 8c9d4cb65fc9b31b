using System;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.IO;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;

namespace Vet.EditorCheck;

/// <summary>
/// JSON-RPC over a language server's stdio with LSP's Content-Length framing: requests with timeouts,
/// notifications, and a handler for the requests the server sends to its client.
/// </summary>
public sealed class LspConnection : IAsyncDisposable
{
    private readonly Process _server;
    private readonly Stream _input;
    private readonly Stream _output;
    private readonly SemaphoreSlim _writeGate = new(1, 1);
    private readonly ConcurrentDictionary<int, TaskCompletionSource<JsonNode?>> _pending = new();
    private readonly Func<string, JsonNode?, JsonNode?> _answerServerRequest;
    private readonly Action<string, JsonNode?> _onNotification;
    private readonly Task _reader;
    private readonly Task _stderrDrain;
    private int _nextId;

    public LspConnection(ProcessStartInfo start, Func<string, JsonNode?, JsonNode?> answerServerRequest, Action<string, JsonNode?> onNotification, TextWriter serverLog)
    {
        start.RedirectStandardInput = true;
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.UseShellExecute = false;
        _server = Process.Start(start) ?? throw new InvalidOperationException($"could not start {start.FileName}");
        _input = _server.StandardInput.BaseStream;
        _output = _server.StandardOutput.BaseStream;
        _answerServerRequest = answerServerRequest;
        _onNotification = onNotification;
        _reader = Task.Run(ReadLoopAsync);
        _stderrDrain = Task.Run(async () =>
        {
            while (await _server.StandardError.ReadLineAsync().ConfigureAwait(false) is { } line)
            {
                lock (serverLog)
                {
                    serverLog.WriteLine(line);
                }
            }
        });
    }

    public bool HasExited => _server.HasExited;

    public async Task<JsonNode?> RequestAsync(string method, JsonNode? parameters, TimeSpan timeout)
    {
        var id = Interlocked.Increment(ref _nextId);
        var reply = new TaskCompletionSource<JsonNode?>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[id] = reply;
        await WriteAsync(new JsonObject { ["jsonrpc"] = "2.0", ["id"] = id, ["method"] = method, ["params"] = parameters }).ConfigureAwait(false);
        try
        {
            return await reply.Task.WaitAsync(timeout).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"the server did not answer '{method}' within {timeout.TotalSeconds:0} s");
        }
        finally
        {
            _pending.TryRemove(id, out _);
        }
    }

    public Task NotifyAsync(string method, JsonNode? parameters) =>
        WriteAsync(new JsonObject { ["jsonrpc"] = "2.0", ["method"] = method, ["params"] = parameters });

    private async Task WriteAsync(JsonObject message)
    {
        var body = Encoding.UTF8.GetBytes(message.ToJsonString());
        var header = Encoding.ASCII.GetBytes($"Content-Length: {body.Length}\r\n\r\n");
        await _writeGate.WaitAsync().ConfigureAwait(false);
        try
        {
            await _input.WriteAsync(header).ConfigureAwait(false);
            await _input.WriteAsync(body).ConfigureAwait(false);
            await _input.FlushAsync().ConfigureAwait(false);
        }
        finally
        {
            _writeGate.Release();
        }
    }

    private async Task ReadLoopAsync()
    {
        try
        {
            while (await ReadMessageAsync().ConfigureAwait(false) is { } message)
            {
                var method = message["method"]?.GetValue<string>();
                var id = message["id"];
                if (method is null && id is not null)
                {
                    if (_pending.TryGetValue(id.GetValue<int>(), out var reply))
                    {
                        if (message["error"] is { } error)
                        {
                            reply.TrySetException(new InvalidOperationException($"server error: {error.ToJsonString()}"));
                        }
                        else
                        {
                            reply.TrySetResult(message["result"]?.DeepClone());
                        }
                    }
                }
                else if (method is not null && id is not null)
                {
                    var result = _answerServerRequest(method, message["params"]);
                    await WriteAsync(new JsonObject { ["jsonrpc"] = "2.0", ["id"] = id.DeepClone(), ["result"] = result }).ConfigureAwait(false);
                }
                else if (method is not null)
                {
                    _onNotification(method, message["params"]);
                }
            }
        }
        finally
        {
            foreach (var reply in _pending.Values)
            {
                reply.TrySetException(new EndOfStreamException("the server closed its output"));
            }
        }
    }

    /// <summary>One framed message, or null at the end of the stream.</summary>
    private async Task<JsonNode?> ReadMessageAsync()
    {
        var length = -1;
        while (true)
        {
            var line = await ReadHeaderLineAsync().ConfigureAwait(false);
            if (line is null)
            {
                return null;
            }

            if (line.Length == 0)
            {
                break;
            }

            if (line.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase))
            {
                length = int.Parse(line["Content-Length:".Length..].Trim(), System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        if (length < 0)
        {
            throw new InvalidDataException("a message without Content-Length");
        }

        var body = new byte[length];
        await _output.ReadExactlyAsync(body).ConfigureAwait(false);
        return JsonNode.Parse(body);
    }

    private async Task<string?> ReadHeaderLineAsync()
    {
        var bytes = new MemoryStream();
        var one = new byte[1];
        while (true)
        {
            if (await _output.ReadAsync(one).ConfigureAwait(false) == 0)
            {
                return null;
            }

            if (one[0] == (byte)'\n')
            {
                return Encoding.ASCII.GetString(bytes.ToArray()).TrimEnd('\r');
            }

            bytes.WriteByte(one[0]);
        }
    }

    /// <summary>Asks the server to shut down and exit; kills it (and its children) if it does not within the timeout.</summary>
    public async ValueTask DisposeAsync()
    {
        if (!_server.HasExited)
        {
            try
            {
                await RequestAsync("shutdown", null, TimeSpan.FromSeconds(15)).ConfigureAwait(false);
                await NotifyAsync("exit", null).ConfigureAwait(false);
                await _server.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(15)).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is TimeoutException or IOException or InvalidOperationException)
            {
                // A server that does not stop when asked is ended below.
            }
        }

        if (!_server.HasExited)
        {
            _server.Kill(entireProcessTree: true);
            await _server.WaitForExitAsync().ConfigureAwait(false);
        }

        await Task.WhenAny(Task.WhenAll(_reader, _stderrDrain), Task.Delay(TimeSpan.FromSeconds(5))).ConfigureAwait(false);
        _server.Dispose();
        _writeGate.Dispose();
    }
}
