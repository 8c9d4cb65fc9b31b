using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using Vet.Analyzers.Tests.Infrastructure;
using Xunit;
using Test = Vet.Analyzers.Tests.Infrastructure.VetTest<Vet.Analyzers.Errors.ExceptionSwallowedAnalyzer>;
using Verify = Vet.Analyzers.Tests.Infrastructure.Verify<Vet.Analyzers.Errors.ExceptionSwallowedAnalyzer, Microsoft.CodeAnalysis.Testing.EmptyCodeFixProvider>;

namespace Vet.Analyzers.Tests.Errors;

/// <summary>VET302: a catch that does nothing with the exception.</summary>
public class VET302Tests
{
    /// <summary>A catch of every exception in <paramref name="member"/>.</summary>
    private static DiagnosticResult CatchAll(int markup, string member = "M") =>
        Verify.Diagnostic(Descriptors.Shapes.VET302_EveryException).WithLocation(markup).WithArguments(member).WithSeverity(DiagnosticSeverity.Info);

    private static DiagnosticResult Specific(int markup, string type) =>
        Verify.Diagnostic().WithLocation(markup).WithArguments(type).WithSeverity(DiagnosticSeverity.Info);

    // ---- Flagged ---------------------------------------------------------------------------------------------

    [Fact]
    public async Task Flags_catch_alls()
    {
        await Verify.Analyzer("""
            using System;
            using System.Collections.Generic;

            class Importer
            {
                public void Import(IEnumerable<string> lines)
                {
                    foreach (var line in lines)
                    {
                        try { Parse(line); }
                        {|#0:catch|} { }

                        try { Parse(line); }
                        {|#1:catch (Exception)|} { continue; }

                        try { Parse(line); }
                        {|#2:catch (System.Exception ex)|}
                        {
                            // TODO: count the lines the parser rejects
                        }

                        try { Parse(line); }
                        {|#3:catch (Exception ex)|} when (line.Length > 0) { return; }
                    }
                }

                private static void Parse(string line) { }
            }
            """, CatchAll(0, "Import"), CatchAll(1, "Import"), CatchAll(2, "Import"), CatchAll(3, "Import"));
    }

    [Fact]
    public async Task Flags_specific_types_as_info()
    {
        await Verify.Analyzer("""
            using System;
            using System.IO;

            class Settings
            {
                public string Read(string path)
                {
                    var text = "";
                    try { text = File.ReadAllText(path); }
                    {|#0:catch (UnauthorizedAccessException)|} { }
                    try { text = File.ReadAllText(path); }
                    {|#1:catch (IOException e)|} { ; }
                    try { text = File.ReadAllText(path); }
                    {|#2:catch (OperationCanceledException)|} { }
                    return text;
                }
            }
            """, Specific(0, "UnauthorizedAccessException"), Specific(1, "IOException"), Specific(2, "OperationCanceledException"));
    }

    [Fact]
    public async Task Flags_in_lambdas_and_plain_methods_named_like_cleanup()
    {
        await Verify.Analyzer("""
            using System;
            using System.Threading.Tasks;

            class Worker
            {
                public Task Start() => Task.Run(() =>
                {
                    try { Step(); }
                    {|#0:catch|} { }
                });

                public bool TryStep()
                {
                    Action run = () =>
                    {
                        try { Step(); }
                        {|#1:catch (Exception)|} { }
                    };
                    run();
                    return true;
                }

                public void Reset()
                {
                    try { Step(); }
                    {|#2:catch|} { }
                }

                private static void Step() { }
            }
            """, CatchAll(0, "Start"), CatchAll(1, "TryStep"), CatchAll(2, "Reset"));
    }

    // ---- Not flagged ---------------------------------------------------------------------------------------------

    [Theory]
    [InlineData("logged", "catch (Exception ex) { Console.Error.WriteLine(ex); }")]
    [InlineData("rethrown", "catch (Exception) { throw; }")]
    [InlineData("wrapped", "catch (Exception ex) { throw new InvalidOperationException(\"step\", ex); }")]
    [InlineData("stored", "catch (Exception ex) { _last = ex; }")]
    [InlineData("passed", "catch (Exception ex) { Report(ex); }")]
    [InlineData("handled without the variable", "catch (IOException) { _failures++; }")]
    [InlineData("fallback value", "catch (FormatException) { _failures = -1; }")]
    [InlineData("filter inspects it", "catch (Exception ex) when (ex is IOException) { }")]
    [InlineData("filter logs it", "catch (Exception ex) when (Log(ex)) { }")]
    [InlineData("intent comment", "catch (IOException) { // ignore: the cache file is optional\n }")]
    [InlineData("expected comment", "catch (IOException)\n{\n    // Expected: the cache file is optional\n}")]
    [InlineData("bare ignored comment", "catch\n{\n    // ignored\n}")]
    [InlineData("comment on the catch line", "catch (IOException) { } // expected when the file is locked")]
    [InlineData("block comment", "catch (IOException) { /* ignore: optional */ }")]
    public async Task Does_not_flag_a_catch_that_acts(string scenario, string clause)
    {
        Assert.NotEmpty(scenario);
        await Verify.NoDiagnostics("""
            #nullable enable
            using System;
            using System.IO;

            class Job
            {
                private Exception? _last;
                private int _failures;

                public void Run()
                {
                    try { Step(); }
                    CLAUSE
                }

                private static void Step() { }
                private static void Report(Exception e) { }
                private static bool Log(Exception e) => false;
            }
            """.Replace("CLAUSE", clause));
    }

    [Fact]
    public async Task Flags_a_catch_whose_comment_gives_no_reason()
    {
        await Verify.Analyzer("""
            using System.IO;

            class Cache
            {
                public void Load()
                {
                    try { File.ReadAllText("cache"); }
                    {|#0:catch (IOException)|}
                    {
                        // TODO: tell the user the cache is gone
                    }

                    try { File.ReadAllText("cache"); }
                    {|#1:catch (IOException)|}
                    {
                        // FIXME
                    }

                    try { File.ReadAllText("cache"); }
                    {|#2:catch (IOException)|}
                    {
                        //
                    }

                    try { File.ReadAllText("cache"); }
                    {|#3:catch (IOException e)|}
                    {
                        // System.Console.WriteLine(e);
                    }

                    try { File.ReadAllText("cache"); }
                    {|#4:catch (IOException)|}
                    {
                        // return;
                    }

                    try { File.ReadAllText("cache"); }
                    {|#5:catch (IOException e)|}
                    {
                        // last = e;
                    }
                }
            }
            """, Specific(0, "IOException"), Specific(1, "IOException"), Specific(2, "IOException"), Specific(3, "IOException"), Specific(4, "IOException"), Specific(5, "IOException"));
    }

