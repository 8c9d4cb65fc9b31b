using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using Vet.Analyzers.Tests.Infrastructure;
using Vet.CodeFixes.Concurrency;
using Xunit;
using Test = Vet.Analyzers.Tests.Infrastructure.VetTest<Vet.Analyzers.Concurrency.PublicLockTargetAnalyzer, Vet.CodeFixes.Concurrency.PublicLockTargetCodeFix>;
using Verify = Vet.Analyzers.Tests.Infrastructure.Verify<Vet.Analyzers.Concurrency.PublicLockTargetAnalyzer, Vet.CodeFixes.Concurrency.PublicLockTargetCodeFix>;

namespace Vet.Analyzers.Tests.Concurrency;

/// <summary>VET202: lock on an object other code can lock.</summary>
public class VET202Tests
{
    private const string Usings = "using System;\nusing System.Threading;\n";

    private static DiagnosticResult Public(string target, string kind) => Lock(0, target, kind);

    /// <summary>A finding on <paramref name="target"/> with the message for its <paramref name="kind"/> of lock target.</summary>
    private static DiagnosticResult Lock(int markup, string target, string kind) =>
        Verify.Diagnostic(kind switch
        {
            This => Descriptors.VET202_PublicLockTarget,
            SharedThis => Descriptors.Shapes.VET202_SharedMonitor,
            TypeObject => Descriptors.Shapes.VET202_TypeObject,
            Text => Descriptors.Shapes.VET202_String,
            Reflection => Descriptors.Shapes.VET202_ReflectionObject,
            ThreadObject => Descriptors.Shapes.VET202_Thread,
            NonReadonly => Descriptors.Shapes.VET202_SwappableField,
            OnlyInitialized => Descriptors.Shapes.VET202_OnlyInitialized,
            NonPrivate => Descriptors.Shapes.VET202_ReachableField,
            Boxed => Descriptors.Shapes.VET202_BoxedValue,
            ReadonlySpinLock => Descriptors.Shapes.VET202_ReadonlySpinLock,
            SpinLockByValue => Descriptors.Shapes.VET202_SpinLockByValue,
            _ => throw new System.ArgumentException(kind),
        }).WithLocation(markup).WithArguments(target);

    // The kinds of lock target, each with its own message.
    private const string This = nameof(This);
    private const string SharedThis = nameof(SharedThis);
    private const string TypeObject = nameof(TypeObject);
    private const string Text = nameof(Text);
    private const string Reflection = nameof(Reflection);
    private const string ThreadObject = nameof(ThreadObject);
    private const string NonReadonly = nameof(NonReadonly);
    private const string OnlyInitialized = nameof(OnlyInitialized);
    private const string NonPrivate = nameof(NonPrivate);
    private const string Boxed = nameof(Boxed);
    private const string ReadonlySpinLock = nameof(ReadonlySpinLock);
    private const string SpinLockByValue = nameof(SpinLockByValue);

    // ---- Flagged ---------------------------------------------------------------------------------------------

    [Theory]
    [InlineData("this", "this", This)]
    [InlineData("typeof", "typeof(C)", TypeObject)]
    [InlineData("typeof other", "typeof(string)", TypeObject)]
    [InlineData("GetType", "GetType()", TypeObject)]
    [InlineData("string literal", "\"key\"", Text)]
    [InlineData("string field", "_name", Text)]
    [InlineData("Type parameter", "type", Reflection)]
    [InlineData("MethodInfo", "type.GetMethod(\"M\")", Reflection)]
    [InlineData("Thread", "Thread.CurrentThread", ThreadObject)]
    [InlineData("non-readonly field assigned later", "_swapped", NonReadonly)]
    [InlineData("public field", "Shared", NonPrivate)]
    [InlineData("protected field", "_inherited", NonPrivate)]
    [InlineData("boxed int", "(object)_count", Boxed)]
    public async Task Flags_lock_target(string scenario, string target, string reason)
    {
        Assert.NotEmpty(scenario);
        await Verify.Analyzer(Usings + """
            public class C
            {
                private readonly string _name = "n";
                private object _mutable = new object();
                private object _swapped = new object();
                public object Shared = new object();
                protected object _inherited = new object();
                internal readonly object AssemblyGate = new object();
                private int _count;

                void Swap() => _swapped = new object();

                void M(Type type)
                {
                    lock ({|#0:TARGET|}) { }
                }
            }
            """.Replace("TARGET", target), Public(target, reason));
    }

    [Fact]
    public async Task Flags_a_field_nothing_reassigns_as_info()
    {
        await Verify.Analyzer(Usings + """
            public class C
            {
                private object _mutable = new object();

                void M()
                {
                    lock ({|#0:_mutable|}) { }
                }
            }
            """, Public("_mutable", OnlyInitialized).WithSeverity(DiagnosticSeverity.Info));
    }

    [Fact]
    public async Task A_peer_rule_suppressed_for_the_lock_silences_it_here_only()
    {
        await Verify.Analyzer(Usings + """
            public class ActorContext
            {
                private object? _extras;

                public object EnsureExtras()
                {
                    // nobody else should touch this
            #pragma warning disable RCS1059
                    lock (this)
            #pragma warning restore RCS1059
                    {
                        return _extras ??= new object();
                    }
                }

                [System.Diagnostics.CodeAnalysis.SuppressMessage("Reliability", "CA2002", Justification = "The type is its own monitor.")]
                public void Pulse()
                {
                    Monitor.Enter(this);
                    Monitor.Exit(this);
                }

                public void Reset()
                {
                    lock ({|#0:this|}) { _extras = null; }
                }
            }
            """, Public("this", This));
    }

