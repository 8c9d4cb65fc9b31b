using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using Vet.CodeFixes.Cancellation;
using Xunit;
using Test = Vet.Analyzers.Tests.Infrastructure.VetTest<Vet.Analyzers.Cancellation.TokenNotPassedOnAnalyzer, Vet.CodeFixes.Cancellation.TokenNotPassedOnCodeFix>;
using Verify = Vet.Analyzers.Tests.Infrastructure.Verify<Vet.Analyzers.Cancellation.TokenNotPassedOnAnalyzer, Vet.CodeFixes.Cancellation.TokenNotPassedOnCodeFix>;

namespace Vet.Analyzers.Tests.Cancellation;

/// <summary>VET103: a cancellation token in scope is not passed on (the shapes CA2016/MA0040 miss).</summary>
public class VET103Tests
{
    private const string Usings = "using System;\nusing System.Collections.Generic;\nusing System.IO;\nusing System.Threading;\nusing System.Threading.Tasks;\n";

    /// <summary><paramref name="token"/> not passed to <paramref name="target"/> ("WithCancellation": an <c>await foreach</c> loop).</summary>
    private static DiagnosticResult NotPassed(int markup, string token, string target) => target == "WithCancellation"
        ? Verify.Diagnostic(Descriptors.Shapes.VET103_AwaitForeach).WithLocation(markup).WithArguments(token)
        : Verify.Diagnostic().WithLocation(markup).WithArguments(token, target);

    // ---- (a) None / default passed explicitly --------------------------------------------------------------------

    [Theory]
    [InlineData("CancellationToken.None")]
    [InlineData("default")]
    [InlineData("default(CancellationToken)")]
    [InlineData("new CancellationToken()")]
    public async Task Flags_none_or_default_passed_explicitly(string none)
    {
        await Verify.CodeFix(Usings + """
            class C
            {
                async Task CopyAsync(Stream from, Stream to, CancellationToken ct)
                {
                    await from.CopyToAsync(to, 81920, {|#0:NONE|});
                }
            }
            """.Replace("NONE", none), Usings + """
            class C
            {
                async Task CopyAsync(Stream from, Stream to, CancellationToken ct)
                {
                    await from.CopyToAsync(to, 81920, ct);
                }
            }
            """, TokenNotPassedOnCodeFix.PassTokenKey, Infrastructure.TargetFramework.Net80, NotPassed(0, "ct", "CopyToAsync"));
    }

    [Fact]
    public async Task Flags_named_default_argument_in_a_constructor_call()
    {
        await Verify.CodeFix(Usings + """
            class Job { public Job(string name, CancellationToken token) { } }
            class C
            {
                Job Make(CancellationToken cancellationToken) => new Job("x", token: {|#0:default|});
            }
            """, Usings + """
            class Job { public Job(string name, CancellationToken token) { } }
            class C
            {
                Job Make(CancellationToken cancellationToken) => new Job("x", token: cancellationToken);
            }
            """, TokenNotPassedOnCodeFix.PassTokenKey, Infrastructure.TargetFramework.Net80, NotPassed(0, "cancellationToken", "Job"));
    }

    // ---- (b) outer token or field instead of the function's own ------------------------------------------------------

    [Fact]
    public async Task Flags_lambda_that_uses_the_outer_token()
    {
        await Verify.CodeFix(Usings + """
            class C
            {
                Task RunAsync(IEnumerable<int> ids, CancellationToken ct) =>
                    Parallel.ForEachAsync(ids, ct, async (id, token) => await Task.Delay(id, {|#0:ct|}));
            }
            """, Usings + """
            class C
            {
                Task RunAsync(IEnumerable<int> ids, CancellationToken ct) =>
                    Parallel.ForEachAsync(ids, ct, async (id, token) => await Task.Delay(id, token));
            }
            """, TokenNotPassedOnCodeFix.PassTokenKey, Infrastructure.TargetFramework.Net80, NotPassed(0, "token", "Delay"));
    }

