using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using Vet.Analyzers.Tests.Infrastructure;
using Vet.CodeFixes.Cancellation;
using Xunit;
using Verify = Vet.Analyzers.Tests.Infrastructure.Verify<Vet.Analyzers.Cancellation.CancellationTokenSourceNotDisposedAnalyzer, Vet.CodeFixes.Cancellation.CancellationTokenSourceNotDisposedCodeFix>;

namespace Vet.Analyzers.Tests.Cancellation;

/// <summary>VET102: a CancellationTokenSource that is not disposed on every path.</summary>
public class VET102Tests
{
    private const string Usings = "using System;\nusing System.Threading;\nusing System.Threading.Tasks;\n";

    /// <summary>A local source disposed on no path.</summary>
    private static DiagnosticResult Leak(int markup, string local) =>
        Verify.Diagnostic().WithLocation(markup).WithArguments(local);

    /// <summary>A source disposed (or handed off) on some paths but not all of them.</summary>
    private static DiagnosticResult PartialLeak(int markup, string local) =>
        Verify.Diagnostic(Descriptors.Shapes.VET102_NotOnEveryPath).WithLocation(markup).WithArguments(local);

    /// <summary><c>new CancellationTokenSource(t).Token</c> in <paramref name="member"/>: nothing can dispose the source.</summary>
    private static DiagnosticResult InlineLeak(int markup, string member) =>
        Verify.Diagnostic(Descriptors.Shapes.VET102_Inline).WithLocation(markup).WithArguments(member);

    /// <summary>A field of a type that is not IDisposable.</summary>
    private static DiagnosticResult FieldLeak(int markup, string field, string type) =>
        Verify.Diagnostic(Descriptors.Shapes.VET102_Field).WithLocation(markup).WithArguments(field, type);

    // ---- Flagged ---------------------------------------------------------------------------------------------

    [Theory]
    [InlineData("timeout never disposed", "var cts = {|#0:new CancellationTokenSource(TimeSpan.FromSeconds(5))|}; Work(cts.Token);")]
    [InlineData("int timeout", "var cts = {|#0:new CancellationTokenSource(5000)|}; Work(cts.Token);")]
    [InlineData("linked never disposed", "var cts = {|#0:CancellationTokenSource.CreateLinkedTokenSource(ct)|}; Work(cts.Token);")]
    [InlineData("assigned after declaration", "CancellationTokenSource cts; cts = {|#0:new CancellationTokenSource(10)|}; Work(cts.Token);")]
    [InlineData("overwritten in a loop", "for (var i = 0; i < 3; i++) { var cts = {|#0:new CancellationTokenSource(10)|}; Work(cts.Token); }")]
    [InlineData("target-typed new", "CancellationTokenSource cts = {|#0:new(TimeSpan.FromSeconds(5))|}; Work(cts.Token);")]
    [InlineData("target-typed new with a space", "CancellationTokenSource cts; cts = {|#0:new (5000)|}; Work(cts.Token);")]
    [InlineData("target-typed new, nullable declared type", "CancellationTokenSource? cts = {|#0:new(5000)|}; Work(cts.Token);")]
    [InlineData("target-typed new, qualified declared type", "System.Threading.CancellationTokenSource cts = {|#0:new(5000)|}; Work(cts.Token);")]
    [InlineData("qualified type", "var cts = {|#0:new System.Threading.CancellationTokenSource(5000)|}; Work(cts.Token);")]
    [InlineData("global-qualified type", "var cts = {|#0:new global::System.Threading.CancellationTokenSource(5000)|}; Work(cts.Token);")]
    [InlineData("linked, fully qualified", "var cts = {|#0:System.Threading.CancellationTokenSource.CreateLinkedTokenSource(ct)|}; Work(cts.Token);")]
    [InlineData("for initializer", "for (var cts = {|#0:new CancellationTokenSource(10)|}; !flag; flag = true) { Work(cts.Token); }")]
    [InlineData("parenthesized", "var cts = ({|#0:new CancellationTokenSource(10)|}); Work(cts.Token);")]
    [InlineData("null-forgiving", "var cts = {|#0:new CancellationTokenSource(10)|}!; Work(cts.Token);")]
    [InlineData("local of a lambda, assigned", "Action run = () => { CancellationTokenSource cts; cts = {|#0:new CancellationTokenSource(10)|}; Work(cts.Token); }; run();")]
    public async Task Flags_local_never_disposed(string scenario, string body)
    {
        Assert.NotEmpty(scenario);
        await Verify.Analyzer(Usings + "class C { void M(bool flag, CancellationToken ct) { " + body + " } void Work(CancellationToken t) { } }", Leak(0, "cts"));
    }

