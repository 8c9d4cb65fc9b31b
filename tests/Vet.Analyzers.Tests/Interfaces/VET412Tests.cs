using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using Vet.CodeFixes.Interfaces;
using Xunit;
using Test = Vet.Analyzers.Tests.Infrastructure.VetTest<Vet.Analyzers.Interfaces.NonGenericCollectionAnalyzer, Vet.CodeFixes.Interfaces.NonGenericCollectionCodeFix>;
using Verify = Vet.Analyzers.Tests.Infrastructure.Verify<Vet.Analyzers.Interfaces.NonGenericCollectionAnalyzer, Vet.CodeFixes.Interfaces.NonGenericCollectionCodeFix>;

namespace Vet.Analyzers.Tests.Interfaces;

/// <summary>VET412: ArrayList, Hashtable and the non-generic Queue, Stack and SortedList.</summary>
public class VET412Tests
{
    private const string Usings = "using System;\nusing System.Collections;\n";

    private static DiagnosticResult NonGeneric(string type, string replacement, int markup = 0) =>
        Verify.Diagnostic().WithLocation(markup).WithArguments(type, replacement);

    // ---- Flagged ---------------------------------------------------------------------------------------------

    [Theory]
    [InlineData("field", "class Stock { private {|#0:ArrayList|} _items = new ArrayList(); }", "ArrayList", "List<T>")]
    [InlineData("field without initializer", "class Stock { internal {|#0:Hashtable|} Prices; }", "Hashtable", "Dictionary<TKey, TValue>")]
    [InlineData("property", "public class Stock { public {|#0:Queue|} Pending { get; } = new Queue(); }", "Queue", "Queue<T>")]
    [InlineData("return type", "public class Stock { public {|#0:Stack|} History() => new Stack(); }", "Stack", "Stack<T>")]
    [InlineData("parameter", "public class Stock { public void Load({|#0:SortedList|} prices) { } }", "SortedList", "SortedList<TKey, TValue>")]
    [InlineData("constructor parameter", "public class Stock { public Stock({|#0:ArrayList|} items) { } }", "ArrayList", "List<T>")]
    [InlineData("qualified name", "class Stock { void M() { {|#0:System.Collections.ArrayList|} items = null; } }", "ArrayList", "List<T>")]
    [InlineData("local", "class Stock { int M() { {|#0:ArrayList|} items = new ArrayList(); return items.Count; } }", "ArrayList", "List<T>")]
    [InlineData("var local", "class Stock { int M() { var items = new {|#0:ArrayList|}(); return items.Count; } }", "ArrayList", "List<T>")]
    [InlineData("creation behind an interface, read back", "class Stock { int M() { IList items = new {|#0:ArrayList|}(); items.Add(1); return (int)items[0]; } }", "ArrayList", "List<T>")]
    [InlineData("var local handed to IList and read", "class Stock { int M() { var items = new {|#0:ArrayList|}(); Use(items); return items.Count; } void Use(IList l) { } }", "ArrayList", "List<T>")]
    [InlineData("local function parameter", "class Stock { void M() { void Local({|#0:Stack|} s) { } Local(null); } }", "Stack", "Stack<T>")]
    [InlineData("interface member", "public interface IStock { {|#0:ArrayList|} Items(); }", "ArrayList", "List<T>")]
    [InlineData("indexer", "public class Stock { public {|#0:ArrayList|} this[int i] => null; }", "ArrayList", "List<T>")]
    [InlineData("nullable field", "#nullable enable\nclass Stock { private {|#0:ArrayList?|} _items; }", "ArrayList", "List<T>")]
    [InlineData("field through a using alias", "using Items = System.Collections.ArrayList;\nclass Stock { private {|#0:Items|} _items = new Items(); }", "ArrayList", "List<T>")]
    [InlineData("operator return type", "public class Stock { public static {|#0:ArrayList|} operator +(Stock a, Stock b) => null; }", "ArrayList", "List<T>")]
    public async Task Flags_declarations_and_creations(string scenario, string code, string type, string replacement)
    {
        Assert.NotEmpty(scenario);
        await Verify.Analyzer(Usings + code, NonGeneric(type, replacement));
    }