    [Fact]
    public async Task A_field_holding_an_object_shared_with_other_owners_is_not_flagged()
    {
        // A private gate per instance would stop the instances on one channel excluding each other.
        await Verify.Analyzer(Usings + """
            using System.Collections.Concurrent;
            using System.Collections.Generic;

            public class Backplane
            {
                private static readonly ConcurrentDictionary<string, List<Backplane>> Channels = new();
                private List<Backplane>? _subscribers;
                private List<Backplane>? _own;

                public void Subscribe(string channel)
                {
                    _subscribers = Channels.GetOrAdd(channel, _ => new List<Backplane>());
                    lock (_subscribers) { _subscribers.Add(this); }
                }

                public void Track()
                {
                    _own = new List<Backplane>();
                    lock ({|#0:_own|}) { _own.Add(this); }
                }

                public void Unsubscribe()
                {
                    _subscribers = null;
                    _own = null;
                }
            }
            """, Public("_own", NonReadonly));
    }

    [Fact]
    public async Task A_field_set_from_another_objects_member_a_copy_or_a_setter_holds_a_shared_object()
    {
        // The instance is handed in (a request's data, the configuration it was copied from, a setter): the lock
        // serializes every configuration that shares it, and a private gate would not.
        await Verify.Analyzer(Usings + """
            public class Instance { }
            public class Data { public Instance? Project { get; set; } }

            public class Configuration
            {
                private Instance? _project;
                private Instance? _swapped;

                public Configuration(Data data) { _project = data.Project; }
                private Configuration(Configuration other) { _project = other._project; }

                public Instance? Project { get => _project; set => _project = value; }

                public Configuration Clone() => new Configuration(this);

                public void Cache()
                {
                    lock (_project!) { }
                }

                public void Swap(Data data)
                {
                    _swapped = new Instance();
                    lock ({|#0:_swapped|}) { _swapped = data.Project; }
                }
            }
            """, Public("_swapped", NonReadonly));
    }

    [Fact]
    public async Task Another_instance_of_the_same_type_is_judged_like_this_one()
    {
        // What the type writes to the field holds for every instance: one missing readonly, reported once where the type
        // first locks it, and no "swappable" report for the lock a static helper takes on another instance's field.
        await Verify.Analyzer(Usings + """
            public class Listener
            {
                private object _sync;
                private int _count;

                public Listener() { _sync = new object(); }

                public void Add()
                {
                    lock ({|#0:_sync|}) { _count++; }
                }

                private static void Remove(Listener listener)
                {
                    lock (listener._sync) { listener._count--; }
                }

                public static void Drop(Listener listener) => Remove(listener);
            }
            """, Public("_sync", OnlyInitialized).WithSeverity(DiagnosticSeverity.Info));
    }

    [Fact]
    public async Task A_swapped_field_locked_through_other_instances_is_still_reported_at_each_lock()
    {
        await Verify.Analyzer(Usings + """
            public class Node
            {
                private object _sync = new object();
                private int _count;

                public void Reset() { _sync = new object(); }

                public static void Add(Node node) { lock ({|#0:node._sync|}) { node._count++; } }

                public static void Remove(Node node) { lock ({|#1:node._sync|}) { node._count--; } }
            }
            """, Public("node._sync", NonReadonly), Lock(1, "node._sync", NonReadonly));
    }

    [Theory]
    [InlineData("??= under a lock", "lock (_create) { _gate ??= new object(); }")]
    [InlineData("null test under a lock", "lock (_create) { if (_gate == null) { _gate = new object(); } }")]
    [InlineData("is null under a lock", "lock (_create) { if (_gate is null) _gate = new object(); }")]
    [InlineData("CompareExchange against null", "Interlocked.CompareExchange(ref _gate, new object(), null);")]
    [InlineData("LazyInitializer", "LazyInitializer.EnsureInitialized(ref _gate, () => new object());")]
    public async Task A_field_created_once_while_null_is_never_swapped(string scenario, string create)
    {
        // Every thread that locks the field locks the one object it was first set to.
        Assert.NotEmpty(scenario);
        await Verify.NoDiagnostics(Usings + "#nullable disable\npublic class C { private readonly object _create = new object(); private object _gate; private int _n; "
            + "public void M() { if (_gate == null) { " + create + " } lock (_gate) { _n++; } } }");
    }

    [Theory]
    [InlineData("??= outside any lock", "_gate ??= new object();")]
    [InlineData("CompareExchange against a value", "Interlocked.CompareExchange(ref _gate, new object(), _create);")]
    [InlineData("created under a lock, reset elsewhere", "lock (_create) { _gate ??= new object(); } Reset();")]
    [InlineData("Exchange", "Interlocked.Exchange(ref _gate, new object());")]
    public async Task A_field_that_can_be_created_twice_or_replaced_is_still_reported(string scenario, string create)
    {
        Assert.NotEmpty(scenario);
        await Verify.Analyzer(Usings + "#nullable disable\npublic class C { private readonly object _create = new object(); private object _gate; private int _n; "
            + "void Reset() { _gate = new object(); } public void M() { if (_gate == null) { " + create + " } lock ({|#0:_gate|}) { _n++; } } }",
            Public("_gate", NonReadonly));
    }

