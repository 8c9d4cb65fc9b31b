using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using Vet.Analyzers.Tests.Infrastructure;
using Xunit;
using Test = Vet.Analyzers.Tests.Infrastructure.VetTest<Vet.Analyzers.Cancellation.TokenCapturedInStateAnalyzer>;
using Verify = Vet.Analyzers.Tests.Infrastructure.Verify<Vet.Analyzers.Cancellation.TokenCapturedInStateAnalyzer, Microsoft.CodeAnalysis.Testing.EmptyCodeFixProvider>;

namespace Vet.Analyzers.Tests.Cancellation;

/// <summary>VET104: a per-call token stored in instance state.</summary>
public class VET104Tests
{
    private const string Usings = "using System;\nusing System.Collections.Generic;\nusing System.Runtime.CompilerServices;\nusing System.Threading;\nusing System.Threading.Tasks;\n";

    private static DiagnosticResult Captured(int markup, string member, string parameter) =>
        Verify.Diagnostic().WithLocation(markup).WithArguments(member, parameter);

    // ---- Flagged ---------------------------------------------------------------------------------------------

    [Theory]
    [InlineData("field in a method", "class C { CancellationToken _ct; Task StartAsync(CancellationToken ct) { {|#0:_ct = ct|}; return Task.CompletedTask; } }", "_ct")]
    [InlineData("field through this", "class C { CancellationToken _ct; int _runs; void Begin(CancellationToken ct) { {|#0:this._ct = ct|}; _runs++; } }", "_ct")]
    [InlineData("property", "class C { public CancellationToken Token { get; private set; } void Begin(CancellationToken ct, int id) { {|#0:Token = ct|}; } }", "Token")]
    [InlineData("a fluent method that also does other work", "class C { CancellationToken _ct; int _runs; C Begin(CancellationToken ct) { {|#0:_ct = ct|}; _runs++; return this; } }", "_ct")]
    [InlineData("in a lambda of the method", "class C { CancellationToken _ct; void Begin(CancellationToken ct) { Action a = () => {|#0:_ct = ct|}; a(); } }", "_ct")]
    public async Task Flags_token_parameter_stored_in_state(string scenario, string code, string member)
    {
        Assert.NotEmpty(scenario);
        await Verify.Analyzer(Usings + code, Captured(0, member, "ct"));
    }

    // ---- Not flagged: the near misses ----------------------------------------------------------------------------

    [Theory]
    [InlineData("owned source", "class C { readonly CancellationTokenSource _cts = new(); CancellationToken _ct; C() { _ct = _cts.Token; } }")]
    [InlineData("local", "class C { void M(CancellationToken ct) { var t = ct; t.ThrowIfCancellationRequested(); } }")]
    [InlineData("static field", "class C { static CancellationToken s_ct; void M(CancellationToken ct) { s_ct = ct; } }")]
    [InlineData("another object's field", "class Box { public CancellationToken T; } class C { void M(Box b, CancellationToken ct) { b.T = ct; } }")]
    [InlineData("stoppingToken", "class C { CancellationToken _stopping; Task ExecuteAsync(CancellationToken stoppingToken) { _stopping = stoppingToken; return Task.CompletedTask; } }")]
    [InlineData("GetAsyncEnumerator", "class C { CancellationToken _ct; public IAsyncEnumerator<int> GetAsyncEnumerator(CancellationToken ct) { _ct = ct; return null!; } }")]
    [InlineData("primary constructor used only in the constructor", "class Base { public Base(CancellationToken ct) { } } class C(CancellationToken ct) : Base(ct) { }")]
    [InlineData("token passed on, not stored", "class C { Task M(CancellationToken ct) => Task.Delay(1, ct); }")]
    [InlineData("struct", "struct Options { public CancellationToken Token; public Options(CancellationToken ct) { Token = ct; } }")]
    [InlineData("struct primary constructor", "struct Scope(CancellationToken ct) { public bool Stopped => ct.IsCancellationRequested; }")]
    [InlineData("async enumerable", "sealed class Rows : IAsyncEnumerable<int> { readonly CancellationToken _ct; public Rows(CancellationToken ct) { _ct = ct; } public IAsyncEnumerator<int> GetAsyncEnumerator(CancellationToken ct) => null!; }")]
    [InlineData("non-token field", "class C { bool _cancelled; void M(CancellationToken ct) { _cancelled = ct.IsCancellationRequested; } }")]
    [InlineData("constructor", "class C { private readonly CancellationToken _ct; public C(CancellationToken ct) { this._ct = ct; } }")]
    [InlineData("field initializer from a primary constructor", "class C(CancellationToken ct) { private readonly CancellationToken _ct = ct; }")]
    [InlineData("property initializer from a primary constructor", "class C(CancellationToken ct) { public CancellationToken Token { get; } = ct; }")]
    [InlineData("primary constructor captured by members", "class Poller(TimeSpan interval, CancellationToken ct) { public Task PollAsync() => Task.Delay(interval, ct); }")]
    [InlineData("positional record", "record Request(int Id, CancellationToken Token);")]
    [InlineData("positional record struct", "record struct Request(int Id, CancellationToken Token);")]
    [InlineData("Initialize of a pooled context", "class Context { CancellationToken _ct; public void Initialize(int id, CancellationToken ct) { _ct = ct; } }")]
    [InlineData("options object initializer", "class C { Task M(IEnumerable<int> ids, CancellationToken ct) => Task.Run(() => Parallel.ForEach(ids, new ParallelOptions { CancellationToken = ct }, _ => { })); }")]
    [InlineData("setter method", "class Client { CancellationToken _cancelToken; public void SetCancelToken(CancellationToken cancelToken) => _cancelToken = cancelToken; }")]
    [InlineData("fluent options setter", "class GetOptions { internal CancellationToken TokenValue { get; private set; } public GetOptions CancellationToken(CancellationToken token) { TokenValue = token; return this; } }")]
    [InlineData("method that only stores the token", "class Client { CancellationToken _token; public void Attach(CancellationToken token) { _token = token; } }")]
    [InlineData("lifetime field", "class C { CancellationToken _shutdown; void Start(CancellationToken ct) { _shutdown = ct; } }")]
    [InlineData("lifetime parameter", "class C { CancellationToken _ct; void Run(CancellationToken applicationStopping) { _ct = applicationStopping; } }")]
    [InlineData("overriding a token property", "abstract class Ctx { public abstract CancellationToken Aborted { get; set; } } class C : Ctx { public override CancellationToken Aborted { get; set; } void M(CancellationToken ct) { Aborted = ct; } }")]
    [InlineData("implementing a token property", "interface ICtx { CancellationToken RequestAborted { get; set; } } class C : ICtx { public CancellationToken RequestAborted { get; set; } void Bind(CancellationToken ct) { RequestAborted = ct; } }")]
    public async Task Does_not_flag_near_misses(string scenario, string code)
    {
        Assert.NotEmpty(scenario);
        await Verify.NoDiagnostics(Usings + "#nullable enable\n" + code);
    }

