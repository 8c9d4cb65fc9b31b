using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using Vet.Analyzers.Tests.Infrastructure;
using Vet.CodeFixes.Cancellation;
using Xunit;
using Test = Vet.Analyzers.Tests.Infrastructure.VetTest<Vet.Analyzers.Cancellation.WhenAnyDelayTimeoutAnalyzer, Vet.CodeFixes.Cancellation.WhenAnyDelayTimeoutCodeFix>;
using Verify = Vet.Analyzers.Tests.Infrastructure.Verify<Vet.Analyzers.Cancellation.WhenAnyDelayTimeoutAnalyzer, Vet.CodeFixes.Cancellation.WhenAnyDelayTimeoutCodeFix>;

namespace Vet.Analyzers.Tests.Cancellation;

/// <summary>VET105: a timeout built from Task.WhenAny and Task.Delay.</summary>
public class VET105Tests
{
    private const string Usings = "using System;\nusing System.Threading;\nusing System.Threading.Tasks;\n";

    private static DiagnosticResult Timeout(int markup, string member = "M") => Verify.Diagnostic().WithLocation(markup).WithArguments(member);

    private static string InMethod(string body) => Usings + "class C\n{\n    async Task<bool> M(Task work, int ms, TimeSpan timeout, CancellationToken ct, CancellationTokenSource field)\n    {\n" + body + "\n        return true;\n    }\n\n    void Keep(Task t) { }\n}\n";

    // ---- Flagged ---------------------------------------------------------------------------------------------

    [Theory]
    [InlineData("statement, then a timeout test", "await {|#0:Task.WhenAny(work, Task.Delay(ms))|}; if (!work.IsCompleted) throw new TimeoutException();")]
    [InlineData("delay first", "if (await {|#0:Task.WhenAny(Task.Delay(timeout), work)|} != work) return false;")]
    [InlineData("explicit array", "if (await {|#0:Task.WhenAny(new[] { work, Task.Delay(timeout) })|} != work) return false;")]
    [InlineData("typed array", "if (await {|#0:Task.WhenAny(new Task[] { Task.Delay(timeout), work })|} != work) return false;")]
    [InlineData("caller's token", "if (await {|#0:Task.WhenAny(work, Task.Delay(timeout, ct))|} != work) return false;")]
    [InlineData("delay in a local", "var delay = Task.Delay(timeout, ct); if (await {|#0:Task.WhenAny(work, delay)|} == delay) return false;")]
    [InlineData("winner in a local", "var winner = await {|#0:Task.WhenAny(work, Task.Delay(ms))|}; if (winner != work) return false;")]
    [InlineData("source never cancelled", "using var cts = new CancellationTokenSource(); if (await {|#0:Task.WhenAny(work, Task.Delay(ms, cts.Token))|} != work) return false;")]
    [InlineData("another source cancelled", "using var cts = new CancellationTokenSource(); using var other = new CancellationTokenSource(); var winner = await {|#0:Task.WhenAny(work, Task.Delay(ms, cts.Token))|}; other.Cancel(); if (winner != work) return false;")]
    [InlineData("ConfigureAwait", "if (await {|#0:Task.WhenAny(work, Task.Delay(ms))|}.ConfigureAwait(false) != work) return false;")]
    [InlineData("not awaited", "_ = {|#0:Task.WhenAny(work, Task.Delay(ms))|}.Result;")]
    [InlineData("winner awaited in its branch", "if (await {|#0:Task.WhenAny(work, Task.Delay(ms))|} == work) { await work; return true; }")]
    [InlineData("winner probed", "await {|#0:Task.WhenAny(work, Task.Delay(ms))|}; if (!work.IsCompleted) return false;")]
    public async Task Flags_when_any_with_a_delay(string scenario, string body)
    {
        Assert.NotEmpty(scenario);
        await Verify.Analyzer(InMethod(body), Timeout(0));
    }

    [Fact]
    public async Task Flags_on_net10_and_generic_work()
    {
        await Verify.Analyzer(Usings + """
            class C
            {
                async Task<int?> M(Task<int> work, TimeSpan timeout)
                {
                    var finished = await {|#0:Task.WhenAny(work, Task.Delay(timeout))|};
                    return finished == work ? work.Result : null;
                }
            }
            """, TargetFramework.Net100, null, Timeout(0));
    }

