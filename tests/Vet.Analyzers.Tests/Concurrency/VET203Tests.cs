using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using Vet.Analyzers.Tests.Infrastructure;
using Vet.CodeFixes.Concurrency;
using Xunit;
using Test = Vet.Analyzers.Tests.Infrastructure.VetTest<Vet.Analyzers.Concurrency.LockReleasedOutsideFinallyAnalyzer, Vet.CodeFixes.Concurrency.LockReleasedOutsideFinallyCodeFix>;
using Verify = Vet.Analyzers.Tests.Infrastructure.Verify<Vet.Analyzers.Concurrency.LockReleasedOutsideFinallyAnalyzer, Vet.CodeFixes.Concurrency.LockReleasedOutsideFinallyCodeFix>;

namespace Vet.Analyzers.Tests.Concurrency;

/// <summary>VET203: a lock acquired by a call and released outside the finally of a try that starts right after it.</summary>
public class VET203Tests
{
    private const string Usings = "using System;\nusing System.Threading;\nusing System.Threading.Tasks;\n";

    private const string Fields = """
            private readonly object _gate = new object();
            private readonly SemaphoreSlim _semaphore = new SemaphoreSlim(1, 1);
            private readonly ReaderWriterLockSlim _rw = new ReaderWriterLockSlim();
            private readonly Mutex _mutex = new Mutex();
            private SpinLock _spin = new SpinLock(false);
            private int _count;
            private void Work() { _count++; }
            private Task WorkAsync() => Task.CompletedTask;
        """;

    private const string OutsideFinally = "is released outside a finally block: an exception or early return before the release leaves it held; release it in the finally of a try that starts right after the acquire";
    private const string InsideTry = "is acquired inside the try whose finally releases it: if the wait throws or is canceled, the finally releases a lock this code never took; acquire it just before the try";
    private const string BeforeTry = "is acquired, then other code runs before the try whose finally releases it: an exception there leaves it held; start the try right after the acquire";
    private const string Empty = "is released right after it is acquired: the critical section is empty";

    private static string Class(string members) => Usings + "class C\n{\n" + Fields + "\n" + members + "\n}\n";

    private static DiagnosticResult Released(string gate, string detail, params int[] releases)
    {
        var result = Verify.Diagnostic().WithLocation(0).WithArguments(gate, detail);
        foreach (var release in releases)
        {
            result = result.WithLocation(release);
        }

        return result;
    }

    // ---- Flagged ---------------------------------------------------------------------------------------------

