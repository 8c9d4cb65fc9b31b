using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using Vet.Analyzers.Tests.Infrastructure;
using Xunit;
using Test = Vet.Analyzers.Tests.Infrastructure.VetTest<Vet.Analyzers.Errors.SwallowedExceptionAnalyzer>;
using Verify = Vet.Analyzers.Tests.Infrastructure.Verify<Vet.Analyzers.Errors.SwallowedExceptionAnalyzer, Microsoft.CodeAnalysis.Testing.EmptyCodeFixProvider>;

namespace Vet.Analyzers.Tests.Errors;

/// <summary>VET302: a catch that does nothing with the exception.</summary>
public class VET302Tests
{
    private static DiagnosticResult CatchAll(int markup) =>
        Verify.Diagnostic().WithLocation(markup).WithArguments("every exception").WithSeverity(DiagnosticSeverity.Warning);

    private static DiagnosticResult Specific(int markup, string type) =>
        Verify.Diagnostic().WithLocation(markup).WithArguments("'" + type + "'").WithSeverity(DiagnosticSeverity.Info);

    // ---- Flagged ---------------------------------------------------------------------------------------------

    [Fact]
    public async Task Flags_catch_alls_as_warnings()
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
                            // the parser is flaky
                        }

                        try { Parse(line); }
                        {|#3:catch (Exception ex)|} when (line.Length > 0) { return; }
                    }
                }

                private static void Parse(string line) { }
            }
            """, CatchAll(0), CatchAll(1), CatchAll(2), CatchAll(3));
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
                    {|#0:catch (FileNotFoundException)|} { }
                    try { text = File.ReadAllText(path); }
                    {|#1:catch (IOException e)|} { ; }
                    try { text = File.ReadAllText(path); }
                    {|#2:catch (OperationCanceledException)|} { }
                    return text;
                }
            }
            """, Specific(0, "FileNotFoundException"), Specific(1, "IOException"), Specific(2, "OperationCanceledException"));
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
            """, CatchAll(0), CatchAll(1), CatchAll(2));
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
    public async Task Does_not_flag_comments_that_do_not_state_the_intent_as_intent()
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
                        // ok, the cache is optional
                    }

                    try { File.ReadAllText("cache"); }
                    {|#1:catch (IOException)|}
                    {
                        // we ignore this
                    }
                }
            }
            """, Specific(0, "IOException"), Specific(1, "IOException"));
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
            CatchAll(0));
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
                    try { Flush(); } catch { }
                }

                public void Dispose()
                {
                    try { Flush(); } catch { }
                }

                public ValueTask DisposeAsync()
                {
                    try { Flush(); } catch (Exception) { }
                    return default;
                }

                public bool TryFlush()
                {
                    try { Flush(); return true; }
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
                    try { Flush(); attempts = 1; return new object(); }
                    catch (InvalidOperationException) { }
                    attempts = 0;
                    return null;
                }

                private void Flush() { }
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
            """, CatchAll(0));
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
            """, CatchAll(0));
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