    [Fact]
    public async Task Does_not_flag_per_call_types()
    {
        await Verify.NoDiagnostics(Usings + """
            #nullable enable
            sealed class Enumerator : IAsyncEnumerator<int>
            {
                private readonly CancellationToken _ct;
                public Enumerator(CancellationToken ct) { _ct = ct; }
                public int Current => 0;
                public ValueTask<bool> MoveNextAsync() => new(!_ct.IsCancellationRequested);
                public ValueTask DisposeAsync() => default;
            }
            readonly struct Awaiter : INotifyCompletion
            {
                private readonly CancellationToken _ct;
                public Awaiter(CancellationToken ct) { _ct = ct; }
                public bool IsCompleted => _ct.IsCancellationRequested;
                public void OnCompleted(Action continuation) { }
                public void GetResult() { }
            }
            """);
    }

    /// <summary>
    /// A method that starts a run the object holds (a new TaskCompletionSource in a field) and stores that run's token
    /// beside it: the object is the operation, and its completion handlers read the token; there is no later call to
    /// pass it to. Storing the token in a method that only reads an existing completion source is still flagged.
    /// </summary>
    [Fact]
    public async Task Does_not_flag_the_token_of_a_run_the_method_starts()
    {
        await Verify.Analyzer(Usings + """
            #nullable enable
            sealed class Command
            {
                private TaskCompletionSource<object?>? _tcs;
                private CancellationToken _userToken;
                private CancellationToken _lastToken;

                public Task ExecuteAsync(CancellationToken cancellationToken)
                {
                    _tcs = new TaskCompletionSource<object?>(TaskCreationOptions.RunContinuationsAsynchronously);
                    _userToken = cancellationToken;
                    return _tcs.Task;
                }

                public Task PollAsync(CancellationToken cancellationToken)
                {
                    {|#0:_lastToken = cancellationToken|};
                    return _tcs?.Task ?? Task.CompletedTask;
                }

                private void OnClosed()
                {
                    if (_userToken.IsCancellationRequested) _tcs?.TrySetCanceled(_userToken);
                    else _tcs?.TrySetResult(null);
                }
            }
            """, Verify.Diagnostic().WithLocation(0).WithArguments("_lastToken", "cancellationToken"));
    }

    // ---- Broken and incomplete code ------------------------------------------------------------------------------

    [Theory]
    [InlineData("class C { CancellationToken _ct; void M(CancellationToken ct, int id) { {|#0:_ct = ct|} } }", true)]
    [InlineData("class C { Missing _ct; void M(CancellationToken ct) { _ct = ct; } }", false)]
    [InlineData("class C { CancellationToken _ct; void M(CancellationToken ct) { _ct = ", false)]
    [InlineData("record R(CancellationToken", false)]
    [InlineData("class C(CancellationToken", false)]
    public async Task Broken_code_is_analyzed_without_crashing(string code, bool flagged)
    {
        var test = new Test { TestCode = Usings + code, CompilerDiagnostics = CompilerDiagnostics.None };
        if (flagged)
        {
            test.ExpectedDiagnostics.Add(Captured(0, "_ct", "ct"));
        }

        await test.RunAsync();
    }
}