    [Theory]
    [InlineData("Monitor", "void M() { {|#0:Monitor.Enter(_gate)|}; Work(); {|#1:Monitor.Exit(_gate)|}; }", "_gate")]
    [InlineData("SemaphoreSlim.Wait", "void M() { {|#0:_semaphore.Wait()|}; Work(); {|#1:_semaphore.Release()|}; }", "_semaphore")]
    [InlineData("SemaphoreSlim.Wait(token)", "void M(CancellationToken ct) { {|#0:_semaphore.Wait(ct)|}; Work(); {|#1:_semaphore.Release()|}; }", "_semaphore")]
    [InlineData("SemaphoreSlim.WaitAsync", "async Task M() { await {|#0:_semaphore.WaitAsync()|}; await WorkAsync(); {|#1:_semaphore.Release()|}; }", "_semaphore")]
    [InlineData("WaitAsync with ConfigureAwait", "async Task M(CancellationToken ct) { await {|#0:_semaphore.WaitAsync(ct)|}.ConfigureAwait(false); await WorkAsync(); {|#1:_semaphore.Release()|}; }", "_semaphore")]
    [InlineData("write lock", "void M() { {|#0:_rw.EnterWriteLock()|}; Work(); {|#1:_rw.ExitWriteLock()|}; }", "_rw")]
    [InlineData("read lock", "int M() { {|#0:_rw.EnterReadLock()|}; var n = _count; {|#1:_rw.ExitReadLock()|}; return n; }", "_rw")]
    [InlineData("upgradeable read lock", "void M() { {|#0:_rw.EnterUpgradeableReadLock()|}; Work(); {|#1:_rw.ExitUpgradeableReadLock()|}; }", "_rw")]
    [InlineData("Mutex", "void M() { {|#0:_mutex.WaitOne()|}; Work(); {|#1:_mutex.ReleaseMutex()|}; }", "_mutex")]
    [InlineData("early return skips the release", "void M(bool skip) { {|#0:Monitor.Enter(_gate)|}; if (skip) return; Work(); {|#1:Monitor.Exit(_gate)|}; }", "_gate")]
    [InlineData("release in a branch and at the end", "void M(bool stop) { {|#0:_semaphore.Wait()|}; if (stop) { {|#1:_semaphore.Release()|}; return; } Work(); {|#2:_semaphore.Release()|}; }", "_semaphore")]
    [InlineData("local semaphore", "void M(SemaphoreSlim s) { {|#0:s.Wait()|}; Work(); {|#1:s.Release()|}; }", "s")]
    [InlineData("inside a lambda", "void M() { Action a = () => { {|#0:Monitor.Enter(_gate)|}; Work(); {|#1:Monitor.Exit(_gate)|}; }; a(); }", "_gate")]
    public async Task Flags_a_release_outside_finally(string scenario, string method, string gate)
    {
        Assert.NotEmpty(scenario);
        var releases = method.Contains("#2:", System.StringComparison.Ordinal) ? new[] { 1, 2 } : new[] { 1 };
        await Verify.Analyzer(Class(method), Released(gate, OutsideFinally, releases));
    }

    [Fact]
    public async Task Flags_System_Threading_Lock_on_net9_and_later()
    {
        await Verify.Analyzer(
            Class("private readonly Lock _lock = new(); void M() { {|#0:_lock.Enter()|}; Work(); {|#1:_lock.Exit()|}; }"),
            TargetFramework.Net100,
            editorConfig: null,
            Released("_lock", OutsideFinally, 1));
    }

    [Theory]
    [InlineData("WaitAsync as the first statement", "async Task M(CancellationToken ct) { try { await {|#0:_semaphore.WaitAsync(ct)|}; await WorkAsync(); } finally { _semaphore.Release(); } }", "_semaphore")]
    [InlineData("Wait later in the try", "void M() { try { Work(); {|#0:_semaphore.Wait()|}; Work(); } finally { _semaphore.Release(); } }", "_semaphore")]
    [InlineData("Monitor.Enter without lockTaken", "void M() { try { {|#0:Monitor.Enter(_gate)|}; Work(); } finally { Monitor.Exit(_gate); } }", "_gate")]
    [InlineData("write lock", "void M() { try { {|#0:_rw.EnterWriteLock()|}; Work(); } finally { _rw.ExitWriteLock(); } }", "_rw")]
    public async Task Flags_an_acquire_inside_the_try_it_protects(string scenario, string method, string gate)
    {
        Assert.NotEmpty(scenario);
        await Verify.Analyzer(Class(method), Released(gate, InsideTry));
    }

    [Theory]
    [InlineData("a call", "void M() { {|#0:Monitor.Enter(_gate)|}; Work(); try { Work(); } finally { Monitor.Exit(_gate); } }", "_gate")]
    [InlineData("an await", "async Task M() { await {|#0:_semaphore.WaitAsync()|}; await WorkAsync(); try { Work(); } finally { _semaphore.Release(); } }", "_semaphore")]
    [InlineData("the try in an outer block", "void M(bool b) { if (b) { {|#0:_rw.EnterReadLock()|}; Work(); } try { Work(); } finally { if (b) _rw.ExitReadLock(); } }", "_rw")]
    public async Task Flags_code_that_can_throw_between_the_acquire_and_the_try(string scenario, string method, string gate)
    {
        Assert.NotEmpty(scenario);
        await Verify.Analyzer(Class(method), Released(gate, BeforeTry));
    }