    [Fact]
    public async Task Flags_a_type_named_through_a_global_alias_in_another_file()
    {
        // The file with the field never writes a collection's name: only the global alias in the other file does.
        var test = new Test { TestCode = "class Stock { private {|#0:Items|} _items; }" };
        test.TestState.Sources.Add(("/0/Aliases.cs", "global using Items = System.Collections.ArrayList;"));
        test.ExpectedDiagnostics.Add(NonGeneric("ArrayList", "List<T>"));
        await test.RunAsync();
    }

    [Fact]
    public async Task Flags_each_declaration_once()
    {
        await Verify.Analyzer(Usings + """
            class Stock
            {
                private {|#0:ArrayList|} _a = new ArrayList(), _b;

                Stock() { _a = new ArrayList(); }
            }
            """, NonGeneric("ArrayList", "List<T>"));
    }

    // ---- Not flagged: the near misses ----------------------------------------------------------------------------

    [Theory]
    [InlineData("generic list", "class Stock { System.Collections.Generic.List<int> _items = new(); }")]
    [InlineData("typeof", "class Stock { Type T => typeof(ArrayList); }")]
    [InlineData("type test", "class Stock { bool M(object o) => o is Hashtable; }")]
    [InlineData("static factory into var", "class Stock { int M(IList l) { var s = ArrayList.Synchronized(l); return s.Count; } }")]
    [InlineData("passed to a framework API that takes ArrayList", "class Stock { IList M() => ArrayList.ReadOnly(new ArrayList()); }")]
    [InlineData("non-generic interface", "class Stock { IList _items; ICollection Items => _items; }")]
    [InlineData("other Queue type", "class Queue { } class Stock { Queue _q = new Queue(); }")]
    [InlineData("hashtable cache written under its own lock", "class Cache { private static readonly Hashtable s_byType = new Hashtable(); static object Get(Type t) { var found = s_byType[t]; if (found is null) { lock (s_byType) { s_byType[t] = found = new object(); } } return found; } }")]
    [InlineData("hashtable written under another lock", "class Cache { private readonly object _gate = new(); private readonly Hashtable _names = new(); void Set(string k, string v) { lock (_gate) { _names[k] = v; } } }")]
    [InlineData("hashtable fields handed to a helper that locks them", "class Cache { static readonly Hashtable s_a = new Hashtable(), s_b = new Hashtable(); static object A(Type t) => s_a[t] ?? Slow(t, s_a); static object Slow(Type t, Hashtable table) { lock (table) { return table[t] ?? new object(); } } }")]
    [InlineData("creation handed on as object", "class Render { void M() => Show(new ArrayList { 1, 2 }); void Show(object value) { } }")]
    [InlineData("hashtable parameter locked", "class Cache { static object Slow(Type t, Hashtable table) { lock (table) { return table[t] ?? new object(); } } }")]
    [InlineData("hashtable locked through a copy in a nested holder", "class Outer { static class Holder { public static readonly Hashtable Cache = new Hashtable(); } void Set(string k) { var cache = Holder.Cache; lock (cache) { cache[k] = k; } } }")]
    [InlineData("hashtable parameter whose table another member writes under a lock", "class Registry { static readonly Hashtable s_all = new Hashtable(); static void Add(Type t, object v, Hashtable external = null) { var table = external ?? s_all; lock (table) { table[t] = v; } } static object Find(Type t, Hashtable external) => external[t]; }")]
    [InlineData("local filled and handed on as object", "class Prompt { bool Ask(out object answer) { var values = new ArrayList(); values.Add(Read()); answer = values; return true; } object Read() => null; }")]
    [InlineData("local filled and passed as an object argument", "class Prompt { object Ask() { var values = new ArrayList(); values.Add(Read()); return Convert(values); } object Read() => null; object Convert(object value) => value; }")]
    public async Task Does_not_flag_near_misses(string scenario, string code)
    {
        Assert.NotEmpty(scenario);
        await Verify.NoDiagnostics(Usings + code);
    }