    [Fact]
    public async Task Does_not_flag_a_catch_with_a_reason_in_it_or_on_the_line_above()
    {
        await Verify.NoDiagnostics("""
            using System.IO;

            class Cache
            {
                public void Load()
                {
                    try { File.ReadAllText("cache"); }
                    catch (IOException)
                    {
                        // ok, the cache is optional
                    }

                    try { File.ReadAllText("cache"); }
                    catch { /* don't care */ }

                    try
                    {
                        File.ReadAllText("cache");
                    }
                    // best effort: a cold start rebuilds the cache
                    catch (IOException)
                    {
                    }

                    try
                    {
                        File.ReadAllText("cache");
                    } // swallow: the logger itself failed
                    catch
                    {
                    }

                    // drop if exists
                    try { File.Delete("cache"); File.ReadAllText("cache"); } catch { }

                    try
                    {
                        // Attempt to read a fresher copy from the shared folder;
                        File.ReadAllText("shared/cache");
                    }
                    catch { }
                }
            }
            """);
    }

    [Fact]
    public async Task Does_not_flag_a_catch_that_swallows_only_during_teardown()
    {
        await Verify.Analyzer("""
            using System;
            using System.IO;
            using System.Threading;

            class Channel
            {
                private bool _disposed;
                private bool m_closing;
                public bool IsClosed { get; private set; }

                public void OnReceive(Stream stream, CancellationToken token)
                {
                    try { stream.ReadByte(); } catch (IOException) when (_disposed) { }
                    try { stream.ReadByte(); } catch (Exception) when (m_closing && stream.CanWrite) { }
                    try { stream.ReadByte(); } catch when (IsClosed) { }
                    try { stream.ReadByte(); } catch (Exception) when (token.IsCancellationRequested) { }
                    try { stream.ReadByte(); } {|#0:catch (Exception)|} when (!_disposed) { }
                }
            }
            """, CatchAll(0, "OnReceive"));
    }

    [Fact]
    public async Task Does_not_flag_cleanup_in_a_finally_block_or_an_item_a_foreach_skips()
    {
        await Verify.NoDiagnostics("""
            using System.Collections.Generic;
            using System.IO;

            class Store
            {
                public List<int> Load(IEnumerable<string> lines, string temp)
                {
                    var values = new List<int>();
                    try
                    {
                        foreach (var line in lines)
                        {
                            try { values.Add(int.Parse(line)); }
                            catch { }
                        }

                        foreach (var line in lines)
                            try { values.Add(int.Parse(line) * 2); }
                            catch (System.FormatException) { continue; }
                    }
                    finally
                    {
                        try { File.WriteAllText(temp, ""); }
                        catch { }
                    }

                    return values;
                }
            }
            """);
    }

    [Fact]
    public async Task Flags_a_worker_loop_or_a_foreach_whose_try_is_not_the_last_step()
    {
        await Verify.Analyzer("""
            using System.Collections.Generic;
            using System.IO;

            class Worker
            {
                public void Run(Queue<string> work, List<string> done)
                {
                    while (work.Count > 0)
                    {
                        try { File.ReadAllText(work.Dequeue()); }
                        {|#0:catch|} { }
                    }

                    foreach (var path in work)
                    {
                        try { File.ReadAllText(path); }
                        {|#1:catch|} { }
                        done.Add(path);
                    }
                }
            }
            """, CatchAll(0, "Run"), CatchAll(1, "Run"));
    }

    [Fact]
    public async Task Flags_a_catch_whose_reason_is_further_up()
    {
        // The comment describes the try block, two lines above the catch.
        await Verify.Analyzer("""
            using System.IO;

            class Cache
            {
                public string Load()
                {
                    var text = "";
                    // read the cache
                    try
                    {
                        text = File.ReadAllText("cache");
                    }
                    {|#0:catch (IOException)|}
                    {
                    }

                    return text;
                }
            }
            """, Specific(0, "IOException"));
    }

    [Fact]
    public async Task Does_not_flag_cancellation_when_a_token_is_in_play()
    {
        await Verify.NoDiagnostics("""
            using System;
            using System.Threading;
            using System.Threading.Tasks;

            class Poller
            {
                private readonly CancellationTokenSource _stop = new();
                private Task _loop = Task.CompletedTask;

                public async Task RunAsync(CancellationToken cancellationToken)
                {
                    try { await Task.Delay(1000, cancellationToken); }
                    catch (OperationCanceledException) { }
                }

                public async Task StopAsync()
                {
                    _stop.Cancel();
                    try { await _loop; }
                    catch (TaskCanceledException) { }
                }

                public async Task WaitAsync(Task work, CancellationToken token)
                {
                    try { await work; }
                    catch (OperationCanceledException) when (token.IsCancellationRequested) { }
                }
            }
            """);
    }

    [Fact]
    public async Task Does_not_flag_expected_types_from_the_option()
    {
        await Verify.NoDiagnostics(
            """
            using System.IO;
            using System.Net.Sockets;

            class Probe
            {
                public void Ping()
                {
                    try { Send(); }
                    catch (SocketException) { }
                    try { Send(); }
                    catch (FileNotFoundException) { }
                }

                private static void Send() { }
            }
            """,
            TargetFramework.Net80,
            "vet.VET302.expected_types = System.Net.Sockets.SocketException, IOException");
    }

    [Fact]
    public async Task Expected_types_do_not_cover_catch_alls()
    {
        await Verify.Analyzer(
            """
            using System;

            class Probe
            {
                public void Ping()
                {
                    try { Send(); }
                    {|#0:catch (Exception)|} { }
                }

                private static void Send() { }
            }
            """,
            TargetFramework.Net80,
            "vet.VET302.expected_types = IOException",
            CatchAll(0, "Ping"));
    }

