using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using Vet.Analyzers.Concurrency;
using Vet.Analyzers.Tests.Infrastructure;
using Vet.CodeFixes.Concurrency;
using Xunit;
using VerifyLambda = Vet.Analyzers.Tests.Infrastructure.Verify<Vet.Analyzers.Concurrency.UnsynchronizedSharedStateLambdaAnalyzer, Vet.CodeFixes.Concurrency.UnsynchronizedSharedStateCodeFix>;
using VerifyLocking = Vet.Analyzers.Tests.Infrastructure.Verify<Vet.Analyzers.Concurrency.UnsynchronizedSharedStateLockingAnalyzer, Vet.CodeFixes.Concurrency.UnsynchronizedSharedStateCodeFix>;

namespace Vet.Analyzers.Tests.Concurrency;

/// <summary>VET201: shared state changed by concurrent delegates, or locked in some members and not in others.</summary>
public class VET201Tests
{
    private const string Usings = "using System;\nusing System.Collections.Generic;\nusing System.Linq;\nusing System.Threading;\nusing System.Threading.Tasks;\n";

    /// <summary>An int or long counter changed by a delegate that <paramref name="entry"/> runs concurrently.</summary>
    private static DiagnosticResult Concurrent(int markup, string name, string entry) =>
        VerifyLambda.Diagnostic().WithLocation(markup).WithArguments(name, entry);

    /// <summary>Other state changed by a concurrent delegate: only a lock helps.</summary>
    private static DiagnosticResult ConcurrentUpdate(int markup, string name, string entry) =>
        VerifyLambda.Diagnostic(Descriptors.Shapes.VET201_ConcurrentUpdate).WithLocation(markup).WithArguments(name, entry);

    /// <summary>A collection that is not thread-safe changed through <paramref name="member"/> by a concurrent delegate.</summary>
    private static DiagnosticResult ConcurrentCollection(int markup, string name, string member, string entry) =>
        VerifyLambda.Diagnostic(Descriptors.Shapes.VET201_ConcurrentCollection).WithLocation(markup).WithArguments(name, member, entry);

    private static DiagnosticResult Unlocked(int markup, string name, string access, string gate) =>
        VerifyLocking.Diagnostic(access == "written" ? Descriptors.Shapes.VET201_Written : Descriptors.Shapes.VET201_Read).WithLocation(markup).WithArguments(name, gate);

    /// <summary>A read of a collection through <paramref name="member"/> ("" for none) racing a locked change through <paramref name="change"/>.</summary>
    private static DiagnosticResult CollectionRace(int markup, string name, string member, string gate, string change) => member.Length == 0
        ? VerifyLocking.Diagnostic(Descriptors.Shapes.VET201_CollectionRead).WithLocation(markup).WithArguments(name, gate, change)
        : VerifyLocking.Diagnostic(Descriptors.Shapes.VET201_CollectionReadThrough).WithLocation(markup).WithArguments(name, member, gate, change);

    // ---- (a) Concurrent delegates: flagged ------------------------------------------------------------------

    [Fact]
    public async Task Flags_the_guides_counter_in_its_three_CSharp_forms()
    {
        await VerifyLambda.Analyzer(Usings + """
            class Counters
            {
                int ParallelFor()
                {
                    var counter = 0;
                    Parallel.For(0, 1000, i => { {|#0:counter++|}; });
                    return counter;
                }

                async Task<int> TaskRunInLoop()
                {
                    var counter = 0;
                    var tasks = new List<Task>();
                    for (var i = 0; i < 1000; i++)
                    {
                        tasks.Add(Task.Run(() => {|#1:counter++|}));
                    }

                    await Task.WhenAll(tasks);
                    return counter;
                }

                int Threads()
                {
                    var counter = 0;
                    var threads = new List<Thread>();
                    for (var i = 0; i < 10; i++)
                    {
                        var thread = new Thread(() => { {|#2:counter++|}; });
                        thread.Start();
                        threads.Add(thread);
                    }

                    threads.ForEach(t => t.Join());
                    return counter;
                }
            }
            """,
            Concurrent(0, "counter", "Parallel.For"),
            Concurrent(1, "counter", "Task.Run"),
            Concurrent(2, "counter", "new Thread"));
    }

    [Theory]
    [InlineData("Parallel.ForEach(items, x => {|#0:total += x|});", "total", "Parallel.ForEach")]
    [InlineData("Parallel.Invoke(() => {|#0:total--|}, () => { });", "total", "Parallel.Invoke")]
    [InlineData("items.AsParallel().ForAll(x => {|#0:_hits++|});", "_hits", "ParallelEnumerable.ForAll")]
    [InlineData("var r = items.AsParallel().Select(x => {|#0:total = total + x|}).ToList();", "total", "ParallelEnumerable.Select")]
    [InlineData("var tasks = items.Select(x => Task.Run(() => {|#0:_hits += x|})).ToArray(); Task.WaitAll(tasks);", "_hits", "Task.Run")]
    [InlineData("for (var i = 0; i < 4; i++) Task.Factory.StartNew(() => {|#0:total++|});", "total", "Task.Factory.StartNew")]
    [InlineData("for (var i = 0; i < 4; i++) ThreadPool.QueueUserWorkItem(_ => {|#0:_hits++|});", "_hits", "ThreadPool.QueueUserWorkItem")]
    [InlineData("var timer = new Timer(_ => {|#0:_hits++|}, null, 0, 100);", "_hits", "new Timer")]
    [InlineData("Parallel.ForEachAsync(items, async (x, ct) => { await Task.Yield(); {|#0:total += x|}; }).Wait();", "total", "Parallel.ForEachAsync")]
    [InlineData("Parallel.ForEach(items, x=>{|#0:total += x|});", "total", "Parallel.ForEach")]
    [InlineData("Parallel.For(0, 4, delegate(int i) { {|#0:_hits++|}; });", "_hits", "Parallel.For")]
    [InlineData("Parallel.Invoke((Action)(() => {|#0:total--|}), () => { });", "total", "Parallel.Invoke")]
    [InlineData("Parallel.Invoke(new Action[] { () => {|#0:total++|}, () => { } });", "total", "Parallel.Invoke")]
    public async Task Flags_read_modify_write_in_each_entry_point(string body, string name, string entry)
    {
        await VerifyLambda.Analyzer(Usings + "class C { int _hits; void M(int[] items) { var total = 0; " + body + " } }", Concurrent(0, name, entry));
    }

    [Fact]
    public async Task Flags_collection_mutation_and_non_counter_updates()
    {
        await VerifyLambda.Analyzer(Usings + """
            class Collector
            {
                static double s_sum;

                void M(int[] items)
                {
                    var found = new List<int>();
                    var byKey = new Dictionary<int, int>();
                    var longest = "";
                    Parallel.ForEach(items, x =>
                    {
                        {|#0:found.Add(x)|};
                        {|#1:byKey[x] = x|};
                        {|#2:s_sum += x|};
                        {|#3:longest = longest.Length > x ? longest : x.ToString()|};
                    });
                }
            }
            """,
            ConcurrentCollection(0, "found", "Add", "Parallel.ForEach"),
            ConcurrentCollection(1, "byKey", "this[]", "Parallel.ForEach"),
            ConcurrentUpdate(2, "s_sum", "Parallel.ForEach"),
            ConcurrentUpdate(3, "longest", "Parallel.ForEach"));
    }

    // ---- (a) Concurrent delegates: near misses --------------------------------------------------------------

    [Theory]
    [InlineData("lambda local", "Parallel.For(0, 10, i => { var local = 0; local++; });")]
    [InlineData("lambda parameter", "Parallel.For(0, 10, i => { i++; });")]
    [InlineData("Interlocked", "Parallel.For(0, 10, i => Interlocked.Increment(ref total));")]
    [InlineData("inside lock", "Parallel.For(0, 10, i => { lock (_gate) { total++; _list.Add(i); } });")]
    [InlineData("Monitor by hand", "Parallel.For(0, 10, i => { Monitor.Enter(_gate); try { total++; } finally { Monitor.Exit(_gate); } });")]
    [InlineData("mutex by hand", "var mutex = new Mutex(); Parallel.For(0, 10, i => { mutex.WaitOne(); try { total++; } finally { mutex.ReleaseMutex(); } });")]
    [InlineData("localInit/localFinally state", "Parallel.For(0, 10, () => 0, (i, state, subtotal) => subtotal + i, subtotal => Interlocked.Add(ref total, subtotal));")]
    [InlineData("one Task.Run, awaited", "Task.Run(() => total++).Wait();")]
    [InlineData("local declared per iteration", "for (var i = 0; i < 3; i++) { var mine = 0; Task.Run(() => mine++); }")]
    [InlineData("plain assignment", "Parallel.For(0, 10, i => { total = i; });")]
    [InlineData("array slot per index", "var results = new int[10]; Parallel.For(0, 10, i => { results[i] += i; });")]
    [InlineData("not an entry point", "var list = new List<int>(); list.ForEach(x => total++);")]
    [InlineData("thread-safe collection", "var bag = new System.Collections.Concurrent.ConcurrentBag<int>(); Parallel.For(0, 10, i => bag.Add(i));")]
    [InlineData("thread-static field", "Parallel.For(0, 10, i => { t_count++; });")]
    [InlineData("lambda-local collection", "Parallel.For(0, 10, i => { var mine = new List<int>(); mine.Add(i); });")]
    public async Task Does_not_flag_near_misses(string scenario, string body)
    {
        Assert.NotEmpty(scenario);
        await VerifyLambda.NoDiagnostics(Usings + "class C { readonly object _gate = new object(); readonly List<int> _list = new List<int>(); [ThreadStatic] static int t_count; void M() { var total = 0; " + body + " } }");
    }