    [Fact]
    public async Task A_field_set_from_a_local_holding_another_objects_answer_holds_a_shared_object()
    {
        await Verify.NoDiagnostics(Usings + """
            #nullable disable
            public class Session { }
            public class Parser { public Session GetSession(object owner) => new Session(); }

            public class Command
            {
                private Session _session;
                private int _n;

                public void Start(Parser parser)
                {
                    Session session = parser.GetSession(this);
                    _session = session;
                }

                public void Stop() { _session = null; }

                public void Cancel()
                {
                    lock (_session) { _n++; }
                }
            }
            """);
    }

    [Theory]
    [InlineData("a type, with the reason", "\n// Locking on a type is not recommended. We keep it because this method used to be [MethodImpl(Synchronized)].\n lock (typeof(C)) { _n++; }")]
    [InlineData("this, with the reason", "\n// We lock on this instance because callers coordinate on it.\n lock (this) { _n++; }")]
    [InlineData("a Monitor call, with the reason", "\n// Entered on the type because the old code was synchronized on it.\n Monitor.Enter(typeof(C)); try { _n++; } finally { Monitor.Exit(typeof(C)); }")]
    public async Task A_target_whose_choice_a_comment_explains_is_not_flagged(string scenario, string body)
    {
        Assert.NotEmpty(scenario);
        await Verify.NoDiagnostics(Usings + "public class C { private int _n; public void M() { " + body + " } }");
    }

    [Theory]
    [InlineData("a comment about the work, not the target", "\n// Count the calls because the report needs them.\n lock ({|#0:typeof(C)|}) { _n++; }", "typeof(C)", TypeObject)]
    [InlineData("'this' as an ordinary word", "\n// This counts calls because the report needs them.\n lock ({|#0:this|}) { _n++; }", "this", This)]
    [InlineData("naming the target without a reason", "\n// Lock on the type.\n lock ({|#0:typeof(C)|}) { _n++; }", "typeof(C)", TypeObject)]
    public async Task A_comment_that_does_not_explain_the_target_changes_nothing(string scenario, string body, string target, string kind)
    {
        Assert.NotEmpty(scenario);
        await Verify.Analyzer(Usings + "public class C { private int _n; public void M() { " + body + " } }", Public(target, kind));
    }

    [Fact]
    public async Task A_comment_on_why_a_field_is_locked_does_not_explain_a_missing_readonly()
    {
        await Verify.Analyzer(Usings + """
            public class C
            {
                private object _sync = new object();
                private int _n;

                public void M()
                {
                    // Take _sync because the counter is shared with the timer.
                    lock ({|#0:_sync|}) { _n++; }
                }
            }
            """, Public("_sync", OnlyInitialized).WithSeverity(DiagnosticSeverity.Info));
    }

    [Fact]
    public async Task A_field_taken_by_locks_and_Monitor_calls_is_reported_once()
    {
        // One missing 'readonly' is one change, whether the field is taken by a lock statement or by Monitor.Enter.
        await Verify.Analyzer(Usings + """
            public class Mailbox
            {
                private object _sync = new object();
                private int _count;

                public void Put()
                {
                    Monitor.Enter({|#0:_sync|});
                    try { _count++; } finally { Monitor.Exit(_sync); }
                }

                public void Take()
                {
                    lock (_sync) { _count--; }
                }

                public bool TryPeek()
                {
                    if (!Monitor.TryEnter(_sync)) return false;
                    try { return _count > 0; } finally { Monitor.Exit(_sync); }
                }
            }
            """, Public("_sync", OnlyInitialized).WithSeverity(DiagnosticSeverity.Info));
    }

    [Theory]
    [InlineData("Enter", "Monitor.Enter({|#0:this|});")]
    [InlineData("Enter with lockTaken", "bool taken = false; Monitor.Enter({|#0:this|}, ref taken);")]
    [InlineData("TryEnter", "if (Monitor.TryEnter({|#0:this|}, 10)) { }")]
    public async Task Flags_Monitor_enter(string scenario, string body)
    {
        Assert.NotEmpty(scenario);
        await Verify.Analyzer(Usings + "public class C { void M() { " + body + " } }", Public("this", This));
    }

    [Fact]
    public async Task Flags_readonly_SpinLock_field_and_by_value_parameter()
    {
        await Verify.Analyzer(Usings + """
            class C
            {
                private readonly SpinLock {|#0:_spin|} = new SpinLock(false);
                private SpinLock _ok = new SpinLock(false);

                void Use(SpinLock {|#1:spin|}, ref SpinLock byRef, in int x)
                {
                    bool taken = false;
                    spin.Enter(ref taken);
                }
            }
            """,
            Lock(0, "_spin", ReadonlySpinLock),
            Lock(1, "spin", SpinLockByValue));
    }

    // ---- Not flagged -----------------------------------------------------------------------------------------

    [Fact]
    public async Task Readonly_gates_exposed_to_other_assemblies_are_not_flagged()
    {
        // A public SyncRoot or a protected gate for derived types is exposed to be locked with this type: a private
        // gate here would split the lock from theirs.
        await Verify.NoDiagnostics(Usings + """
            public class Channel
            {
                public readonly object SyncRoot = new object();
                protected readonly object _gate = new object();
                protected internal static readonly object s_registryGate = new object();

                public void Send()
                {
                    lock (SyncRoot) { }
                    lock (_gate) { }
                    lock (s_registryGate) { }
                }
            }

            public class Derived : Channel
            {
                public void Flush()
                {
                    lock (_gate) { }
                }
            }
            """);
    }