    [Fact]
    public async Task Does_not_flag_finalizers_dispose_and_failures_returned_as_results()
    {
        await Verify.NoDiagnostics("""
            #nullable enable
            using System;
            using System.Threading.Tasks;

            class Channel : IDisposable, IAsyncDisposable
            {
                ~Channel()
                {
                    try { Write(); } catch { }
                }

                public void Dispose()
                {
                    try { Write(); } catch { }
                }

                public ValueTask DisposeAsync()
                {
                    try { Write(); } catch (Exception) { }
                    return default;
                }

                public bool TryWrite()
                {
                    try { Write(); return true; }
                    catch { }
                    return false;
                }

                public static bool TryNarrow(long wide, out int value)
                {
                    if (wide >= 0)
                    {
                        try
                        {
                            value = checked((int)wide);
                            return true;
                        }
                        catch (OverflowException) { }
                    }

                    value = 0;
                    return false;
                }

                public object? Load(out int attempts)
                {
                    try { Write(); attempts = 1; return new object(); }
                    catch (InvalidOperationException) { }
                    attempts = 0;
                    return null;
                }

                private void Write() { }
            }
            """);
    }

    [Fact]
    public async Task Flags_a_try_method_whose_result_does_not_report_the_failure()
    {
        await Verify.Analyzer("""
            #nullable enable
            using System;

            class Events
            {
                public static bool TryComplete(EventHandler? handler, object sender, bool isAsync)
                {
                    if (handler is null) return true;
                    if (isAsync)
                    {
                        try { handler(sender, EventArgs.Empty); }
                        {|#0:catch|} { }
                        return true;
                    }

                    return false;
                }
            }
            """, CatchAll(0, "TryComplete"));
    }

    [Fact]
    public async Task Does_not_flag_best_effort_cleanup()
    {
        await Verify.NoDiagnostics("""
            using System;
            using System.IO;
            using System.Net.Sockets;
            using System.Threading;
            using System.Threading.Tasks;

            class Connection
            {
                private Socket? _socket;
                private Stream? _stream;
                private CancellationTokenSource? _cts;

                public async Task FailAsync(bool async)
                {
                    try { _socket?.Shutdown(SocketShutdown.Both); } catch { }
                    try { _socket?.Close(); } catch { }
                    try
                    {
                        if (async)
                            await _stream!.DisposeAsync().ConfigureAwait(false);
                        else
                            _stream!.Dispose();
                    }
                    catch
                    {
                    }

                    try { _cts?.Cancel(); } catch (ObjectDisposedException) { }
                    try { File.Delete("tmp"); } catch (IOException) { }
                    try { _stream!.DisposeAsync().AsTask().Wait(); } catch { }
                    try
                    {
                        foreach (var item in new object[] { _stream!, _cts! })
                        {
                            if (item is IAsyncDisposable asyncDisposable)
                                await asyncDisposable.DisposeAsync();
                            else if (item is IDisposable disposable)
                                disposable.Dispose();
                        }
                    }
                    catch (Exception)
                    {
                    }
                }
            }
            """);
    }

    [Fact]
    public async Task Does_not_flag_cleanup_that_first_opens_what_it_deletes_or_waits_after()
    {
        // Drop-if-exists set-up: open a connection, delete, give the server a moment; "not found" is the usual answer.
        await Verify.NoDiagnostics("""
            using System;
            using System.Threading.Tasks;

            class StreamNotFoundException : Exception { }

            sealed class Connection : IAsyncDisposable
            {
                public Task DeleteStreamAsync(string name) => Task.CompletedTask;
                public ValueTask DisposeAsync() => default;
            }

            static class Setup
            {
                public static async Task ResetAsync()
                {
                    try
                    {
                        await using var connection = new Connection();
                        await connection.DeleteStreamAsync("ORDERS");
                        await Task.Delay(1000);
                    }
                    catch (StreamNotFoundException)
                    {
                    }
                }
            }
            """);
    }

    [Fact]
    public async Task Flags_a_try_that_only_opens_and_waits()
    {
        await Verify.Analyzer("""
            using System;
            using System.Threading.Tasks;

            sealed class Connection : IDisposable
            {
                public void Dispose() { }
            }

            static class Setup
            {
                public static async Task WarmAsync()
                {
                    try
                    {
                        using var connection = new Connection();
                        await Task.Delay(1000);
                    }
                    {|#0:catch|} { }
                }
            }
            """, CatchAll(0, "WarmAsync"));
    }

    [Fact]
    public async Task Does_not_flag_a_probe_answered_by_a_not_found_or_already_exists_exception()
    {
        await Verify.NoDiagnostics("""
            using System;
            using System.Collections.Generic;
            using System.Threading.Tasks;

            class EntryNotFoundException : Exception { }
            class KeyDeletedException : Exception { }
            class ObjectAlreadyExistsException : Exception { }

            class Store
            {
                public Task<int> GetEntryAsync(string key) => Task.FromResult(0);
                public Task CreateAsync(string key) => Task.CompletedTask;

                public async IAsyncEnumerable<int> HistoryAsync(string key)
                {
                    try
                    {
                        await GetEntryAsync(key);
                    }
                    catch (EntryNotFoundException)
                    {
                        yield break;
                    }
                    catch (KeyDeletedException)
                    {
                    }

                    yield return 1;
                }

                public async Task EnsureAsync(string key)
                {
                    try { await CreateAsync(key); } catch (ObjectAlreadyExistsException) { }
                }
            }
            """);
    }

    [Fact]
    public async Task Flags_other_specific_types_beside_a_probe()
    {
        await Verify.Analyzer("""
            using System;
            using System.Threading.Tasks;

            class EntryNotFoundException : Exception { }
            class StoreUnavailableException : Exception { }

            class Store
            {
                public Task<int> GetEntryAsync(string key) => Task.FromResult(0);

                public async Task TouchAsync(string key)
                {
                    try { await GetEntryAsync(key); }
                    catch (EntryNotFoundException) { }
                    {|#0:catch (StoreUnavailableException)|} { }
                }
            }
            """, Specific(0, "StoreUnavailableException"));
    }