    // ---- (a) Fixes -------------------------------------------------------------------------------------------

    [Fact]
    public async Task Fix_uses_Interlocked_for_int_and_long_counters()
    {
        await VerifyLambda.CodeFix(Usings + """
            class Stats
            {
                long _bytes;

                int Count(int[] sizes)
                {
                    var counter = 0;
                    Parallel.ForEach(sizes, size =>
                    {
                        {|#0:counter++|};
                        {|#1:_bytes += size|};
                        {|#2:--counter|};
                        {|#3:_bytes -= size|};
                    });
                    return counter;
                }
            }
            """, Usings + """
            class Stats
            {
                long _bytes;

                int Count(int[] sizes)
                {
                    var counter = 0;
                    Parallel.ForEach(sizes, size =>
                    {
                        Interlocked.Increment(ref counter);
                        Interlocked.Add(ref _bytes, size);
                        Interlocked.Decrement(ref counter);
                        Interlocked.Add(ref _bytes, -size);
                    });
                    return counter;
                }
            }
            """, UnsynchronizedSharedStateCodeFix.InterlockedKey, TargetFramework.Net80,
            Concurrent(0, "counter", "Parallel.ForEach"),
            Concurrent(1, "_bytes", "Parallel.ForEach"),
            Concurrent(2, "counter", "Parallel.ForEach"),
            Concurrent(3, "_bytes", "Parallel.ForEach"));
    }

    [Fact]
    public async Task Fix_locks_on_one_new_gate_for_everything_else()
    {
        await VerifyLambda.CodeFix(Usings + """
            class Collector
            {
                double _sum;

                List<int> Collect(int[] items)
                {
                    var found = new List<int>();
                    Parallel.ForEach(items, x =>
                    {
                        {|#0:found.Add(x)|};
                        {|#1:_sum += x|};
                    });
                    return found;
                }
            }
            """, Usings + """
            class Collector
            {
                private readonly object _gate = new();
                double _sum;

                List<int> Collect(int[] items)
                {
                    var found = new List<int>();
                    Parallel.ForEach(items, x =>
                    {
                        lock (_gate)
                        {
                            found.Add(x);
                        }
                        lock (_gate)
                        {
                            _sum += x;
                        }
                    });
                    return found;
                }
            }
            """, UnsynchronizedSharedStateCodeFix.LockKey, TargetFramework.Net80,
            ConcurrentCollection(0, "found", "Add", "Parallel.ForEach"),
            ConcurrentUpdate(1, "_sum", "Parallel.ForEach"));
    }

    [Fact]
    public async Task Fix_in_a_static_method_uses_a_static_gate()
    {
        await VerifyLambda.CodeFix(Usings + """
            static class Words
            {
                public static Dictionary<string, int> Count(string[] words)
                {
                    var counts = new Dictionary<string, int>();
                    Parallel.ForEach(words, word =>
                    {
                        {|#0:counts[word] = counts.GetValueOrDefault(word) + 1|};
                    });
                    return counts;
                }
            }
            """, Usings + """
            static class Words
            {
                private static readonly object s_gate = new();

                public static Dictionary<string, int> Count(string[] words)
                {
                    var counts = new Dictionary<string, int>();
                    Parallel.ForEach(words, word =>
                    {
                        lock (s_gate)
                        {
                            counts[word] = counts.GetValueOrDefault(word) + 1;
                        }
                    });
                    return counts;
                }
            }
            """, UnsynchronizedSharedStateCodeFix.LockKey, TargetFramework.Net100,
            ConcurrentCollection(0, "counts", "this[]", "Parallel.ForEach"));
    }

    // ---- (b) Inconsistent locking: flagged ------------------------------------------------------------------

    [Fact]
    public async Task Flags_unlocked_write_with_the_locked_accesses_as_evidence_and_not_a_read_below_four_fifths()
    {
        await VerifyLocking.Analyzer(Usings + """
            class Inventory
            {
                private readonly object _sync = new object();
                private int _count;

                public void Add()
                {
                    lock (_sync)
                    {
                        {|#1:_count|} = {|#2:_count|} + 1;
                    }
                }

                public void Remove()
                {
                    lock (_sync)
                    {
                        {|#3:_count|}--;
                    }
                }

                public void Reset() => {|#0:_count|} = 0;

                // Locked: 2 + 1 + 2 = 5 of 8 (writes count twice): below four fifths, the read is not reported.
                public int Count => _count;
            }
            """,
            Unlocked(0, "_count", "written", "_sync").WithLocation(1).WithLocation(2).WithLocation(3));
    }

    /// <summary>Four of five accesses locked: the unlocked read is reported, whatever kind of member body it is in.</summary>
    [Theory]
    [InlineData("method", "public void Report(Action<int> sink) => sink({|#0:_count|});")]
    [InlineData("expression-bodied property", "public string Current => Describe({|#0:_count|});")]
    [InlineData("get accessor", "public string Current { get { return Describe({|#0:_count|}); } }")]
    [InlineData("expression-bodied get accessor", "public string Current { get => Describe({|#0:_count|}); }")]
    [InlineData("set accessor", "public int Level { set { Console.WriteLine({|#0:_count|} + value); } }")]
    [InlineData("indexer", "public string this[int offset] => Describe({|#0:_count|} + offset);")]
    [InlineData("a method an operator calls", "public static string operator +(Inventory inventory, int offset) => inventory.Peek(offset); private string Peek(int offset) => Describe({|#0:_count|} + offset);")]
    public async Task Flags_unlocked_read_when_four_fifths_of_the_accesses_are_locked(string scenario, string member)
    {
        Assert.NotEmpty(scenario);
        await VerifyLocking.Analyzer(Usings + """
            class Inventory
            {
                private readonly object _sync = new object();
                private int _count;

                public void Add()
                {
                    lock (_sync)
                    {
                        {|#1:_count|}++;
                    }
                }

                public void Remove()
                {
                    lock (_sync)
                    {
                        {|#2:_count|}--;
                    }
                }

                private static string Describe(int count) => count.ToString();

            """ + "    " + member + "\n}\n",
            Unlocked(0, "_count", "read", "_sync").WithLocation(1).WithLocation(2));
    }

    [Fact]
    public async Task Flags_with_Monitor_Enter_and_lock_on_this()
    {
        await VerifyLocking.Analyzer(Usings + """
            class Pool
            {
                private List<string> _items = new List<string>();

                public void Swap(List<string> items)
                {
                    Monitor.Enter(this);
                    try
                    {
                        {|#1:_items|} = items;
                    }
                    finally
                    {
                        Monitor.Exit(this);
                    }
                }

                public int Count()
                {
                    lock (this)
                    {
                        return {|#2:_items|}.Count;
                    }
                }

                public void Clear() => {|#0:_items|} = new List<string>();
            }
            """,
            Unlocked(0, "_items", "written", "this").WithLocation(1).WithLocation(2));
    }

    // ---- (b) Inconsistent locking: near misses --------------------------------------------------------------