    [Fact]
    public async Task Flags_local_function_that_uses_the_outer_token_and_a_method_that_uses_a_field()
    {
        await Verify.CodeFix(Usings + """
            class C
            {
                private readonly CancellationToken _shutdown;

                async Task RunAsync(CancellationToken ct)
                {
                    await Step(1, ct);
                    async Task Step(int delay, CancellationToken inner) => await Task.Delay(delay, {|#0:ct|});
                }

                Task WaitAsync(CancellationToken ct) => Task.Delay(10, {|#1:_shutdown|});
            }
            """, Usings + """
            class C
            {
                private readonly CancellationToken _shutdown;

                async Task RunAsync(CancellationToken ct)
                {
                    await Step(1, ct);
                    async Task Step(int delay, CancellationToken inner) => await Task.Delay(delay, inner);
                }

                Task WaitAsync(CancellationToken ct) => Task.Delay(10, ct);
            }
            """, TokenNotPassedOnCodeFix.PassTokenKey, Infrastructure.TargetFramework.Net80, NotPassed(0, "inner", "Delay"), NotPassed(1, "ct", "Delay"));
    }

    // ---- (c) await foreach without WithCancellation ------------------------------------------------------------------

    [Fact]
    public async Task Flags_await_foreach_without_WithCancellation()
    {
        await Verify.CodeFix(Usings + """
            class C
            {
                async Task<int> SumAsync(CancellationToken ct)
                {
                    var sum = 0;
                    await foreach (var x in {|#0:Read()|})
                    {
                        sum += x;
                    }

                    var items = Read();
                    await foreach (var y in {|#1:items.ConfigureAwait(false)|})
                    {
                        sum += y;
                    }

                    return sum;
                }

                IAsyncEnumerable<int> Read() => throw null!;
            }
            """, Usings + """
            class C
            {
                async Task<int> SumAsync(CancellationToken ct)
                {
                    var sum = 0;
                    await foreach (var x in Read().WithCancellation(ct))
                    {
                        sum += x;
                    }

                    var items = Read();
                    await foreach (var y in items.ConfigureAwait(false).WithCancellation(ct))
                    {
                        sum += y;
                    }

                    return sum;
                }

                IAsyncEnumerable<int> Read() => throw null!;
            }
            """, TokenNotPassedOnCodeFix.PassTokenKey, Infrastructure.TargetFramework.Net80, NotPassed(0, "ct", "WithCancellation"), NotPassed(1, "ct", "WithCancellation"));
    }

    [Fact]
    public async Task Flags_await_foreach_over_a_choice_where_one_branch_lacks_the_token()
    {
        await Verify.Analyzer(Usings + """
            class C
            {
                async Task M(bool all, CancellationToken ct)
                {
                    var items = all ? Read(ct) : Cached();
                    await foreach (var x in {|#0:items|}) { }
                }

                IAsyncEnumerable<int> Read(CancellationToken ct) => throw null!;
                IAsyncEnumerable<int> Cached() => throw null!;
            }
            """, NotPassed(0, "ct", "WithCancellation"));
    }

    [Fact]
    public async Task Flags_a_sequence_handed_to_an_async_iterator_without_its_token()
    {
        await Verify.CodeFix(Usings + "using System.Runtime.CompilerServices;\n" + """
            static class Sequences
            {
                public static async IAsyncEnumerable<int> Doubled(IAsyncEnumerable<int> source, [EnumeratorCancellation] CancellationToken ct = default)
                {
                    await foreach (var x in {|#0:source.ConfigureAwait(false)|})
                    {
                        yield return 2 * x;
                    }
                }
            }
            """, Usings + "using System.Runtime.CompilerServices;\n" + """
            static class Sequences
            {
                public static async IAsyncEnumerable<int> Doubled(IAsyncEnumerable<int> source, [EnumeratorCancellation] CancellationToken ct = default)
                {
                    await foreach (var x in source.ConfigureAwait(false).WithCancellation(ct))
                    {
                        yield return 2 * x;
                    }
                }
            }
            """, TokenNotPassedOnCodeFix.PassTokenKey, Infrastructure.TargetFramework.Net80, NotPassed(0, "ct", "WithCancellation"));
    }

    [Fact]
    public async Task Does_not_flag_a_sequence_the_caller_made()
    {
        // The caller built the sequence and may have given it the token (GetMessages(parameters, ct)); WithCancellation here
        // reaches the producer only if it takes an [EnumeratorCancellation] token, which this method cannot see.
        await Verify.Analyzer(Usings + """
            class Writer
            {
                private readonly IAsyncEnumerable<int> _feed = null!;

                public async Task WriteAsync(IAsyncEnumerable<int> messages, CancellationToken ct)
                {
                    await foreach (var message in messages)
                    {
                        await Task.Delay(message, ct);
                    }

                    await foreach (var message in Positive(messages))
                    {
                        await Task.Delay(message, ct);
                    }

                    await foreach (var item in _feed.ConfigureAwait(false))
                    {
                        await Task.Delay(item, ct);
                    }
                }

                static async IAsyncEnumerable<int> Positive(IAsyncEnumerable<int> source)
                {
                    await foreach (var x in source)
                    {
                        if (x > 0) yield return x;
                    }
                }
            }
            """);
    }