    [Theory]
    [InlineData("release right after", "void M() { {|#0:_semaphore.Wait()|}; _semaphore.Release(); Work(); }", "_semaphore")]
    [InlineData("empty try", "void M() { {|#0:Monitor.Enter(_gate)|}; try { } finally { Monitor.Exit(_gate); } }", "_gate")]
    [InlineData("async", "async Task M() { await {|#0:_semaphore.WaitAsync()|}; _semaphore.Release(); await WorkAsync(); }", "_semaphore")]
    public async Task Flags_an_empty_critical_section(string scenario, string method, string gate)
    {
        Assert.NotEmpty(scenario);
        await Verify.Analyzer(Class(method), Released(gate, Empty));
    }

    // ---- Not flagged: the near misses ----------------------------------------------------------------------------

    [Theory]
    [InlineData("try right after", "void M() { Monitor.Enter(_gate); try { Work(); } finally { Monitor.Exit(_gate); } }")]
    [InlineData("WaitAsync then try", "async Task M(CancellationToken ct) { await _semaphore.WaitAsync(ct).ConfigureAwait(false); try { await WorkAsync(); } finally { _semaphore.Release(); } }")]
    [InlineData("lockTaken pattern", "void M() { bool taken = false; try { Monitor.Enter(_gate, ref taken); Work(); } finally { if (taken) Monitor.Exit(_gate); } }")]
    [InlineData("SpinLock pattern", "void M() { bool taken = false; try { _spin.Enter(ref taken); Work(); } finally { if (taken) _spin.Exit(); } }")]
    [InlineData("flag set after the wait", "async Task M(CancellationToken ct) { var acquired = false; try { await _semaphore.WaitAsync(ct); acquired = true; await WorkAsync(); } finally { if (acquired) _semaphore.Release(); } }")]
    [InlineData("never released here: the caller owns it", "public async Task LockAsync() { await _semaphore.WaitAsync(); }")]
    [InlineData("released by a continuation", "public void M() { _semaphore.Wait(); WorkAsync().ContinueWith(_ => _semaphore.Release()); }")]
    [InlineData("released only on failure", "public async Task<IDisposable> M() { await _semaphore.WaitAsync(); try { await WorkAsync(); return new Releaser(); } catch { _semaphore.Release(); throw; } }")]
    [InlineData("TryEnter guard", "void M() { if (Monitor.TryEnter(_gate)) { Work(); Monitor.Exit(_gate); } }")]
    [InlineData("Wait(timeout) guard", "void M() { if (_semaphore.Wait(100)) { Work(); _semaphore.Release(); } }")]
    [InlineData("WaitAsync(timeout) guard", "async Task M() { if (await _semaphore.WaitAsync(100)) { Work(); _semaphore.Release(); } }")]
    [InlineData("WaitOne(timeout) guard", "void M() { if (_mutex.WaitOne(100)) { Work(); _mutex.ReleaseMutex(); } }")]
    [InlineData("lock statement", "void M() { lock (_gate) { Work(); } }")]
    [InlineData("plain assignments before the try", "void M() { Monitor.Enter(_gate); var held = true; _count = 0; try { Work(); } finally { if (held) Monitor.Exit(_gate); } }")]
    [InlineData("conditional acquire before the try", "void M(bool b) { if (b) _rw.EnterReadLock(); try { Work(); } finally { if (b) _rw.ExitReadLock(); } }")]
    [InlineData("hand-over-hand: the next lock taken last inside a lock", "object _other = new object(); void M() { lock (_gate) { Work(); Monitor.Enter(_other); } try { Work(); } finally { Monitor.Exit(_other); } }")]
    [InlineData("acquire ends an if block", "void M(bool b) { if (b) { Work(); _semaphore.Wait(); } try { Work(); } finally { if (b) _semaphore.Release(); } }")]
    [InlineData("released and taken back inside the protected region", "void M() { Monitor.Enter(_gate); try { Monitor.Exit(_gate); Work(); Monitor.Enter(_gate); Work(); } finally { Monitor.Exit(_gate); } }")]
    [InlineData("a different gate released", "object _other = new object(); void M() { Monitor.Enter(_gate); Work(); Monitor.Exit(_other); }")]
    [InlineData("Wait on a Task is not a lock", "void M(Task t) { t.Wait(); Work(); }")]
    [InlineData("Release before the acquire: the caller held it", "void M() { _semaphore.Release(); Work(); _semaphore.Wait(); }")]
    public async Task Does_not_flag_near_misses(string scenario, string method)
    {
        Assert.NotEmpty(scenario);
        await Verify.NoDiagnostics(Class(method + "\nsealed class Releaser : IDisposable { public void Dispose() { } }"));
    }