    [Theory]
    [InlineData("no synchronization in the type", "public void Add() { _count++; } public void Reset() { _count = 0; }")]
    [InlineData("constructor, Dispose and finalizer", "public C() { _count = 1; } public void Add() { lock (_sync) { _count++; } } public void Dispose() { _count = 0; } ~C() { _count = -1; }")]
    [InlineData("private helper called only under the lock", "public void Add() { lock (_sync) { Bump(); } } public void Sub() { lock (_sync) { _count--; Bump(); } } private void Bump() { _count++; }")]
    [InlineData("local function called under the lock", "public void Add() { lock (_sync) { Bump(); } void Bump() { _count++; } }")]
    [InlineData("local function called under the lock twice", "public void Add() { lock (_sync) { Bump(); Bump(); } void Bump() { _count++; } } public void Sub() { lock (_sync) { _count--; } }")]
    [InlineData("local function declared inside the lock", "public void Add() { lock (_sync) { Bump(); void Bump() { _count++; } } } public void Sub() { lock (_sync) { _count--; } }")]
    [InlineData("local function under Monitor.Enter", "public void Add() { Monitor.Enter(_sync); try { Bump(); } finally { Monitor.Exit(_sync); } void Bump() { _count++; } } public void Sub() { lock (_sync) { _count--; } }")]
    [InlineData("local function called under the lock in a loop", "public void Add(int n) { for (var i = 0; i < n; i++) { lock (_sync) { Bump(i); } } void Bump(int by) { _count += by; } } public void Sub() { lock (_sync) { _count--; } }")]
    [InlineData("local function reading under the lock", "public int Get() { lock (_sync) { return Read(); } int Read() => _count; } public void Sub() { lock (_sync) { _count--; } } public void Add() { lock (_sync) { _count++; } }")]
    [InlineData("nested local functions under the lock", "public void Add() { lock (_sync) { Outer(); } void Outer() { Inner(); } void Inner() { _count++; } } public void Sub() { lock (_sync) { _count--; } }")]
    [InlineData("helper named ...Locked", "public void Add() { lock (_sync) { _count++; } } protected void ResetLocked() { _count = 0; }")]
    [InlineData("helper called under the lock in one place", "public void Sub() { lock (_sync) { _count--; } } public void Add() { lock (_sync) { Bump(); } } public void AddFast() { Bump(); } private void Bump() { _count++; }")]
    [InlineData("own lock helper", "public void Add() { lock (_sync) { _count++; } } public void Reset() { var taken = false; try { TakeLock(ref taken); _count = 0; } finally { if (taken) Monitor.Exit(_sync); } } void TakeLock(ref bool taken) => Monitor.Enter(_sync, ref taken);")]
    [InlineData("counter update in a Parallel lambda (reported by the concurrent-delegate part)", "public void Add() { lock (_sync) { _count++; } } public void AddMany() { Parallel.For(0, 10, i => { _count++; }); }")]
    [InlineData("read below four fifths", "public void Add() { lock (_sync) { _count++; } } public int A => _count; public int B => _count; public int C2 => _count;")]
    [InlineData("field used with Interlocked", "public void Add() { lock (_sync) { _count++; } } public void Inc() { Interlocked.Increment(ref _count); } public int Get() => _count;")]
    [InlineData("access under another lock", "readonly object _other = new object(); public void Add() { lock (_sync) { _count++; } } public void Reset() { lock (_other) { _count = 0; } }")]
    [InlineData("access under a semaphore", "readonly SemaphoreSlim _sem = new SemaphoreSlim(1); public void Add() { lock (_sync) { _count++; } } public async Task ResetAsync() { await _sem.WaitAsync(); try { _count = 0; } finally { _sem.Release(); } }")]
    [InlineData("access under a mutex (WaitOne is declared by WaitHandle)", "readonly Mutex _mutex = new Mutex(); public void Add() { lock (_sync) { _count++; } } public void Sub() { lock (_sync) { _count--; } } public void Reset() { _mutex.WaitOne(); try { _count = 0; } finally { _mutex.ReleaseMutex(); } }")]
    [InlineData("access under a Semaphore", "readonly Semaphore _gate = new Semaphore(1, 1); public void Add() { lock (_sync) { _count++; } } public void Sub() { lock (_sync) { _count--; } } public void Reset() { _gate.WaitOne(); try { _count = 0; } finally { _gate.Release(); } }")]
    [InlineData("double-checked in the member that locks", "public void Add() { lock (_sync) { _count++; } } public int Ensure() { if (_count == 0) { lock (_sync) { if (_count == 0) _count = 1; } } return 1; }")]
    [InlineData("Close and Initialize lifecycle", "public void Add() { lock (_sync) { _count++; } } public void Close() { _count = 0; } protected void InitializeCore() { _count = 1; }")]
    [InlineData("debugger views", "public void Add() { lock (_sync) { _count++; } } public override string ToString() => _count.ToString(); [System.Diagnostics.DebuggerNonUserCode] internal int Shown { get { _count = -_count; return _count; } } private string DebuggerDisplay => _count.ToString();")]
    [InlineData("Debug.Assert(Monitor.IsEntered)", "public void Add() { lock (_sync) { _count++; } } protected virtual void OnCommit() { System.Diagnostics.Debug.Assert(Monitor.IsEntered(_sync)); _count = 0; }")]
    [InlineData("Monitor.TryEnter guard", "public void Add() { lock (_sync) { _count++; } } public void Reset() { if (Monitor.TryEnter(_sync, 100)) { try { _count = 0; } finally { Monitor.Exit(_sync); } } }")]
    [InlineData("private property used under the lock", "public void Add() { lock (_sync) { _count++; if (Busy) { } } } private bool Busy { get { return _count > 1; } }")]
    [InlineData("field passed by ref to a helper that locks", "public void Add() { lock (_sync) { _count++; } } public void Reset() { Clear(ref _count); } void Clear(ref int slot) { lock (_sync) { slot = 0; } }")]
    [InlineData("never written under the lock", "public int Get() { lock (_sync) { return _count; } } public void Set() { _count = 1; }")]
    public async Task Does_not_flag_locking_near_misses(string scenario, string members)
    {
        Assert.NotEmpty(scenario);
        await VerifyLocking.NoDiagnostics(Usings + "class C { private readonly object _sync = new object(); private int _count; " + members + " }");
    }

    [Theory]
    [InlineData("readonly", "private readonly List<int> _f = new List<int>();", "_f.Add(1);", "_f.Clear();")]
    [InlineData("volatile", "private volatile bool _f;", "_f = true;", "_f = false;")]
    [InlineData("public", "public int _f;", "_f++;", "_f = 0;")]
    [InlineData("static", "private static int _f;", "_f++;", "_f = 0;")]
    [InlineData("delegate snapshot read (the event pattern)", "private Action _f = () => { };", "_f += () => { }; _f -= () => { };", "_f?.Invoke();")]
    public async Task Does_not_flag_fields_outside_the_rule(string scenario, string field, string locked, string unlocked)
    {
        Assert.NotEmpty(scenario);
        await VerifyLocking.NoDiagnostics(Usings + "class C { private readonly object _sync = new object(); " + field + " public void A() { lock (_sync) { " + locked + " } } public void B() { " + unlocked + " } }");
    }

    [Fact]
    public async Task Min_locked_ratio_option_lowers_the_bar_for_reads()
    {
        await VerifyLocking.Analyzer(Usings + """
            class Meter
            {
                private readonly object _sync = new object();
                private int _count;

                public void Add()
                {
                    lock (_sync)
                    {
                        {|#1:_count|}++;
                    }
                }

                public void Remove()
                {
                    lock (_sync)
                    {
                        {|#3:_count|}--;
                    }
                }

                public void A(Action<int> sink) => sink({|#0:_count|});

                public void B(Action<int> sink) => sink({|#2:_count|});
            }
            """, TargetFramework.Net80, "vet.VET201.min_locked_ratio = 0.5",
            Unlocked(0, "_count", "read", "_sync").WithLocation(1).WithLocation(3),
            Unlocked(2, "_count", "read", "_sync").WithLocation(1).WithLocation(3));
    }

    // ---- (b) Held-lock reasoning ------------------------------------------------------------------------------

    /// <summary>
    /// An async helper called under the lock holds it only until its first await: the write after the await is not
    /// locked evidence, so the unlocked read elsewhere (3 of 6 locked) is below the bar.
    /// </summary>
    [Fact]
    public async Task An_async_helper_holds_the_callers_lock_only_until_its_first_await()
    {
        await VerifyLocking.NoDiagnostics(Usings + """
            class Feed
            {
                private readonly object _sync = new object();
                private int _version;

                public void Bump()
                {
                    lock (_sync)
                    {
                        _version++;
                    }
                }

                public int Read()
                {
                    lock (_sync)
                    {
                        return _version;
                    }
                }

                public void Refresh()
                {
                    lock (_sync)
                    {
                        _ = ReloadAsync();
                    }
                }

                private async Task ReloadAsync()
                {
                    await Task.Delay(10);
                    _version = 0;
                }

                public int Current => _version;
            }
            """);
    }

    /// <summary>Before its first await the same helper runs synchronously under the caller's lock: that is evidence.</summary>
    [Fact]
    public async Task An_async_helper_holds_the_callers_lock_before_its_first_await()
    {
        await VerifyLocking.Analyzer(Usings + """
            class Feed
            {
                private readonly object _sync = new object();
                private int _version;

                public void Bump()
                {
                    lock (_sync)
                    {
                        {|#1:_version|}++;
                    }
                }

                public int Read()
                {
                    lock (_sync)
                    {
                        return {|#2:_version|};
                    }
                }

                public void Refresh()
                {
                    lock (_sync)
                    {
                        _ = ReloadAsync();
                    }
                }

                private async Task ReloadAsync()
                {
                    {|#3:_version|} = 0;
                    await Task.Delay(10);
                }

                public void Publish(Action<int> sink) => sink({|#0:_version|});
            }
            """,
            Unlocked(0, "_version", "read", "_sync").WithLocation(1).WithLocation(2).WithLocation(3));
    }

    /// <summary>A protected virtual member whose every call in the type holds the lock runs under it.</summary>
    [Fact]
    public async Task A_protected_member_whose_every_call_holds_the_lock_is_not_reported()
    {
        await VerifyLocking.NoDiagnostics(Usings + """
            public class Target
            {
                private readonly object _sync = new object();
                private bool _warned;

                public void Write(string message)
                {
                    lock (_sync)
                    {
                        if (message.Length == 0)
                        {
                            WriteFailed(message);
                        }
                    }
                }

                public void WriteMany(string[] messages)
                {
                    lock (_sync)
                    {
                        foreach (var message in messages)
                        {
                            WriteFailed(message);
                        }
                    }
                }

                public void Reset()
                {
                    lock (_sync)
                    {
                        _warned = false;
                    }
                }

                public bool Warned()
                {
                    lock (_sync)
                    {
                        return _warned;
                    }
                }

                protected virtual void WriteFailed(string message)
                {
                    if (!_warned)
                    {
                        _warned = true;
                    }
                }
            }
            """);
    }