    [Fact]
    public async Task Flags_a_sequence_a_service_makes_without_the_token()
    {
        await Verify.Analyzer(Usings + """
            interface ISupplier
            {
                IAsyncEnumerable<int> StreamLevels();
            }

            class Feed
            {
                private readonly ISupplier _supplier = null!;

                public async Task ApplyAsync(ISupplier supplier, CancellationToken ct)
                {
                    await foreach (var level in {|#0:supplier.StreamLevels()|})
                    {
                        await Task.Delay(level, ct);
                    }

                    await foreach (var level in {|#1:_supplier.StreamLevels().ConfigureAwait(false)|})
                    {
                        await Task.Delay(level, ct);
                    }
                }
            }
            """, NotPassed(0, "ct", "WithCancellation"), NotPassed(1, "ct", "WithCancellation"));
    }

    [Fact]
    public async Task An_explicit_None_given_to_the_sequence_is_judged_once_and_a_reason_excuses_it()
    {
        await Verify.Analyzer(Usings + "using System.Runtime.CompilerServices;\nusing System.Threading.Channels;\n" + """
            class Subscription
            {
                async IAsyncEnumerable<int> Drain(ChannelReader<int> reader, [EnumeratorCancellation] CancellationToken ct = default)
                {
                    // Keep reading until the writer completes, so that buffered messages are consumed before exit.
                    await foreach (var x in reader.ReadAllAsync(CancellationToken.None).ConfigureAwait(false))
                    {
                        yield return x;
                    }
                }

                async IAsyncEnumerable<int> Read(ChannelReader<int> reader, [EnumeratorCancellation] CancellationToken ct = default)
                {
                    await foreach (var y in reader.ReadAllAsync({|#0:CancellationToken.None|}))
                    {
                        yield return y;
                    }
                }
            }
            """, NotPassed(0, "ct", "ReadAllAsync"));
    }

    [Fact]
    public async Task Fix_adds_the_tasks_namespace_when_missing()
    {
        await Verify.CodeFix("""
            using System.Collections.Generic;
            using System.Threading;
            class C
            {
                async System.Threading.Tasks.Task M(CancellationToken ct)
                {
                    await foreach (var x in {|#0:Read()|}) { }
                }

                IAsyncEnumerable<int> Read() => throw null!;
            }
            """, """
            using System.Collections.Generic;
            using System.Threading;
            using System.Threading.Tasks;

            class C
            {
                async System.Threading.Tasks.Task M(CancellationToken ct)
                {
                    await foreach (var x in Read().WithCancellation(ct)) { }
                }

                IAsyncEnumerable<int> Read() => throw null!;
            }
            """, TokenNotPassedOnCodeFix.PassTokenKey, Infrastructure.TargetFramework.Net80, NotPassed(0, "ct", "WithCancellation"));
    }

    // ---- (d) omitted token in the first position --------------------------------------------------------------------

    [Fact]
    public async Task Flags_omitted_token_first_overload_and_optional()
    {
        await Verify.CodeFix(Usings + """
            class Store
            {
                public Task SaveAsync(string key, int value) => Task.CompletedTask;
                public Task SaveAsync(CancellationToken ct, string key, int value) => Task.CompletedTask;
                public Task LoadAsync(CancellationToken ct = default, string key = "") => Task.CompletedTask;
            }
            class C
            {
                async Task RunAsync(Store store, CancellationToken ct)
                {
                    await store.{|#0:SaveAsync|}("a", 1);
                    await store.{|#1:LoadAsync|}(key: "b");
                    await store.{|#2:LoadAsync|}();
                }
            }
            """, Usings + """
            class Store
            {
                public Task SaveAsync(string key, int value) => Task.CompletedTask;
                public Task SaveAsync(CancellationToken ct, string key, int value) => Task.CompletedTask;
                public Task LoadAsync(CancellationToken ct = default, string key = "") => Task.CompletedTask;
            }
            class C
            {
                async Task RunAsync(Store store, CancellationToken ct)
                {
                    await store.SaveAsync(ct, "a", 1);
                    await store.LoadAsync(key: "b", ct: ct);
                    await store.LoadAsync(ct);
                }
            }
            """, TokenNotPassedOnCodeFix.PassTokenKey, Infrastructure.TargetFramework.Net80,
            NotPassed(0, "ct", "SaveAsync"), NotPassed(1, "ct", "LoadAsync"), NotPassed(2, "ct", "LoadAsync"));
    }