    [Fact]
    public async Task An_exposed_non_readonly_field_is_reported_once_where_its_type_locks_it()
    {
        // One change fixes every lock on it; another type locking server.Lobby shares the owner's monitor.
        await Verify.Analyzer(Usings + """
            public class Session { }

            public class Server
            {
                public Session Lobby = new Session();

                public void Join()
                {
                    lock ({|#0:Lobby|}) { }
                }

                public void Leave()
                {
                    lock (Lobby) { }
                }

                public void Reload() => Lobby = new Session();
            }

            public class LobbyCommands
            {
                public void Kick(Server server)
                {
                    lock (server.Lobby) { }
                }
            }
            """, Public("Lobby", NonPrivate));
    }

    [Fact]
    public async Task A_programs_public_types_are_as_private_as_internal_ones()
    {
        // No other assembly references a program: its public instance and public fields are reachable only by its
        // own code, as an internal type's are. A field that is swapped while locked is still reported.
        await new Test
        {
            TestCode = Usings + """
                public class Game
                {
                    public object Shared = new object();
                    public object Swapped = new object();
                    private int _frames;

                    public void Tick()
                    {
                        lock (this) { _frames++; }
                        lock ({|#0:Swapped|}) { }
                    }

                    public void Reset() => Swapped = new object();
                }
                """,
            Executable = true,
            ExpectedDiagnostics = { Public("Swapped", NonReadonly) },
        }.RunAsync();
    }

    [Theory]
    [InlineData("IsRoslynComponent", "true")]
    [InlineData("IncludeBuildOutput", "false")]
    public async Task A_host_loaded_assemblys_public_types_are_as_private_as_internal_ones(string property, string value)
    {
        // An analyzer or a build task is loaded by its host, not compiled against: no other code holds its instances.
        await new Test
        {
            TestCode = Usings + """
                public class AssemblyCache
                {
                    private int _loads;
                    public void Load() { lock (this) { _loads++; } }
                }
                """,
        }.WithBuildProperties((property, value)).RunAsync();
    }

    [Fact]
    public async Task A_library_that_includes_its_build_output_keeps_its_public_types_public()
    {
        await new Test
        {
            TestCode = Usings + """
                public class AssemblyCache
                {
                    private int _loads;
                    public void Load() { lock ({|#0:this|}) { _loads++; } }
                }
                """,
            ExpectedDiagnostics = { Public("this", This) },
        }.WithBuildProperties(("IncludeBuildOutput", "true"), ("IsRoslynComponent", "false")).RunAsync();
    }

    /// <summary>
    /// The type around a nested holder takes the holder's lock. Assigned only by the holder's constructor, the field only
    /// lacks readonly; swapped by the type around it, it lets a second thread in.
    /// </summary>
    [Theory]
    [InlineData("set only by the holder's constructor", "", OnlyInitialized)]
    [InlineData("swapped by the type around it", "public void Reset() { _data._lock = new object(); }", NonReadonly)]
    public async Task A_nested_holders_lock_is_judged_like_the_types_own(string scenario, string reset, string kind)
    {
        Assert.NotEmpty(scenario);

        // Only the missing readonly is reported once per field; a swappable gate at every lock.
        var expected = kind == OnlyInitialized
            ? new[] { Public("_data._lock", kind).WithSeverity(DiagnosticSeverity.Info) }
            : new[] { Public("_data._lock", kind), Lock(1, "_data._lock", kind) };
        await Verify.Analyzer(Usings + """
            public class Telemetry
            {
                private readonly Data _data = new Data();

                public void Add(int count)
                {
                    lock ({|#0:_data._lock|}) { _data.Count += count; }
                }

                public int Read()
                {
                    lock ({|#1:_data._lock|}) { return _data.Count; }
                }

            """ + "    " + reset + """

                internal class Data
                {
                    internal object _lock;
                    internal int Count;

                    internal Data() { _lock = new object(); }
                }
            }
            """, expected);
    }

    [Fact]
    public async Task Private_readonly_gates_and_private_types_are_not_flagged()
    {
        await Verify.NoDiagnostics(Usings + """
            using System.Collections.Generic;

            public class Outer
            {
                internal readonly object AssemblyGate = new object();
                private readonly object _gate = new object();
                private static readonly object s_gate = new object();
                private readonly List<int> _items = new List<int>();

                void M(object parameter, Outer other)
                {
                    lock (_gate) { }
                    lock (s_gate) { }
                    lock (AssemblyGate) { }
                    lock (new Nested().Gate) { }
                    lock (_items) { }
                    lock (parameter) { }
                    lock (other._gate) { }
                    lock ((object)_items) { }
                    Monitor.Enter(_gate);
                    Monitor.Exit(this);
                }

                private class Nested
                {
                    public readonly object Gate = new object();
                }

                private class Hidden
                {
                    void M()
                    {
                        lock (this) { }
                    }
                }
            }
            """);
    }

    [Theory]
    [InlineData("internal type", "internal class Box { void M() { lock (this) { } } }")]
    [InlineData("type without a modifier", "class Box { void M() { lock (this) { } } }")]
    [InlineData("public type nested in an internal one", "internal class Outer { public class Box { void M() { lock (this) { } } } }")]
    [InlineData("Monitor on an internal type", "class Box { void M() { Monitor.Enter(this); try { } finally { Monitor.Exit(this); } } }")]
    public async Task This_of_a_type_the_assembly_keeps_to_itself_is_not_flagged(string scenario, string code)
    {
        Assert.NotEmpty(scenario);
        await Verify.NoDiagnostics(Usings + code);
    }