    [Fact]
    public async Task Flags_below_net6()
    {
        await Verify.Analyzer(Usings + """
            class C
            {
                async Task<bool> M(Task work) => await {|#0:Task.WhenAny(work, Task.Delay(100))|} == work;
            }
            """, TargetFramework.NetStandard20, null, Timeout(0));
    }

    // ---- Not flagged: the near misses ----------------------------------------------------------------------------

    [Theory]
    [InlineData("cancelled in finally", "using var cts = new CancellationTokenSource(); try { await Task.WhenAny(work, Task.Delay(ms, cts.Token)); } finally { cts.Cancel(); }")]
    [InlineData("linked and cancelled", "using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct); var delay = Task.Delay(timeout, cts.Token); if (await Task.WhenAny(work, delay) == delay) return false; cts.Cancel();")]
    [InlineData("cancelled asynchronously", "using var cts = new CancellationTokenSource(); await Task.WhenAny(work, Task.Delay(ms, cts.Token)); await cts.CancelAsync();")]
    [InlineData("field source cancelled", "await Task.WhenAny(work, Task.Delay(ms, field.Token)); field.Cancel();")]
    [InlineData("no delay", "await Task.WhenAny(work, Task.Run(() => { }));")]
    [InlineData("two delays", "await Task.WhenAny(Task.Delay(ms), Task.Delay(timeout));")]
    [InlineData("three tasks", "await Task.WhenAny(work, Task.Run(() => { }), Task.Delay(ms));")]
    [InlineData("WhenAll", "await Task.WhenAll(work, Task.Delay(ms));")]
    [InlineData("a collection of tasks", "var tasks = new System.Collections.Generic.List<Task> { work, Task.Delay(ms) }; await Task.WhenAny(tasks);")]
    [InlineData("WaitAsync", "await work.WaitAsync(timeout, ct);")]
    [InlineData("infinite delay", "await Task.WhenAny(work, Task.Delay(Timeout.Infinite, ct));")]
    [InlineData("minus one", "await Task.WhenAny(work, Task.Delay(-1, ct));")]
    [InlineData("infinite TimeSpan", "await Task.WhenAny(work, Task.Delay(Timeout.InfiniteTimeSpan, ct));")]
    [InlineData("work awaited after a slow warning", "if (await Task.WhenAny(work, Task.Delay(ms)) != work) Console.WriteLine(\"slow\"); await work;")]
    [InlineData("work explicitly ignored", "await Task.WhenAny(work, Task.Delay(ms)); _ = work.ContinueWith(t => t.Exception, TaskContinuationOptions.OnlyOnFaulted);")]
    [InlineData("work handed on", "var delay = Task.Delay(ms); if (await Task.WhenAny(work, delay) == delay) Keep(work);")]
    public async Task Does_not_flag_near_misses(string scenario, string body)
    {
        Assert.NotEmpty(scenario);
        await Verify.NoDiagnostics(InMethod(body));
    }

    [Fact]
    public async Task Does_not_flag_a_delay_or_work_the_type_keeps()
    {
        await Verify.NoDiagnostics(Usings + """
            class Pump
            {
                private Task _loop = Task.CompletedTask;
                private Task _timer = Task.CompletedTask;

                public async Task StopAsync(TimeSpan grace)
                {
                    await Task.WhenAny(_loop, Task.Delay(grace));
                }

                public async Task<bool> WaitAsync(Task work, TimeSpan timeout)
                {
                    var delay = Task.Delay(timeout);
                    _timer = delay;
                    return await Task.WhenAny(work, delay) == work;
                }
            }
            """);
    }

    /// <summary>
    /// A timeout that is a parameter defaulting to infinite (<c>-1</c>, <c>Timeout.Infinite</c>): the method is written
    /// to wait without a timer, and a bound is its caller's choice. A parameter with another default is still flagged.
    /// </summary>
    [Fact]
    public async Task Does_not_flag_a_timeout_parameter_that_defaults_to_infinite()
    {
        await Verify.Analyzer(Usings + """
            static class Waits
            {
                public static async Task WaitUntil(Func<Task<bool>> condition, int frequency = 25, int timeout = -1)
                {
                    var waitTask = Task.Run(async () => { while (!await condition()) await Task.Delay(frequency); });
                    if (waitTask != await Task.WhenAny(waitTask, Task.Delay(timeout)))
                        throw new TimeoutException();
                }

                public static async Task WaitFor(Task work, int timeout = Timeout.Infinite) => await Task.WhenAny(work, Task.Delay(timeout));

                public static async Task<bool> WaitBounded(Task work, int timeout = 5000) => await {|#0:Task.WhenAny(work, Task.Delay(timeout))|} == work;
            }
            """, Timeout(0, "WaitBounded"));
    }