    // ---- Not flagged ---------------------------------------------------------------------------------------------

    /// <summary>
    /// A generic parameter (<c>Is.EqualTo&lt;T&gt;(T expected)</c>) inferred as CancellationToken is a value being compared,
    /// not a token the callee observes: only a parameter declared as CancellationToken is a token parameter.
    /// </summary>
    /// <summary>A call that does not bind (here an argument of an unknown type) may be the one given the token.</summary>
    [Fact]
    public async Task Does_not_flag_await_foreach_over_a_call_that_does_not_bind()
    {
        await Verify.Analyzer(Usings + """
            class Connection
            {
                public IAsyncEnumerable<int> ReadAsync(string subject, CancellationToken cancellationToken = default) => throw null!;
            }
            class C
            {
                async Task M(Connection connection, CancellationToken ct)
                {
                    await foreach (var item in connection.ReadAsync({|#0:Missing|}, cancellationToken: ct))
                    {
                    }
                }
            }
            """, DiagnosticResult.CompilerError("CS0103").WithLocation(0).WithArguments("Missing"));
    }

    /// <summary>A generic method whose token is passed by name after other named optional arguments.</summary>
    [Fact]
    public async Task Does_not_flag_await_foreach_over_a_generic_call_given_the_token_by_name()
    {
        await Verify.NoDiagnostics(Usings + """
            interface ISerializer<T> { }
            class Options { }
            class Connection
            {
                public async IAsyncEnumerable<TReply> RequestManyAsync<TRequest, TReply>(string subject, TRequest? data, ISerializer<TRequest>? requestSerializer = default,
                    ISerializer<TReply>? replySerializer = default, Options? replyOpts = default, CancellationToken cancellationToken = default)
                {
                    await Task.Yield();
                    yield break;
                }
            }
            static class Utils
            {
                public static async Task<int> FindAsync<T>(this Connection nats, ISerializer<T> serializer, CancellationToken ct)
                {
                    var count = 0;
                    Func<Task<bool>> probe = async () =>
                    {
                        await foreach (var msg in nats.RequestManyAsync<string, T>("s", "{}", replySerializer: serializer, replyOpts: new Options(), cancellationToken: ct))
                        {
                            count++;
                        }

                        return true;
                    };
                    await probe();
                    await foreach (var msg in nats.RequestManyAsync<string, T>("s", "{}", replySerializer: serializer, cancellationToken: ct))
                    {
                        count++;
                    }

                    return count;
                }
            }
            """);
    }

    [Fact]
    public async Task Does_not_flag_a_generic_parameter_inferred_as_a_token()
    {
        await Verify.NoDiagnostics(Usings + """
            static class Is { public static object EqualTo<T>(T expected) => expected!; }
            static class Assert { public static void That<T>(T actual, object constraint) { } }
            class Box<T> { public void Put(T value) { } }
            class Tests
            {
                void InjectedToken(CancellationToken cancellationToken)
                {
                    Assert.That(cancellationToken, Is.EqualTo(CancellationToken.None));
                    new Box<CancellationToken>().Put(default);
                }
            }
            """);
    }

    [Fact]
    public async Task Flags_a_token_parameter_of_a_constructed_generic_type()
    {
        await Verify.Analyzer(Usings + """
            class Queue<T> { public Task PutAsync(T item, CancellationToken cancellationToken) => Task.CompletedTask; }
            class C
            {
                Task M(Queue<int> queue, CancellationToken ct) => queue.PutAsync(1, {|#0:CancellationToken.None|});
            }
            """, NotPassed(0, "ct", "PutAsync"));
    }