    /// <summary>The same member called once without the lock is an unlocked path: still reported.</summary>
    [Fact]
    public async Task A_protected_member_called_once_without_the_lock_is_reported()
    {
        await VerifyLocking.Analyzer(Usings + """
            public class Target
            {
                private readonly object _sync = new object();
                private bool _warned;

                public void Write(string message)
                {
                    lock (_sync)
                    {
                        WriteFailed(message);
                    }
                }

                public void WriteUnlocked(string message) => WriteFailed(message);

                public void Reset()
                {
                    lock (_sync)
                    {
                        {|#1:_warned|} = false;
                    }
                }

                public bool Warned()
                {
                    lock (_sync)
                    {
                        return {|#2:_warned|};
                    }
                }

                protected virtual void WriteFailed(string message)
                {
                    {|#0:_warned|} = true;
                }
            }
            """,
            Unlocked(0, "_warned", "written", "_sync").WithLocation(1).WithLocation(2));
    }

    /// <summary>An override that the base class calls only while it holds the shared lock runs under that lock.</summary>
    [Fact]
    public async Task An_override_the_base_calls_under_its_lock_is_not_reported()
    {
        await VerifyLocking.NoDiagnostics(Usings + """
            public abstract class Target
            {
                protected object SyncRoot { get; } = new object();

                public void Flush()
                {
                    if (Monitor.TryEnter(SyncRoot, 15000))
                    {
                        try
                        {
                            FlushCore();
                        }
                        finally
                        {
                            Monitor.Exit(SyncRoot);
                        }
                    }
                }

                public void Write(string message)
                {
                    lock (SyncRoot)
                    {
                        WriteCore(message);
                    }
                }

                protected virtual void FlushCore() { }

                protected abstract void WriteCore(string message);
            }

            public sealed class QueueTarget : Target
            {
                private Task _previous;

                protected override void WriteCore(string message)
                {
                    _previous = Task.CompletedTask;
                }

                public void Restart()
                {
                    lock (SyncRoot)
                    {
                        _previous = null;
                    }
                }

                public bool Busy()
                {
                    lock (SyncRoot)
                    {
                        return _previous is { IsCompleted: false };
                    }
                }

                protected override void FlushCore()
                {
                    if (_previous?.IsCompleted == false)
                    {
                        _previous = null;
                    }
                }
            }
            """);
    }

    /// <summary>A base class that calls the override without its lock gives no such guarantee.</summary>
    [Fact]
    public async Task An_override_the_base_calls_without_its_lock_is_reported()
    {
        await VerifyLocking.Analyzer(Usings + """
            public abstract class Target
            {
                protected object SyncRoot { get; } = new object();

                public void Flush() => FlushCore();

                protected virtual void FlushCore() { }
            }

            public sealed class QueueTarget : Target
            {
                private Task _previous;

                public void Restart()
                {
                    lock (SyncRoot)
                    {
                        {|#1:_previous|} = null;
                    }
                }

                public void Start()
                {
                    lock (SyncRoot)
                    {
                        {|#2:_previous|} = Task.CompletedTask;
                    }
                }

                protected override void FlushCore()
                {
                    {|#0:_previous|} = null;
                }
            }
            """,
            Unlocked(0, "_previous", "written", "SyncRoot").WithLocation(1).WithLocation(2));
    }

    /// <summary>A public method that only the constructor calls is construction, like a private helper would be.</summary>
    [Fact]
    public async Task A_public_method_only_the_constructor_calls_is_construction()
    {
        await VerifyLocking.NoDiagnostics(Usings + """
            public class Buffer
            {
                private readonly object _sync = new object();
                private int[] _items;
                private int _count;

                public Buffer(int size)
                {
                    Configure(size);
                }

                public void Configure(int size)
                {
                    _items = new int[size];
                    _count = 0;
                }

                public void Add(int item)
                {
                    lock (_sync)
                    {
                        _items[_count++] = item;
                    }
                }

                public int Take()
                {
                    lock (_sync)
                    {
                        return _items[--_count];
                    }
                }
            }
            """);
    }

    /// <summary>
    /// A public Reset that the constructor calls, and that other classes call while the object is shared, is not
    /// construction: its unlocked write races the locked ones.
    /// </summary>
    [Fact]
    public async Task A_public_method_the_constructor_and_other_classes_call_is_not_construction()
    {
        await VerifyLocking.Analyzer(Usings + """
            public class Counter
            {
                private readonly object _sync = new object();
                private int _count;

                public Counter()
                {
                    Reset();
                }

                public void Reset()
                {
                    {|#0:_count|} = 0;
                }

                public void Add()
                {
                    lock (_sync)
                    {
                        {|#1:_count|}++;
                    }
                }

                public void Remove()
                {
                    lock (_sync)
                    {
                        {|#2:_count|}--;
                    }
                }
            }

            public class Meter
            {
                private readonly Counter _counter = new Counter();

                public void Restart() => _counter.Reset();
            }
            """,
            Unlocked(0, "_count", "written", "_sync").WithLocation(1).WithLocation(2));
    }

    /// <summary>
    /// A public Stop that Dispose calls, and that other classes call while the object is in use, is not disposal: its
    /// locked write is evidence, and the timer's unlocked read is reported.
    /// </summary>
    [Fact]
    public async Task A_public_method_dispose_and_other_classes_call_is_not_disposal()
    {
        await VerifyLocking.Analyzer(Usings + """
            public class Session : IDisposable
            {
                private readonly object _sync = new object();
                private string _progress;

                public void StartProgress(string progress)
                {
                    lock (_sync)
                    {
                        {|#1:_progress|} = progress;
                    }
                }

                public void StopProgress()
                {
                    lock (_sync)
                    {
                        {|#2:_progress|} = null;
                    }
                }

                private void OnTimer(object state)
                {
                    var progress = {|#0:_progress|};
                    Console.WriteLine(progress);
                }

                public void Dispose() => StopProgress();
            }

            public class SessionManager
            {
                public void OnPlaybackStopped(Session session) => session.StopProgress();
            }
            """,
            Unlocked(0, "_progress", "read", "_sync").WithLocation(1).WithLocation(2));
    }

    /// <summary>The same Stop that only Dispose calls ends the object's use: one member of evidence is left.</summary>
    [Fact]
    public async Task A_public_method_only_dispose_calls_is_disposal()
    {
        await VerifyLocking.NoDiagnostics(Usings + """
            public class Session : IDisposable
            {
                private readonly object _sync = new object();
                private string _progress;

                public void StartProgress(string progress)
                {
                    lock (_sync)
                    {
                        _progress = progress;
                    }
                }

                public void StopProgress()
                {
                    lock (_sync)
                    {
                        _progress = null;
                    }
                }

                private void OnTimer(object state)
                {
                    var progress = _progress;
                    Console.WriteLine(progress);
                }

                public void Dispose() => StopProgress();
            }
            """);
    }

    /// <summary>An internal member every call of which, in the whole compilation, holds the lock runs under it.</summary>
    [Fact]
    public async Task An_internal_member_every_call_in_the_compilation_holds_the_lock_is_not_reported()
    {
        await VerifyLocking.NoDiagnostics(Usings + """
            internal sealed class Tally
            {
                private readonly object _sync = new object();
                private int _count;

                public void Add()
                {
                    lock (_sync)
                    {
                        _count++;
                        Report();
                    }
                }

                public void Remove()
                {
                    lock (_sync)
                    {
                        _count--;
                        Report();
                    }
                }

                internal void Report()
                {
                    if (_count == 0)
                    {
                        Console.WriteLine("empty");
                    }
                }
            }
            """);
    }

    /// <summary>The same internal member that another class calls without the lock is an unlocked path: reported.</summary>
    [Fact]
    public async Task An_internal_member_another_class_calls_is_judged_on_its_own()
    {
        await VerifyLocking.Analyzer(Usings + """
            internal sealed class Tally
            {
                private readonly object _sync = new object();
                private int _count;

                public void Add()
                {
                    lock (_sync)
                    {
                        {|#1:_count|}++;
                        Report();
                    }
                }

                public void Remove()
                {
                    lock (_sync)
                    {
                        {|#2:_count|}--;
                        Report();
                    }
                }

                internal void Report()
                {
                    if ({|#0:_count|} == 0)
                    {
                        Console.WriteLine("empty");
                    }
                }
            }

            internal sealed class Dashboard
            {
                public void Refresh(Tally tally) => tally.Report();
            }
            """,
            Unlocked(0, "_count", "read", "_sync").WithLocation(1).WithLocation(2));
    }

    /// <summary>A private helper that only Initialize calls is construction too.</summary>
    [Fact]
    public async Task A_helper_only_Initialize_calls_is_construction()
    {
        await VerifyLocking.NoDiagnostics(Usings + """
            class Channel
            {
                private readonly object _sync = new object();
                private int _pending;

                public void Initialize() => ResetCounters();

                private void ResetCounters() => _pending = 0;

                public void Send()
                {
                    lock (_sync)
                    {
                        _pending++;
                    }
                }

                public void Ack()
                {
                    lock (_sync)
                    {
                        _pending--;
                    }
                }
            }
            """);
    }