    /// <summary>
    /// An internal result box whose instance is the monitor other classes wait on: a private gate inside it would split
    /// the lock from their Monitor.Wait.
    /// </summary>
    [Fact]
    public async Task This_of_an_internal_monitor_shared_with_other_classes_is_not_flagged()
    {
        await Verify.NoDiagnostics(Usings + """
            internal sealed class ResultBox
            {
                private object _value;

                public void SetResult(object value)
                {
                    lock (this)
                    {
                        _value = value;
                        Monitor.PulseAll(this);
                    }
                }

                public object Value => _value;
            }

            public sealed class Requester
            {
                public object Wait()
                {
                    var box = new ResultBox();
                    lock (box)
                    {
                        Monitor.Wait(box, 1000);
                    }

                    return box.Value;
                }
            }
            """);
    }

    [Fact]
    public async Task This_of_a_public_type_that_other_types_lock_gets_no_private_gate_advice_or_fix()
    {
        var source = Usings + """
            public class Connection
            {
                private int _pending;

                public void Send()
                {
                    lock ({|#0:this|})
                    {
                        _pending++;
                    }
                }
            }

            internal sealed class Pool
            {
                private readonly Connection _connection = new Connection();

                public void Drain()
                {
                    lock (_connection)
                    {
                        Monitor.Wait(_connection, 100);
                    }
                }
            }
            """;
        await Verify.CodeFix(source, source, PublicLockTargetCodeFix.PrivateGateKey, TargetFramework.Net80, Public("this", SharedThis));
    }

    /// <summary>Deserialization runs no constructor or initializer: its callback builds the lock object, before anyone shares it.</summary>
    [Theory]
    [InlineData("[OnDeserialized] callback", "[OnDeserialized] private void Restore(StreamingContext context) => _gate = new object();", "")]
    [InlineData("IDeserializationCallback", "public void OnDeserialization(object? sender) => _gate = new object();", ", IDeserializationCallback")]
    public async Task A_lock_field_also_assigned_by_a_deserialization_callback_is_not_flagged(string scenario, string callback, string implements)
    {
        Assert.NotEmpty(scenario);
        await Verify.NoDiagnostics(Usings + """
            using System.Runtime.Serialization;

            [Serializable]
            public class Endpoints : object IMPLEMENTS
            {
                [NonSerialized] private object _gate = new object();
                private int _count;

                CALLBACK

                public void Add()
                {
                    lock (_gate) { _count++; }
                }
            }
            """.Replace("IMPLEMENTS", implements).Replace("CALLBACK", callback));
    }

    [Fact]
    public async Task A_lock_field_reassigned_by_an_ordinary_method_is_still_flagged_beside_a_deserialization_callback()
    {
        await Verify.Analyzer(Usings + """
            using System.Runtime.Serialization;

            [Serializable]
            public class Endpoints
            {
                [NonSerialized] private object _gate = new object();
                private int _count;

                [OnDeserialized] private void Restore(StreamingContext context) => _gate = new object();

                public void Reset() => _gate = new object();

                public void Add()
                {
                    lock ({|#0:_gate|}) { _count++; }
                }
            }
            """, Public("_gate", NonReadonly));
    }

    private const string SessionStore = """
        using System.Collections.Generic;

        public class Store
        {
            internal Dictionary<int, string> _sessions = new();

            public void Open(int id)
            {
                if (_sessions == null)
                    Interlocked.CompareExchange(ref _sessions, new Dictionary<int, string>(), null);
                lock (OWN_LOCK) { _sessions.Add(id, ""); }
            }
        }

        """;

    /// <summary>Another type's internal field that only its own type writes is judged by that type's writes: created once, never swapped.</summary>
    [Fact]
    public async Task Another_types_field_published_once_by_its_own_type_is_not_flagged()
    {
        await Verify.NoDiagnostics(Usings + SessionStore.Replace("OWN_LOCK", "_sessions") + """
            public class Checkpoint
            {
                public void Run(Store store)
                {
                    lock (store._sessions) { store._sessions.Clear(); }
                }
            }
            """);
    }

    [Fact]
    public async Task Another_types_field_that_a_third_type_replaces_is_flagged()
    {
        // Its own type's lock is reported too: what the type writes is no longer the whole story.
        await Verify.Analyzer(
            Usings + SessionStore.Replace("OWN_LOCK", "{|#1:_sessions|}") + """
                public class Checkpoint
                {
                    public void Run(Store store)
                    {
                        lock ({|#0:store._sessions|}) { store._sessions.Clear(); }
                    }

                    public void Reset(Store store) => store._sessions = new Dictionary<int, string>();
                }
                """,
            Public("store._sessions", NonReadonly),
            Lock(1, "_sessions", NonReadonly));
    }

    [Fact]
    public async Task A_static_lock_field_assigned_only_by_a_static_Initialize_is_not_flagged()
    {
        // A type's static constructors (its own or another's) run Initialize before any thread can lock the field.
        await Verify.NoDiagnostics(Usings + """
            using System.Collections.Generic;

            public static class Registry
            {
                private static Dictionary<string, int> s_known = new();

                static Registry() => Initialize();

                internal static void Initialize() => s_known = new Dictionary<string, int>();

                public static void Add(string name, int code)
                {
                    lock (s_known) { s_known.Add(name, code); }
                }
            }
            """);
    }