    [Theory]
    [InlineData("no token in scope", "void M(Stream s) { s.FlushAsync(CancellationToken.None); }")]
    [InlineData("token passed", "void M(Stream s, CancellationToken ct) { s.FlushAsync(ct); }")]
    [InlineData("omitted last-position token (CA2016's)", "void M(Stream s, CancellationToken ct) { s.FlushAsync(); }")]
    [InlineData("finally", "async Task M(Stream s, CancellationToken ct) { try { await s.FlushAsync(ct); } finally { await s.FlushAsync(CancellationToken.None); } }")]
    [InlineData("catch", "async Task M(Stream s, CancellationToken ct) { try { await s.FlushAsync(ct); } catch (IOException) { await s.FlushAsync(default); } }")]
    [InlineData("Dispose", "CancellationToken _t; void Dispose(bool disposing, CancellationToken ct) { Task.Delay(1, CancellationToken.None); }")]
    [InlineData("DisposeAsync", "async ValueTask DisposeAsync(CancellationToken ct) { await Task.Delay(1, default); }")]
    [InlineData("shutdown path with an inherited token", "Task StopAsync() { return Run(async token => { await Task.Delay(1, default(CancellationToken)); }); } Task Run(Func<CancellationToken, Task> f) => f(default);")]
    [InlineData("after IsCancellationRequested", "async Task M(Stream s, CancellationToken ct) { if (ct.IsCancellationRequested) { await s.FlushAsync(CancellationToken.None); } }")]
    [InlineData("after IsCancellationRequested, same block", "async Task M(Stream s, CancellationToken ct) { var stop = ct.IsCancellationRequested; await s.FlushAsync(CancellationToken.None); }")]
    [InlineData("after CanBeCanceled", "Task M(CancellationToken ct) { if (ct.CanBeCanceled) return Task.Delay(1, ct); return Task.Delay(1, CancellationToken.None); }")]
    [InlineData("fresh timeout source", "async Task M(Stream s, CancellationToken ct) { using var cts = new CancellationTokenSource(1000); await s.FlushAsync(cts.Token); }")]
    [InlineData("explained by a comment", "async Task M(Stream s, CancellationToken ct) {\n // Cancelling mid-write would corrupt the stream.\n await s.FlushAsync(CancellationToken.None); }")]
    [InlineData("ContinueWith idiom", "Task M(Task t, CancellationToken ct) => t.ContinueWith(_ => { }, CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);")]
    [InlineData("TrySetCanceled names the cause, cancels nothing", "void M(TaskCompletionSource<int> tcs, CancellationToken ct) { tcs.TrySetCanceled(CancellationToken.None); }")]
    [InlineData("SetCanceled with another token", "void M(TaskCompletionSource tcs, CancellationToken ct, CancellationTokenSource other) { tcs.SetCanceled(other.Token); }")]
    [InlineData("Task.FromCanceled", "Task M(CancellationToken ct, CancellationTokenSource other) => Task.FromCanceled(other.Token);")]
    [InlineData("OperationCanceledException with None", "void M(CancellationToken ct) { throw new OperationCanceledException(\"stopped\", CancellationToken.None); }")]
    [InlineData("TaskCanceledException with None", "void M(CancellationToken ct) { throw new TaskCanceledException(\"stopped\", null, CancellationToken.None); }")]
    [InlineData("StartNew idiom", "Task M(CancellationToken ct) => Task.Factory.StartNew(() => { }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);")]
    [InlineData("linked with the token in scope", "CancellationToken _f; void M(CancellationToken ct) { using var l = CancellationTokenSource.CreateLinkedTokenSource(ct, _f); }")]
    [InlineData("two token parameters (ambiguous)", "Task M(CancellationToken a, CancellationToken b) => Task.Delay(1, CancellationToken.None);")]
    [InlineData("static lambda cannot see the outer token", "Task M(CancellationToken ct) => Task.Run(static () => Task.Delay(1, CancellationToken.None));")]
    [InlineData("Register callback (token already cancelled)", "void M(Stream s, CancellationToken ct) { ct.Register(() => s.FlushAsync(CancellationToken.None)); }")]
    [InlineData("lambda uses its own token", "Task M(IEnumerable<int> ids, CancellationToken ct) => Parallel.ForEachAsync(ids, ct, async (id, token) => await Task.Delay(id, token));")]
    [InlineData("lambda without its own token uses the outer one", "Task M(CancellationToken ct) => Task.Run(() => Task.Delay(1, ct));")]
    [InlineData("property of a parameter", "Task M(CancellationTokenSource cts, CancellationToken ct) => Task.Delay(1, cts.Token);")]
    [InlineData("source field's token", "CancellationTokenSource _cts = new(); Task M(CancellationToken ct) => Task.Delay(1, _cts.Token);")]
    [InlineData("await foreach with WithCancellation", "async Task M(IAsyncEnumerable<int> s, CancellationToken ct) { await foreach (var x in s.WithCancellation(ct).ConfigureAwait(false)) { } }")]
    [InlineData("await foreach over a call given the token", "async Task M(CancellationToken ct) { await foreach (var x in Read(ct)) { } } IAsyncEnumerable<int> Read(CancellationToken ct) => throw null!;")]
    [InlineData("await foreach over a local made with the token", "async Task M(CancellationToken ct) { var items = Read(ct); await foreach (var x in items) { } } IAsyncEnumerable<int> Read(CancellationToken ct) => throw null!;")]
    [InlineData("await foreach over either of two calls given the token", "async Task M(bool all, CancellationToken ct) { var items = all ? Read(ct) : ReadSome(1, ct); await foreach (var x in items) { } } IAsyncEnumerable<int> Read(CancellationToken ct) => throw null!; IAsyncEnumerable<int> ReadSome(int n, CancellationToken ct) => throw null!;")]
    [InlineData("await foreach over a switch of calls given the token", "async Task M(int kind, CancellationToken ct) { await foreach (var x in kind switch { 0 => Read(ct), _ => ReadSome(kind, ct) }) { } } IAsyncEnumerable<int> Read(CancellationToken ct) => throw null!; IAsyncEnumerable<int> ReadSome(int n, CancellationToken ct) => throw null!;")]
    [InlineData("await foreach with no token in scope", "async Task M(IAsyncEnumerable<int> s) { await foreach (var x in s) { } }")]
    [InlineData("delegate with an optional first token", "delegate Task Next(CancellationToken t = default, int retries = 0); Task M(Next next, CancellationToken ct) => next();")]
    [InlineData("named None argument", "Task M(Stream s, CancellationToken ct) => s.FlushAsync(cancellationToken: CancellationToken.None);")]
    [InlineData("after ThrowIfCancellationRequested", "async Task M(Stream s, CancellationToken ct) { ct.ThrowIfCancellationRequested(); await s.FlushAsync(CancellationToken.None); }")]
    [InlineData("in a loop that checks the token", "async Task M(Stream s, CancellationToken ct) { while (!ct.IsCancellationRequested) { await s.FlushAsync(CancellationToken.None); } }")]
    [InlineData("in a for loop that checks the token", "async Task M(Stream s, CancellationToken ct) { for (var i = 0; i < 3 && !ct.IsCancellationRequested; i++) { await s.FlushAsync(CancellationToken.None); } }")]
    [InlineData("field filled from the token", "CancellationToken _token; Task M(CancellationToken ct) { _token = ct; return Task.Delay(1, _token); }")]
    [InlineData("lambda token named _", "Task M(IEnumerable<int> ids, CancellationToken ct) => Parallel.ForEachAsync(ids, ct, async (id, _) => await Task.Delay(id, ct));")]
    [InlineData("lambda token named _1", "Task M(CancellationToken ct) => Run(async _1 => await Task.Delay(1, ct)); Task Run(Func<CancellationToken, Task> f) => f(default);")]
    [InlineData("await foreach configured over a call given the token", "async Task M(CancellationToken ct) { await foreach (var x in Read(ct).ConfigureAwait(false)) { } } IAsyncEnumerable<int> Read(CancellationToken ct) => throw null!;")]
    public async Task Does_not_flag(string scenario, string member)
    {
        Assert.NotEmpty(scenario);
        await Verify.NoDiagnostics(Usings + "class C { " + member + " }");
    }