    [Theory]
    [InlineData("using Timed = System.Threading.CancellationTokenSource;\n", "")]
    [InlineData("namespace N { using Timed = System.Threading.CancellationTokenSource;\n", "}")]
    public async Task Flags_a_source_created_through_an_alias(string open, string close)
    {
        await Verify.Analyzer(Usings + open + "class C { void M() { var cts = {|#0:new Timed(5000)|}; Work(cts.Token); } void Work(CancellationToken t) { } }" + close, Leak(0, "cts"));
    }

    [Fact]
    public async Task Flags_a_linked_source_created_through_using_static()
    {
        await Verify.Analyzer(Usings + "using static System.Threading.CancellationTokenSource;\nclass C { void M(CancellationToken ct) { var cts = {|#0:CreateLinkedTokenSource(ct)|}; Work(cts.Token); } void Work(CancellationToken t) { } }", Leak(0, "cts"));
    }

    [Fact]
    public async Task Flags_a_source_created_through_a_global_alias_declared_in_another_file()
    {
        // The file with the creation never spells the type; the analyzer must not skip it on its text.
        var test = new VetTest<Vet.Analyzers.Cancellation.CancellationTokenSourceNotDisposedAnalyzer, CancellationTokenSourceNotDisposedCodeFix>(TargetFramework.Net80)
        {
            TestCode = Usings + "class C { void M() { var cts = {|#0:new Timed(5000)|}; Work(cts.Token); } void Work(CancellationToken t) { } }",
        };
        test.TestState.Sources.Add(("Aliases.cs", "global using Timed = System.Threading.CancellationTokenSource;"));
        test.ExpectedDiagnostics.Add(Leak(0, "cts"));
        await test.RunAsync();
    }

    [Fact]
    public async Task Flags_a_field_typed_through_a_global_alias_declared_in_another_file()
    {
        // The type's file never spells the source's type: the type must not be skipped on its text.
        var test = new VetTest<Vet.Analyzers.Cancellation.CancellationTokenSourceNotDisposedAnalyzer, CancellationTokenSourceNotDisposedCodeFix>(TargetFramework.Net80)
        {
            TestCode = Usings + "class Poller { private readonly Timed {|#0:_stop|} = new Timed(5000); public CancellationToken Token => _stop.Token; }",
        };
        test.TestState.Sources.Add(("Aliases.cs", "global using Timed = System.Threading.CancellationTokenSource;"));
        test.ExpectedDiagnostics.Add(FieldLeak(0, "_stop", "Poller"));
        await test.RunAsync();
    }

    /// <summary>The message says "not disposed on every path" only when some path does dispose (or hand off) the source.</summary>
    [Theory]
    [InlineData("disposed in one branch only", "var cts = {|#0:new CancellationTokenSource(100)|}; if (flag) { cts.Dispose(); return; } Work(cts.Token);")]
    [InlineData("early return before Dispose", "var cts = {|#0:CancellationTokenSource.CreateLinkedTokenSource(ct)|}; if (flag) return; cts.Dispose();")]
    [InlineData("null-conditional Dispose in one branch", "var cts = {|#0:new CancellationTokenSource(100)|}; if (flag) { cts?.Dispose(); return; } Work(cts.Token);")]
    public async Task Flags_local_not_disposed_on_every_path(string scenario, string body)
    {
        Assert.NotEmpty(scenario);
        await Verify.Analyzer(Usings + "class C { void M(bool flag, CancellationToken ct) { " + body + " } void Work(CancellationToken t) { } }", PartialLeak(0, "cts"));
    }

