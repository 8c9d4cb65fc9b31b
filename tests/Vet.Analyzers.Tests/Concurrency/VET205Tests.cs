using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using Vet.Analyzers.Tests.Infrastructure;
using Vet.CodeFixes.Concurrency;
using Xunit;
using Test = Vet.Analyzers.Tests.Infrastructure.VetTest<Vet.Analyzers.Concurrency.PolledFieldNotVolatileAnalyzer, Vet.CodeFixes.Concurrency.PolledFieldNotVolatileCodeFix>;
using Verify = Vet.Analyzers.Tests.Infrastructure.Verify<Vet.Analyzers.Concurrency.PolledFieldNotVolatileAnalyzer, Vet.CodeFixes.Concurrency.PolledFieldNotVolatileCodeFix>;

namespace Vet.Analyzers.Tests.Concurrency;

/// <summary>VET205: a spin loop polling a non-volatile bool field another member sets.</summary>
public class VET205Tests
{
    private const string Usings = "using System;\nusing System.Threading;\nusing System.Threading.Tasks;\n";

    private static DiagnosticResult Polls(int markup, string field) =>
        Verify.Diagnostic().WithLocation(markup).WithArguments(field);

    // ---- Flagged ---------------------------------------------------------------------------------------------

    [Theory]
    [InlineData("while !flag", "private bool _stop;", "public void Stop() { _stop = true; }", "int n = 0; while (!{|#0:_stop|}) { n++; }", "_stop")]
    [InlineData("while flag", "private bool _running = true;", "public void Stop() { _running = false; }", "int n = 0; while ({|#0:_running|}) { n++; }", "_running")]
    [InlineData("empty body", "private bool _ready;", "public void Ready() => _ready = true;", "while (!{|#0:_ready|}) { }", "_ready")]
    [InlineData("do loop", "private bool _stop;", "public void Stop() { _stop = true; }", "int n = 0; do { n++; } while (!{|#0:_stop|});", "_stop")]
    [InlineData("this. in a compound condition", "private bool _stop;", "public void Stop() { this._stop = true; }", "int n = 0; while (n < 1000000 && !{|#0:this._stop|}) { n++; }", "_stop")]
    [InlineData("static field", "private static bool s_stop;", "public static void Stop() { s_stop = true; }", "int n = 0; while (!{|#0:s_stop|}) { n++; }", "s_stop")]
    [InlineData("written by a lambda in the same method", "private bool _done; public Action? OnDone;", "", "OnDone = () => _done = true; while (!{|#0:_done|}) { }", "_done")]
    public async Task Flags_a_bare_spin_on_a_field_set_elsewhere(string scenario, string fields, string writer, string loop, string field)
    {
        Assert.NotEmpty(scenario);
        await Verify.Analyzer(Usings + "#nullable enable\nclass C { " + fields + " " + writer + " public void Wait() { " + loop + " } }", Polls(0, field));
    }

    // ---- Not flagged: the near misses ----------------------------------------------------------------------------