    /// <summary>Test and benchmark setup ([SetUp], [GlobalSetup]...) runs before the code under test shares the object: construction.</summary>
    [Fact]
    public async Task Writes_in_a_test_setup_method_are_construction()
    {
        await VerifyLocking.NoDiagnostics(Usings + """
            [AttributeUsage(AttributeTargets.Method)] class SetUpAttribute : Attribute { }
            [AttributeUsage(AttributeTargets.Method)] class GlobalSetupAttribute : Attribute { }
            [AttributeUsage(AttributeTargets.Method)] class TearDownAttribute : Attribute { }

            class QueueTests
            {
                private readonly object _sync = new object();
                private int _received;

                [SetUp]
                public void Reset() => _received = 0;

                [GlobalSetup]
                public void Prepare() => _received = 0;

                [TearDown]
                public void Clear() => _received = -1;

                public void OnMessage()
                {
                    lock (_sync)
                    {
                        _received++;
                    }
                }

                public void OnRetry()
                {
                    lock (_sync)
                    {
                        _received--;
                    }
                }
            }
            """);
    }

    /// <summary>The same write in a method without a setup attribute is shared code and is reported.</summary>
    [Fact]
    public async Task Writes_in_an_unattributed_reset_method_are_reported()
    {
        await VerifyLocking.Analyzer(Usings + """
            class QueueTests
            {
                private readonly object _sync = new object();
                private int _received;

                public void Reset() => {|#0:_received|} = 0;

                public void OnMessage()
                {
                    lock (_sync)
                    {
                        {|#1:_received|}++;
                    }
                }

                public void OnRetry()
                {
                    lock (_sync)
                    {
                        {|#2:_received|}--;
                    }
                }
            }
            """,
            Unlocked(0, "_received", "written", "_sync").WithLocation(1).WithLocation(2));
    }

    /// <summary>
    /// A Start method's writes before it has called anything: no thread it starts exists yet, so nothing else can see
    /// the field (the thread start publishes it).
    /// </summary>
    [Fact]
    public async Task Writes_at_the_top_of_Start_before_any_call_are_construction()
    {
        await VerifyLocking.NoDiagnostics(Usings + """
            class Dispatcher
            {
                private readonly object _sync = new object();
                private string _current;

                public void Start(string first)
                {
                    _current = first;
                    new Thread(Work).Start();
                }

                private void Work()
                {
                    lock (_sync)
                    {
                        _current = "next";
                    }
                }

                public void Save()
                {
                    lock (_sync)
                    {
                        _current = null;
                    }
                }
            }
            """);
    }

    /// <summary>A write in Start after it has started the work races the work: reported.</summary>
    [Fact]
    public async Task Writes_in_Start_after_a_call_are_reported()
    {
        await VerifyLocking.Analyzer(Usings + """
            class Dispatcher
            {
                private readonly object _sync = new object();
                private string _current;

                public void Start(string first)
                {
                    new Thread(Work).Start();
                    {|#0:_current|} = first;
                }

                private void Work()
                {
                    lock (_sync)
                    {
                        {|#1:_current|} = "next";
                    }
                }

                public void Save()
                {
                    lock (_sync)
                    {
                        {|#2:_current|} = null;
                    }
                }
            }
            """,
            Unlocked(0, "_current", "written", "_sync").WithLocation(1).WithLocation(2));
    }

    /// <summary>
    /// A type documented as not thread-safe per instance (<c>&lt;threadsafety instance="false"/&gt;</c>, "not thread-safe")
    /// leaves serializing calls to its callers: its own locks guard something else, and unlocked accesses are the contract.
    /// </summary>
    [Fact]
    public async Task A_type_documented_as_not_thread_safe_is_not_reported()
    {
        await VerifyLocking.NoDiagnostics(Usings + """
            /// <summary>A buffered stream.</summary>
            /// <threadsafety static="true" instance="false"/>
            class BufferedReader
            {
                private readonly object _lock = new object();
                private int _bufferPosition;

                public int Read()
                {
                    lock (_lock)
                    {
                        return _bufferPosition++;
                    }
                }

                public void Seek(int position)
                {
                    lock (_lock)
                    {
                        _bufferPosition = position;
                    }
                }

                public async Task<int> ReadAsync()
                {
                    await Task.Yield();
                    _bufferPosition = 0;
                    return 0;
                }
            }

            // Not thread-safe: one instance is used by one caller at a time.
            class Cursor
            {
                private readonly object _lock = new object();
                private int _index;

                public void Next() { lock (_lock) { _index++; } }

                public void Back() { lock (_lock) { _index--; } }

                public void Reset() => _index = 0;
            }
            """);
    }

    /// <summary>A type whose documentation says it is thread-safe is still judged.</summary>
    [Fact]
    public async Task A_type_documented_as_thread_safe_is_reported()
    {
        await VerifyLocking.Analyzer(Usings + """
            /// <summary>A buffered stream; this type is thread-safe.</summary>
            /// <threadsafety static="true" instance="true"/>
            class BufferedReader
            {
                private readonly object _lock = new object();
                private int _bufferPosition;

                public int Read()
                {
                    lock (_lock)
                    {
                        return {|#1:_bufferPosition|}++;
                    }
                }

                public void Seek(int position)
                {
                    lock (_lock)
                    {
                        {|#2:_bufferPosition|} = position;
                    }
                }

                public async Task<int> ReadAsync()
                {
                    await Task.Yield();
                    {|#0:_bufferPosition|} = 0;
                    return 0;
                }
            }
            """,
            Unlocked(0, "_bufferPosition", "written", "_lock").WithLocation(1).WithLocation(2));
    }

    /// <summary>
    /// <c>lock (_stream) { _stream.Position = _position; ... }</c> on a stream handed in by the constructor: the lock
    /// serializes the shared stream among its owners, so the own fields touched inside are not evidence that it guards them.
    /// </summary>
    [Fact]
    public async Task A_lock_on_a_shared_object_used_inside_does_not_guard_the_other_fields()
    {
        await VerifyLocking.NoDiagnostics(Usings + """
            class SharedView
            {
                private readonly System.IO.Stream _stream;
                private long _position;

                public SharedView(System.IO.Stream stream)
                {
                    _stream = stream;
                }

                public long Position { get => _position; set => _position = value; }

                public int Read(byte[] buffer)
                {
                    lock (_stream)
                    {
                        _stream.Position = _position;
                        var read = _stream.Read(buffer, 0, buffer.Length);
                        _position = _stream.Position;
                        return read;
                    }
                }

                public void Write(byte[] buffer)
                {
                    lock (_stream)
                    {
                        _stream.Position = _position;
                        _stream.Write(buffer, 0, buffer.Length);
                        _position = _stream.Position;
                    }
                }
            }
            """);
    }

    /// <summary>
    /// A list looked up in a registry that every instance on a channel shares: locking it serializes the instances, and
    /// the own fields cleared inside are not guarded by it (where they are set, the list may not even exist yet).
    /// </summary>
    [Fact]
    public async Task A_lock_on_an_object_from_a_shared_registry_does_not_guard_the_other_fields()
    {
        await VerifyLocking.NoDiagnostics(Usings + """
            using System.Collections.Concurrent;

            class Backplane
            {
                private static readonly ConcurrentDictionary<string, List<Backplane>> Channels = new();
                private List<Backplane>? _subscribers;
                private Action<string>? _handler;
                private string? _channel;

                public void Subscribe(string channel, Action<string> handler)
                {
                    _channel = channel;
                    _handler = handler;
                    _subscribers = Channels.GetOrAdd(channel, _ => new List<Backplane>());
                    lock (_subscribers)
                    {
                        _subscribers.Add(this);
                    }
                }

                public void Unsubscribe()
                {
                    if (_subscribers is not null)
                    {
                        lock (_subscribers)
                        {
                            _subscribers.Remove(this);
                            _handler = null;
                            _channel = null;
                        }
                    }

                    _subscribers = null;
                }

                public void Publish(string message)
                {
                    if (_subscribers is null)
                    {
                        return;
                    }

                    lock (_subscribers)
                    {
                        _handler = null;
                        _channel = message;
                    }
                }

                public void Receive(string message) => _handler?.Invoke(_channel + message);
            }
            """);
    }

    /// <summary>The same lock on an object the type builds itself is a gate: the fields it covers are guarded.</summary>
    [Fact]
    public async Task A_lock_on_an_own_object_used_inside_guards_the_other_fields()
    {
        await VerifyLocking.Analyzer(Usings + """
            class Queue
            {
                private readonly List<int> _items = new List<int>();
                private int _version;

                public void Touch() => {|#0:_version|} = 0;

                public void Add(int item)
                {
                    lock (_items)
                    {
                        _items.Add(item);
                        {|#1:_version|}++;
                    }
                }

                public void Remove(int item)
                {
                    lock (_items)
                    {
                        _items.Remove(item);
                        {|#2:_version|}++;
                    }
                }
            }
            """,
            Unlocked(0, "_version", "written", "_items").WithLocation(1).WithLocation(2));
    }