    [Fact]
    public async Task Does_not_flag_a_plain_source()
    {
        // No timer and no registration on another token: an undisposed plain source leaks nothing.
        await Verify.NoDiagnostics(Usings + """
            class C
            {
                void M()
                {
                    var cts = new CancellationTokenSource();
                    cts.Cancel();
                    var t = new CancellationTokenSource().Token;
                    t.ThrowIfCancellationRequested();
                }
            }
            """);
    }

    [Theory]
    [InlineData("new", "var cts = {|#0:new CancellationTokenSource()|};")]
    [InlineData("target-typed new", "CancellationTokenSource cts = {|#0:new()|};")]
    [InlineData("target-typed new assigned later", "CancellationTokenSource cts; cts = {|#0:new()|};")]
    public async Task Plain_source_with_CancelAfter_is_reported(string scenario, string creation)
    {
        Assert.NotEmpty(scenario);
        await Verify.Analyzer(Usings + "class C { void M() { " + creation + " cts.CancelAfter(100); } }", Leak(0, "cts"));
    }

    /// <summary>Target-typed creations that cannot be a reported source are not bound at all; none is a source here.</summary>
    [Fact]
    public async Task Does_not_flag_target_typed_creations_of_other_types()
    {
        await Verify.NoDiagnostics(Usings + """
            class Pair { public Pair(int a, int b, int c) { } }
            class C
            {
                CancellationTokenSource Plain() => new();
                void Take(CancellationTokenSource source) { }
                void M()
                {
                    Take(new());
                    Pair pair = new(1, 2, 3);
                }
            }
            """);
    }

    [Theory]
    [InlineData("timeout token", "Work({|#0:new CancellationTokenSource(TimeSpan.FromSeconds(1))|}.Token);")]
    [InlineData("linked token", "Work({|#0:CancellationTokenSource.CreateLinkedTokenSource(a, b)|}.Token);")]
    public async Task Flags_inline_token(string scenario, string body)
    {
        Assert.NotEmpty(scenario);
        await Verify.Analyzer(Usings + "class C { void M(CancellationToken a, CancellationToken b) { " + body + " } void Work(CancellationToken t) { } }", InlineLeak(0, "M"));
    }

    [Fact]
    public async Task Flags_in_local_function_and_lambda()
    {
        await Verify.Analyzer(Usings + """
            class C
            {
                void M(CancellationToken ct)
                {
                    Inner();
                    Action a = () => { var l = {|#1:new CancellationTokenSource(5)|}; l.Cancel(); };
                    void Inner() { var cts = {|#0:CancellationTokenSource.CreateLinkedTokenSource(ct)|}; cts.Cancel(); }
                }
            }
            """, Leak(0, "cts"), Leak(1, "l"));
    }

    [Fact]
    public async Task Flags_field_of_type_that_is_not_disposable()
    {
        await Verify.Analyzer(Usings + """
            class Poller
            {
                private readonly CancellationTokenSource {|#0:_stop|} = new CancellationTokenSource(TimeSpan.FromMinutes(1));
                public void Stop() => _stop.Cancel();
                public CancellationToken Token => _stop.Token;
            }
            """, FieldLeak(0, "_stop", "Poller"));
    }

    [Fact]
    public async Task Flags_field_used_only_through_null_conditional_access()
    {
        await Verify.Analyzer(Usings + """
            class Reader
            {
                private CancellationTokenSource {|#0:_input|};
                public void Start() => _input = CancellationTokenSource.CreateLinkedTokenSource(CancellationToken.None);
                public void Stop() => _input?.Cancel();
                public CancellationToken Token => _input?.Token ?? CancellationToken.None;
            }
            """, FieldLeak(0, "_input", "Reader"));
    }

    // ---- Not flagged -----------------------------------------------------------------------------------------

    private const string FactAttribute = "class FactAttribute : Attribute { }\n";

    /// <summary>A timed source is a test's timeout: its timer ends when it fires or the test process exits.</summary>
    [Theory]
    [InlineData("timed local", "var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10)); await Work(cts.Token);")]
    [InlineData("CancelAfter", "var cts = new CancellationTokenSource(); cts.CancelAfter(500); await Work(cts.Token);")]
    [InlineData("inline token", "await Work(new CancellationTokenSource(2000).Token);")]
    [InlineData("in a lambda of the test", "Func<Task> run = async () => { var cts = new CancellationTokenSource(100); await Work(cts.Token); }; await run();")]
    public async Task Does_not_flag_a_timed_source_in_a_test_method(string scenario, string body)
    {
        Assert.NotEmpty(scenario);
        await Verify.NoDiagnostics(Usings + FactAttribute + "class Tests { [Fact] public async Task T() { " + body + " } Task Work(CancellationToken t) => Task.CompletedTask; }");
    }