    [Fact]
    public async Task A_static_lock_field_assigned_by_an_instance_Initialize_is_flagged()
    {
        // Every new object runs an instance Initialize: the static field changes while other threads lock it.
        await Verify.Analyzer(Usings + """
            using System.Collections.Generic;

            public class Registry
            {
                private static Dictionary<string, int> s_known = new();

                public void Initialize() => s_known = new Dictionary<string, int>();

                public static void Add(string name, int code)
                {
                    lock ({|#0:s_known|}) { s_known.Add(name, code); }
                }
            }
            """, Public("s_known", NonReadonly));
    }

    [Fact]
    public async Task A_lock_field_assigned_only_by_Initialize_is_not_flagged()
    {
        await Verify.NoDiagnostics(Usings + """
            public class Channel
            {
                private object _gate;
                private int _sent;

                public void Initialize()
                {
                    _gate = new object();
                    Reset();
                }

                public void Send()
                {
                    lock (_gate)
                    {
                        _sent++;
                    }
                }

                private void Reset() => _sent = 0;
            }
            """);
    }

    /// <summary>
    /// A codebase whose locks mostly lock <c>this</c>, in several types (a port of Java's synchronized methods), has
    /// chosen that convention: a single site moved to a private gate would only stand out.
    /// </summary>
    [Fact]
    public async Task Lock_this_in_a_codebase_that_locks_this_by_convention_is_not_flagged()
    {
        await Verify.NoDiagnostics(Usings + """
            public class Pipeline
            {
                private int _handlers;

                public void Add() { lock (this) { _handlers++; } }

                public void Remove() { lock (this) { _handlers--; } }

                public void Replace() { lock (this) { _handlers = _handlers + 0; } }
            }

            public class CompletionSource
            {
                private int _success;
                private int _failure;

                public void Succeed() { lock (this) { _success++; } }

                public void Fail() { lock (this) { _failure++; } }
            }
            """);
    }

    /// <summary>The same locks in a codebase whose other locks use private gates are the exception: flagged.</summary>
    [Fact]
    public async Task Lock_this_where_most_locks_use_private_gates_is_flagged()
    {
        await Verify.Analyzer(Usings + """
            public class Pipeline
            {
                private int _handlers;

                public void Add() { lock ({|#0:this|}) { _handlers++; } }

                public void Remove() { lock ({|#1:this|}) { _handlers--; } }

                public void Replace() { lock ({|#2:this|}) { _handlers = _handlers + 0; } }
            }

            public class CompletionSource
            {
                private int _success;
                private int _failure;

                public void Succeed() { lock ({|#3:this|}) { _success++; } }

                public void Fail() { lock ({|#4:this|}) { _failure++; } }
            }

            public class Registry
            {
                private readonly object _a = new object();
                private readonly object _b = new object();
                private int _count;

                public void A1() { lock (_a) { _count++; } }
                public void A2() { lock (_a) { _count++; } }
                public void A3() { lock (_a) { _count++; } }
                public void B1() { lock (_b) { _count++; } }
                public void B2() { lock (_b) { _count++; } }
                public void B3() { lock (_b) { _count++; } }
            }
            """,
            Lock(0, "this", This),
            Lock(1, "this", This),
            Lock(2, "this", This),
            Lock(3, "this", This),
            Lock(4, "this", This));
    }

    /// <summary>
    /// A nested type with an internal constructor that no public or protected member hands out: code outside the
    /// assembly can name it but never hold an instance, so nothing there can lock it.
    /// </summary>
    [Fact]
    public async Task This_of_a_nested_type_whose_instances_never_leave_the_assembly_is_not_flagged()
    {
        await Verify.NoDiagnostics(Usings + """
            public class Pool
            {
                private readonly Stack _stack = new Stack();

                private protected Stack Current => _stack;

                protected sealed class Stack
                {
                    private object _head;

                    internal Stack()
                    {
                    }

                    internal object Head
                    {
                        set
                        {
                            lock (this)
                            {
                                _head = value;
                            }
                        }
                    }
                }
            }
            """);
    }

    /// <summary>The same nested type handed out by a protected member can be locked by a derived class elsewhere.</summary>
    [Fact]
    public async Task This_of_a_nested_type_a_visible_member_hands_out_is_flagged()
    {
        await Verify.Analyzer(Usings + """
            public class Pool
            {
                private readonly Stack _stack = new Stack();

                protected Stack Current => _stack;

                protected sealed class Stack
                {
                    private object _head;

                    internal Stack()
                    {
                    }

                    internal object Head
                    {
                        set
                        {
                            lock ({|#0:this|})
                            {
                                _head = value;
                            }
                        }
                    }
                }
            }
            """,
            Public("this", This));
    }

    /// <summary>A lock field assigned once by a benchmark's [GlobalSetup] is initialized before any thread locks it.</summary>
    [Fact]
    public async Task A_lock_field_assigned_only_by_a_setup_method_is_not_flagged()
    {
        await Verify.NoDiagnostics(Usings + """
            [AttributeUsage(AttributeTargets.Method)]
            public sealed class GlobalSetupAttribute : Attribute { }

            public class DeliveryBenchmark
            {
                private object _lockCount;
                private int _count;

                [GlobalSetup]
                public void Setup()
                {
                    _lockCount = new object();
                }

                public void OnMessage()
                {
                    lock (_lockCount)
                    {
                        _count++;
                    }
                }
            }
            """);
    }