    [Fact]
    public async Task Does_not_flag_a_helper_that_only_finally_blocks_call()
    {
        // The helper runs after the call's outcome is decided: its own failure must not replace that outcome.
        await Verify.NoDiagnostics("""
            using System;
            using System.Threading.Tasks;

            sealed partial class Channel
            {
                private IDisposable? _continuation;

                public async Task BasicAckAsync()
                {
                    try { await Task.Yield(); }
                    finally { MaybeDisposeContinuation(); }
                }
            }

            sealed partial class Channel
            {
                public async Task BasicNackAsync()
                {
                    try { await Task.Yield(); }
                    finally { MaybeDisposeContinuation(); }
                }

                private void MaybeDisposeContinuation()
                {
                    try
                    {
                        _continuation?.Dispose();
                        _continuation = null;
                    }
                    catch
                    {
                    }
                }
            }
            """);
    }

    [Fact]
    public async Task Flags_a_helper_called_outside_finally_too()
    {
        await Verify.Analyzer("""
            using System;
            using System.Threading.Tasks;

            sealed class Channel
            {
                private IDisposable? _continuation;

                public async Task BasicAckAsync()
                {
                    try { await Task.Yield(); }
                    finally { Forget(); }
                }

                public void Reset() => Forget();

                private void Forget()
                {
                    try
                    {
                        _continuation?.Dispose();
                        _continuation = null;
                    }
                    {|#0:catch|}
                    {
                    }
                }
            }
            """, CatchAll(0, "Forget"));
    }

    [Fact]
    public async Task A_peer_suppression_of_catch_alls_silences_it_where_it_applies()
    {
        await Verify.Analyzer("""
            // ReSharper disable EmptyGeneralCatchClause
            using System;

            static class Query
            {
                public static bool Parse(string text, Func<string, DateTime> parse)
                {
                    try { parse(text); } catch { }
            // ReSharper restore EmptyGeneralCatchClause
                    var parsed = true;
                    try { parse(text); } {|#0:catch|} { }
                    // ReSharper disable once EmptyGeneralCatchClause
                    try { parse(text); }
                    catch { }
            #pragma warning disable CA1031
                    try { parse(text); } catch (Exception) { }
            #pragma warning restore CA1031
                    try { parse(text); } {|#1:catch (FormatException)|} { }
                    return parsed;
                }

                [System.Diagnostics.CodeAnalysis.SuppressMessage("Minor Code Smell", "S2486")]
                public static void Touch(Action touch)
                {
                    try { touch(); } catch { }
                }
            }
            """, CatchAll(0, "Parse"), Specific(1, "FormatException"));
    }

    [Fact]
    public async Task Flags_a_try_that_does_more_than_clean_up()
    {
        await Verify.Analyzer("""
            using System.IO;

            class Connection
            {
                private Stream? _stream;

                public void Fail()
                {
                    try
                    {
                        _stream!.WriteByte(0);
                        _stream.Dispose();
                    }
                    {|#0:catch|} { }
                }
            }
            """, CatchAll(0, "Fail"));
    }

    [Fact]
    public async Task Does_not_flag_the_expected_exception_test_idiom()
    {
        await Verify.NoDiagnostics("""
            using System;

            class ParserTests
            {
                public void Rejects_empty_input()
                {
                    try
                    {
                        Parse("");
                        Fail("expected a FormatException");
                    }
                    catch (FormatException) { }

                    try
                    {
                        Parse("");
                        throw new InvalidOperationException("should have thrown");
                    }
                    catch (FormatException) { }
                }

                private static void Parse(string text) { }
                private static void Fail(string message) => throw new Exception(message);
            }
            """);
    }

    [Fact]
    public async Task Does_not_flag_the_test_idiom_that_returns_from_the_catch()
    {
        await Verify.NoDiagnostics("""
            using System;
            using System.Threading.Tasks;

            class OrderingTests
            {
                public async Task Propagates_cancellation(Task<int> first)
                {
                    try
                    {
                        await first;
                    }
                    catch (OperationCanceledException)
                    {
                        return;
                    }

                    Assert.True(false);
                }
            }

            static class Assert { public static void True(bool condition) { } }
            """);
    }

    [Fact]
    public async Task Flags_a_catch_that_returns_before_an_ordinary_assertion()
    {
        await Verify.Analyzer("""
            using System;

            class ParserTests
            {
                public void Parses(string text)
                {
                    var parsed = false;
                    try
                    {
                        parsed = int.TryParse(text, out _);
                    }
                    {|#0:catch (FormatException)|}
                    {
                        return;
                    }

                    Assert.True(parsed);
                }
            }

            static class Assert { public static void True(bool condition) { } }
            """, Specific(0, "FormatException"));
    }

    [Fact]
    public async Task Does_not_flag_teardown_members_and_helpers_only_they_call()
    {
        await Verify.NoDiagnostics("""
            using System;

            class Pump : IDisposable
            {
                public void Stop()
                {
                    try { Write(); } catch { }
                }

                public void ShutdownAsync()
                {
                    try { Write(); } catch (InvalidOperationException) { }
                }

                public void Interrupt()
                {
                    try { Write(); } catch { }
                }

                public void ReleaseLease()
                {
                    try { Write(); } catch { }
                }

                public void Dispose() => DrainQueue();

                private void DrainQueue()
                {
                    try { Write(); } catch { }
                }

                private void Write() { }
            }
            """);
    }

    [Fact]
    public async Task Flags_a_helper_that_ordinary_members_call_too()
    {
        await Verify.Analyzer("""
            using System;

            class Pump : IDisposable
            {
                public void Run() => DrainQueue();

                public void Dispose() => DrainQueue();

                private void DrainQueue()
                {
                    try { Write(); } {|#0:catch|} { }
                }

                private void Write() { }
            }
            """, CatchAll(0, "DrainQueue"));
    }

    [Fact]
    public async Task Does_not_flag_the_teardown_exception_types_by_default()
    {
        await Verify.NoDiagnostics("""
            using System;
            using System.Threading.Channels;
            using System.Threading.Tasks;

            class Reader
            {
                private readonly Channel<int> _channel = Channel.CreateUnbounded<int>();

                public async Task DrainAsync()
                {
                    try { await _channel.Reader.ReadAsync(); }
                    catch (ChannelClosedException) { }

                    try { Poll(); }
                    catch (ObjectDisposedException) { }

                    try { Poll(); }
                    catch (PlatformNotSupportedException) { }
                }

                private static void Poll() { }
            }
            """);
    }