    /// <summary>
    /// Copy-on-write through a collection expression (<c>[.. _handlers]</c>), with the constructor storing the first list:
    /// every later write stores a new list, so the unlocked snapshot read is the design.
    /// </summary>
    [Fact]
    public async Task A_field_replaced_by_collection_expression_copies_is_read_freely()
    {
        await VerifyLocking.NoDiagnostics(Usings + """
            class AsyncEvent
            {
                private readonly List<Action> _handlers = new List<Action>();
                private ICollection<Action> _handlersForInvoke;

                public AsyncEvent()
                {
                    _handlersForInvoke = _handlers;
                }

                public void Add(Action handler)
                {
                    lock (_handlers)
                    {
                        _handlers.Add(handler);
                        _handlersForInvoke = new List<Action>(_handlers);
                    }
                }

                public void Remove(Action handler)
                {
                    lock (_handlers)
                    {
                        _handlers.Remove(handler);
                        _handlersForInvoke = [.. _handlers];
                    }
                }

                public void Invoke()
                {
                    // Add and Remove store a new list: the reference read here is an immutable snapshot.
                    var handlers = _handlersForInvoke;
                    foreach (var handler in handlers)
                    {
                        handler();
                    }
                }
            }
            """);
    }

    /// <summary>One member that locks the field is not yet a discipline: another member writing it plainly is not reported.</summary>
    [Fact]
    public async Task Evidence_from_a_single_member_is_not_enough()
    {
        await VerifyLocking.NoDiagnostics(Usings + """
            class Pool
            {
                private List<string> _items = new List<string>();

                public void Swap(List<string> items)
                {
                    lock (this)
                    {
                        _items = items;
                    }
                }

                public void Clear() => _items = new List<string>();
            }
            """);
    }

    /// <summary>Stopping is not disposal: a timer callback still runs while Stop clears the field under the lock.</summary>
    [Fact]
    public async Task A_stop_method_is_not_disposal()
    {
        await VerifyLocking.Analyzer(Usings + """
            class Session
            {
                private readonly object _sync = new object();
                private string _progress;

                public void StartProgress(string progress)
                {
                    lock (_sync)
                    {
                        {|#1:_progress|} = progress;
                    }
                }

                public void StopProgress()
                {
                    lock (_sync)
                    {
                        {|#2:_progress|} = null;
                    }
                }

                private void OnTimer(object state)
                {
                    var progress = {|#0:_progress|};
                    Console.WriteLine(progress);
                }
            }
            """,
            Unlocked(0, "_progress", "read", "_sync").WithLocation(1).WithLocation(2));
    }

    // ---- (b) Benign shapes ---------------------------------------------------------------------------------------

    /// <summary>
    /// Copy-on-write: every write replaces the list by a newly built one, so a reader sees one whole list or the other.
    /// </summary>
    [Fact]
    public async Task A_field_only_replaced_by_newly_built_objects_is_read_freely()
    {
        await VerifyLocking.NoDiagnostics(Usings + """
            class Handlers
            {
                private readonly object _sync = new object();
                private List<Action> _handlers = new List<Action>();

                public void Add(Action handler)
                {
                    lock (_sync)
                    {
                        _handlers = new List<Action>(_handlers) { handler };
                    }
                }

                public void Remove(Action handler)
                {
                    lock (_sync)
                    {
                        var copy = new List<Action>(_handlers);
                        copy.Remove(handler);
                        _handlers = copy;
                    }
                }

                public void Raise()
                {
                    foreach (var handler in _handlers)
                    {
                        handler();
                    }
                }
            }
            """);
    }

    /// <summary>
    /// The same list also changed in place under the lock is not copy-on-write: the unlocked enumeration races the
    /// locked Add, and the message says so.
    /// </summary>
    [Fact]
    public async Task A_collection_changed_in_place_under_the_lock_is_a_collection_race()
    {
        await VerifyLocking.Analyzer(Usings + """
            class Handlers
            {
                private readonly object _sync = new object();
                private List<Action> _handlers = new List<Action>();

                public void Add(Action handler)
                {
                    lock (_sync)
                    {
                        {|#1:_handlers|}.Add(handler);
                    }
                }

                public void Clear()
                {
                    lock (_sync)
                    {
                        {|#2:_handlers|} = new List<Action>();
                    }
                }

                public void Raise()
                {
                    foreach (var handler in {|#0:_handlers|})
                    {
                        handler();
                    }
                }
            }
            """,
            CollectionRace(0, "_handlers", "foreach", "_sync", "Add").WithLocation(1).WithLocation(2));
    }

    /// <summary>One-way state: a flag that is only ever set to true. A stale read sees "not yet", which the code tolerates.</summary>
    [Fact]
    public async Task A_flag_that_only_moves_one_way_is_read_freely()
    {
        await VerifyLocking.NoDiagnostics(Usings + """
            class Job
            {
                private readonly object _sync = new object();
                private bool _completed;
                private int _result;

                public void Complete(int result)
                {
                    lock (_sync)
                    {
                        _result = result;
                        _completed = true;
                    }
                }

                public void Fail()
                {
                    lock (_sync)
                    {
                        _completed = true;
                    }
                }

                public bool IsCompleted => _completed;
            }
            """);
    }

    /// <summary>One-way state through an enum: every write moves the state to a later member, never back.</summary>
    [Fact]
    public async Task An_enum_state_that_only_moves_forward_is_read_freely()
    {
        await VerifyLocking.NoDiagnostics(Usings + """
            enum Phase { Created, Running, Stopped }

            class Worker
            {
                private readonly object _sync = new object();
                private Phase _phase;

                public void Start()
                {
                    lock (_sync)
                    {
                        if (_phase == Phase.Created)
                        {
                            _phase = Phase.Running;
                        }
                    }
                }

                public void Halt()
                {
                    lock (_sync)
                    {
                        _phase = Phase.Stopped;
                    }
                }

                public bool IsRunning => _phase == Phase.Running;
            }
            """);
    }

    /// <summary>
    /// Accessors that only hand out a value read whole (statistics such as a failure count, a 64-bit tick count or a
    /// DateTime, whole on 64-bit processes) are snapshots; a decimal can tear anywhere and a method that acts on the read
    /// is a check-then-act: both are still reported.
    /// </summary>
    [Fact]
    public async Task Snapshot_accessors_of_small_values_are_not_reported()
    {
        // Each field: two locked writes (weight 4) and one unlocked read, so four fifths are locked and the read would count.
        await VerifyLocking.Analyzer(Usings + """
            class CircuitBreaker
            {
                private static readonly object _lock = new object();
                private object? _window;
                private int _failureCount;
                private int _windowFailureCount;
                private int _windowTotalCount;
                private bool _open;
                private long _ticks;
                private DateTime _lastFailure;
                private decimal _cost;

                public void RecordFailure()
                {
                    lock (_lock)
                    {
                        {|#4:_failureCount|}++;
                        _windowFailureCount++;
                        _windowTotalCount++;
                        _open = true;
                        _ticks++;
                        _lastFailure = DateTime.UtcNow;
                        {|#1:_cost|} += 1m;
                    }
                }

                public void RecordSuccess()
                {
                    lock (_lock)
                    {
                        _windowTotalCount++;
                        _windowFailureCount = 0;
                        _open = false;
                        {|#5:_failureCount|} = 0;
                        _ticks++;
                        _lastFailure = DateTime.MinValue;
                        {|#2:_cost|} = 0m;
                    }
                }

                public int FailureCount => _window != null ? _windowFailureCount : 0;

                public int TotalCount { get { return _windowTotalCount; } }

                public bool IsClosed() => !_open;

                public long Ticks => _ticks;

                public DateTime LastFailure { get { return _lastFailure; } }

                public decimal Cost => {|#0:_cost|};

                public void Trip(Action trip)
                {
                    if ({|#3:_failureCount|} > 3)
                    {
                        trip();
                    }
                }
            }
            """,
            Unlocked(0, "_cost", "read", "_lock").WithLocation(1).WithLocation(2),
            Unlocked(3, "_failureCount", "read", "_lock").WithLocation(4).WithLocation(5));
    }

    /// <summary>A state that moves back (Running, then Created again) is not one-way: the unlocked read is reported.</summary>
    [Fact]
    public async Task An_enum_state_that_moves_back_is_reported()
    {
        await VerifyLocking.Analyzer(Usings + """
            enum Phase { Created, Running, Stopped }

            class Worker
            {
                private readonly object _sync = new object();
                private Phase _phase;

                public void Start()
                {
                    lock (_sync)
                    {
                        {|#1:_phase|} = Phase.Running;
                    }
                }

                public void Reset()
                {
                    lock (_sync)
                    {
                        {|#2:_phase|} = Phase.Created;
                    }
                }

                public void Check(Action<bool> sink) => sink({|#0:_phase|} == Phase.Running);
            }
            """,
            Unlocked(0, "_phase", "read", "_sync").WithLocation(1).WithLocation(2));
    }

    /// <summary>A fast path whose slow path is a helper that takes the lock and checks the field again (double-checked across members).</summary>
    [Fact]
    public async Task A_fast_path_re_checked_under_the_lock_by_a_helper_is_not_reported()
    {
        await VerifyLocking.NoDiagnostics(Usings + """
            class Catalog
            {
                private readonly object _sync = new object();
                private Dictionary<string, int> _index;

                public Dictionary<string, int> Index => _index ?? Build();

                private Dictionary<string, int> Build()
                {
                    lock (_sync)
                    {
                        if (_index == null)
                        {
                            _index = new Dictionary<string, int>();
                        }

                        return _index;
                    }
                }

                public void Invalidate()
                {
                    lock (_sync)
                    {
                        _index = null;
                    }
                }
            }
            """);
    }