    [Fact]
    public async Task A_lock_field_assigned_by_a_lambda_in_Initialize_is_still_flagged()
    {
        await Verify.Analyzer(Usings + """
            public class Channel
            {
                private object _gate = new object();
                private Action _reset = () => { };

                public void Initialize()
                {
                    _reset = () => _gate = new object();
                }

                public void Send()
                {
                    lock ({|#0:_gate|}) { _reset(); }
                }
            }
            """, Public("_gate", NonReadonly));
    }

    [Fact]
    public async Task Lock_type_gate_is_not_flagged_on_net10()
    {
        await Verify.NoDiagnostics(Usings + """
            public class C
            {
                private readonly Lock _gate = new();

                void M()
                {
                    lock (_gate) { }
                }
            }
            """, TargetFramework.Net100);
    }

    [Fact]
    public async Task Incomplete_code_does_not_throw()
    {
        var test = new VetTest<Analyzers.Concurrency.PublicLockTargetAnalyzer>
        {
            TestCode = Usings + """
                public class C
                {
                    private SpinLock
                    void M()
                    {
                        lock () { }
                        lock (Missing) { }
                        lock ({|#0:this|}
                        Monitor.Enter(
                    }
                    void N(SpinLock) { }
                }
                """,
            CompilerDiagnostics = CompilerDiagnostics.None,
        };
        test.ExpectedDiagnostics.Add(Public("this", This));
        await test.RunAsync();
    }

    // ---- Fixed -----------------------------------------------------------------------------------------------

    [Fact]
    public async Task Fix_adds_object_gate_before_net9_and_moves_every_lock_on_this()
    {
        await Verify.CodeFix(Usings + """
            public class Counter
            {
                private int _count;

                public void Add()
                {
                    lock ({|#0:this|})
                    {
                        _count++;
                    }
                }

                public int Read()
                {
                    lock ({|#1:this|}) { return _count; }
                }
            }
            """, Usings + """
            public class Counter
            {
                private readonly object _gate = new();
                private int _count;

                public void Add()
                {
                    lock (_gate)
                    {
                        _count++;
                    }
                }

                public int Read()
                {
                    lock (_gate) { return _count; }
                }
            }
            """, PublicLockTargetCodeFix.PrivateGateKey, TargetFramework.Net80,
            Lock(0, "this", This),
            Lock(1, "this", This));
    }

    /// <summary>
    /// The reference assemblies have System.Threading.Lock, but the test compiler (Roslyn 4.8) stops at C# 12, where a
    /// <c>lock</c> on a <c>Lock</c> would silently use Monitor: LockGates keeps to <c>object</c>. A C# 13+ compiler gets
    /// <c>private readonly Lock _gate = new();</c> (checked on real code with the harness).
    /// </summary>
    [Fact]
    public async Task Fix_on_net10_with_a_CSharp12_compiler_keeps_an_object_gate()
    {
        await Verify.CodeFix(Usings + """
            public class Counter
            {
                private int _count;

                public void Add()
                {
                    lock ({|#0:this|})
                    {
                        _count++;
                    }
                }
            }
            """, Usings + """
            public class Counter
            {
                private readonly object _gate = new();
                private int _count;

                public void Add()
                {
                    lock (_gate)
                    {
                        _count++;
                    }
                }
            }
            """, PublicLockTargetCodeFix.PrivateGateKey, TargetFramework.Net100,
            Lock(0, "this", This));
    }

    [Fact]
    public async Task Fix_uses_a_static_gate_for_type_objects_and_one_gate_per_type_with_Fix_All()
    {
        await Verify.CodeFix(Usings + """
            public class Registry
            {
                private static int s_count;
                private object _mutable = new object();
                private int _local;

                public void Reset() => _mutable = new object();

                public static void Register()
                {
                    lock ({|#0:typeof(Registry)|}) { s_count++; }
                }

                public void Touch()
                {
                    lock ({|#1:GetType()|}) { s_count++; }
                    lock ({|#2:_mutable|}) { _local++; }
                    lock ({|#3:this|}) { _local++; }
                }
            }

            public class Other
            {
                private object _state = new object();

                public void Run()
                {
                    lock ({|#4:_state|}) { }
                }

                public void Replace(object state) { _state = state; }
            }
            """, Usings + """
            public class Registry
            {
                private readonly object _gate = new();
                private static readonly object s_gate = new();
                private static int s_count;
                private object _mutable = new object();
                private int _local;

                public void Reset() => _mutable = new object();

                public static void Register()
                {
                    lock (s_gate) { s_count++; }
                }

                public void Touch()
                {
                    lock (s_gate) { s_count++; }
                    lock (_gate) { _local++; }
                    lock (_gate) { _local++; }
                }
            }

            public class Other
            {
                private readonly object _gate = new();
                private object _state = new object();

                public void Run()
                {
                    lock (_gate) { }
                }

                public void Replace(object state) { _state = state; }
            }
            """, PublicLockTargetCodeFix.PrivateGateKey, TargetFramework.Net80,
            Lock(0, "typeof(Registry)", TypeObject),
            Lock(1, "GetType()", TypeObject),
            Lock(2, "_mutable", NonReadonly),
            Lock(3, "this", This),
            Lock(4, "_state", NonReadonly));
    }