    /// <summary>
    /// A bounded wait in a test (a method marked <c>[Fact]</c>, <c>[Test]</c>, <c>[TestMethod]</c>...) before an assertion:
    /// the test process is short-lived and the assertion that follows is the point; the same wait in product code is flagged.
    /// </summary>
    [Fact]
    public async Task Does_not_flag_a_bounded_wait_in_a_test_method()
    {
        await Verify.Analyzer(Usings + """
            sealed class FactAttribute : Attribute { }
            sealed class TestAttribute : Attribute { }
            class SchedulerTests
            {
                [Fact]
                public async Task ScheduledTaskFiresOnTime()
                {
                    Task task = Task.Run(() => { });
                    await Task.WhenAny(task, Task.Delay(TimeSpan.FromMilliseconds(300)));
                    if (!task.IsCompleted) throw new InvalidOperationException();
                }

                [Test]
                public async Task ShutdownWhileIdle()
                {
                    Task shutdown = Task.Run(() => { });
                    Func<Task> wait = async () => await Task.WhenAny(shutdown, Task.Delay(5000));
                    await wait();
                }

                public async Task<bool> Helper(Task work) => await {|#0:Task.WhenAny(work, Task.Delay(100))|} == work;
            }
            """, Timeout(0, "Helper"));
    }

    /// <summary>
    /// A grace wait: the winner is not read and nothing gives up when the work is unfinished; the code waits at most that
    /// long and carries on, leaving the work running on purpose. There is no timeout to replace with WaitAsync.
    /// </summary>
    [Fact]
    public async Task Does_not_flag_a_grace_wait()
    {
        await Verify.NoDiagnostics(Usings + """
            class Host : IDisposable
            {
                private readonly Task _runner = Task.CompletedTask;
                private Task _treeReady = Task.CompletedTask;

                public async Task StartAsync(Func<Task> start)
                {
                    // Start the server, but surface configuration errors that show up at once.
                    var task = start();
                    await Task.WhenAny(task, Task.Delay(500));
                    if (task.IsCompleted)
                        await task;
                }

                public async Task SelectAsync()
                {
                    await Task.WhenAny(_treeReady, Task.Delay(TimeSpan.FromSeconds(5))).ConfigureAwait(true);
                }

                public void Dispose()
                {
                    Task runner = _runner;
                    Task.WhenAny(runner, Task.Delay(1000)).Wait();
                    if (!runner.IsCompleted)
                        Console.WriteLine("runner did not stop");
                }
            }
            """);
    }

    [Fact]
    public async Task Does_not_flag_anything_in_a_test_project()
    {
        await new Test
        {
            TestCode = Usings + """
                static class TestHelpers
                {
                    public static async Task<bool> Within(Task work, int ms) => await Task.WhenAny(work, Task.Delay(ms)) == work;
                }
                """,
        }.WithBuildProperties(("IsTestProject", "true")).RunAsync();
    }

    [Fact]
    public async Task Does_not_flag_a_user_defined_when_any()
    {
        await Verify.NoDiagnostics(Usings + """
            static class Race
            {
                public static Task<Task> WhenAny(Task a, Task b) => Task.WhenAny(a, b);
            }
            class C
            {
                Task M(Task work) => Race.WhenAny(work, Task.Delay(10));
            }
            """);
    }

    // ---- Broken and incomplete code ------------------------------------------------------------------------------