    [Fact]
    public async Task Override_and_interface_implementation_follow_the_base_declaration()
    {
        await Verify.Analyzer(Usings + """
            public abstract class Report
            {
                public abstract {|#0:ArrayList|} Lines { get; }
            }

            public interface ISource
            {
                void Load({|#1:Hashtable|} values);
            }

            public class Sales : Report, ISource
            {
                public override ArrayList Lines => new ArrayList();
                public void Load(Hashtable values) { }
            }

            public class Explicit : ISource
            {
                void ISource.Load(Hashtable values) { }
            }
            """, NonGeneric("ArrayList", "List<T>", 0), NonGeneric("Hashtable", "Dictionary<TKey, TValue>", 1));
    }

    [Fact]
    public async Task Interop_signatures_are_exempt()
    {
        await Verify.NoDiagnostics(Usings + """
            using System.Runtime.InteropServices;

            [ComImport, Guid("5F1A1E4B-8C8A-4E0B-9F59-2B6C3C1F1A11"), InterfaceType(ComInterfaceType.InterfaceIsIUnknown)]
            public interface ILegacyCatalog
            {
                void Fill(ArrayList items);
            }
            """);
    }

    [Fact]
    public async Task Nothing_without_System_Collections_types_is_checked_on_netstandard()
    {
        await Verify.NoDiagnostics(Usings + "class Stock { System.Collections.Generic.List<int> _items = new System.Collections.Generic.List<int>(); }", Infrastructure.TargetFramework.NetStandard20);
    }

    // A non-generic interface target (IList, IDictionary, ICollection, IEnumerable) reads the elements as object:
    // a generic collection handed only to it adds no type safety, and the fix could only write List<object>.

    [Theory]
    [InlineData("argument", "void M() => Use(new Hashtable()); void Use(IDictionary d) { }")]
    [InlineData("argument among others", "object M(Type t) => Adapt(t, new Hashtable(), 1); object Adapt(Type t, IDictionary store, int n) => store;")]
    [InlineData("return", "IDictionary Totals() => new Hashtable(8);")]
    [InlineData("local returned as IList", "IList M() { IList items = new ArrayList(); return items; }")]
    [InlineData("field typed IDictionary", "IDictionary _store; void SetUp() { _store = new Hashtable(); }")]
    [InlineData("field initializer typed IDictionary", "IDictionary _store = new Hashtable();")]
    [InlineData("parameter defaulted with ??", "object M(IDictionary d) { d = d ?? new Hashtable(); return Adapt(d); } object Adapt(IDictionary d) => d;")]
    [InlineData("parameter defaulted with if", "object M(IDictionary d) { if (d == null) d = new Hashtable(); return Adapt(d); } object Adapt(IDictionary d) => d;")]
    [InlineData("assertion on IEnumerable", "void M() { IsEmpty(new ArrayList()); IsEmpty(new Hashtable()); } static void IsEmpty(IEnumerable e) { }")]
    public async Task Does_not_flag_a_creation_handed_straight_to_a_non_generic_interface(string scenario, string members)
    {
        Assert.NotEmpty(scenario);
        await Verify.NoDiagnostics(Usings + "class Adapter { " + members + " }");
    }

    [Fact]
    public async Task Does_not_flag_a_var_local_filled_and_handed_only_to_a_non_generic_API()
    {
        await Verify.NoDiagnostics(Usings + """
            using System.Net.Sockets;
            class Proxy
            {
                void Pump(Socket socket, Socket remote)
                {
                    var checkRead = new ArrayList { socket, remote };
                    var checkError = new ArrayList();
                    checkError.Add(socket);
                    checkError.Add(remote);
                    Socket.Select(checkRead, null, checkError, 250000);
                }
            }
            """);
    }

    [Fact]
    public async Task Does_not_flag_a_local_stored_as_an_object_value_of_a_non_generic_dictionary()
    {
        await Verify.NoDiagnostics(Usings + """
            class Fixture
            {
                private IDictionary dictionary;

                void CompoundKey()
                {
                    var meta = new Hashtable();
                    meta["Id"] = Guid.NewGuid();
                    dictionary["Meta"] = meta;
                }
            }
            """);
    }