    [Fact]
    public async Task Fix_reuses_an_existing_private_readonly_gate()
    {
        await Verify.CodeFix(Usings + """
            public class Cache
            {
                private readonly object _sync = new object();

                public void A()
                {
                    lock (_sync) { }
                }

                public void B()
                {
                    lock ({|#0:this|}) { }
                }
            }
            """, Usings + """
            public class Cache
            {
                private readonly object _sync = new object();

                public void A()
                {
                    lock (_sync) { }
                }

                public void B()
                {
                    lock (_sync) { }
                }
            }
            """, PublicLockTargetCodeFix.PrivateGateKey, TargetFramework.Net80,
            Lock(0, "this", This));
    }

    [Theory]
    [InlineData("Monitor.Wait pairs with the lock", "lock ({|#0:this|}) { Monitor.Wait(this); }", "this", This)]
    [InlineData("string", "lock ({|#0:\"key\"|}) { }", "\"key\"", Text)]
    [InlineData("another type's Type", "lock ({|#0:typeof(string)|}) { }", "typeof(string)", TypeObject)]
    [InlineData("non-private field", "lock ({|#0:Shared|}) { }", "Shared", NonPrivate)]
    [InlineData("Monitor.Enter", "Monitor.Enter({|#0:this|}); Monitor.Exit(this);", "this", This)]
    public async Task No_fix_where_moving_the_lock_could_split_it(string scenario, string body, string target, string reason)
    {
        Assert.NotEmpty(scenario);
        var source = Usings + "public class C { public object Shared = new object(); void M() { " + body + " } }";
        await Verify.CodeFix(source, source, PublicLockTargetCodeFix.PrivateGateKey, TargetFramework.Net80, Public(target, reason));
    }

    [Fact]
    public async Task Fix_makes_a_field_that_is_only_initialized_readonly_once_for_all_its_locks()
    {
        await Verify.CodeFix(Usings + """
            public class Ledger
            {
                private object _sync;
                private static object s_sync = new object();
                private int _total;

                public Ledger() { _sync = new object(); }

                public void Add(int n)
                {
                    lock ({|#0:_sync|}) { _total += n; }
                }

                public int Read()
                {
                    lock (_sync) { return _total; }
                }

                public static void Audit()
                {
                    lock ({|#2:s_sync|}) { }
                }
            }
            """, Usings + """
            public class Ledger
            {
                private readonly object _sync;
                private static readonly object s_sync = new object();
                private int _total;

                public Ledger() { _sync = new object(); }

                public void Add(int n)
                {
                    lock (_sync) { _total += n; }
                }

                public int Read()
                {
                    lock (_sync) { return _total; }
                }

                public static void Audit()
                {
                    lock (s_sync) { }
                }
            }
            """, PublicLockTargetCodeFix.MakeReadonlyKey, TargetFramework.Net80,
            // One finding per field, at its first lock: the fix is one change however many locks take it.
            Lock(0, "_sync", OnlyInitialized).WithSeverity(DiagnosticSeverity.Info),
            Lock(2, "s_sync", OnlyInitialized).WithSeverity(DiagnosticSeverity.Info));
    }

    [Theory]
    [InlineData("assigned in a method", "void Reset() { _sync = new object(); }")]
    [InlineData("assigned through this.", "void Reset() { this._sync = new object(); }")]
    [InlineData("assigned by a lambda in the constructor", "public C() { System.Action a = () => _sync = new object(); a(); }")]
    [InlineData("passed by ref", "void Reset() { Interlocked.Exchange(ref _sync, new object()); }")]
    public async Task Keeps_the_gate_fix_when_the_field_is_reassigned(string scenario, string writer)
    {
        Assert.NotEmpty(scenario);
        await Verify.Analyzer(
            Usings + "public class C { private object _sync = new object(); " + writer + " void M() { lock ({|#0:_sync|}) { } } }",
            Public("_sync", NonReadonly));
    }

    [Fact]
    public async Task A_field_is_reported_at_its_own_lock_not_at_another_instances()
    {
        await Verify.Analyzer(Usings + """
            public class Account
            {
                private object _sync = new object();
                private int _balance;

                public void MoveTo(Account other)
                {
                    lock (other._sync) { other._balance++; }
                    lock ({|#0:_sync|}) { _balance--; }
                }

                public int Balance()
                {
                    lock (_sync) { return _balance; }
                }
            }
            """,
            Public("_sync", OnlyInitialized).WithSeverity(DiagnosticSeverity.Info));
    }

    [Fact]
    public async Task No_readonly_fix_for_a_field_declared_with_others()
    {
        var source = Usings + "public class C { private object _a = new object(), _b = new object(); void M() { lock ({|#0:_a|}) { } lock ({|#1:_b|}) { } } }";
        var test = new Test { TestCode = source, FixedCode = source, CodeActionEquivalenceKey = PublicLockTargetCodeFix.MakeReadonlyKey };
        test.ExpectedDiagnostics.Add(Public("_a", OnlyInitialized).WithSeverity(DiagnosticSeverity.Info));
        test.ExpectedDiagnostics.Add(Lock(1, "_b", OnlyInitialized).WithSeverity(DiagnosticSeverity.Info));
        test.FixedState.ExpectedDiagnostics.AddRange(test.ExpectedDiagnostics);
        await test.RunAsync();
    }
}