    [Theory]
    [InlineData("class C { async Task<bool> M(Task work) { return await {|#0:Task.WhenAny(work, Task.Delay(10))|} == work } }", true)]
    [InlineData("class C { async Task M(Task work) { await Task.WhenAny(work, Task.Delay(Missing)); } }", false)]
    [InlineData("class C { async Task M(Unknown work) { await Task.WhenAny(work, Task.Delay(10)); } }", false)]
    [InlineData("class C { async Task M(Task work) { await Task.WhenAny(work, Task.Delay(", false)]
    [InlineData("class C { async Task M(Task work) { await Task.WhenAny(work, ) } }", false)]
    [InlineData("class C { async Task M(Task work) { var d = Task.Delay(; await Task.WhenAny(work, d); } }", false)]
    public async Task Broken_code_is_analyzed_without_crashing(string code, bool flagged)
    {
        var test = new Test { TestCode = Usings + code, CompilerDiagnostics = CompilerDiagnostics.None };
        if (flagged)
        {
            test.ExpectedDiagnostics.Add(Timeout(0));
        }

        await test.RunAsync();
    }

    // ---- Fix: WaitAsync ------------------------------------------------------------------------------------------

    [Fact]
    public async Task Fix_turns_a_compared_delay_into_wait_async_and_catch()
    {
        await Verify.CodeFix(Usings + """
            class C
            {
                async Task<bool> TryLoadAsync(Task load, TimeSpan timeout, CancellationToken ct)
                {
                    var delay = Task.Delay(timeout, ct);
                    // The timeout branch.
                    if (await {|#0:Task.WhenAny(load, delay)|} == delay)
                    {
                        Console.WriteLine("timed out");
                        return false;
                    }

                    await load;
                    return true;
                }
            }
            """, Usings + """
            class C
            {
                async Task<bool> TryLoadAsync(Task load, TimeSpan timeout, CancellationToken ct)
                {
                    // The timeout branch.
                    try
                    {
                        await load.WaitAsync(timeout, ct);
                    }
                    catch (TimeoutException)
                    {
                        Console.WriteLine("timed out");
                        return false;
                    }

                    await load;
                    return true;
                }
            }
            """, WhenAnyDelayTimeoutCodeFix.UseWaitAsyncKey, TargetFramework.Net80, Timeout(0, "TryLoadAsync"));
    }

    [Fact]
    public async Task Fix_handles_not_equal_work_milliseconds_and_configure_await()
    {
        await Verify.CodeFix(Usings + """
            class C
            {
                async Task<int> ReadAsync(Task<int> read)
                {
                    if ((await {|#0:Task.WhenAny(Task.Delay(500), read)|}.ConfigureAwait(false)) != read)
                        return -1;

                    return await read.ConfigureAwait(false);
                }
            }
            """, Usings + """
            class C
            {
                async Task<int> ReadAsync(Task<int> read)
                {
                    try
                    {
                        await read.WaitAsync(TimeSpan.FromMilliseconds(500)).ConfigureAwait(false);
                    }
                    catch (TimeoutException)
                    {
                        return -1;
                    }

                    return await read.ConfigureAwait(false);
                }
            }
            """, WhenAnyDelayTimeoutCodeFix.UseWaitAsyncKey, TargetFramework.Net100, Timeout(0, "ReadAsync"));
    }

    [Fact]
    public async Task Fix_all_rewrites_every_recognised_timeout()
    {
        var test = new Test
        {
            TestState =
            {
                Sources =
                {
                    Usings + """
                    class A
                    {
                        async Task M(Task first, Task second)
                        {
                            if (await {|#0:Task.WhenAny(first, Task.Delay(100))|} != first) { throw new InvalidOperationException("first"); }
                            var delay = Task.Delay(200);
                            if (await {|#1:Task.WhenAny(new[] { second, delay })|} == delay) { throw new InvalidOperationException("second"); }
                        }
                    }
                    """,
                    Usings + """
                    class B
                    {
                        async Task M(Task work, TimeSpan t)
                        {
                            if (await {|#2:Task.WhenAny(work, Task.Delay(t))|} != work) return;
                        }
                    }
                    """,
                },
            },
            FixedState =
            {
                Sources =
                {
                    Usings + """
                    class A
                    {
                        async Task M(Task first, Task second)
                        {
                            try
                            {
                                await first.WaitAsync(TimeSpan.FromMilliseconds(100));
                            }
                            catch (TimeoutException)
                            { throw new InvalidOperationException("first"); }
                            try
                            {
                                await second.WaitAsync(TimeSpan.FromMilliseconds(200));
                            }
                            catch (TimeoutException)
                            { throw new InvalidOperationException("second"); }
                        }
                    }
                    """,
                    Usings + """
                    class B
                    {
                        async Task M(Task work, TimeSpan t)
                        {
                            try
                            {
                                await work.WaitAsync(t);
                            }
                            catch (TimeoutException)
                            {
                                return;
                            }
                        }
                    }
                    """,
                },
            },
            CodeActionEquivalenceKey = WhenAnyDelayTimeoutCodeFix.UseWaitAsyncKey,
        };
        test.ExpectedDiagnostics.AddRange(new[] { Timeout(0), Timeout(1), Timeout(2) });
        await test.RunAsync();
    }