    [Fact]
    public async Task Does_not_flag_a_local_handed_to_a_call_that_does_not_bind()
    {
        // A missing reference or code being typed: the target's type is unknown, so nothing says a generic type helps.
        var test = new Test
        {
            TestCode = Usings + """
                class Tests
                {
                    void IsNotEmpty()
                    {
                        var list = new ArrayList(new[] { 1 });
                        ClassicAssert.IsNotEmpty(list, "Failed on ArrayList");
                        ClassicAssert.IsEmpty(new Hashtable());
                    }
                }
                """,
            CompilerDiagnostics = CompilerDiagnostics.None,
        };
        await test.RunAsync();
    }

    [Theory]
    [InlineData("ToArray(Type)", "public Array Values(Type elementType) => _values.ToArray(elementType);")]
    [InlineData("this-qualified, in a nested type", "class Reader { Array Read(Parser p, Type t) => p._values.ToArray(t); } Array Values(Type t) => this._values.ToArray(t);")]
    [InlineData("SetRange", "public void Replace(int at, ICollection items) => _values.SetRange(at, items);")]
    public async Task Does_not_flag_a_field_using_a_member_without_a_generic_twin(string scenario, string member)
    {
        Assert.NotEmpty(scenario);
        await Verify.NoDiagnostics(Usings + "class Parser { internal ArrayList _values = new ArrayList(); public void Add(object v) => _values.Add(v); " + member + " }");
    }

    [Fact]
    public async Task Flags_a_field_whose_only_ToArray_takes_no_type()
    {
        await Verify.Analyzer(
            Usings + "class Parser { private {|#0:ArrayList|} _values = new ArrayList(); public void Add(object v) => _values.Add(v); public object[] Values() => _values.ToArray(); }",
            NonGeneric("ArrayList", "List<T>"));
    }

    [Fact]
    public async Task Does_not_flag_a_local_using_a_member_without_a_generic_twin()
    {
        // ToArray(Type) builds an array whose element type is known only at run time: List<T> has no such member.
        await Verify.NoDiagnostics(Usings + """
            class ArraySerializer
            {
                object Read(Type itemType, Action<IList> fill)
                {
                    var items = new ArrayList();
                    fill(items);
                    return items.ToArray(itemType);
                }

                object ReadTyped(Type itemType, Action<IList> fill)
                {
                    ArrayList items = new ArrayList();
                    fill(items);
                    return items.ToArray(itemType);
                }
            }
            """);
    }

    [Fact]
    public async Task Does_not_flag_a_local_captured_by_an_expression_tree()
    {
        // The query provider sees the collection's type in the tree: ArrayList.Contains is what is translated.
        await Verify.NoDiagnostics(Usings + """
            using System.Linq.Expressions;
            class Translation
            {
                void Contains()
                {
                    var numbers = new ArrayList() { 1, 2, 3 };
                    Test<string>(x => numbers.Contains(x.Length));
                }

                static void Test<T>(Expression<Func<T, bool>> predicate) { }
            }
            """);
    }

    [Fact]
    public async Task Flags_a_local_read_back_through_the_non_generic_type()
    {
        // Reads need casts today: List<string> removes them, whatever else the list is handed to.
        await Verify.Analyzer(Usings + """
            class Collector
            {
                string First(IEnumerable source)
                {
                    var x = new {|#0:ArrayList|}();
                    foreach (object item in source)
                    {
                        x.Add(item as string);
                    }

                    Check(x);
                    return (string)x[0];
                }

                static void Check(IEnumerable e) { }
            }
            """, NonGeneric("ArrayList", "List<T>"));
    }

    // ---- The fix -------------------------------------------------------------------------------------------------

    [Fact]
    public async Task Fix_infers_the_element_type_from_adds_and_casts()
    {
        await Verify.CodeFix(Usings + """
            class Inventory
            {
                int Measure(string[] names)
                {
                    {|#0:ArrayList|} items = new ArrayList(names.Length);
                    foreach (var name in names)
                    {
                        items.Add(name);
                    }

                    var first = (string)items[0];
                    return items.Count + first.Length;
                }
            }
            """, """
            using System;
            using System.Collections;
            using System.Collections.Generic;
            class Inventory
            {
                int Measure(string[] names)
                {
                    List<string> items = new List<string>(names.Length);
                    foreach (var name in names)
                    {
                        items.Add(name);
                    }

                    var first = (string)items[0];
                    return items.Count + first.Length;
                }
            }
            """, NonGenericCollectionCodeFix.UseGenericKey, expected: NonGeneric("ArrayList", "List<T>"));
    }