    [Fact]
    public async Task Flags_a_linked_source_or_one_disposed_on_some_paths_in_a_test_method_and_a_timed_one_in_a_helper_of_a_library()
    {
        await Verify.Analyzer(
            Usings + FactAttribute + """
                class Tests
                {
                    [Fact]
                    public async Task T(CancellationToken ct, bool done)
                    {
                        var linked = {|#0:CancellationTokenSource.CreateLinkedTokenSource(ct)|};
                        await Work(linked.Token);
                        var cts = {|#2:new CancellationTokenSource(500)|};
                        await Work(cts.Token);
                        if (done)
                        {
                            cts.Dispose();
                        }
                    }

                    public async Task Helper()
                    {
                        var cts = {|#1:new CancellationTokenSource(1000)|};
                        await Work(cts.Token);
                    }

                    Task Work(CancellationToken t) => Task.CompletedTask;
                }
                """,
            Leak(0, "linked"),
            Leak(1, "cts"),
            PartialLeak(2, "cts"));
    }

    [Fact]
    public async Task Does_not_flag_a_timed_source_in_a_test_project_but_flags_a_linked_one()
    {
        await new VetTest<Vet.Analyzers.Cancellation.CancellationTokenSourceNotDisposedAnalyzer, CancellationTokenSourceNotDisposedCodeFix>
        {
            TestCode = Usings + """
                static class Waits
                {
                    public static async Task Helper(CancellationToken ct)
                    {
                        var cts = new CancellationTokenSource(1000);
                        await Work(cts.Token);
                        var linked = {|#0:CancellationTokenSource.CreateLinkedTokenSource(ct)|};
                        await Work(linked.Token);
                    }

                    static Task Work(CancellationToken t) => Task.CompletedTask;
                }
                """,
            ExpectedDiagnostics = { Leak(0, "linked") },
        }.WithBuildProperties(("IsTestProject", "true")).WithEditorConfig("vet.test_code = analyze").RunAsync();
    }

    [Theory]
    [InlineData("using var", "using var cts = new CancellationTokenSource(10); Work(cts.Token);")]
    [InlineData("using block", "using (var cts = CancellationTokenSource.CreateLinkedTokenSource(ct)) { Work(cts.Token); }")]
    [InlineData("using on existing local", "var cts = new CancellationTokenSource(10); using (cts) { Work(cts.Token); }")]
    [InlineData("finally", "var cts = new CancellationTokenSource(10); try { Work(cts.Token); } finally { cts.Dispose(); }")]
    [InlineData("finally with null-conditional", "CancellationTokenSource cts = null; try { cts = new CancellationTokenSource(10); Work(cts.Token); } finally { cts?.Dispose(); }")]
    [InlineData("disposed on both branches", "var cts = new CancellationTokenSource(10); if (flag) { cts.Dispose(); return; } Work(cts.Token); cts.Dispose();")]
    [InlineData("returned", "var cts = new CancellationTokenSource(10); if (flag) { cts.Dispose(); return; } Keep(cts);")]
    [InlineData("stored in a field", "var cts = new CancellationTokenSource(10); _owned = cts;")]
    [InlineData("passed as an argument", "var cts = CancellationTokenSource.CreateLinkedTokenSource(ct); Keep(cts);")]
    [InlineData("captured by a lambda", "var cts = new CancellationTokenSource(10); Action a = () => cts.Dispose(); a();")]
    [InlineData("out parameter", "var cts = new CancellationTokenSource(10); Give(out var o); o = cts; _owned = o;")]
    [InlineData("argument directly", "Keep(CancellationTokenSource.CreateLinkedTokenSource(ct));")]
    [InlineData("throw path only", "var cts = new CancellationTokenSource(10); if (flag) throw new InvalidOperationException(); cts.Dispose();")]
    public async Task Does_not_flag_disposed_or_handed_off(string scenario, string body)
    {
        Assert.NotEmpty(scenario);
        await Verify.NoDiagnostics(Usings + "class C { CancellationTokenSource _owned; void M(bool flag, CancellationToken ct) { " + body + " } void Work(CancellationToken t) { } void Keep(CancellationTokenSource s) { } void Give(out CancellationTokenSource s) => s = null; }");
    }