    [Fact]
    public async Task Flags_catch_alls_and_other_types_despite_the_default_expected_types()
    {
        await Verify.Analyzer("""
            using System;

            class Reader
            {
                public void Drain()
                {
                    try { Poll(); }
                    {|#0:catch (InvalidOperationException)|} { }

                    try { Poll(); }
                    {|#1:catch|} { }
                }

                private static void Poll() { }
            }
            """, Specific(0, "InvalidOperationException"), CatchAll(1, "Drain"));
    }

    [Fact]
    public async Task An_expected_types_setting_replaces_the_default()
    {
        await Verify.Analyzer(
            """
            using System;

            class Reader
            {
                public void Drain()
                {
                    try { Poll(); }
                    {|#0:catch (ObjectDisposedException)|} { }
                }

                private static void Poll() { }
            }
            """,
            TargetFramework.Net80,
            "vet.VET302.expected_types = System.IO.IOException",
            Specific(0, "ObjectDisposedException"));
    }

    [Fact]
    public async Task Does_not_flag_a_fallback_after_an_attempt_that_returns()
    {
        await Verify.NoDiagnostics("""
            using System;
            using System.Collections.Generic;
            using System.IO;

            class Settings
            {
                public string Read(string path)
                {
                    try { return File.ReadAllText(path); }
                    catch (IOException) { }

                    return File.ReadAllText(path + ".bak");
                }

                public string? First(IEnumerable<string> paths)
                {
                    foreach (var path in paths)
                    {
                        try { return File.ReadAllText(path); }
                        catch (IOException) { }
                    }

                    return null;
                }

                public int Connect(int first, int last)
                {
                    int port;
                    for (port = first; port <= last; port++)
                    {
                        try
                        {
                            Open(port);
                            break;
                        }
                        catch (Exception)
                        {
                        }
                    }

                    return port;
                }

                public object Convert(Type type, int value)
                {
                    if (type.IsEnum)
                    {
                        try { return Enum.ToObject(type, value); }
                        catch { }
                    }

                    throw new NotSupportedException(type.Name);
                }

                private static void Open(int port) { }
            }
            """.Replace("string?", "string"));
    }

    [Fact]
    public async Task Flags_an_attempt_that_returns_when_nothing_follows()
    {
        await Verify.Analyzer("""
            using System.IO;

            class Settings
            {
                public void Touch(string path)
                {
                    try
                    {
                        File.SetLastWriteTimeUtc(path, System.DateTime.UtcNow);
                        return;
                    }
                    {|#0:catch (IOException)|} { }
                }
            }
            """, Specific(0, "IOException"));
    }

    [Fact]
    public async Task Does_not_flag_a_local_assigned_in_the_try_and_tested_afterwards()
    {
        await Verify.NoDiagnostics("""
            #nullable enable
            using System;
            using System.IO;

            class Probe
            {
                public bool HasFields(Func<int> fieldCount)
                {
                    bool hasFields = false;
                    try { hasFields = fieldCount() != 0; }
                    catch { }
                    if (hasFields)
                    {
                        return true;
                    }

                    return false;
                }

                public string Describe(Stream? body)
                {
                    string? error = null;
                    if (body != null)
                    {
                        try
                        {
                            using var reader = new StreamReader(body);
                            error = reader.ReadToEnd();
                        }
                        catch { }
                    }

                    return "failed: " + (error?.Trim() ?? "no detail");
                }

                public TimeZoneInfo Find(string id, Func<string, TimeZoneInfo?> resolve)
                {
                    TimeZoneInfo? info = null;
                    try { info = TimeZoneInfo.FindSystemTimeZoneById(id); }
                    catch (TimeZoneNotFoundException) { }
                    info ??= resolve(id);
                    return info ?? TimeZoneInfo.Utc;
                }

                public string Status(int code, Func<string> read)
                {
                    switch (code)
                    {
                        case 200:
                            return "ok";
                        default:
                            string? detail = null;
                            try { detail = read(); }
                            catch { }
                            return detail ?? "failed";
                    }
                }
            }
            """);
    }

    [Fact]
    public async Task Flags_an_assignment_nothing_tests_afterwards()
    {
        await Verify.Analyzer("""
            using System;

            class Probe
            {
                private bool _ready;

                public void Warm(Func<bool> check, Action<bool> report)
                {
                    try { _ready = check(); }
                    {|#0:catch|} { }
                    if (_ready) report(true);

                    var value = false;
                    try { value = check(); }
                    {|#1:catch|} { }
                    report(value);
                }
            }
            """, CatchAll(0, "Warm"), CatchAll(1, "Warm"));
    }

    [Fact]
    public async Task Does_not_flag_an_inner_attempt_followed_by_the_rethrow()
    {
        await Verify.NoDiagnostics("""
            using System;

            class Store
            {
                public object Load(Func<object> primary, Func<object> legacy)
                {
                    try
                    {
                        return primary();
                    }
                    catch (InvalidCastException)
                    {
                        try
                        {
                            legacy();
                        }
                        catch
                        {
                        }

                        throw;
                    }
                }

                public void Save(Action write, Action undo)
                {
                    try
                    {
                        write();
                    }
                    catch (Exception ex)
                    {
                        try { undo(); }
                        catch { }
                        throw ex;
                    }
                }
            }
            """);
    }

    [Fact]
    public async Task Flags_an_inner_attempt_not_directly_followed_by_the_rethrow()
    {
        await Verify.Analyzer("""
            using System;

            class Store
            {
                public void Save(Action write, Action undo, Action<string> log)
                {
                    try
                    {
                        write();
                    }
                    catch (Exception)
                    {
                        try { undo(); }
                        {|#0:catch|} { }
                        log("undone");
                        throw;
                    }
                }
            }
            """, CatchAll(0, "Save"));
    }

    [Fact]
    public async Task Does_not_flag_a_type_carved_out_of_a_later_catch_that_handles_its_base()
    {
        await Verify.NoDiagnostics("""
            using System;
            using System.IO;
            using System.Threading.Tasks;

            class Worker
            {
                public async Task RunAsync(Func<Task> step, Action<Exception> log)
                {
                    try { await step(); }
                    catch (FileNotFoundException) { }
                    catch (IOException ex) { log(ex); }

                    try { await step(); }
                    catch (NotSupportedException) { }
                    catch (ArgumentException) { }
                    catch { log(new InvalidOperationException()); }
                }
            }
            """);
    }