    [Fact]
    public async Task A_reason_on_an_enclosing_or_earlier_statement_excuses_an_explicit_None()
    {
        await Verify.NoDiagnostics(Usings + """
            class C
            {
                async Task SaveAsync(Stream s, bool flush, CancellationToken ct)
                {
                    // Once the header is written the file must be completed: a half-written file cannot be read back.
                    await s.WriteAsync(new byte[4], 0, 4, CancellationToken.None);
                    await s.FlushAsync(CancellationToken.None);

                    // The trailer is written even when the caller gives up, for the same reason.
                    if (flush)
                    {
                        await s.FlushAsync(CancellationToken.None);
                    }
                }
            }
            """);
    }

    [Fact]
    public async Task Still_flags_None_under_a_TODO_marker()
    {
        await Verify.Analyzer(Usings + """
            class C
            {
                async Task M(Stream s, CancellationToken ct)
                {
                    // TODO: pass the token
                    await s.FlushAsync({|#0:CancellationToken.None|});
                }
            }
            """, NotPassed(0, "ct", "FlushAsync"));
    }

    [Fact]
    public async Task Does_not_flag_None_after_a_loop_that_runs_until_cancellation()
    {
        // The loop ends when the token fires: the work after it runs on the way out, when the token is already cancelled.
        await Verify.NoDiagnostics(Usings + """
            class C
            {
                async Task M(Stream s, CancellationToken ct)
                {
                    while (!ct.IsCancellationRequested)
                    {
                        await Task.Delay(1, ct);
                    }

                    await s.FlushAsync(CancellationToken.None);
                }
            }
            """);
    }