    [Fact]
    public async Task Fix_of_a_var_local_uses_the_typed_foreach()
    {
        await Verify.CodeFix(Usings + """
            class Inventory
            {
                int Total()
                {
                    var counts = new {|#0:ArrayList|} { 1, 2 };
                    counts.Insert(0, 5);
                    var total = 0;
                    foreach (int count in counts)
                    {
                        total += count;
                    }

                    return total;
                }
            }
            """, """
            using System;
            using System.Collections;
            using System.Collections.Generic;
            class Inventory
            {
                int Total()
                {
                    var counts = new List<int> { 1, 2 };
                    counts.Insert(0, 5);
                    var total = 0;
                    foreach (int count in counts)
                    {
                        total += count;
                    }

                    return total;
                }
            }
            """, NonGenericCollectionCodeFix.UseGenericKey, expected: NonGeneric("ArrayList", "List<T>"));
    }

    [Theory]
    [InlineData("mixed element types", "items.Add(1); items.Add(\"one\");")]
    [InlineData("read without a cast", "items.Add(1); Console.WriteLine(items[0]);")]
    [InlineData("foreach with var", "items.Add(1); foreach (var item in items) Console.WriteLine(item);")]
    [InlineData("handed to IList and counted", "items.Add(1); Fill(items); Console.WriteLine(items.Count);")]
    [InlineData("null added", "items.Add(1); items.Add(null);")]
    public async Task Fix_keeps_object_when_the_element_type_is_not_certain(string scenario, string uses)
    {
        Assert.NotEmpty(scenario);
        const string Shape = """
            class Inventory
            {
                void Run()
                {
                    {|#0:ArrayList|} items = new ArrayList();
                    USES
                }

                static void Fill(IList target) { }
            }
            """;
        await Verify.CodeFix(
            Usings + Shape.Replace("USES", uses),
            Usings + "using System.Collections.Generic;\n" + Shape.Replace("USES", uses).Replace("{|#0:ArrayList|} items = new ArrayList()", "List<object> items = new List<object>()"),
            NonGenericCollectionCodeFix.UseGenericKey,
            expected: NonGeneric("ArrayList", "List<T>"));
    }

    [Fact]
    public async Task Fix_of_a_hashtable_field_keeps_null_for_missing_keys()
    {
        await Verify.CodeFix(Usings + """
            class PriceList
            {
                private readonly {|#0:Hashtable|} _names = new Hashtable(StringComparer.OrdinalIgnoreCase);

                public PriceList()
                {
                    _names.Add("sku-1", "Widget");
                    _names["sku-2"] = "Gadget";
                }

                public string Name(string sku) => _names.Contains(sku) ? (string)_names[sku] : "unknown";

                public string Lookup(string sku) => (string)this._names[sku];
            }
            """, """
            using System;
            using System.Collections;
            using System.Collections.Generic;
            class PriceList
            {
                private readonly Dictionary<string, string> _names = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

                public PriceList()
                {
                    _names.Add("sku-1", "Widget");
                    _names["sku-2"] = "Gadget";
                }

                public string Name(string sku) => _names.ContainsKey(sku) ? (string)_names.GetValueOrDefault(sku) : "unknown";

                public string Lookup(string sku) => (string)this._names.GetValueOrDefault(sku);
            }
            """, NonGenericCollectionCodeFix.UseGenericKey, expected: NonGeneric("Hashtable", "Dictionary<TKey, TValue>"));
    }

    [Fact]
    public async Task Fix_of_a_hashtable_read_as_a_value_type_keeps_object_values()
    {
        await Verify.CodeFix(Usings + """
            class Stock
            {
                int Count(string sku)
                {
                    {|#0:Hashtable|} counts = new Hashtable();
                    counts[sku] = 3;
                    return (int)counts[sku];
                }
            }
            """, """
            using System;
            using System.Collections;
            using System.Collections.Generic;
            class Stock
            {
                int Count(string sku)
                {
                    Dictionary<string, object> counts = new Dictionary<string, object>();
                    counts[sku] = 3;
                    return (int)counts.GetValueOrDefault(sku);
                }
            }
            """, NonGenericCollectionCodeFix.UseGenericKey, expected: NonGeneric("Hashtable", "Dictionary<TKey, TValue>"));
    }