    [Theory]
    [InlineData("else branch", "if (await {|#0:Task.WhenAny(work, Task.Delay(ms))|} != work) return false; else Console.WriteLine();")]
    [InlineData("equals work", "if (await {|#0:Task.WhenAny(work, Task.Delay(ms))|} == work) return false;")]
    [InlineData("winner in a local", "var winner = await {|#0:Task.WhenAny(work, Task.Delay(ms))|}; if (winner != work) return false;")]
    [InlineData("delay read again", "var delay = Task.Delay(ms); if (await {|#0:Task.WhenAny(work, delay)|} == delay) return false; await delay;")]
    [InlineData("work is an expression", "if (await {|#0:Task.WhenAny(Task.Run(() => { }), Task.Delay(ms))|} == work) return false;")]
    [InlineData("part of a larger condition", "if (ms > 0 && await {|#0:Task.WhenAny(work, Task.Delay(ms))|} != work) return false;")]
    public async Task No_fix_for_other_shapes(string scenario, string body)
    {
        Assert.NotEmpty(scenario);
        var test = new Test { TestCode = InMethod(body), FixedCode = InMethod(body), CodeActionEquivalenceKey = WhenAnyDelayTimeoutCodeFix.UseWaitAsyncKey };
        test.ExpectedDiagnostics.Add(Timeout(0));
        test.FixedState.ExpectedDiagnostics.Add(Timeout(0));
        await test.RunAsync();
    }

    // ---- Fix below .NET 6: a linked source cancelled after the timeout and in finally ------------------------

    [Fact]
    public async Task Fix_below_net6_cancels_an_inline_delay_through_a_new_source()
    {
        var test = new Test(TargetFramework.NetStandard20)
        {
            TestCode = Usings + """
                class C
                {
                    async Task<bool> M(Task work)
                    {
                        // Give the work a tenth of a second.
                        if (await {|#0:Task.WhenAny(work, Task.Delay(100))|} != work) return false;
                        return true;
                    }
                }
                """,
            FixedCode = Usings + """
                class C
                {
                    async Task<bool> M(Task work)
                    {
                        // Give the work a tenth of a second.
                        using (var timeoutSource = new CancellationTokenSource())
                        {
                            timeoutSource.CancelAfter(100);
                            try
                            {
                                if (await Task.WhenAny(work, Task.Delay(Timeout.Infinite, timeoutSource.Token)) != work) return false;
                            }
                            finally
                            {
                                timeoutSource.Cancel();
                            }
                        }
                        return true;
                    }
                }
                """,
            CodeActionEquivalenceKey = WhenAnyDelayTimeoutCodeFix.UseLinkedSourceKey,
        };
        test.ExpectedDiagnostics.Add(Timeout(0));
        await test.RunAsync();
    }

    [Fact]
    public async Task Fix_below_net6_links_the_callers_token_and_moves_the_delay_local()
    {
        var test = new Test(TargetFramework.NetStandard20)
        {
            TestCode = Usings + """
                class C
                {
                    async Task<string> M(Task<string> download, TimeSpan limit, CancellationToken ct)
                    {
                        var timeoutSource = "taken";
                        var delay = Task.Delay(limit, ct);
                        if (await {|#0:Task.WhenAny(download, delay)|}.ConfigureAwait(false) == delay)
                        {
                            return timeoutSource;
                        }

                        return await download.ConfigureAwait(false);
                    }
                }
                """,
            FixedCode = Usings + """
                class C
                {
                    async Task<string> M(Task<string> download, TimeSpan limit, CancellationToken ct)
                    {
                        var timeoutSource = "taken";
                        using (var timeoutSource2 = CancellationTokenSource.CreateLinkedTokenSource(ct))
                        {
                            timeoutSource2.CancelAfter(limit);
                            var delay = Task.Delay(Timeout.Infinite, timeoutSource2.Token);
                            try
                            {
                                if (await Task.WhenAny(download, delay).ConfigureAwait(false) == delay)
                                {
                                    return timeoutSource;
                                }
                            }
                            finally
                            {
                                timeoutSource2.Cancel();
                            }
                        }

                        return await download.ConfigureAwait(false);
                    }
                }
                """,
            CodeActionEquivalenceKey = WhenAnyDelayTimeoutCodeFix.UseLinkedSourceKey,
        };
        test.ExpectedDiagnostics.Add(Timeout(0));
        await test.RunAsync();
    }