    [Fact]
    public async Task Does_not_flag_None_where_the_token_already_reaches_the_work()
    {
        await Verify.NoDiagnostics(Usings + """
            static class TaskExtensions
            {
                public static void WaitAndUnwrap(this Task task, CancellationToken token) => task.Wait(token);
            }

            class Gate
            {
                Task WaitAsync(CancellationToken ct) => Task.Delay(1, ct);

                public void Wait(CancellationToken cancellationToken)
                {
                    // The token is already given to the wait itself.
                    WaitAsync(cancellationToken).WaitAndUnwrap(CancellationToken.None);
                }

                public void WaitChecked(CancellationToken cancellationToken)
                {
                    var wait = WaitAsync(CancellationToken.None);
                    if (wait.IsCompleted)
                        return;
                    wait.WaitAndUnwrap(cancellationToken);
                }
            }
            """);
    }

    [Fact]
    public async Task Does_not_flag_a_lifetime_field_given_to_work_that_outlives_the_call()
    {
        await Verify.NoDiagnostics(Usings + """
            class Socket
            {
                private CancellationToken _lifetime;
                private CancellationTokenSource? _running;
                private readonly CancellationTokenSource _stop = new();
                private Task _loop = Task.CompletedTask;

                public Task StartAsync(CancellationToken cancelToken)
                {
                    _running = CancellationTokenSource.CreateLinkedTokenSource(_lifetime, _stop.Token);
                    _loop = RunAsync(_lifetime);
                    _ = RunAsync(_lifetime);
                    return Task.CompletedTask;
                }

                private Task RunAsync(CancellationToken token) => Task.Delay(1000, token);
            }
            """);
    }

    [Fact]
    public async Task Flags_a_field_token_given_to_work_the_call_awaits()
    {
        await Verify.Analyzer(Usings + """
            class Socket
            {
                private CancellationToken _lifetime;

                public async Task StartAsync(CancellationToken cancelToken)
                {
                    await RunAsync({|#0:_lifetime|});
                }

                private Task RunAsync(CancellationToken token) => Task.Delay(1000, token);
            }
            """, NotPassed(0, "cancelToken", "RunAsync"));
    }

    [Fact]
    public async Task Flags_a_field_not_filled_from_the_token()
    {
        await Verify.Analyzer(Usings + """
            class C
            {
                CancellationToken _token;
                CancellationToken _other;

                Task M(CancellationToken ct)
                {
                    _other = ct;
                    return Task.Delay(1, {|#0:_token|});
                }
            }
            """, NotPassed(0, "ct", "Delay"));
    }

    [Fact]
    public async Task Flags_configured_await_foreach_whose_factory_got_no_token()
    {
        await Verify.Analyzer(Usings + """
            class C
            {
                async Task M(CancellationToken ct)
                {
                    await foreach (var x in {|#0:Read().ConfigureAwait(false)|}) { }
                }

                IAsyncEnumerable<int> Read() => throw null!;
            }
            """, NotPassed(0, "ct", "WithCancellation"));
    }

    [Fact]
    public async Task Does_not_flag_None_in_work_left_running_after_the_call()
    {
        // A reconnect started in the background outlives the call that noticed the lost connection.
        await Verify.Analyzer(Usings + """
            class Locker
            {
                private Task? _retry;

                public async Task AcquireAsync(CancellationToken token)
                {
                    await Task.Yield();
                    _ = Task.Run(async () => await ConnectAsync(CancellationToken.None));
                    _retry = Task.Run(() => ConnectAsync(CancellationToken.None));
                    Task.Run(() => ConnectAsync(default));
                    await Task.Run(() => ConnectAsync({|#0:CancellationToken.None|}));
                }

                Task ConnectAsync(CancellationToken ct) => Task.CompletedTask;
            }
            """, NotPassed(0, "token", "ConnectAsync"));
    }