    /// <summary>
    /// An inline <c>new CancellationTokenSource(t).Token</c> whose token leaves the method (returned, yielded, given to a
    /// constructor that keeps it, stored): the token must fire after the timeout, nothing else can reach the source, and
    /// disposing it here would stop the timer.
    /// </summary>
    [Fact]
    public async Task Does_not_flag_an_inline_token_that_is_handed_off()
    {
        await Verify.NoDiagnostics(Usings + """
            using System.Collections.Generic;
            sealed class ChangeToken { public ChangeToken(CancellationToken token) { } }
            class Options { public CancellationToken Token { get; set; } }
            class C
            {
                private CancellationToken _deadline;

                CancellationToken CreateCancellationToken(TimeSpan timeout) => new CancellationTokenSource(timeout).Token;

                IEnumerable<CancellationToken> Tokens()
                {
                    yield return new CancellationTokenSource(10).Token;
                }

                ChangeToken Refresh(TimeSpan period) => new ChangeToken(new CancellationTokenSource(period).Token);

                Options Configure(int ms) => new Options { Token = new CancellationTokenSource(ms).Token };

                void Arm(int ms) => _deadline = new CancellationTokenSource(ms).Token;

                Func<CancellationToken> Factory(int ms) => () => new CancellationTokenSource(ms).Token;
            }
            """);
    }

    /// <summary>
    /// A linked source stays registered on its parent tokens until it is disposed: handing off only its token still leaks
    /// a registration on every call (a timed source's timer, by contrast, ends when it fires).
    /// </summary>
    [Fact]
    public async Task Flags_an_inline_linked_token_that_is_handed_off()
    {
        await Verify.Analyzer(Usings + """
            class C
            {
                private CancellationToken _cancelToken;

                CancellationToken Linked(CancellationToken a, CancellationToken b)
                {
                    return {|#0:CancellationTokenSource.CreateLinkedTokenSource(a, b)|}.Token;
                }

                void Start(CancellationToken parent, CancellationToken stop) => _cancelToken = {|#1:CancellationTokenSource.CreateLinkedTokenSource(parent, stop)|}.Token;
            }
            """, InlineLeak(0, "Linked"), InlineLeak(1, "Start"));
    }

    [Fact]
    public async Task Does_not_flag_returned_source()
    {
        await Verify.NoDiagnostics(Usings + """
            class C
            {
                CancellationTokenSource Create(CancellationToken ct)
                {
                    var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
                    cts.CancelAfter(100);
                    return cts;
                }

                async Task RunAsync()
                {
                    using var cts = new CancellationTokenSource(10);
                    await Task.Delay(1, cts.Token);
                }
            }
            """);
    }

    [Theory]
    [InlineData("disposable type", "class Poller : IDisposable { private readonly CancellationTokenSource _stop = new(10); public void Dispose() => _stop.Dispose(); }")]
    [InlineData("async disposable type", "class Poller : IAsyncDisposable { private readonly CancellationTokenSource _stop = new(10); public ValueTask DisposeAsync() { _stop.Dispose(); return default; } }")]
    [InlineData("disposed elsewhere", "class Poller { private CancellationTokenSource _stop = new(10); public void Stop() { _stop.Cancel(); _stop.Dispose(); } }")]
    [InlineData("null-conditional dispose", "class Poller { private CancellationTokenSource _stop = new(10); public void Stop() { _stop?.Cancel(); _stop?.Dispose(); } }")]
    [InlineData("exchanged", "class Poller { private CancellationTokenSource _stop = new(10); public void Stop() => Interlocked.Exchange(ref _stop, null)?.Dispose(); }")]
    [InlineData("not created here", "class Poller { private readonly CancellationTokenSource _stop; public Poller(CancellationTokenSource stop) => _stop = stop; }")]
    [InlineData("static field", "class Poller { private static readonly CancellationTokenSource Stop = new(10); }")]
    public async Task Does_not_flag_field(string scenario, string code)
    {
        Assert.NotEmpty(scenario);
        await Verify.NoDiagnostics(Usings + code);
    }