    [Fact]
    public async Task Flags_a_specific_catch_before_a_catch_that_does_not_cover_it()
    {
        await Verify.Analyzer("""
            using System;
            using System.IO;
            using System.Threading.Tasks;

            class Worker
            {
                public async Task RunAsync(Func<Task> step, Action<Exception> log)
                {
                    try { await step(); }
                    {|#0:catch (EndOfStreamException)|} { }
                    catch (FormatException ex) { log(ex); }

                    try { await step(); }
                    {|#1:catch (EndOfStreamException)|} { }
                    {|#2:catch (IOException)|} { }
                }
            }
            """, Specific(0, "EndOfStreamException"), Specific(1, "EndOfStreamException"), Specific(2, "IOException"));
    }

    [Fact]
    public async Task Does_not_flag_a_fault_kept_on_a_task_the_caller_holds()
    {
        await Verify.NoDiagnostics("""
            using System;
            using System.Threading.Tasks;

            static class TaskWaits
            {
                public static void WaitWithoutException(this Task task)
                {
                    try
                    {
                        task.Wait();
                    }
                    catch (AggregateException)
                    {
                    }
                }

                public static bool WaitAllSucceeded(Task[] tasks, int timeout)
                {
                    try
                    {
                        if (Task.WaitAll(tasks, timeout)) return true;
                    }
                    catch
                    {
                    }

                    return false;
                }

                public static bool Faulted(Func<Task> start)
                {
                    var task = start();
                    try
                    {
                        task.Wait(TimeSpan.FromSeconds(1));
                    }
                    catch (AggregateException) { }

                    return task.IsFaulted;
                }

                public static void Forward(Func<Task> start, TaskCompletionSource<bool> tcs)
                {
                    try
                    {
                        start().Wait();
                        tcs.TrySetResult(true);
                    }
                    catch (Exception ex)
                    {
                        tcs.TrySetException(ex);
                    }
                }
            }
            """);
    }

    [Fact]
    public async Task Flags_a_wait_on_a_task_nobody_looks_at_again()
    {
        await Verify.Analyzer("""
            using System;
            using System.Threading.Tasks;

            static class TaskWaits
            {
                public static async Task SendAsync(Func<Task> send)
                {
                    try { await send(); }
                    {|#0:catch|} { }

                    var task = send();
                    try { await task; }
                    {|#1:catch|} { }
                }
            }
            """, CatchAll(0, "SendAsync"), CatchAll(1, "SendAsync"));
    }

    [Fact]
    public async Task Does_not_flag_the_error_reporting_path()
    {
        await Verify.NoDiagnostics("""
            using System;
            using System.Threading.Tasks;

            interface ILogger { void LogError(Exception ex, string message); }

            class Reporter
            {
                private readonly ILogger _logger;
                private readonly Func<string, Task> _sink;

                public Reporter(ILogger logger, Func<string, Task> sink) { _logger = logger; _sink = sink; }

                public void OnFailure(Exception failure)
                {
                    try
                    {
                        _logger.LogError(failure, "Connection failed");
                    }
                    catch
                    {
                    }
                }

                public async Task LogAsync(string message)
                {
                    try
                    {
                        await _sink(message);
                    }
                    catch { }
                }

                public static Exception Timeout(Func<string> describe)
                {
                    var detail = "";
                    try
                    {
                        detail = describe().Trim();
                    }
                    catch { }

                    return new TimeoutException("Timed out " + detail);
                }
            }
            """);
    }

    [Fact]
    public async Task Flags_a_try_that_does_more_than_report()
    {
        await Verify.Analyzer("""
            #nullable enable
            using System;

            interface ILogger { void LogError(Exception ex, string message); }

            class Reporter
            {
                private readonly ILogger _logger;

                public Reporter(ILogger logger) => _logger = logger;

                public void OnFailure(Exception failure, Action retry)
                {
                    try
                    {
                        _logger.LogError(failure, "Connection failed");
                        retry();
                    }
                    {|#0:catch|}
                    {
                    }
                }

                public void Login(Action connect)
                {
                    try { connect(); }
                    {|#1:catch|} { }
                }

                public static string Describe(Func<string> describe)
                {
                    var detail = "";
                    try { detail = describe(); }
                    {|#2:catch|} { }
                    return detail;
                }

                public static void Touch(Func<object>? factory)
                {
                    // A chain of conditional accesses: each binding belongs to the access before it.
                    try { factory?.Invoke()?.ToString()?.Trim(); }
                    {|#3:catch|} { }
                }
            }
            """, CatchAll(0, "OnFailure"), CatchAll(1, "Login"), CatchAll(2, "Describe"), CatchAll(3, "Touch"));
    }

    [Fact]
    public async Task Does_not_flag_cleanup_calls_named_with_a_releasing_verb()
    {
        await Verify.NoDiagnostics("""
            using System.Net.WebSockets;
            using System.Threading;
            using System.Threading.Tasks;

            interface IFileSystem { void DeleteFile(string path); }

            class Session
            {
                public async Task EndAsync(ClientWebSocket socket, IFileSystem files, string temp)
                {
                    try { await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "", CancellationToken.None); }
                    catch { }

                    try { files.DeleteFile(temp); }
                    catch { }
                }
            }
            """);
    }

    [Fact]
    public async Task Does_not_flag_a_rollback_after_a_failure()
    {
        // A helper that rolls back after the work failed: a failed rollback must not replace that failure.
        await Verify.NoDiagnostics("""
            using System;
            using System.Data.Common;
            using System.Threading;
            using System.Threading.Tasks;

            class Outbox
            {
                public async Task SaveAsync(DbTransaction transaction, Func<Task> save)
                {
                    try
                    {
                        await save();
                        await transaction.CommitAsync();
                    }
                    catch (Exception)
                    {
                        await RollbackTransaction(transaction);
                        throw;
                    }
                }

                static async Task RollbackTransaction(DbTransaction transaction)
                {
                    try
                    {
                        await transaction.RollbackAsync(CancellationToken.None).ConfigureAwait(false);
                    }
                    catch (Exception)
                    {
                        //
                    }
                }
            }
            """);
    }

