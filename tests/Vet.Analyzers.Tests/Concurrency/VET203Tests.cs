using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
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
            private void Work() { _count++; Console.WriteLine(_count); }
            private int Load() => int.Parse(Console.ReadLine() ?? "0");
            private Task WorkAsync() => Task.CompletedTask;
        """;

    // The shapes of the finding, each with its own message.
    private const string OutsideFinally = nameof(OutsideFinally);
    private const string InsideTry = nameof(InsideTry);
    private const string BeforeTry = nameof(BeforeTry);
    private const string Empty = nameof(Empty);

    private static DiagnosticDescriptor MessageFor(string shape) => shape switch
    {
        OutsideFinally => Descriptors.VET203_LockReleasedOutsideFinally,
        InsideTry => Descriptors.Shapes.VET203_AcquiredInsideTry,
        BeforeTry => Descriptors.Shapes.VET203_StatementsBeforeTry,
        Empty => Descriptors.Shapes.VET203_EmptyCriticalSection,
        _ => throw new System.ArgumentException(shape),
    };

    private static string Class(string members) => Usings + "class C\n{\n" + Fields + "\n" + members + "\n}\n";

    private static DiagnosticResult Released(string gate, string shape, params int[] releases)
    {
        var result = Verify.Diagnostic(MessageFor(shape)).WithLocation(0).WithArguments(gate);
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
    [InlineData("read lock", "int M() { {|#0:_rw.EnterReadLock()|}; var n = Load(); {|#1:_rw.ExitReadLock()|}; return n; }", "_rw")]
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
    [InlineData("a call after the acquire in the else branch", "void M(bool b) { if (b) _semaphore.Wait(); else { {|#0:_semaphore.Wait()|}; Work(); } try { Work(); } finally { _semaphore.Release(); } }", "_semaphore")]
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
    [InlineData("acquired in both branches of an if, then the try", "async Task M(bool wait) { if (wait) await _semaphore.WaitAsync(); else _semaphore.Wait(); try { Work(); } finally { _semaphore.Release(); } }")]
    [InlineData("acquire ends both blocks of an if, then the try", "async Task M(bool wait, CancellationToken ct) { if (wait) { Work(); await _semaphore.WaitAsync(ct); } else { _semaphore.Wait(ct); } try { Work(); } finally { _semaphore.Release(); } }")]
    [InlineData("acquire ends an if block", "void M(bool b) { if (b) { Work(); _semaphore.Wait(); } try { Work(); } finally { if (b) _semaphore.Release(); } }")]
    [InlineData("released and taken back inside the protected region", "void M() { Monitor.Enter(_gate); try { Monitor.Exit(_gate); Work(); Monitor.Enter(_gate); Work(); } finally { Monitor.Exit(_gate); } }")]
    [InlineData("a different gate released", "object _other = new object(); void M() { Monitor.Enter(_gate); Work(); Monitor.Exit(_other); }")]
    [InlineData("Wait on a Task is not a lock", "void M(Task t) { t.Wait(); Work(); }")]
    [InlineData("Release before the acquire: the caller held it", "void M() { _semaphore.Release(); Work(); _semaphore.Wait(); }")]
    [InlineData("token-less WaitAsync first in the try: it cannot be canceled", "async Task M() { try { await _semaphore.WaitAsync(); await WorkAsync(); } finally { _semaphore.Release(); } }")]
    [InlineData("token-less Wait first in the try", "void M() { try { _semaphore.Wait(); Work(); } finally { _semaphore.Release(); } }")]
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
    [InlineData("a local used after the release", "int M() { {|#0:Monitor.Enter(_gate)|}; var n = Load(); {|#1:Monitor.Exit(_gate)|}; return n; }", OutsideFinally)]
    [InlineData("release in a nested block", "void M(bool b) { {|#0:Monitor.Enter(_gate)|}; Work(); if (b) { {|#1:Monitor.Exit(_gate)|}; } }", OutsideFinally)]
    [InlineData("acquire inside a try with a catch", "void M() { try { {|#0:Monitor.Enter(_gate)|}; Work(); } catch (InvalidOperationException) { } finally { Monitor.Exit(_gate); } }", InsideTry)]
    [InlineData("local read in the finally", "void M() { {|#0:Monitor.Enter(_gate)|}; var start = Console.Read(); try { Work(); } finally { Monitor.Exit(_gate); _count = start; } }", BeforeTry)]
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
                    _count = checked(_count + 1);
                    {|#1:Monitor.Exit(_gate)|};
                }

                public async Task RemoveAsync(CancellationToken ct)
                {
                    try
                    {
                        await {|#2:_semaphore.WaitAsync(ct)|};
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
                    _total = checked(_total + n);
                    {|#4:_rw.ExitWriteLock()|};
                    Console.WriteLine(n);
                    {|#5:_rw.EnterWriteLock()|};
                    _total = checked(_total - n);
                    {|#6:_rw.ExitWriteLock()|};
                }
            }
            """);
        test.ExpectedDiagnostics.Add(Verify.Diagnostic(MessageFor(OutsideFinally)).WithLocation(0).WithLocation(1).WithArguments("_gate"));
        test.ExpectedDiagnostics.Add(Verify.Diagnostic(MessageFor(InsideTry)).WithLocation(2).WithArguments("_semaphore"));
        test.ExpectedDiagnostics.Add(Verify.Diagnostic(MessageFor(OutsideFinally)).WithLocation(3).WithLocation(4).WithArguments("_rw"));
        test.ExpectedDiagnostics.Add(Verify.Diagnostic(MessageFor(OutsideFinally)).WithLocation(5).WithLocation(6).WithArguments("_rw"));
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
                        _count = checked(_count + 1);
                    }
                    finally
                    {
                        Monitor.Exit(_gate);
                    }
                }

                public async Task RemoveAsync(CancellationToken ct)
                {
                    await _semaphore.WaitAsync(ct);
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
                        _total = checked(_total + n);
                    }
                    finally
                    {
                        _rw.ExitWriteLock();
                    }
                    Console.WriteLine(n);
                    _rw.EnterWriteLock();
                    try
                    {
                        _total = checked(_total - n);
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

    // ---- Precision on real code ---------------------------------------------------------------------------------

    /// <summary>
    /// A hot-path spin lock released without a finally, where nothing between the acquire and the release can throw:
    /// field arithmetic, locals, and a private helper that only assigns fields. There is no exception to leak the lock.
    /// </summary>
    [Fact]
    public async Task Nothing_between_the_acquire_and_the_release_can_throw()
    {
        await Verify.NoDiagnostics(Usings + """
            class Generator
            {
                private SpinLock _spin = new SpinLock(false);
                private readonly object _gate = new object();
                private long _lastTick;
                private int _sequence;
                private int _a;
                private int _b;

                public long Next(long ticks)
                {
                    var lockTaken = false;
                    _spin.Enter(ref lockTaken);

                    if (ticks > _lastTick)
                        UpdateTimestamp(ticks);
                    else if (_sequence == 65535)
                        UpdateTimestamp(_lastTick + 1);

                    var sequence = _sequence++;
                    var a = _a;
                    var b = (short)(_b >> 16);

                    if (lockTaken)
                        _spin.Exit();

                    return a + b + sequence;
                }

                public int Count()
                {
                    Monitor.Enter(_gate);
                    var n = _sequence + 1;
                    Monitor.Exit(_gate);
                    return n;
                }

                private void UpdateTimestamp(long tick)
                {
                    _b = (int)(tick & 0xFFFFFFFF);
                    _a = (int)(tick >> 32);
                    _sequence = 0;
                    _lastTick = tick;
                }
            }
            """);
    }

    /// <summary>
    /// Framework members that never throw (a new identifier, a clock, an atomic read) and a <c>Debug.Assert</c>, which a
    /// release build leaves out, cannot leak the lock either.
    /// </summary>
    [Fact]
    public async Task Clocks_identifiers_atomics_and_asserts_cannot_throw()
    {
        await Verify.NoDiagnostics(Usings + """
            using System.Diagnostics;

            class PacketIds
            {
                private SpinLock _spin = new SpinLock(false);
                private readonly object _gate = new object();
                private ushort _packetId;
                private long _stamp;
                private string _name = "";

                public ushort Next()
                {
                    var taken = false;
                    _spin.Enter(ref taken);
                    Debug.Assert(taken);
                    unchecked
                    {
                        _packetId = (ushort)(++_packetId % 0x8000);
                    }
                    var id = _packetId;
                    _spin.Exit();
                    return id;
                }

                public void Stamp()
                {
                    Monitor.Enter(_gate);
                    _name = Guid.NewGuid().ToString();
                    _stamp = Stopwatch.GetTimestamp() + Environment.TickCount64 + DateTime.UtcNow.Ticks + Interlocked.Read(ref _stamp);
                    Monitor.Exit(_gate);
                }
            }
            """);
    }

    /// <summary>A framework member outside that short list (Console.WriteLine) can throw: the span is still reported.</summary>
    [Fact]
    public async Task A_framework_call_outside_the_never_throws_list_still_can_throw()
    {
        await Verify.Analyzer(Usings + """
            class PacketIds
            {
                private readonly object _gate = new object();
                private long _stamp;

                public void Stamp()
                {
                    {|#0:Monitor.Enter(_gate)|};
                    _stamp = Environment.TickCount64;
                    Console.WriteLine(_stamp);
                    {|#1:Monitor.Exit(_gate)|};
                }
            }
            """, Released("_gate", OutsideFinally, 1));
    }

    /// <summary>The same span with a call that can throw (a log line) leaks the lock when it throws.</summary>
    [Fact]
    public async Task A_span_with_a_call_that_can_throw_is_flagged()
    {
        await Verify.Analyzer(Usings + """
            class Generator
            {
                private SpinLock _spin = new SpinLock(false);
                private int _sequence;

                public int Next()
                {
                    var lockTaken = false;
                    {|#0:_spin.Enter(ref lockTaken)|};
                    var sequence = _sequence++;
                    Log(sequence);
                    if (lockTaken)
                        {|#1:_spin.Exit()|};
                    return sequence;
                }

                private void Log(int sequence) => Console.WriteLine(sequence);
            }
            """, Released("_spin", OutsideFinally, 1));
    }

    /// <summary>
    /// An early exit on a guard path (release, then return) whose test cannot throw, with the rest of the method
    /// protected by a try/finally: every path releases.
    /// </summary>
    [Fact]
    public async Task An_early_release_on_a_guard_path_before_the_protecting_try_is_not_flagged()
    {
        await Verify.NoDiagnostics(Usings + """
            class Connector
            {
                private readonly object _sync = new object();
                private int _state;

                internal int State => _state;

                public Exception Break(Exception reason)
                {
                    Monitor.Enter(_sync);

                    var state = State;
                    if (state == 2)
                    {
                        // Already broken: let the other threads go.
                        Monitor.Exit(_sync);
                        return reason;
                    }

                    try
                    {
                        _state = 2;
                        Console.WriteLine("broken");
                    }
                    finally
                    {
                        Monitor.Exit(_sync);
                    }

                    return reason;
                }
            }
            """);
    }

    /// <summary>A guard whose test can throw leaks the lock when it does.</summary>
    [Fact]
    public async Task A_guard_whose_test_can_throw_is_flagged()
    {
        await Verify.Analyzer(Usings + """
            class Connector
            {
                private readonly object _sync = new object();
                private int _state;

                public Exception Break(Exception reason)
                {
                    {|#0:Monitor.Enter(_sync)|};
                    if (IsBroken())
                    {
                        {|#1:Monitor.Exit(_sync)|};
                        return reason;
                    }

                    try
                    {
                        _state = 2;
                    }
                    finally
                    {
                        Monitor.Exit(_sync);
                    }

                    return reason;
                }

                private bool IsBroken() => Console.ReadLine() == "broken";
            }
            """, Released("_sync", OutsideFinally, 1));
    }

    /// <summary>A capacity probe: wait for a slot and give it back in the return expression. Nothing is protected.</summary>
    [Fact]
    public async Task A_release_in_the_return_expression_is_an_empty_critical_section()
    {
        var source = Usings + """
            class Pool
            {
                private readonly SemaphoreSlim _slots = new SemaphoreSlim(4);

                public async Task<int> WaitForAvailable()
                {
                    await {|#0:_slots.WaitAsync()|};
                    return 1 + _slots.Release();
                }
            }
            """;
        var test = new Test { TestCode = source, FixedCode = source, CodeActionEquivalenceKey = LockReleasedOutsideFinallyCodeFix.TryFinallyKey };
        test.ExpectedDiagnostics.Add(Released("_slots", Empty));
        test.FixedState.ExpectedDiagnostics.Add(Released("_slots", Empty));
        await test.RunAsync();
    }

    /// <summary>The same probe with a comment that says why the section is empty: the author said so.</summary>
    [Fact]
    public async Task An_empty_critical_section_explained_by_a_comment_is_not_flagged()
    {
        await Verify.NoDiagnostics(Usings + """
            class Pool
            {
                private readonly SemaphoreSlim _slots = new SemaphoreSlim(4);

                public async Task<int> WaitForAvailable()
                {
                    // Only waits until a slot is free; the count may change again before the caller runs.
                    await _slots.WaitAsync();
                    return 1 + _slots.Release();
                }
            }
            """);
    }

    /// <summary>
    /// A semaphore used as a signal: wait, then release at once to pass the signal on, with the reason in a comment
    /// between the two (not on the acquire line). The author said why the section is empty.
    /// </summary>
    [Fact]
    public async Task An_empty_critical_section_explained_by_a_comment_before_the_release_is_not_flagged()
    {
        await Verify.NoDiagnostics(Usings + """
            class Informer
            {
                private readonly SemaphoreSlim _ready = new SemaphoreSlim(0);

                public async Task ReadyAsync(CancellationToken cancellationToken)
                {
                    await _ready.WaitAsync(cancellationToken).ConfigureAwait(false);

                    // Release is called after each WaitAsync because
                    // the semaphore is being used as a manual reset event
                    _ready.Release();
                }
            }
            """);
    }

    /// <summary>
    /// Code between the acquire and the try, with a comment between acquire and release that explains where the release
    /// is: the layout is deliberate (here the semaphore must be released while the monitor is held).
    /// </summary>
    [Fact]
    public async Task A_release_placement_explained_between_acquire_and_release_is_not_flagged()
    {
        await Verify.NoDiagnostics(Usings + """
            class Updater
            {
                private int _state;

                public void Update(SemaphoreSlim updateLock, bool force)
                {
                    var lockTaken = false;
                    if (force)
                    {
                        lockTaken = true;
                        updateLock.Wait();
                    }
                    else
                    {
                        lockTaken = updateLock.Wait(0);
                    }

                    if (!lockTaken)
                    {
                        return;
                    }

                    lock (updateLock)
                    {
                        try
                        {
                            _state = Environment.TickCount;
                        }
                        finally
                        {
                            // The semaphore is released while still holding the monitor, so that a thread that is
                            // debounced cannot miss the update made by the thread that waits on the monitor.
                            updateLock.Release();
                        }
                    }
                }
            }
            """);
    }

    /// <summary>The same layout with a comment that does not speak of the release is still reported.</summary>
    [Fact]
    public async Task A_comment_between_acquire_and_release_that_does_not_explain_the_release_is_reported()
    {
        await Verify.Analyzer(Usings + """
            class Updater
            {
                private int _state;

                public void Update(SemaphoreSlim updateLock, bool force)
                {
                    var lockTaken = false;
                    if (force)
                    {
                        lockTaken = true;
                        {|#0:updateLock.Wait()|};
                    }
                    else
                    {
                        lockTaken = updateLock.Wait(0);
                    }

                    if (!lockTaken)
                    {
                        return;
                    }

                    lock (updateLock)
                    {
                        try
                        {
                            // Rebuild the state from the current tick.
                            _state = Environment.TickCount;
                        }
                        finally
                        {
                            updateLock.Release();
                        }
                    }
                }
            }
            """, Released("updateLock", BeforeTry));
    }

    /// <summary>
    /// The slot is handed to a continuation (a method group, or a delegate field set to one) that releases it when the
    /// work ends; the release outside a finally is the path where nothing was handed on, like a release in a catch.
    /// </summary>
    [Fact]
    public async Task A_slot_handed_to_a_continuation_that_releases_it_is_not_flagged()
    {
        await Verify.NoDiagnostics(Usings + """
            class Pool
            {
                private readonly SemaphoreSlim _slots = new SemaphoreSlim(4);
                private readonly Action<Task> _complete;
                private bool _started;

                public Pool() { _complete = OnComplete; }

                public async Task Run(Func<Task> action)
                {
                    await _slots.WaitAsync();
                    var task = _started ? Task.Run(action) : null;
                    if (task is null)
                        _slots.Release();
                    else
                        _ = task.ContinueWith(_complete);
                }

                public async Task RunDirect(Func<Task> action)
                {
                    await _slots.WaitAsync();
                    var task = _started ? Task.Run(action) : null;
                    if (task is null)
                        _slots.Release();
                    else
                        _ = task.ContinueWith(OnComplete);
                }

                private void OnComplete(Task task) => _slots.Release();
            }
            """);
    }

    /// <summary>A continuation that does not release the slot hands nothing on.</summary>
    [Fact]
    public async Task A_continuation_that_does_not_release_is_no_hand_off()
    {
        await Verify.Analyzer(Usings + """
            class Pool
            {
                private readonly SemaphoreSlim _slots = new SemaphoreSlim(4);
                private bool _started;

                public async Task Run(Func<Task> action)
                {
                    await {|#0:_slots.WaitAsync()|};
                    var task = _started ? action() : Task.CompletedTask;
                    _ = task.ContinueWith(OnComplete);
                    {|#1:_slots.Release()|};
                }

                private void OnComplete(Task task) => Console.WriteLine(task.Status);
            }
            """, Released("_slots", OutsideFinally, 1));
    }

    /// <summary>
    /// An acquire method that gives the lock back only on its failure path and returns holding it on success: the
    /// caller owns the lock, as with a method that never releases.
    /// </summary>
    [Fact]
    public async Task A_lock_released_only_on_a_failure_guard_is_handed_to_the_caller()
    {
        await Verify.NoDiagnostics(Usings + """
            using System.IO;

            class FileLock
            {
                private readonly Mutex _mutex = new Mutex();
                private Stream _stream;

                public Stream Acquire()
                {
                    _mutex.WaitOne();
                    if (_stream is null)
                    {
                        _mutex.ReleaseMutex();
                        return null;
                    }

                    _stream.Seek(0, SeekOrigin.End);
                    return _stream;
                }

                public void Release() => _mutex.ReleaseMutex();
            }
            """);
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