    [Fact]
    public async Task Does_not_flag_the_Lock_scope_pattern()
    {
        await Verify.NoDiagnostics(
            Class("private readonly Lock _lock = new(); void M() { using (_lock.EnterScope()) { Work(); } _lock.Enter(); try { Work(); } finally { _lock.Exit(); } }"),
            TargetFramework.Net100);
    }

    // ---- The fix -------------------------------------------------------------------------------------------------

    [Fact]
    public async Task Fix_wraps_the_code_between_acquire_and_release_in_try_finally()
    {
        await Verify.CodeFix(
            Usings + """
            class Inventory
            {
                private readonly SemaphoreSlim _semaphore = new SemaphoreSlim(1, 1);
                private int _count;

                public async Task AddAsync(int n, CancellationToken ct)
                {
                    await {|#0:_semaphore.WaitAsync(ct)|}.ConfigureAwait(false);
                    // Counted under the semaphore.
                    _count += n;
                    await Task.Delay(1, ct);
                    {|#1:_semaphore.Release()|}; // done
                    Console.WriteLine(_count);
                }
            }
            """,
            Usings + """
            class Inventory
            {
                private readonly SemaphoreSlim _semaphore = new SemaphoreSlim(1, 1);
                private int _count;

                public async Task AddAsync(int n, CancellationToken ct)
                {
                    await _semaphore.WaitAsync(ct).ConfigureAwait(false);
                    try
                    {
                        // Counted under the semaphore.
                        _count += n;
                        await Task.Delay(1, ct);
                    }
                    finally
                    {
                        _semaphore.Release(); // done
                    }
                    Console.WriteLine(_count);
                }
            }
            """,
            LockReleasedOutsideFinallyCodeFix.TryFinallyKey,
            TargetFramework.Net80,
            Released("_semaphore", OutsideFinally, 1));
    }

    [Fact]
    public async Task Fix_moves_an_acquire_out_of_the_start_of_its_try()
    {
        await Verify.CodeFix(
            Usings + """
            class Inventory
            {
                private readonly SemaphoreSlim _semaphore = new SemaphoreSlim(1, 1);

                public async Task SaveAsync(CancellationToken ct)
                {
                    try
                    {
                        await {|#0:_semaphore.WaitAsync(ct)|};
                        await Task.Delay(1, ct);
                    }
                    finally
                    {
                        _semaphore.Release();
                    }
                }
            }
            """,
            Usings + """
            class Inventory
            {
                private readonly SemaphoreSlim _semaphore = new SemaphoreSlim(1, 1);

                public async Task SaveAsync(CancellationToken ct)
                {
                    await _semaphore.WaitAsync(ct);
                    try
                    {
                        await Task.Delay(1, ct);
                    }
                    finally
                    {
                        _semaphore.Release();
                    }
                }
            }
            """,
            LockReleasedOutsideFinallyCodeFix.TryFinallyKey,
            TargetFramework.Net80,
            Released("_semaphore", InsideTry));
    }