    [Fact]
    public async Task Flags_a_try_that_commits_before_it_rolls_back()
    {
        await Verify.Analyzer("""
            using System;
            using System.Data.Common;

            class Outbox
            {
                public void Save(DbTransaction transaction)
                {
                    try
                    {
                        transaction.Commit();
                        transaction.Rollback();
                    }
                    {|#0:catch (Exception)|}
                    {
                    }

                    try { transaction.Commit(); }
                    {|#1:catch (Exception)|} { }
                }
            }
            """, CatchAll(0, "Save"), CatchAll(1, "Save"));
    }

    [Fact]
    public async Task Flags_calls_that_only_start_like_a_releasing_verb()
    {
        await Verify.Analyzer("""
            interface ITopics { void CreateTopic(string name); void Closeout(string name); }

            class Admin
            {
                public void Prepare(ITopics topics)
                {
                    try { topics.CreateTopic("orders"); }
                    {|#0:catch|} { }

                    try { topics.Closeout("orders"); }
                    {|#1:catch|} { }
                }
            }
            """, CatchAll(0, "Prepare"), CatchAll(1, "Prepare"));
    }

    // ---- Teardown, stated reasons, release verbs, fallbacks, tests --------------------------------------------

    [Fact]
    public async Task Does_not_flag_a_best_effort_goodbye_in_disconnect_members()
    {
        await Verify.NoDiagnostics("""
            using System;
            using System.IO;
            using System.Threading.Tasks;

            class Client
            {
                public void Disconnect(bool quit)
                {
                    if (quit)
                    {
                        try { Send("QUIT"); }
                        catch (InvalidOperationException) { }
                        catch (IOException) { }
                    }

                    Close();
                }

                public async Task DisconnectAsync(bool quit)
                {
                    try { await SendAsync("QUIT"); }
                    catch (IOException) { }
                }

                public void Logout()
                {
                    try { Send("LOGOUT"); } catch { }
                }

                public void Quit()
                {
                    try { Send("QUIT"); } catch (IOException) { }
                }

                private void Send(string command) { }
                private Task SendAsync(string command) => Task.CompletedTask;
                private void Close() { }
            }
            """);
    }

    [Fact]
    public async Task Flags_members_that_only_start_like_a_goodbye()
    {
        await Verify.Analyzer("""
            using System.IO;

            class Client
            {
                public void Quitting()
                {
                    try { Send("QUIT"); } {|#0:catch (IOException)|} { }
                }

                public void Logon()
                {
                    try { Send("USER"); } {|#1:catch (IOException)|} { }
                }

                private void Send(string command) { }
            }
            """, Specific(0, "IOException"), Specific(1, "IOException"));
    }

    [Fact]
    public async Task Does_not_flag_a_reason_stated_on_the_try_or_the_enclosing_statement()
    {
        await Verify.NoDiagnostics("""
            using System;
            using System.Threading;

            class Channel
            {
                private readonly ReaderWriterLockSlim _lock = new ReaderWriterLockSlim();
                private int _total;

                public bool NoDelay { get; set; }

                public Channel()
                {
                    // Enable no-delay by default if possible.
                    try
                    {
                        NoDelay = true;
                    }
                    catch
                    {
                    }
                }

                public void Add(Func<string> parse)
                {
                    try
                    {
                        // Note: some servers send broken addresses, because of a known bug; skip them.
                        Console.WriteLine(parse());
                    }
                    catch
                    {
                        return;
                    }
                }

                public void Probe(Action probe)
                {
                    if (_total > 0)
                    {
                        // if the count is > 0, we can probe the command
                        if (_total < 100)
                        {
                            try
                            {
                                probe();
                            }
                            catch (NotSupportedException)
                            {
                            }
                        }
                    }
                }
            }
            """);
    }

    [Fact]
    public async Task Flags_a_comment_on_the_try_that_gives_no_reason()
    {
        await Verify.Analyzer("""
            using System;

            class Loader
            {
                public void Load(Action load, Action next)
                {
                    try
                    {
                        // load the settings
                        load();
                    }
                    {|#0:catch (InvalidOperationException)|}
                    {
                    }

                    // probe the server if it is up
                    next();
                    try { load(); }
                    {|#1:catch (InvalidOperationException)|} { }

                    // load only if the server is up: the if holds more than the try
                    if (load != null)
                    {
                        next();
                        try { load(); }
                        {|#2:catch (InvalidOperationException)|} { }
                    }
                }
            }
            """, Specific(0, "InvalidOperationException"), Specific(1, "InvalidOperationException"), Specific(2, "InvalidOperationException"));
    }

    [Fact]
    public async Task Does_not_flag_a_lock_exit_or_an_abandoned_mutex()
    {
        await Verify.NoDiagnostics("""
            using System.Threading;

            class Locks
            {
                private readonly ReaderWriterLockSlim _transaction = new ReaderWriterLockSlim();
                private readonly Mutex _mutex = new Mutex();
                private readonly object _gate = new object();

                public void ExitTransaction()
                {
                    if (_transaction.IsReadLockHeld)
                    {
                        try { _transaction.ExitReadLock(); } catch { }
                    }

                    try { _transaction.ExitWriteLock(); } catch (SynchronizationLockException) { }
                    try { Monitor.Exit(_gate); } catch (SynchronizationLockException) { }
                }

                public void Open()
                {
                    try
                    {
                        _mutex.WaitOne();
                    }
                    catch (AbandonedMutexException) { }
                }
            }
            """);
    }

    [Fact]
    public async Task Flags_a_wait_whose_failure_is_not_an_abandoned_mutex()
    {
        await Verify.Analyzer("""
            using System.Threading;

            class Locks
            {
                private readonly Mutex _mutex = new Mutex();

                public void Open()
                {
                    try { _mutex.WaitOne(); }
                    {|#0:catch (SynchronizationLockException)|} { }
                }
            }
            """, Specific(0, "SynchronizationLockException"));
    }

