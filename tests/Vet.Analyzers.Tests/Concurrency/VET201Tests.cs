using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using Vet.Analyzers.Concurrency;
using Vet.Analyzers.Tests.Infrastructure;
using Vet.CodeFixes.Concurrency;
using Xunit;
using VerifyLambda = Vet.Analyzers.Tests.Infrastructure.Verify<Vet.Analyzers.Concurrency.ConcurrentLambdaMutationAnalyzer, Vet.CodeFixes.Concurrency.UnsynchronizedSharedStateCodeFix>;
using VerifyLocking = Vet.Analyzers.Tests.Infrastructure.Verify<Vet.Analyzers.Concurrency.InconsistentLockingAnalyzer, Vet.CodeFixes.Concurrency.UnsynchronizedSharedStateCodeFix>;

namespace Vet.Analyzers.Tests.Concurrency;

/// <summary>VET201: shared state changed by concurrent delegates, or locked in some members and not in others.</summary>
public class VET201Tests
{
    private const string Usings = "using System;\nusing System.Collections.Generic;\nusing System.Linq;\nusing System.Threading;\nusing System.Threading.Tasks;\n";

    private static DiagnosticResult Concurrent(int markup, string name, string what, string entry, string advice = "use Interlocked or a lock") =>
        VerifyLambda.Diagnostic().WithLocation(markup).WithArguments(name, "is " + what + " by a delegate that " + entry + " runs concurrently", advice);