    [Theory]
    [InlineData("volatile", "private volatile bool _stop;", "int n = 0; while (!_stop) { n++; }")]
    [InlineData("Volatile.Read", "private bool _stop;", "int n = 0; while (!Volatile.Read(ref _stop)) { n++; }")]
    [InlineData("call in the body", "private bool _stop;", "while (!_stop) { Work(); }")]
    [InlineData("Thread.Sleep in the body", "private bool _stop;", "while (!_stop) { Thread.Sleep(10); }")]
    [InlineData("SpinWait in the body", "private bool _stop;", "var spin = new SpinWait(); while (!_stop) { spin.SpinOnce(); }")]
    [InlineData("Interlocked in the body", "private bool _stop; private int _count;", "while (!_stop) { Interlocked.Increment(ref _count); }")]
    [InlineData("lock in the body", "private bool _stop; private readonly object _gate = new();", "int n = 0; while (!_stop) { lock (_gate) { n++; } }")]
    [InlineData("property in the body", "private bool _stop; private int[] _items = new int[1];", "int n = 0; while (!_stop) { n += _items.Length; }")]
    [InlineData("body writes the flag", "private bool _stop;", "int n = 0; while (!_stop) { n++; _stop = n > 10; }")]
    [InlineData("local flag", "private bool _stop;", "var stop = _stop; int n = 0; while (!stop) { n++; if (n > 10) break; }")]
    [InlineData("non-bool field", "private int _state;", "int n = 0; while (_state == 0) { n++; }")]
    [InlineData("readonly field", "private readonly bool _fixed;", "int n = 0; while (!_fixed) { n++; if (n > 10) break; }")]
    [InlineData("another object's field", "private C? _other;", "int n = 0; while (!_other!._stop2) { n++; }")]
    public async Task Does_not_flag_near_misses(string scenario, string fields, string loop)
    {
        Assert.NotEmpty(scenario);
        var writer = fields.Contains("bool _stop;") ? "public void Stop() { _stop = true; }" : string.Empty;
        await Verify.NoDiagnostics(Usings + "#nullable enable\nclass C { " + fields + " public bool _stop2; " + writer + " void Work() { } public void Wait() { " + loop + " } }");
    }

    [Theory]
    [InlineData("written only by the constructor", "private bool _stop; public C() { _stop = true; }", "int n = 0; while (!_stop) { n++; if (n > 10) break; }")]
    [InlineData("written only in the same method", "private bool _stop;", "_stop = false; int n = 0; while (!_stop) { n++; if (n > 10) break; }")]
    [InlineData("never written", "private bool _stop;", "int n = 0; while (!_stop) { n++; if (n > 10) break; }")]
    [InlineData("await in the body", "private bool _stop; public void Stop() { _stop = true; }", "async Task Spin() { while (!_stop) { await Task.Yield(); } } _ = Spin();")]
    public async Task Does_not_flag_fields_no_other_thread_writes_or_loops_that_synchronize(string scenario, string members, string loop)
    {
        Assert.NotEmpty(scenario);
        await Verify.NoDiagnostics(Usings + "#nullable enable\nclass C { " + members + " public void Wait() { " + loop + " } }");
    }

    // ---- Where the writes are found -----------------------------------------------------------------------------

    [Fact]
    public async Task Finds_the_write_in_another_file_of_a_partial_type_and_reports_once()
    {
        var test = new Test { TestCode = Usings + "partial class C { private bool _stop; public void Wait() { int n = 0; while (!{|#0:_stop|}) { n++; } } }" };
        test.TestState.Sources.Add("partial class C { public void Stop() { _stop = true; } }");
        test.ExpectedDiagnostics.Add(Polls(0, "_stop"));
        await test.RunAsync();
    }

    [Theory]
    [InlineData("a nested type writes the outer type's static field", "class Outer { private static bool s_stop; public void Wait() { int n = 0; while (!{|#0:s_stop|}) { n++; } } class Inner { void Stop() { s_stop = true; } } }", true)]
    [InlineData("a loop in a nested type, the write in the outer type", "class Outer { private static bool s_stop; void Stop() { s_stop = true; } class Inner { public void Wait() { int n = 0; while (!{|#0:s_stop|}) { n++; } } } }", true)]
    [InlineData("another type's public static field written only by that type", "class Flags { public static bool Stop; public static void Set() { Stop = true; } } class C { public void Wait() { int n = 0; while (!Flags.Stop) { n++; if (n > 10) break; } } }", false)]
    [InlineData("the same name assigned as a local elsewhere", "class C { private bool _stop; public void Wait() { int n = 0; while (!_stop) { n++; if (n > 10) break; } } void Other() { bool _stop; _stop = true; } }", false)]
    [InlineData("another object's field of the same name", "class C { private bool _stop; private C? _peer; public void Wait() { int n = 0; while (!_stop) { n++; if (n > 10) break; } } void Other() { _peer!._stop = true; } }", false)]
    public async Task Looks_for_writes_in_the_loops_outermost_type(string scenario, string code, bool flagged)
    {
        Assert.NotEmpty(scenario);
        var test = new Test { TestCode = Usings + "#nullable enable\n" + code };
        if (flagged)
        {
            test.ExpectedDiagnostics.Add(Polls(0, "s_stop"));
        }

        await test.RunAsync();
    }