    [Fact]
    public async Task Fix_moves_the_statements_before_the_try_into_it()
    {
        await Verify.CodeFix(
            Usings + """
            class Inventory
            {
                private readonly ReaderWriterLockSlim _rw = new ReaderWriterLockSlim();
                private int[] _items = new int[4];

                public int Sum()
                {
                    {|#0:_rw.EnterReadLock()|};
                    var items = (int[])_items.Clone();
                    try
                    {
                        var sum = 0;
                        foreach (var item in items) sum += item;
                        return sum;
                    }
                    finally
                    {
                        _rw.ExitReadLock();
                    }
                }
            }
            """,
            Usings + """
            class Inventory
            {
                private readonly ReaderWriterLockSlim _rw = new ReaderWriterLockSlim();
                private int[] _items = new int[4];

                public int Sum()
                {
                    _rw.EnterReadLock();
                    try
                    {
                        var items = (int[])_items.Clone();
                        var sum = 0;
                        foreach (var item in items) sum += item;
                        return sum;
                    }
                    finally
                    {
                        _rw.ExitReadLock();
                    }
                }
            }
            """,
            LockReleasedOutsideFinallyCodeFix.TryFinallyKey,
            TargetFramework.Net80,
            Released("_rw", BeforeTry));
    }

    [Theory]
    [InlineData("two releases", "void M(bool stop) { {|#0:_semaphore.Wait()|}; if (stop) { {|#1:_semaphore.Release()|}; return; } Work(); {|#2:_semaphore.Release()|}; }", OutsideFinally)]
    [InlineData("a local used after the release", "int M() { {|#0:Monitor.Enter(_gate)|}; var n = _count; {|#1:Monitor.Exit(_gate)|}; return n; }", OutsideFinally)]
    [InlineData("release in a nested block", "void M(bool b) { {|#0:Monitor.Enter(_gate)|}; Work(); if (b) { {|#1:Monitor.Exit(_gate)|}; } }", OutsideFinally)]
    [InlineData("acquire inside a try with a catch", "void M() { try { {|#0:_semaphore.Wait()|}; Work(); } catch (InvalidOperationException) { } finally { _semaphore.Release(); } }", InsideTry)]
    [InlineData("local read in the finally", "void M() { {|#0:Monitor.Enter(_gate)|}; var start = Interlocked.Increment(ref _count); try { Work(); } finally { Monitor.Exit(_gate); _count = start; } }", BeforeTry)]
    public async Task Offers_no_fix_when_the_rewrite_would_change_the_code(string scenario, string method, string detail)
    {
        Assert.NotEmpty(scenario);
        var code = Class(method);
        var releases = method.Contains("#2:", System.StringComparison.Ordinal) ? new[] { 1, 2 } : method.Contains("#1:", System.StringComparison.Ordinal) ? new[] { 1 } : System.Array.Empty<int>();
        var test = new Test { TestCode = code, FixedCode = code, CodeActionEquivalenceKey = LockReleasedOutsideFinallyCodeFix.TryFinallyKey };
        test.ExpectedDiagnostics.Add(Released(method.Contains("_gate)|}", System.StringComparison.Ordinal) ? "_gate" : "_semaphore", detail, releases));
        test.FixedState.ExpectedDiagnostics.Add(Released(method.Contains("_gate)|}", System.StringComparison.Ordinal) ? "_gate" : "_semaphore", detail, releases));
        await test.RunAsync();
    }