    [Fact]
    public async Task Does_not_flag_a_prior_value_returned_when_the_attempt_fails()
    {
        await Verify.NoDiagnostics("""
            #nullable enable
            using System;
            using System.Collections.Generic;
            using System.IO;

            class Decoder
            {
                public static byte[]? Decode(string? token, out int length)
                {
                    byte[]? decoded = null;
                    length = 0;
                    if (token != null)
                    {
                        try
                        {
                            decoded = Convert.FromBase64String(token);
                            length = decoded.Length;
                        }
                        catch (FormatException)
                        {
                        }
                    }

                    return decoded;
                }

                public static List<string> Find(DirectoryInfo directory)
                {
                    var found = new List<string>();
                    try
                    {
                        while (directory.Parent is object)
                        {
                            directory = directory.Parent;
                            found.AddRange(Directory.GetFiles(directory.FullName, ".editorconfig"));
                        }
                    }
                    catch { }

                    return found;
                }
            }
            """);
    }

    [Fact]
    public async Task Does_not_flag_a_lookup_that_falls_back_to_the_value_passed_in()
    {
        await Verify.NoDiagnostics("""
            using System;

            class Platform
            {
                public static Version Resolve(Version version, Func<string?> read)
                {
                    try
                    {
                        var text = read();
                        if (text == "6.3")
                        {
                            return new Version(6, 3);
                        }
                    }
                    catch (Exception)
                    {
                    }

                    return version;
                }
            }
            """);
    }

    [Fact]
    public async Task Flags_a_value_filled_in_the_try_but_not_returned()
    {
        await Verify.Analyzer("""
            using System;
            using System.Collections.Generic;

            class Decoder
            {
                public int Count(Func<string> read, Action<List<string>> report)
                {
                    var found = new List<string>();
                    try { found.Add(read()); }
                    {|#0:catch (FormatException)|} { }
                    report(found);
                    return 0;
                }

                public List<string> One(Func<string> read)
                {
                    // Added once, not collected in a loop: the empty list hides the failure.
                    var found = new List<string>();
                    try { found.Add(read()); }
                    {|#1:catch (FormatException)|} { }
                    return found;
                }
            }
            """, Specific(0, "FormatException"), Specific(1, "FormatException"));
    }

    [Fact]
    public async Task Does_not_flag_a_failure_that_ends_the_loop_like_a_shutdown()
    {
        await Verify.NoDiagnostics("""
            using System;
            using System.Net.Sockets;
            using System.Threading;
            using System.Threading.Tasks;

            class Server
            {
                private readonly TcpListener _listener = new TcpListener(System.Net.IPAddress.Loopback, 0);
                private readonly CancellationTokenSource _cts = new CancellationTokenSource();

                public async Task AcceptLoopAsync()
                {
                    while (!_cts.IsCancellationRequested)
                    {
                        TcpClient client;
                        try
                        {
                            client = await _listener.AcceptTcpClientAsync(_cts.Token);
                        }
                        catch (OperationCanceledException)
                        {
                            return;
                        }
                        catch (SocketException)
                        {
                            return;
                        }

                        client.Dispose();
                    }
                }
            }
            """);
    }

    [Fact]
    public async Task Flags_a_failure_that_ends_the_loop_on_its_own()
    {
        await Verify.Analyzer("""
            using System.Net.Sockets;
            using System.Threading.Tasks;

            class Server
            {
                private readonly TcpListener _listener = new TcpListener(System.Net.IPAddress.Loopback, 0);

                public async Task AcceptLoopAsync()
                {
                    while (true)
                    {
                        TcpClient client;
                        try
                        {
                            client = await _listener.AcceptTcpClientAsync();
                        }
                        {|#0:catch (SocketException)|}
                        {
                            return;
                        }

                        client.Dispose();
                    }
                }
            }
            """, Specific(0, "SocketException"));
    }

    [Fact]
    public async Task Does_not_flag_a_deliberate_failure_in_a_test_that_asserts_afterwards()
    {
        await Verify.NoDiagnostics("""
            #nullable enable
            using System;
            using System.Threading.Tasks;

            class WebSocketTests
            {
                [Fact]
                public async Task Fails_on_a_broken_transform()
                {
                    string? error = null;
                    await Run(async () =>
                    {
                        try
                        {
                            await Send();
                        }
                        catch { }
                    });

                    Assert.Equal("creation", error);
                }

                [Test]
                public void Records_a_failure()
                {
                    try
                    {
                        Send().Wait();
                    }
                    catch
                    {
                    }

                    Assert.That(Count() > 0);
                }

                private static Task Run(Func<Task> body) => body();
                private static Task Send() => Task.CompletedTask;
                private static int Count() => 1;
            }

            class FactAttribute : Attribute { }
            class TestAttribute : Attribute { }
            static class Assert
            {
                public static void Equal(string? expected, string? actual) { }
                public static void That(bool condition) { }
            }
            """);
    }

    [Fact]
    public async Task Flags_a_swallowed_failure_in_a_test_that_asserts_nothing_afterwards()
    {
        await Verify.Analyzer("""
            #nullable enable
            using System;
            using System.Threading.Tasks;

            class WebSocketTests
            {
                [Fact]
                public async Task Sends()
                {
                    Assert.Equal("a", "a");
                    try
                    {
                        await Send();
                    }
                    {|#0:catch|} { }

                    Console.WriteLine("done");
                }

                public void NotATest()
                {
                    try { Send().Wait(); }
                    {|#1:catch|} { }

                    Assert.Equal("a", "a");
                }

                private static Task Send() => Task.CompletedTask;
            }

            class FactAttribute : Attribute { }
            static class Assert
            {
                public static void Equal(string? expected, string? actual) { }
            }
            """, CatchAll(0, "Sends"), CatchAll(1, "NotATest"));
    }

    // ---- Broken code ---------------------------------------------------------------------------------------------

    [Fact]
    public async Task Survives_broken_code()
    {
        var test = new Test
        {
            TestCode = """
                using System;

                class Broken
                {
                    void M()
                    {
                        try { Nope(); }
                        {|#0:catch (Missing)|} { }
                        try { }
                        {|#1:catch (Exception e)|} when ( { }
                        try { }
                        catch (
                    }
                }
                """,
            CompilerDiagnostics = CompilerDiagnostics.None,
        };
        test.ExpectedDiagnostics.Add(Specific(0, "Missing"));
        test.ExpectedDiagnostics.Add(CatchAll(1));
        await test.RunAsync();
    }
}