    // ---- The fix -----------------------------------------------------------------------------------------------

    [Fact]
    public async Task Fix_reads_the_flag_with_Volatile_Read()
    {
        await Verify.CodeFix(
            Usings + """
            sealed class Worker
            {
                private bool _stopRequested;

                public void RequestStop() => _stopRequested = true;

                public int Spin()
                {
                    var spins = 0;
                    while (!{|#0:_stopRequested|} /* set by RequestStop */)
                    {
                        spins++;
                    }

                    return spins;
                }
            }
            """,
            Usings + """
            sealed class Worker
            {
                private bool _stopRequested;

                public void RequestStop() => _stopRequested = true;

                public int Spin()
                {
                    var spins = 0;
                    while (!Volatile.Read(ref _stopRequested) /* set by RequestStop */)
                    {
                        spins++;
                    }

                    return spins;
                }
            }
            """,
            PolledFieldNotVolatileCodeFix.VolatileReadKey,
            TargetFramework.Net80,
            Polls(0, "_stopRequested"));
    }

    [Fact]
    public async Task Fix_all_rewrites_every_loop_and_adds_the_using()
    {
        var test = new Test { CodeActionEquivalenceKey = PolledFieldNotVolatileCodeFix.VolatileReadKey };
        test.TestState.Sources.Add("""
            class A
            {
                private bool _ready;
                private static bool s_stop;

                public void Ready() { _ready = true; }
                public static void Stop() { A.s_stop = true; }

                public int Wait()
                {
                    var n = 0;
                    while (!{|#0:this._ready|} && !_ready) { n++; }
                    do { n--; } while (!{|#1:A.s_stop|});
                    return n;
                }
            }
            """);
        test.TestState.Sources.Add("""
            class B
            {
                private bool _go;
                public System.Action Start => () => _go = true;

                public void Wait()
                {
                    while (!{|#2:_go|}) { }
                }
            }
            """);
        test.FixedState.Sources.Add("""
            using System.Threading;

            class A
            {
                private bool _ready;
                private static bool s_stop;

                public void Ready() { _ready = true; }
                public static void Stop() { A.s_stop = true; }

                public int Wait()
                {
                    var n = 0;
                    while (!Volatile.Read(ref this._ready) && !Volatile.Read(ref _ready)) { n++; }
                    do { n--; } while (!Volatile.Read(ref A.s_stop));
                    return n;
                }
            }
            """);
        test.FixedState.Sources.Add("""
            using System.Threading;

            class B
            {
                private bool _go;
                public System.Action Start => () => _go = true;

                public void Wait()
                {
                    while (!Volatile.Read(ref _go)) { }
                }
            }
            """);
        test.ExpectedDiagnostics.Add(Polls(0, "_ready"));
        test.ExpectedDiagnostics.Add(Polls(1, "s_stop"));
        test.ExpectedDiagnostics.Add(Polls(2, "_go"));
        await test.RunAsync();
    }

    // ---- Broken code ---------------------------------------------------------------------------------------------

    [Theory]
    [InlineData("missing condition", "class C { bool _f; void S() { _f = true; } void M() { while () { } } }", false)]
    [InlineData("unknown field", "class C { void S() { _nope = true; } void M() { while (!_nope) { } } }", false)]
    [InlineData("unterminated", "class C { bool _f; void S() { _f = true; } void M() { do { } while (!{|#0:_f|}", true)]
    public async Task Does_not_throw_on_broken_code(string scenario, string code, bool flagged)
    {
        Assert.NotEmpty(scenario);
        var test = new Test { TestCode = Usings + code, CompilerDiagnostics = CompilerDiagnostics.None };
        if (flagged)
        {
            test.ExpectedDiagnostics.Add(Polls(0, "_f"));
        }

        await test.RunAsync();
    }
}