    [Fact]
    public async Task Fix_all_below_net6_rewrites_every_recognised_timeout()
    {
        var test = new Test(TargetFramework.NetStandard20)
        {
            TestCode = Usings + """
                class C
                {
                    async Task<int> M(Task first, Task second, int ms)
                    {
                        var misses = 0;
                        if (await {|#0:Task.WhenAny(first, Task.Delay(ms))|} != first) misses++;
                        if (await {|#1:Task.WhenAny(Task.Delay(ms), second)|} != second) misses++;
                        return misses;
                    }
                }
                """,
            // One at a time, the second fix sees the first source's name in the method; Fix All sees neither.
            FixedCode = Usings + """
                class C
                {
                    async Task<int> M(Task first, Task second, int ms)
                    {
                        var misses = 0;
                        using (var timeoutSource = new CancellationTokenSource())
                        {
                            timeoutSource.CancelAfter(ms);
                            try
                            {
                                if (await Task.WhenAny(first, Task.Delay(Timeout.Infinite, timeoutSource.Token)) != first) misses++;
                            }
                            finally
                            {
                                timeoutSource.Cancel();
                            }
                        }
                        using (var timeoutSource2 = new CancellationTokenSource())
                        {
                            timeoutSource2.CancelAfter(ms);
                            try
                            {
                                if (await Task.WhenAny(Task.Delay(Timeout.Infinite, timeoutSource2.Token), second) != second) misses++;
                            }
                            finally
                            {
                                timeoutSource2.Cancel();
                            }
                        }
                        return misses;
                    }
                }
                """,
            BatchFixedCode = Usings + """
                class C
                {
                    async Task<int> M(Task first, Task second, int ms)
                    {
                        var misses = 0;
                        using (var timeoutSource = new CancellationTokenSource())
                        {
                            timeoutSource.CancelAfter(ms);
                            try
                            {
                                if (await Task.WhenAny(first, Task.Delay(Timeout.Infinite, timeoutSource.Token)) != first) misses++;
                            }
                            finally
                            {
                                timeoutSource.Cancel();
                            }
                        }
                        using (var timeoutSource = new CancellationTokenSource())
                        {
                            timeoutSource.CancelAfter(ms);
                            try
                            {
                                if (await Task.WhenAny(Task.Delay(Timeout.Infinite, timeoutSource.Token), second) != second) misses++;
                            }
                            finally
                            {
                                timeoutSource.Cancel();
                            }
                        }
                        return misses;
                    }
                }
                """,
            CodeActionEquivalenceKey = WhenAnyDelayTimeoutCodeFix.UseLinkedSourceKey,
            NumberOfFixAllIterations = 1,
        };
        test.ExpectedDiagnostics.Add(Timeout(0));
        test.ExpectedDiagnostics.Add(Timeout(1));
        await test.RunAsync();
    }

    [Fact]
    public async Task No_wait_async_fix_below_net6()
    {
        var code = Usings + """
            class C
            {
                async Task<bool> M(Task work)
                {
                    if (await {|#0:Task.WhenAny(work, Task.Delay(100))|} != work) return false;
                    return true;
                }
            }
            """;
        var test = new Test(TargetFramework.NetStandard20) { TestCode = code, FixedCode = code, CodeActionEquivalenceKey = WhenAnyDelayTimeoutCodeFix.UseWaitAsyncKey };
        test.ExpectedDiagnostics.Add(Timeout(0));
        test.FixedState.ExpectedDiagnostics.Add(Timeout(0));
        await test.RunAsync();
    }
}