    [Fact]
    public async Task Fix_all_rewrites_every_site_in_two_documents()
    {
        var test = new Test
        {
            CodeActionEquivalenceKey = LockReleasedOutsideFinallyCodeFix.TryFinallyKey,
            NumberOfFixAllIterations = 1,
            NumberOfFixAllInDocumentIterations = 2,
            NumberOfIncrementalIterations = 4,
        };
        test.TestState.Sources.Add(Usings + """
            class Stock
            {
                private readonly object _gate = new object();
                private readonly SemaphoreSlim _semaphore = new SemaphoreSlim(1, 1);
                private int _count;

                public void Add()
                {
                    {|#0:Monitor.Enter(_gate)|};
                    _count++;
                    {|#1:Monitor.Exit(_gate)|};
                }

                public async Task RemoveAsync()
                {
                    try
                    {
                        await {|#2:_semaphore.WaitAsync()|};
                        _count--;
                    }
                    finally
                    {
                        _semaphore.Release();
                    }
                }
            }
            """);
        test.TestState.Sources.Add(Usings + """
            class Orders
            {
                private readonly ReaderWriterLockSlim _rw = new ReaderWriterLockSlim();
                private int _total;

                public void Place(int n)
                {
                    {|#3:_rw.EnterWriteLock()|};
                    _total += n;
                    {|#4:_rw.ExitWriteLock()|};
                    Console.WriteLine(n);
                    {|#5:_rw.EnterWriteLock()|};
                    _total -= n;
                    {|#6:_rw.ExitWriteLock()|};
                }
            }
            """);
        test.ExpectedDiagnostics.Add(Verify.Diagnostic().WithLocation(0).WithLocation(1).WithArguments("_gate", OutsideFinally));
        test.ExpectedDiagnostics.Add(Verify.Diagnostic().WithLocation(2).WithArguments("_semaphore", InsideTry));
        test.ExpectedDiagnostics.Add(Verify.Diagnostic().WithLocation(3).WithLocation(4).WithArguments("_rw", OutsideFinally));
        test.ExpectedDiagnostics.Add(Verify.Diagnostic().WithLocation(5).WithLocation(6).WithArguments("_rw", OutsideFinally));
        test.FixedState.Sources.Add(Usings + """
            class Stock
            {
                private readonly object _gate = new object();
                private readonly SemaphoreSlim _semaphore = new SemaphoreSlim(1, 1);
                private int _count;

                public void Add()
                {
                    Monitor.Enter(_gate);
                    try
                    {
                        _count++;
                    }
                    finally
                    {
                        Monitor.Exit(_gate);
                    }
                }

                public async Task RemoveAsync()
                {
                    await _semaphore.WaitAsync();
                    try
                    {
                        _count--;
                    }
                    finally
                    {
                        _semaphore.Release();
                    }
                }
            }
            """);
        test.FixedState.Sources.Add(Usings + """
            class Orders
            {
                private readonly ReaderWriterLockSlim _rw = new ReaderWriterLockSlim();
                private int _total;

                public void Place(int n)
                {
                    _rw.EnterWriteLock();
                    try
                    {
                        _total += n;
                    }
                    finally
                    {
                        _rw.ExitWriteLock();
                    }
                    Console.WriteLine(n);
                    _rw.EnterWriteLock();
                    try
                    {
                        _total -= n;
                    }
                    finally
                    {
                        _rw.ExitWriteLock();
                    }
                }
            }
            """);
        await test.RunAsync();
    }

    // ---- Broken and incomplete code --------------------------------------------------------------------------

    [Theory]
    [InlineData("missing argument", "void M() { Monitor.Enter(); Work(); Monitor.Exit(_gate); }", false)]
    [InlineData("missing parenthesis", "void M() { {|#0:Monitor.Enter(_gate|}; Work(); {|#1:Monitor.Exit(_gate)|}; }", true)]
    [InlineData("unfinished release", "void M() { _semaphore.Wait(); try { Work(); } finally { _semaphore.Release( }", false)]
    [InlineData("unknown field", "void M() { _missing.Wait(); Work(); _missing.Release(); }", false)]
    [InlineData("unfinished finally", "void M() { try { _semaphore.Wait(); } finally", false)]
    public async Task Survives_broken_code(string scenario, string method, bool flagged)
    {
        Assert.NotEmpty(scenario);
        var test = new Test { TestCode = Class(method), CompilerDiagnostics = CompilerDiagnostics.None };
        if (flagged)
        {
            test.ExpectedDiagnostics.Add(Released("_gate", OutsideFinally, 1));
        }

        await test.RunAsync();
    }
}