    [Fact]
    public async Task Does_not_flag_a_plain_field_source_the_type_cancels()
    {
        await Verify.NoDiagnostics(Usings + """
            class Worker
            {
                private readonly CancellationTokenSource _stopping = new CancellationTokenSource();
                public CancellationToken Stopping => _stopping.Token;
                public void Stop() => _stopping.Cancel();
            }
            """);
    }

    [Fact]
    public async Task Does_not_flag_a_field_source_used_only_as_a_flag()
    {
        await Verify.NoDiagnostics(Usings + """
            class Session
            {
                private readonly CancellationTokenSource _expiry = new CancellationTokenSource(TimeSpan.FromMinutes(20));
                public bool Expired => _expiry.IsCancellationRequested;
                public void End() => _expiry.Cancel();
            }
            """);
    }

    [Fact]
    public async Task Flags_a_plain_field_source_with_CancelAfter()
    {
        await Verify.Analyzer(Usings + """
            class Poller
            {
                private readonly CancellationTokenSource {|#0:_deadline|} = new CancellationTokenSource();
                public void Start() => _deadline.CancelAfter(TimeSpan.FromSeconds(30));
                public CancellationToken Deadline => _deadline?.Token ?? default;
            }
            """, FieldLeak(0, "_deadline", "Poller"));
    }

    [Fact]
    public async Task No_fix_when_the_token_outlives_the_block()
    {
        var source = Usings + """
            class C
            {
                Task _running = Task.CompletedTask;
                CancellationToken _kept;

                void Start()
                {
                    var cts = {|#0:new CancellationTokenSource(TimeSpan.FromMinutes(1))|};
                    _running = RunAsync(cts.Token);
                }

                void Keep()
                {
                    var cts = {|#1:new CancellationTokenSource(100)|};
                    _kept = cts.Token;
                }

                void Fire()
                {
                    _ = RunAsync({|#2:new CancellationTokenSource(100)|}.Token);
                }

                void Later()
                {
                    var cts = {|#3:new CancellationTokenSource(100)|};
                    Action a = () => Work(cts.Token);
                    a();
                }

                Task RunAsync(CancellationToken t) => Task.Delay(10, t);
                void Work(CancellationToken t) { }
            }
            """;
        await Verify.CodeFix(source, source, CancellationTokenSourceNotDisposedCodeFix.UsingKey, TargetFramework.Net80,
            Leak(0, "cts"), Leak(1, "cts"), InlineLeak(2, "Fire"));
    }

    [Fact]
    public async Task Fix_when_the_token_is_only_used_by_awaited_or_synchronous_calls()
    {
        await Verify.CodeFix(Usings + """
            class C
            {
                async Task M()
                {
                    var cts = {|#0:new CancellationTokenSource(100)|};
                    await RunAsync(cts.Token).ConfigureAwait(false);
                    Work(cts.Token);
                }

                Task RunAsync(CancellationToken t) => Task.Delay(10, t);
                void Work(CancellationToken t) { }
            }
            """, Usings + """
            class C
            {
                async Task M()
                {
                    using var cts = new CancellationTokenSource(100);
                    await RunAsync(cts.Token).ConfigureAwait(false);
                    Work(cts.Token);
                }

                Task RunAsync(CancellationToken t) => Task.Delay(10, t);
                void Work(CancellationToken t) { }
            }
            """, CancellationTokenSourceNotDisposedCodeFix.UsingKey, TargetFramework.Net80, Leak(0, "cts"));
    }