    [Fact]
    public async Task Fix_of_queue_and_stack()
    {
        await Verify.CodeFix(Usings + """
            class Work
            {
                private {|#0:Queue|} _pending = new Queue();
                private {|#1:Stack|} _undo;

                Work() { _undo = new Stack(16); }

                void Run()
                {
                    _pending.Enqueue(DateTime.UtcNow);
                    var next = (DateTime)_pending.Dequeue();
                    _undo.Push(next);
                    if (_undo.Count > 0 && _undo.Contains(next))
                    {
                        _undo.Clear();
                    }
                }
            }
            """, """
            using System;
            using System.Collections;
            using System.Collections.Generic;
            class Work
            {
                private Queue<DateTime> _pending = new Queue<DateTime>();
                private Stack<DateTime> _undo;

                Work() { _undo = new Stack<DateTime>(16); }

                void Run()
                {
                    _pending.Enqueue(DateTime.UtcNow);
                    var next = (DateTime)_pending.Dequeue();
                    _undo.Push(next);
                    if (_undo.Count > 0 && _undo.Contains(next))
                    {
                        _undo.Clear();
                    }
                }
            }
            """, NonGenericCollectionCodeFix.UseGenericKey, expected: new[] { NonGeneric("Queue", "Queue<T>", 0), NonGeneric("Stack", "Stack<T>", 1) });
    }

    [Fact]
    public async Task Fix_of_a_creation_behind_an_interface_uses_object()
    {
        await Verify.CodeFix(Usings + """
            class Report
            {
                int Total()
                {
                    IDictionary totals = new {|#0:Hashtable|}(8);
                    totals["all"] = 3;
                    return (int)totals["all"];
                }
            }
            """, """
            using System;
            using System.Collections;
            using System.Collections.Generic;
            class Report
            {
                int Total()
                {
                    IDictionary totals = new Dictionary<object, object>(8);
                    totals["all"] = 3;
                    return (int)totals["all"];
                }
            }
            """, NonGenericCollectionCodeFix.UseGenericKey, expected: NonGeneric("Hashtable", "Dictionary<TKey, TValue>"));
    }

    [Theory]
    [InlineData("public field", "public {|#0:ArrayList|} Items = new ArrayList();", "")]
    [InlineData("handed out as object", "private {|#0:ArrayList|} _items = new ArrayList();", "object Snapshot() => _items;")]
    [InlineData("member without a generic twin", "private {|#0:ArrayList|} _items = new ArrayList();", "object[] Snapshot() => _items.ToArray();")]
    [InlineData("Add's index used", "private {|#0:ArrayList|} _items = new ArrayList();", "int Append(string s) => _items.Add(s);")]
    [InlineData("hashtable enumerated as entries", "private {|#0:Hashtable|} _map = new Hashtable();", "void Dump() { foreach (DictionaryEntry e in _map) Console.WriteLine(e.Key); }")]
    [InlineData("copied from another collection", "private {|#0:ArrayList|} _items;", "void Load(ICollection c) { _items = new ArrayList(c); }")]
    [InlineData("assigned from a method", "private {|#0:ArrayList|} _items;", "void Load() { _items = ArrayList.Synchronized(new ArrayList()); }")]
    [InlineData("signature", "public void Load({|#0:ArrayList|} items) { }", "")]
    public async Task No_fix_when_the_generic_type_would_change_behaviour(string scenario, string member, string use)
    {
        Assert.NotEmpty(scenario);
        var source = Usings + "public class Catalog\n{\n    " + member + "\n    " + use + "\n}\n";
        var kind = source.Contains("{|#0:Hashtable|}") ? NonGeneric("Hashtable", "Dictionary<TKey, TValue>") : NonGeneric("ArrayList", "List<T>");
        var test = new Test { TestCode = source, FixedCode = source, CodeActionEquivalenceKey = NonGenericCollectionCodeFix.UseGenericKey };
        test.ExpectedDiagnostics.Add(kind);
        test.FixedState.ExpectedDiagnostics.Add(kind);
        await test.RunAsync();
    }