    /// <summary>Lazy creation with ??= under the lock is double-checked locking (VET204's domain), not a guarded field.</summary>
    [Fact]
    public async Task Lazy_creation_with_coalescing_assignment_under_the_lock_is_not_a_guard()
    {
        await VerifyLocking.NoDiagnostics(Usings + """
            public class FutureState
            {
                private HashSet<Guid> _pending;
                private Dictionary<string, object> _variables;

                public HashSet<Guid> Pending
                {
                    get
                    {
                        if (_pending != null)
                            return _pending;

                        lock (this)
                            _pending ??= new HashSet<Guid>();

                        return _pending;
                    }
                    set => _pending = value;
                }

                public Dictionary<string, object> Variables
                {
                    get
                    {
                        if (_variables != null)
                            return _variables;

                        lock (this)
                            _variables ??= new Dictionary<string, object>();

                        return _variables;
                    }
                    set => _variables = value;
                }
            }
            """);
    }

    /// <summary>The near miss: a plain assignment under the lock does make the lock the guard, so a plain setter is reported.</summary>
    [Fact]
    public async Task A_plain_assignment_under_the_lock_makes_it_the_guard()
    {
        await VerifyLocking.Analyzer(Usings + """
            public class Registry
            {
                private HashSet<Guid> _pending;

                public void Reset()
                {
                    lock (this)
                    {
                        {|#1:_pending|} = new HashSet<Guid>();
                    }
                }

                public void Clear()
                {
                    lock (this)
                    {
                        {|#2:_pending|} = null;
                    }
                }

                public HashSet<Guid> Pending
                {
                    set => {|#0:_pending|} = value;
                }
            }
            """,
            Unlocked(0, "_pending", "written", "this").WithLocation(1).WithLocation(2));
    }

    /// <summary>The near miss of the fast path: a helper that only stores under the lock, without reading again, re-checks nothing.</summary>
    [Fact]
    public async Task A_fast_path_whose_helper_does_not_re_check_is_reported()
    {
        await VerifyLocking.Analyzer(Usings + """
            class Catalog
            {
                private readonly object _sync = new object();
                private Dictionary<string, int> _index;

                public Dictionary<string, int> Index => {|#0:_index|} ?? Build();

                private Dictionary<string, int> Build()
                {
                    var loaded = Load();
                    lock (_sync)
                    {
                        {|#1:_index|} = loaded;
                    }

                    return loaded;
                }

                public void Invalidate()
                {
                    lock (_sync)
                    {
                        {|#2:_index|} = null;
                    }
                }

                private static Dictionary<string, int> Load() => new Dictionary<string, int>();
            }
            """,
            Unlocked(0, "_index", "read", "_sync").WithLocation(1).WithLocation(2));
    }

    /// <summary>Written once: the lock sets the field only while it is null, so an unlocked null test sees "not yet" or the one value.</summary>
    [Fact]
    public async Task A_field_written_once_under_a_null_test_is_read_freely()
    {
        await VerifyLocking.NoDiagnostics(Usings + """
            class Client
            {
                private readonly object _sync = new object();
                private string _endpoint;

                public void Connect(string endpoint)
                {
                    lock (_sync)
                    {
                        if (_endpoint == null && endpoint.Length > 0)
                        {
                            _endpoint = endpoint;
                        }
                    }
                }

                public string Describe()
                {
                    lock (_sync)
                    {
                        return "at " + _endpoint;
                    }
                }

                public string Target()
                {
                    lock (_sync)
                    {
                        return _endpoint ?? "none";
                    }
                }

                public bool IsConnected => _endpoint != null;
            }
            """);
    }

    /// <summary>The near miss: a field the lock sets again whenever it is called is not written once.</summary>
    [Fact]
    public async Task A_field_written_again_without_a_null_test_is_reported()
    {
        await VerifyLocking.Analyzer(Usings + """
            class Client
            {
                private readonly object _sync = new object();
                private string _endpoint;

                public void Connect(string endpoint)
                {
                    lock (_sync)
                    {
                        if ({|#1:_endpoint|} != endpoint)
                        {
                            {|#2:_endpoint|} = endpoint;
                        }
                    }
                }

                public string Describe()
                {
                    lock (_sync)
                    {
                        return "at " + {|#3:_endpoint|};
                    }
                }

                public string Target()
                {
                    lock (_sync)
                    {
                        return {|#4:_endpoint|} ?? "none";
                    }
                }

                public bool IsConnected => {|#0:_endpoint|} != null;
            }
            """,
            Unlocked(0, "_endpoint", "read", "_sync").WithLocation(1).WithLocation(2).WithLocation(3).WithLocation(4));
    }

    /// <summary>Written once after a guard that leaves when the field is set (a loop started once), read as "started yet?".</summary>
    [Fact]
    public async Task A_field_written_once_after_an_early_return_guard_is_read_freely()
    {
        await VerifyLocking.NoDiagnostics(Usings + """
            class Scheduler
            {
                private readonly object _sync = new object();
                private bool _shutDown;
                private Task _loop;

                public void Start()
                {
                    lock (_sync)
                    {
                        if (_shutDown || _loop is not null)
                        {
                            return;
                        }

                        _loop = Task.Run(() => Console.WriteLine("running"));
                    }
                }

                public Task Shutdown()
                {
                    lock (_sync)
                    {
                        _shutDown = true;
                        return _loop;
                    }
                }

                public Task Current
                {
                    get
                    {
                        lock (_sync)
                        {
                            return _loop;
                        }
                    }
                }

                public bool Running => _loop is not null;
            }
            """);
    }

    /// <summary>The near miss: a guard that does not test the field lets the lock start the loop again.</summary>
    [Fact]
    public async Task A_field_written_after_a_guard_that_does_not_test_it_is_reported()
    {
        await VerifyLocking.Analyzer(Usings + """
            class Scheduler
            {
                private readonly object _sync = new object();
                private bool _shutDown;
                private Task _loop;

                public void Start()
                {
                    lock (_sync)
                    {
                        if (_shutDown)
                        {
                            return;
                        }

                        {|#1:_loop|} = Task.Run(() => Console.WriteLine("running"));
                    }
                }

                public Task Shutdown()
                {
                    lock (_sync)
                    {
                        _shutDown = true;
                        return {|#2:_loop|};
                    }
                }

                public Task Current
                {
                    get
                    {
                        lock (_sync)
                        {
                            return {|#3:_loop|};
                        }
                    }
                }

                public bool Running => {|#0:_loop|} is not null;
            }
            """,
            Unlocked(0, "_loop", "read", "_sync").WithLocation(1).WithLocation(2).WithLocation(3));
    }

    // ---- (b) Messages and fixes that fit the finding ------------------------------------------------------------

    [Fact]
    public async Task Names_a_dictionary_read_racing_locked_inserts()
    {
        await VerifyLocking.Analyzer(Usings + """
            class Registry
            {
                private readonly object _sync = new object();
                private Dictionary<string, int> _ids = new Dictionary<string, int>();

                public void Register(string name, int id)
                {
                    lock (_sync)
                    {
                        {|#1:_ids|}[name] = id;
                    }
                }

                public void Reset()
                {
                    lock (_sync)
                    {
                        {|#2:_ids|} = new Dictionary<string, int>();
                    }
                }

                public int Find(string name)
                {
                    return {|#0:_ids|}.TryGetValue(name, out var id) ? id : -1;
                }
            }
            """,
            CollectionRace(0, "_ids", "TryGetValue", "_sync", "this[]").WithLocation(1).WithLocation(2));
    }

    /// <summary>An unlocked Add racing locked Adds is a change, not a read: reported whatever the share of locked reads.</summary>
    [Fact]
    public async Task An_unlocked_change_racing_locked_changes_is_reported_like_a_write()
    {
        await VerifyLocking.Analyzer(Usings + """
            class Batch
            {
                private readonly object _sync = new object();
                private List<int> _items = new List<int>();

                public void Add(int item)
                {
                    lock (_sync)
                    {
                        {|#1:_items|}.Add(item);
                    }
                }

                public void Reset()
                {
                    lock (_sync)
                    {
                        {|#2:_items|} = new List<int>();
                    }
                }

                public void AddFast(int item) => {|#0:_items|}.Add(item);

                public int A => _items.Count;

                public int B => _items.Count;

                public int C => _items.Count;
            }
            """,
            VerifyLocking.Diagnostic(Descriptors.Shapes.VET201_CollectionChanged).WithLocation(0).WithLocation(1).WithLocation(2).WithArguments("_items", "Add", "_sync", "Add"));
    }

    [Fact]
    public async Task A_returned_live_collection_is_named_and_gets_no_lock_fix()
    {
        var source = Usings + """
            class Registry
            {
                private readonly object _sync = new object();
                private List<string> _names = new List<string>();

                public void Add(string name)
                {
                    lock (_sync)
                    {
                        {|#1:_names|}.Add(name);
                    }
                }

                public void Reset()
                {
                    lock (_sync)
                    {
                        {|#2:_names|} = new List<string>();
                    }
                }

                public List<string> Names()
                {
                    return {|#0:_names|};
                }
            }
            """;
        var test = new VetTest<UnsynchronizedSharedStateLockingAnalyzer, UnsynchronizedSharedStateCodeFix>
        {
            TestCode = source,
            FixedCode = source,
            CodeActionEquivalenceKey = UnsynchronizedSharedStateCodeFix.LockKey,
        };
        test.ExpectedDiagnostics.Add(VerifyLocking.Diagnostic(Descriptors.Shapes.VET201_CollectionReturned).WithLocation(0).WithLocation(1).WithLocation(2).WithArguments("_names", "_sync", "Add"));
        await test.RunAsync();
    }