    /// <summary>A justified suppression of the peer rule that reports the same leak is the author's decision, made once.</summary>
    [Theory]
    [InlineData("CA2000 on the method", "[System.Diagnostics.CodeAnalysis.SuppressMessage(\"Reliability\", \"CA2000:Dispose objects before losing scope\", Justification = \"The caller owns the timeout\")]", "", "")]
    [InlineData("IDISP001 on the type", "", "[System.Diagnostics.CodeAnalysis.SuppressMessage(\"IDisposableAnalyzers.Correctness\", \"IDISP001\")]", "")]
    [InlineData("pragma for IDISP004", "", "", "#pragma warning disable IDISP004")]
    [InlineData("pragma for S2930", "", "", "#pragma warning disable S2930")]
    public async Task Does_not_flag_a_local_where_a_peer_rule_is_suppressed(string scenario, string onMethod, string onType, string pragma)
    {
        Assert.NotEmpty(scenario);
        await Verify.Analyzer(Usings + pragma + "\n" + onType + $$"""
            class Requests
            {
                {{onMethod}}
                public CancellationToken ForRequest(CancellationToken ct)
                {
                    var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(100));
                    return CancellationTokenSource.CreateLinkedTokenSource(ct, timeout.Token).Token;
                }
            }
            """);
    }

    [Fact]
    public async Task Flags_a_local_where_only_an_unrelated_rule_is_suppressed()
    {
        await Verify.Analyzer(Usings + """
            class Requests
            {
                [System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1062:Validate arguments", Justification = "Internal")]
                public CancellationToken ForRequest(CancellationToken ct)
                {
                    var timeout = {|#0:new CancellationTokenSource(TimeSpan.FromSeconds(100))|};
                    return {|#1:CancellationTokenSource.CreateLinkedTokenSource(ct, timeout.Token)|}.Token;
                }
            }
            """, Leak(0, "timeout"), InlineLeak(1, "ForRequest"));
    }

    [Fact]
    public async Task Does_not_flag_a_field_where_a_peer_rule_is_suppressed()
    {
        await Verify.Analyzer(Usings + """
            [System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001:Types that own disposable fields should be disposable", Justification = "Lives as long as the process")]
            class Poller
            {
                private readonly CancellationTokenSource _stop = new CancellationTokenSource(TimeSpan.FromMinutes(1));
                public void Stop() => _stop.Cancel();
                public CancellationToken Token => _stop.Token;
            }
            """);
    }

    // ---- Fix ------------------------------------------------------------------------------------------------

    [Fact]
    public async Task Fix_makes_local_a_using_declaration()
    {
        await Verify.CodeFix(Usings + """
            class C
            {
                void M(CancellationToken ct)
                {
                    // Give up after five seconds.
                    var cts = {|#0:CancellationTokenSource.CreateLinkedTokenSource(ct)|};
                    cts.CancelAfter(5000);
                    Work(cts.Token);
                }

                void Work(CancellationToken t) { }
            }
            """, Usings + """
            class C
            {
                void M(CancellationToken ct)
                {
                    // Give up after five seconds.
                    using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
                    cts.CancelAfter(5000);
                    Work(cts.Token);
                }

                void Work(CancellationToken t) { }
            }
            """, CancellationTokenSourceNotDisposedCodeFix.UsingKey, TargetFramework.Net80, Leak(0, "cts"));
    }

    [Fact]
    public async Task Fix_uses_a_using_block_before_CSharp_8()
    {
        var test = new VetTest<Vet.Analyzers.Cancellation.CancellationTokenSourceNotDisposedAnalyzer, CancellationTokenSourceNotDisposedCodeFix>
        {
            TestCode = Usings + """
                class C
                {
                    void M(CancellationToken ct, int kind)
                    {
                        var cts = {|#0:CancellationTokenSource.CreateLinkedTokenSource(ct)|};
                        cts.CancelAfter(5000);
                        Work(cts.Token);
                    }

                    void N(int kind)
                    {
                        switch (kind)
                        {
                            case 1:
                                var timeout = {|#1:new CancellationTokenSource(100)|};
                                Work(timeout.Token);
                                break;
                        }
                    }

                    void Work(CancellationToken t) { }
                }
                """,
            FixedCode = Usings + """
                class C
                {
                    void M(CancellationToken ct, int kind)
                    {
                        using (var cts = CancellationTokenSource.CreateLinkedTokenSource(ct))
                        {
                            cts.CancelAfter(5000);
                            Work(cts.Token);
                        }
                    }

                    void N(int kind)
                    {
                        switch (kind)
                        {
                            case 1:
                                using (var timeout = new CancellationTokenSource(100))
                                {
                                    Work(timeout.Token);
                                    break;
                                }
                        }
                    }

                    void Work(CancellationToken t) { }
                }
                """,
            CodeActionEquivalenceKey = CancellationTokenSourceNotDisposedCodeFix.UsingKey,
        }.WithLanguageVersion(Microsoft.CodeAnalysis.CSharp.LanguageVersion.CSharp7_3);
        test.ExpectedDiagnostics.Add(Leak(0, "cts"));
        test.ExpectedDiagnostics.Add(Leak(1, "timeout"));
        await test.RunAsync();
    }