    private static DiagnosticResult Unlocked(int markup, string name, string access, string gate) =>
        VerifyLocking.Diagnostic().WithLocation(markup).WithArguments(name, "is " + access + " without the lock on '" + gate + "' that guards it elsewhere", "take the lock here too");

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
            Concurrent(0, "counter", "incremented", "Parallel.For"),
            Concurrent(1, "counter", "incremented", "Task.Run"),
            Concurrent(2, "counter", "incremented", "new Thread"));
    }

    [Theory]
    [InlineData("Parallel.ForEach(items, x => {|#0:total += x|});", "total", "updated", "Parallel.ForEach")]
    [InlineData("Parallel.Invoke(() => {|#0:total--|}, () => { });", "total", "decremented", "Parallel.Invoke")]
    [InlineData("items.AsParallel().ForAll(x => {|#0:_hits++|});", "_hits", "incremented", "ParallelEnumerable.ForAll")]
    [InlineData("var r = items.AsParallel().Select(x => {|#0:total = total + x|}).ToList();", "total", "updated", "ParallelEnumerable.Select")]
    [InlineData("var tasks = items.Select(x => Task.Run(() => {|#0:_hits += x|})).ToArray(); Task.WaitAll(tasks);", "_hits", "updated", "Task.Run")]
    [InlineData("for (var i = 0; i < 4; i++) Task.Factory.StartNew(() => {|#0:total++|});", "total", "incremented", "Task.Factory.StartNew")]
    [InlineData("for (var i = 0; i < 4; i++) ThreadPool.QueueUserWorkItem(_ => {|#0:_hits++|});", "_hits", "incremented", "ThreadPool.QueueUserWorkItem")]
    [InlineData("var timer = new Timer(_ => {|#0:_hits++|}, null, 0, 100);", "_hits", "incremented", "new Timer")]
    [InlineData("Parallel.ForEachAsync(items, async (x, ct) => { await Task.Yield(); {|#0:total += x|}; }).Wait();", "total", "updated", "Parallel.ForEachAsync")]
    public async Task Flags_read_modify_write_in_each_entry_point(string body, string name, string what, string entry)
    {
        await VerifyLambda.Analyzer(Usings + "class C { int _hits; void M(int[] items) { var total = 0; " + body + " } }", Concurrent(0, name, what, entry));
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
            Concurrent(0, "found", "changed (Add)", "Parallel.ForEach", "use a lock or a concurrent collection"),
            Concurrent(1, "byKey", "written through its indexer", "Parallel.ForEach", "use a lock or a concurrent collection"),
            Concurrent(2, "s_sum", "updated", "Parallel.ForEach", "use a lock"),
            Concurrent(3, "longest", "updated", "Parallel.ForEach", "use a lock"));
    }

    // ---- (a) Concurrent delegates: near misses --------------------------------------------------------------

    [Theory]
    [InlineData("lambda local", "Parallel.For(0, 10, i => { var local = 0; local++; });")]
    [InlineData("lambda parameter", "Parallel.For(0, 10, i => { i++; });")]
    [InlineData("Interlocked", "Parallel.For(0, 10, i => Interlocked.Increment(ref total));")]
    [InlineData("inside lock", "Parallel.For(0, 10, i => { lock (_gate) { total++; _list.Add(i); } });")]
    [InlineData("Monitor by hand", "Parallel.For(0, 10, i => { Monitor.Enter(_gate); try { total++; } finally { Monitor.Exit(_gate); } });")]
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
            Concurrent(0, "counter", "incremented", "Parallel.ForEach"),
            Concurrent(1, "_bytes", "updated", "Parallel.ForEach"),
            Concurrent(2, "counter", "decremented", "Parallel.ForEach"),
            Concurrent(3, "_bytes", "updated", "Parallel.ForEach"));
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
            Concurrent(0, "found", "changed (Add)", "Parallel.ForEach", "use a lock or a concurrent collection"),
            Concurrent(1, "_sum", "updated", "Parallel.ForEach", "use a lock"));
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
            Concurrent(0, "counts", "written through its indexer", "Parallel.ForEach", "use a lock or a concurrent collection"));
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

    [Fact]
    public async Task Flags_unlocked_read_when_four_fifths_of_the_accesses_are_locked()
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

                public int Count => {|#0:_count|};
            }
            """,
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

                public void Clear() => {|#0:_items|} = new List<string>();
            }
            """,
            Unlocked(0, "_items", "written", "this").WithLocation(1));
    }

    // ---- (b) Inconsistent locking: near misses --------------------------------------------------------------

    [Theory]
    [InlineData("no synchronization in the type", "public void Add() { _count++; } public void Reset() { _count = 0; }")]
    [InlineData("constructor, Dispose and finalizer", "public C() { _count = 1; } public void Add() { lock (_sync) { _count++; } } public void Dispose() { _count = 0; } ~C() { _count = -1; }")]
    [InlineData("private helper called only under the lock", "public void Add() { lock (_sync) { Bump(); } } public void Sub() { lock (_sync) { _count--; Bump(); } } private void Bump() { _count++; }")]
    [InlineData("local function called under the lock", "public void Add() { lock (_sync) { Bump(); } void Bump() { _count++; } }")]
    [InlineData("helper named ...Locked", "public void Add() { lock (_sync) { _count++; } } protected void ResetLocked() { _count = 0; }")]
    [InlineData("helper called under the lock in one place", "public void Sub() { lock (_sync) { _count--; } } public void Add() { lock (_sync) { Bump(); } } public void AddFast() { Bump(); } private void Bump() { _count++; }")]
    [InlineData("own lock helper", "public void Add() { lock (_sync) { _count++; } } public void Reset() { var taken = false; try { TakeLock(ref taken); _count = 0; } finally { if (taken) Monitor.Exit(_sync); } } void TakeLock(ref bool taken) => Monitor.Enter(_sync, ref taken);")]
    [InlineData("counter update in a Parallel lambda (reported by the concurrent-delegate part)", "public void Add() { lock (_sync) { _count++; } } public void AddMany() { Parallel.For(0, 10, i => { _count++; }); }")]
    [InlineData("read below four fifths", "public void Add() { lock (_sync) { _count++; } } public int A => _count; public int B => _count; public int C2 => _count;")]
    [InlineData("field used with Interlocked", "public void Add() { lock (_sync) { _count++; } } public void Inc() { Interlocked.Increment(ref _count); } public int Get() => _count;")]
    [InlineData("access under another lock", "readonly object _other = new object(); public void Add() { lock (_sync) { _count++; } } public void Reset() { lock (_other) { _count = 0; } }")]
    [InlineData("access under a semaphore", "readonly SemaphoreSlim _sem = new SemaphoreSlim(1); public void Add() { lock (_sync) { _count++; } } public async Task ResetAsync() { await _sem.WaitAsync(); try { _count = 0; } finally { _sem.Release(); } }")]
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

                public int A => {|#0:_count|};

                public int B => {|#2:_count|};
            }
            """, TargetFramework.Net80, "vet.VET201.min_locked_ratio = 0.5",
            Unlocked(0, "_count", "read", "_sync").WithLocation(1),
            Unlocked(2, "_count", "read", "_sync").WithLocation(1));
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
            Unlocked(0, "_count", "written", "_sync").WithLocation(2),
            Unlocked(1, "_count", "written", "_sync").WithLocation(2),
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

                    public void Reset() => {|#0:_count|} = 0;

                    public async Task ResetLaterAsync()
                    {
                        {|#1:_count|} = await Task.FromResult(0);
                    }
                }
                """;
        var test = new VetTest<InconsistentLockingAnalyzer, UnsynchronizedSharedStateCodeFix>
        {
            TestCode = source,
            FixedCode = source,
            CodeActionEquivalenceKey = UnsynchronizedSharedStateCodeFix.LockKey,
        };
        test.ExpectedDiagnostics.Add(Unlocked(0, "_count", "written", "_sync").WithLocation(2));
        test.ExpectedDiagnostics.Add(Unlocked(1, "_count", "written", "_sync").WithLocation(2));
        await test.RunAsync();
    }

    // ---- Broken and incomplete code ------------------------------------------------------------------------------

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
                var test = new VetTest<ConcurrentLambdaMutationAnalyzer> { TestCode = source, CompilerDiagnostics = CompilerDiagnostics.None };
                test.ExpectedDiagnostics.Clear();
                await RunIgnoringFindings(test);
            }
            else
            {
                var test = new VetTest<InconsistentLockingAnalyzer> { TestCode = source, CompilerDiagnostics = CompilerDiagnostics.None };
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