    [Fact]
    public async Task Fix_wraps_the_whole_check_and_act_statement()
    {
        await VerifyLocking.CodeFix(Usings + """
            class Cache
            {
                private readonly object _sync = new object();
                private string _value;

                public void Set(string value)
                {
                    lock (_sync)
                    {
                        {|#2:_value|} = value;
                    }
                }

                public void Clear()
                {
                    lock (_sync)
                    {
                        {|#3:_value|} = null;
                    }
                }

                public void Ensure()
                {
                    if (_value == null)
                    {
                        {|#0:_value|} = "default";
                    }
                }
            }
            """, Usings + """
            class Cache
            {
                private readonly object _sync = new object();
                private string _value;

                public void Set(string value)
                {
                    lock (_sync)
                    {
                        _value = value;
                    }
                }

                public void Clear()
                {
                    lock (_sync)
                    {
                        _value = null;
                    }
                }

                public void Ensure()
                {
                    lock (_sync)
                    {
                        if (_value == null)
                        {
                            _value = "default";
                        }
                    }
                }
            }
            """, UnsynchronizedSharedStateCodeFix.LockKey, TargetFramework.Net80,
            Unlocked(0, "_value", "written", "_sync").WithLocation(2).WithLocation(3));
    }

    // ---- (b) Fix ---------------------------------------------------------------------------------------------

    [Fact]
    public async Task Fix_wraps_each_unlocked_statement_in_the_same_lock()
    {
        await VerifyLocking.CodeFix(Usings + """
            class Inventory
            {
                private readonly object _sync = new object();
                private int _count;
                private string _last = "";

                public void Add(string name)
                {
                    lock (_sync)
                    {
                        {|#2:_count|}++;
                        {|#3:_last|} = name;
                    }
                }

                public int Count()
                {
                    lock (_sync)
                    {
                        return {|#7:_count|};
                    }
                }

                public void Reset()
                {
                    {|#0:_count|} = 0;
                }

                public void Rewind()
                {
                    {|#1:_count|} -= 1;
                }

                public string Describe()
                {
                    var last = {|#4:_last|};
                    return last + "!";
                }

                public string Last()
                {
                    lock (_sync)
                    {
                        return {|#5:_last|};
                    }
                }

                public int LastLength()
                {
                    lock (_sync)
                    {
                        return {|#6:_last|}.Length;
                    }
                }
            }
            """, Usings + """
            class Inventory
            {
                private readonly object _sync = new object();
                private int _count;
                private string _last = "";

                public void Add(string name)
                {
                    lock (_sync)
                    {
                        _count++;
                        _last = name;
                    }
                }

                public int Count()
                {
                    lock (_sync)
                    {
                        return _count;
                    }
                }

                public void Reset()
                {
                    lock (_sync)
                    {
                        _count = 0;
                    }
                }

                public void Rewind()
                {
                    lock (_sync)
                    {
                        _count -= 1;
                    }
                }

                public string Describe()
                {
                    string last;
                    lock (_sync)
                    {
                        last = _last;
                    }
                    return last + "!";
                }

                public string Last()
                {
                    lock (_sync)
                    {
                        return _last;
                    }
                }

                public int LastLength()
                {
                    lock (_sync)
                    {
                        return _last.Length;
                    }
                }
            }
            """, UnsynchronizedSharedStateCodeFix.LockKey, TargetFramework.Net80,
            Unlocked(0, "_count", "written", "_sync").WithLocation(2).WithLocation(7),
            Unlocked(1, "_count", "written", "_sync").WithLocation(2).WithLocation(7),
            Unlocked(4, "_last", "read", "_sync").WithLocation(3).WithLocation(5).WithLocation(6));
    }

    [Fact]
    public async Task No_lock_fix_for_expression_bodies_and_awaits()
    {
        var source = Usings + """
                class Feed
                {
                    private readonly object _sync = new object();
                    private int _count;

                    public void Add()
                    {
                        lock (_sync)
                        {
                            {|#2:_count|}++;
                        }
                    }

                    public void Remove()
                    {
                        lock (_sync)
                        {
                            {|#3:_count|}--;
                        }
                    }

                    public void Reset() => {|#0:_count|} = 0;

                    public async Task ResetLaterAsync()
                    {
                        {|#1:_count|} = await Task.FromResult(0);
                    }
                }
                """;
        var test = new VetTest<UnsynchronizedSharedStateLockingAnalyzer, UnsynchronizedSharedStateCodeFix>
        {
            TestCode = source,
            FixedCode = source,
            CodeActionEquivalenceKey = UnsynchronizedSharedStateCodeFix.LockKey,
        };
        test.ExpectedDiagnostics.Add(Unlocked(0, "_count", "written", "_sync").WithLocation(2).WithLocation(3));
        test.ExpectedDiagnostics.Add(Unlocked(1, "_count", "written", "_sync").WithLocation(2).WithLocation(3));
        await test.RunAsync();
    }

    /// <summary>
    /// The check and the act must be locked together; when the whole check-and-act statement cannot take a lock (it
    /// awaits), no fix is offered rather than one that locks the act alone.
    /// </summary>
    [Fact]
    public async Task No_lock_fix_when_the_check_and_act_statement_cannot_be_locked()
    {
        var source = Usings + """
            class Cache
            {
                private readonly object _sync = new object();
                private string _value;

                public void Set(string value)
                {
                    lock (_sync)
                    {
                        {|#1:_value|} = value;
                    }
                }

                public void Clear()
                {
                    lock (_sync)
                    {
                        {|#2:_value|} = null;
                    }
                }

                public async Task EnsureAsync()
                {
                    if (_value == null)
                    {
                        {|#0:_value|} = "default";
                        await Task.Yield();
                    }
                }
            }
            """;
        var test = new VetTest<UnsynchronizedSharedStateLockingAnalyzer, UnsynchronizedSharedStateCodeFix>
        {
            TestCode = source,
            FixedCode = source,
            CodeActionEquivalenceKey = UnsynchronizedSharedStateCodeFix.LockKey,
        };
        test.ExpectedDiagnostics.Add(Unlocked(0, "_value", "written", "_sync").WithLocation(1).WithLocation(2));
        await test.RunAsync();
    }

    // ---- Broken and incomplete code ------------------------------------------------------------------------------

    [Fact]
    public async Task A_field_whose_type_does_not_bind_is_not_judged()
    {
        // ImHashMap comes from a package the compilation lacks: it may be an immutable map replaced whole on every write,
        // whose unlocked reads are the design; nothing here can tell.
        await new VetTest<UnsynchronizedSharedStateLockingAnalyzer>
        {
            TestCode = Usings + """
                class Router
                {
                    private readonly object _sync = new object();
                    private ImHashMap<string, int> _routes;

                    public void Add(string key, int value)
                    {
                        lock (_sync) { _routes = _routes.AddOrUpdate(key, value); }
                    }

                    public void Remove(string key)
                    {
                        lock (_sync) { _routes = _routes.Remove(key); }
                    }

                    public int Find(string key) => _routes.GetValueOrDefault(key);
                }
                """,
            CompilerDiagnostics = CompilerDiagnostics.None,
        }.RunAsync();
    }

    [Theory]
    [InlineData("class C { void M() { var n = 0; Parallel.For(0, 10, i => { n++ }); } }")]
    [InlineData("class C { void M() { var n = 0; Parallel.For(0, 10, i => n += ); } }")]
    [InlineData("class C { void M() { Task.Run(() => missing++); } }")]
    [InlineData("class C { object _g = new object(); int _n; void A() { lock (_g) { _n++; } } void B() { _n = ; } ")]
    [InlineData("class C { object _g; int _n; void A() { lock () { _n++; } } void B() { Monitor.Exit(); _n = 1; } }")]
    public async Task Broken_code_is_analyzed_without_crashing(string code)
    {
        foreach (var analyzer in new[] { 0, 1 })
        {
            var source = Usings + code;
            if (analyzer == 0)
            {
                var test = new VetTest<UnsynchronizedSharedStateLambdaAnalyzer> { TestCode = source, CompilerDiagnostics = CompilerDiagnostics.None };
                test.ExpectedDiagnostics.Clear();
                await RunIgnoringFindings(test);
            }
            else
            {
                var test = new VetTest<UnsynchronizedSharedStateLockingAnalyzer> { TestCode = source, CompilerDiagnostics = CompilerDiagnostics.None };
                await RunIgnoringFindings(test);
            }
        }
    }

    /// <summary>Broken code may or may not be flagged; what matters is that no analyzer exception (AD0001) occurs.</summary>
    private static async Task RunIgnoringFindings<TAnalyzer>(VetTest<TAnalyzer> test)
        where TAnalyzer : Microsoft.CodeAnalysis.Diagnostics.DiagnosticAnalyzer, new()
    {
        test.TestBehaviors |= TestBehaviors.SkipGeneratedCodeCheck;
        try
        {
            await test.RunAsync();
        }
        catch (System.InvalidOperationException e) when (!e.Message.Contains("AD0001", System.StringComparison.Ordinal))
        {
            // A finding in broken code is acceptable; an analyzer exception is not.
        }
    }
}