    [Fact]
    public async Task Fix_introduces_local_for_inline_token_and_fix_all_picks_free_names()
    {
        await Verify.CodeFix(Usings + """
            class C
            {
                void M(CancellationToken a, CancellationToken b)
                {
                    Work({|#0:new CancellationTokenSource(TimeSpan.FromSeconds(1))|}.Token);
                    Work({|#1:CancellationTokenSource.CreateLinkedTokenSource(a, b)|}.Token);
                }

                void Work(CancellationToken t) { }
            }
            """, Usings + """
            class C
            {
                void M(CancellationToken a, CancellationToken b)
                {
                    using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(1));
                    Work(cts.Token);
                    using var cts2 = CancellationTokenSource.CreateLinkedTokenSource(a, b);
                    Work(cts2.Token);
                }

                void Work(CancellationToken t) { }
            }
            """, CancellationTokenSourceNotDisposedCodeFix.UsingKey, TargetFramework.Net80, InlineLeak(0, "M"), InlineLeak(1, "M"));
    }

    [Fact]
    public async Task Fix_all_over_several_locals()
    {
        await Verify.CodeFix(Usings + """
            class C
            {
                void M(CancellationToken ct)
                {
                    var first = {|#0:new CancellationTokenSource(100)|};
                    Work(first.Token);
                }

                void N(CancellationToken ct)
                {
                    var second = {|#1:CancellationTokenSource.CreateLinkedTokenSource(ct)|};
                    Work(second.Token);
                }

                void Work(CancellationToken t) { }
            }
            """, Usings + """
            class C
            {
                void M(CancellationToken ct)
                {
                    using var first = new CancellationTokenSource(100);
                    Work(first.Token);
                }

                void N(CancellationToken ct)
                {
                    using var second = CancellationTokenSource.CreateLinkedTokenSource(ct);
                    Work(second.Token);
                }

                void Work(CancellationToken t) { }
            }
            """, CancellationTokenSourceNotDisposedCodeFix.UsingKey, TargetFramework.Net80, Leak(0, "first"), Leak(1, "second"));
    }

    [Fact]
    public async Task No_fix_when_the_source_is_handed_off_on_some_path_or_is_a_field()
    {
        var source = Usings + """
            class C
            {
                CancellationTokenSource _kept;
                readonly CancellationTokenSource {|#1:_stop|} = new CancellationTokenSource(1000);

                CancellationToken Stopping => _stop.Token;

                void M(bool flag)
                {
                    var cts = {|#0:new CancellationTokenSource(100)|};
                    if (flag)
                    {
                        Keep(cts);
                        return;
                    }

                    Work(cts.Token);
                }

                void Keep(CancellationTokenSource s) => _kept = s;
                void Work(CancellationToken t) { }
            }
            """;
        await Verify.CodeFix(source, source, CancellationTokenSourceNotDisposedCodeFix.UsingKey, TargetFramework.Net80,
            PartialLeak(0, "cts"), FieldLeak(1, "_stop", "C"));
    }

    // ---- Broken code ----------------------------------------------------------------------------------------

    [Fact]
    public async Task Incomplete_code_does_not_throw()
    {
        var test = new VetTest<Vet.Analyzers.Cancellation.CancellationTokenSourceNotDisposedAnalyzer, Vet.CodeFixes.Cancellation.CancellationTokenSourceNotDisposedCodeFix>(TargetFramework.Net80)
        {
            TestCode = Usings + """
                class C
                {
                    void M()
                    {
                        var cts = new CancellationTokenSource(
                        if (cts.
                    }
                }
                """,
            CompilerDiagnostics = CompilerDiagnostics.None,
        };
        test.ExpectedDiagnostics.Clear();
        await test.RunAsync();
    }
}