    [Fact]
    public async Task Shutdown_path_given_its_own_token_is_flagged()
    {
        await Verify.Analyzer(Usings + """
            class C
            {
                Task StopAsync(CancellationToken cancellationToken) => Task.Delay(100, {|#0:CancellationToken.None|});
            }
            """, NotPassed(0, "cancellationToken", "Delay"));
    }

    [Fact]
    public async Task A_comment_excuses_only_an_explicit_None()
    {
        await Verify.Analyzer(Usings + """
            class C
            {
                async Task M(Func<CancellationToken, Task> step, CancellationToken ct)
                {
                    // Read everything.
                    await foreach (var x in {|#0:Source()|}) { }

                    // Each step gets its own token.
                    await Task.Run(async () => await Run(async token => await Task.Delay(1, {|#1:ct|})));
                }

                Task Run(Func<CancellationToken, Task> f) => f(default);

                IAsyncEnumerable<int> Source() => throw null!;
            }
            """, NotPassed(0, "ct", "WithCancellation"), NotPassed(1, "token", "Delay"));
    }

    // ---- Fix All -------------------------------------------------------------------------------------------------

    [Fact]
    public async Task Fix_all_passes_the_token_across_documents()
    {
        var test = new Test { CodeActionEquivalenceKey = TokenNotPassedOnCodeFix.PassTokenKey };
        test.TestState.Sources.Add(("/0/A.cs", Usings + """
            class A
            {
                async Task M(Stream s, CancellationToken ct)
                {
                    await s.FlushAsync({|#0:CancellationToken.None|});
                    await foreach (var x in {|#1:Xs()|}) { await s.FlushAsync({|#2:default|}); }
                }

                IAsyncEnumerable<int> Xs() => throw null!;
            }
            """));
        test.TestState.Sources.Add(("/0/B.cs", Usings + """
            class B
            {
                Task M(CancellationToken token) => Task.WhenAll(Task.Delay(1, {|#3:default|}), Task.Delay(2, {|#4:CancellationToken.None|}));
            }
            """));
        test.FixedState.Sources.Add(("/0/A.cs", Usings + """
            class A
            {
                async Task M(Stream s, CancellationToken ct)
                {
                    await s.FlushAsync(ct);
                    await foreach (var x in Xs().WithCancellation(ct)) { await s.FlushAsync(ct); }
                }

                IAsyncEnumerable<int> Xs() => throw null!;
            }
            """));
        test.FixedState.Sources.Add(("/0/B.cs", Usings + """
            class B
            {
                Task M(CancellationToken token) => Task.WhenAll(Task.Delay(1, token), Task.Delay(2, token));
            }
            """));
        test.ExpectedDiagnostics.Add(NotPassed(0, "ct", "FlushAsync"));
        test.ExpectedDiagnostics.Add(NotPassed(1, "ct", "WithCancellation"));
        test.ExpectedDiagnostics.Add(NotPassed(2, "ct", "FlushAsync"));
        test.ExpectedDiagnostics.Add(NotPassed(3, "token", "Delay"));
        test.ExpectedDiagnostics.Add(NotPassed(4, "token", "Delay"));
        await test.RunAsync();
    }

    // ---- Broken and incomplete code ------------------------------------------------------------------------------

    [Theory]
    [InlineData("class C { async Task M(CancellationToken ct) { await Missing.RunAsync({|#0:CancellationToken.None|}); } }", false)]
    [InlineData("class C { async Task M(CancellationToken ct) { await Task.Delay(1, {|#0:CancellationToken.None|}) } }", true)]
    [InlineData("class C { async Task M(CancellationToken ct) { await foreach (var x in Unknown()) { } } }", false)]
    [InlineData("class C { async Task M(CancellationToken ct) { await Task.Delay(1, ", false)]
    [InlineData("class C { void M(Unknown u, CancellationToken ct) { u.Go(default); } }", false)]
    public async Task Incomplete_code_is_analyzed_without_crashing(string code, bool flagged)
    {
        var test = new Test { TestCode = Usings + code.Replace("{|#0:", flagged ? "{|#0:" : string.Empty).Replace("|}", flagged ? "|}" : string.Empty), CompilerDiagnostics = CompilerDiagnostics.None };
        if (flagged)
        {
            test.ExpectedDiagnostics.Add(NotPassed(0, "ct", "Delay"));
        }

        await test.RunAsync();
    }
}