    [Fact]
    public async Task Fix_all_rewrites_every_collection_in_two_documents()
    {
        var test = new Test { CodeActionEquivalenceKey = NonGenericCollectionCodeFix.UseGenericKey };
        test.TestState.Sources.Add(Usings + """
            class Orders
            {
                int Run()
                {
                    var ids = new {|#0:ArrayList|}();
                    ids.Add(1);
                    {|#1:Stack|} seen = new Stack();
                    seen.Push("a");
                    return ids.Count + seen.Count;
                }
            }
            """);
        test.TestState.Sources.Add(Usings + """
            class Names
            {
                private {|#2:SortedList|} _byId = new SortedList();

                void Add(int id, string name) => _byId.Add(id, name);
            }
            """);
        test.ExpectedDiagnostics.Add(NonGeneric("ArrayList", "List<T>", 0));
        test.ExpectedDiagnostics.Add(NonGeneric("Stack", "Stack<T>", 1));
        test.ExpectedDiagnostics.Add(NonGeneric("SortedList", "SortedList<TKey, TValue>", 2));
        test.FixedState.Sources.Add(Usings + """
            using System.Collections.Generic;
            class Orders
            {
                int Run()
                {
                    var ids = new List<int>();
                    ids.Add(1);
                    Stack<string> seen = new Stack<string>();
                    seen.Push("a");
                    return ids.Count + seen.Count;
                }
            }
            """);
        test.FixedState.Sources.Add(Usings + """
            using System.Collections.Generic;
            class Names
            {
                private SortedList<int, string> _byId = new SortedList<int, string>();

                void Add(int id, string name) => _byId.Add(id, name);
            }
            """);
        await test.RunAsync();
    }

    [Fact]
    public async Task Does_not_flag_a_collection_whose_type_an_API_chose()
    {
        // Context's own signatures are reported; the uses that only follow them are not.
        await Verify.Analyzer("""
            using System.Collections;
            static class Context
            {
                public static {|#0:Stack|} Clone() => new Stack();
                public static void Receive({|#1:ArrayList|} into) { }
            }
            class Use
            {
                void M(object value)
                {
                    Stack copy = Context.Clone();
                    Hashtable table = value as Hashtable;
                    ArrayList cast = (ArrayList)value;
                    var messages = new ArrayList();
                    Context.Receive(messages);
                    System.Console.WriteLine(copy.Count + table.Count + cast.Count);
                }
            }
            """,
            Verify.Diagnostic().WithLocation(0).WithArguments("Stack", "Stack<T>"),
            Verify.Diagnostic().WithLocation(1).WithArguments("ArrayList", "List<T>"));
    }

    [Fact]
    public async Task Does_not_flag_the_surface_of_a_published_library()
    {
        await new Test
        {
            TestCode = """
                using System.Collections;
                public class Registry
                {
                    public Hashtable Entries { get; } = new Hashtable();
                    protected ArrayList Pending = new ArrayList();
                    public static Stack Snapshot() => new Stack();
                    private readonly {|#0:Queue|} _work = new Queue();
                }
                """,
            ExpectedDiagnostics = { Verify.Diagnostic().WithLocation(0).WithArguments("Queue", "Queue<T>") },
        }.WithBuildProperties(("PackageTags", "registry")).RunAsync();
    }

    // ---- Broken and incomplete code ------------------------------------------------------------------------------

    [Theory]
    [InlineData("missing type argument source", "class Stock { void M() { {|#0:ArrayList|} items = new ArrayList(; } }", true)]
    [InlineData("unknown member", "class Stock { void M() { var items = new {|#0:ArrayList|}(); items.Frobnicate(); } }", true)]
    [InlineData("missing declarator", "class Stock { ArrayList }", false)]
    [InlineData("unresolved type", "class Stock { ArrayListt _x = new ArrayListt(); }", false)]
    public async Task Survives_broken_code(string scenario, string code, bool flagged)
    {
        Assert.NotEmpty(scenario);
        var test = new Test { TestCode = Usings + code, CompilerDiagnostics = CompilerDiagnostics.None };
        if (flagged)
        {
            test.ExpectedDiagnostics.Add(NonGeneric("ArrayList", "List<T>"));
        }

        await test.RunAsync();
    }
}
