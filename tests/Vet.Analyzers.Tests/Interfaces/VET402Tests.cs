using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using Vet.Analyzers.Tests.Infrastructure;
using Vet.CodeFixes.Interfaces;
using Xunit;
using Test = Vet.Analyzers.Tests.Infrastructure.VetTest<Vet.Analyzers.Interfaces.ParameterBroaderThanUsedAnalyzer, Vet.CodeFixes.Interfaces.ParameterBroaderThanUsedCodeFix>;
using Verify = Vet.Analyzers.Tests.Infrastructure.Verify<Vet.Analyzers.Interfaces.ParameterBroaderThanUsedAnalyzer, Vet.CodeFixes.Interfaces.ParameterBroaderThanUsedCodeFix>;

namespace Vet.Analyzers.Tests.Interfaces;

/// <summary>VET402: a public parameter whose every use fits a more general, existing type.</summary>
public class VET402Tests
{
    private const string Usings = "using System;\nusing System.Collections.Generic;\nusing System.IO;\nusing System.Linq;\n";

    private static DiagnosticResult Broader(int markup, string parameter, string method, string suggested, string declared) =>
        Verify.Diagnostic().WithLocation(markup).WithArguments(parameter, method, suggested, declared);

    // ---- Flagged ---------------------------------------------------------------------------------------------

    [Theory]
    [InlineData("list only enumerated", "public int Sum({|#0:List<int> values|}) { var s = 0; foreach (var v in values) s += v; return s; }", "values", "Sum", "IEnumerable<int>", "List<int>")]
    [InlineData("array only enumerated", "public int Sum({|#0:int[] values|}) { var s = 0; foreach (var v in values) s += v; return s; }", "values", "Sum", "IEnumerable<int>", "int[]")]
    [InlineData("list counted and enumerated", "public double Mean({|#0:List<int> values|}) { var s = 0; foreach (var v in values) s += v; return (double)s / values.Count; }", "values", "Mean", "IReadOnlyCollection<int>", "List<int>")]
    [InlineData("list indexed", "public int First({|#0:List<int> values|}) => values.Count > 0 ? values[0] : 0;", "values", "First", "IReadOnlyList<int>", "List<int>")]
    [InlineData("array indexed", "public int First({|#0:int[] values|}) => values[0];", "values", "First", "IReadOnlyList<int>", "int[]")]
    [InlineData("dictionary looked up", "public string Find({|#0:Dictionary<string, string> map|}, string key) => map.TryGetValue(key, out var v) ? v : key;", "map", "Find", "IReadOnlyDictionary<string, string>", "Dictionary<string, string>")]
    [InlineData("list filled", "public void Fill({|#0:List<string> target|}) { target.Add(\"a\"); target.Add(\"b\"); }", "target", "Fill", "ICollection<string>", "List<string>")]
    [InlineData("enumerated twice keeps a collection", "public int Twice({|#0:List<int> values|}) { var n = 0; foreach (var v in values) n += v; foreach (var v in values) n -= v; return n; }", "values", "Twice", "IReadOnlyCollection<int>", "List<int>")]
    [InlineData("linq", "public int Big({|#0:List<int> values|}) => values.Count(v => v > 10);", "values", "Big", "IEnumerable<int>", "List<int>")]
    [InlineData("memory stream read", "public int Peek({|#0:MemoryStream stream|}) => stream.ReadByte();", "stream", "Peek", "Stream", "MemoryStream")]
    [InlineData("stream reader", "public string Head({|#0:StreamReader reader|}) => reader.ReadLine() ?? \"\";", "reader", "Head", "TextReader", "StreamReader")]
    [InlineData("protected constructor", "protected Report({|#0:List<string> lines|}) { foreach (var l in lines) Console.WriteLine(l); }", "lines", "Report", "IEnumerable<string>", "List<string>")]
    [InlineData("protected", "protected void Print({|#0:List<string> lines|}) { foreach (var l in lines) Console.WriteLine(l); }", "lines", "Print", "IEnumerable<string>", "List<string>")]
    [InlineData("null-conditional count", "public int Size({|#0:List<string> lines|}) => lines?.Count ?? 0;", "lines", "Size", "IReadOnlyCollection<string>", "List<string>")]
    [InlineData("generic method keeps its type parameter", "public T Head<T>({|#0:List<T> values|}) => values[0];", "values", "Head", "IReadOnlyList<T>", "List<T>")]
    [InlineData("dictionary enumerated as pairs", "public int Total({|#0:Dictionary<string, int> map|}) { var n = 0; foreach (var p in map) n += p.Value; return n; }", "map", "Total", "IReadOnlyDictionary<string, int>", "Dictionary<string, int>")]
    [InlineData("passed on", "public string Join({|#0:List<string> lines|}) => string.Join(\",\", lines);", "lines", "Join", "IEnumerable<string>", "List<string>")]
    public async Task Flags_parameters_broader_than_their_uses(string scenario, string member, string parameter, string method, string suggested, string declared)
    {
        Assert.NotEmpty(scenario);
        await Verify.Analyzer(Usings + "public class Report { public Report() { } " + member + " }", Broader(0, parameter, method, suggested, declared));
    }

    [Fact]
    public async Task Flags_project_class_used_only_through_its_interface()
    {
        await Verify.Analyzer(Usings + """
            public interface IStockStore
            {
                int Count(string sku);
                void Put(string sku, int quantity);
            }

            public class StockStore : IStockStore
            {
                public int Count(string sku) => 0;
                public void Put(string sku, int quantity) { }
                public void Compact() { }
            }

            public static class Restock
            {
                public static void TopUp({|#0:StockStore store|}, string sku)
                {
                    if (store.Count(sku) < 10)
                    {
                        store.Put(sku, 10);
                    }
                }
            }
            """, Broader(0, "store", "TopUp", "IStockStore", "StockStore"));
    }

    [Fact]
    public async Task Compiler_and_nullable_attributes_do_not_exempt()
    {
        await Verify.Analyzer(Usings + """
            public class Report
            {
                [Obsolete("Use Total")]
                public int Sum({|#0:List<int> values|}) => values.Sum();

                public int Total({|#1:[System.Diagnostics.CodeAnalysis.NotNull] List<int> values|}) => values.Sum();
            }
            """, Broader(0, "values", "Sum", "IEnumerable<int>", "List<int>"), Broader(1, "values", "Total", "IEnumerable<int>", "List<int>"));
    }

    // ---- Not flagged -----------------------------------------------------------------------------------------

    [Theory]
    [InlineData("generic method infers from the parameter", "public static Type Register<T>(Handler<T> handler) => handler.Describe(typeof(T)); public interface IHandler { Type Describe(Type t); string Name { get; } } public class Handler<T> : IHandler { public Type Describe(Type t) => t; public string Name => \"h\"; }")]
    [InlineData("private method", "private int Sum(List<int> values) => values.Sum();")]
    [InlineData("internal method", "internal int Sum(List<int> values) => values.Sum();")]
    [InlineData("already an interface", "public int Sum(IList<int> values) => values.Sum();")]
    [InlineData("array length", "public int Size(int[] values) => values.Length;")]
    [InlineData("list-only member", "public void Order(List<int> values) => values.Sort();")]
    [InlineData("stored in a field", "private List<int> _kept = new(); public void Keep(List<int> values) { _kept = values; }")]
    [InlineData("passed where a list is needed", "public void Forward(List<int> values) => Take(values); private static void Take(List<int> v) { }")]
    [InlineData("returned", "public List<int> Echo(List<int> values) => values;")]
    [InlineData("local of the same type", "public int Local(List<int> values) { var copy = values; return copy.Count; }")]
    [InlineData("unused", "public void Nothing(List<int> values) { }")]
    [InlineData("only a null check", "public bool Missing(List<int> values) => values is null;")]
    [InlineData("string", "public int Letters(string text) { var n = 0; foreach (var c in text) n++; return n; }")]
    [InlineData("byte array", "public int Total(byte[] data) { var n = 0; foreach (var b in data) n += b; return n; }")]
    [InlineData("params array", "public int Sum(params int[] values) => values.Sum();")]
    [InlineData("ref parameter", "public int Sum(ref List<int> values) => values.Sum();")]
    [InlineData("virtual method", "public virtual int Sum(List<int> values) => values.Sum();")]
    [InlineData("cast", "public object Cast(List<int> values) => (IList<int>)values;")]
    [InlineData("type test", "public bool Test(List<int> values) => values is IList<int>;")]
    [InlineData("element written", "public void Zero(int[] values) { values[0] = 0; }")]
    [InlineData("stream-only member", "public byte[] Dump(MemoryStream stream) => stream.ToArray();")]
    [InlineData("overload differing in that parameter", "public int Sum(List<int> values) => values.Sum(); public int Sum(int[] values) => values.Sum();")]
    [InlineData("event handler", "public void OnChanged(object sender, EventArgs e) { Console.WriteLine(e.ToString()); }")]
    [InlineData("framework-bound method", "[Bound] public int Bound(List<int> values) => values.Sum();")]
    [InlineData("framework-bound parameter", "public int Bound([Bound] List<int> values) => values.Sum();")]
    [InlineData("public constructor (dependency injection)", "public Report(List<string> lines) { foreach (var l in lines) Console.WriteLine(l); }")]
    public async Task Does_not_flag_near_misses(string scenario, string member)
    {
        Assert.NotEmpty(scenario);
        await Verify.NoDiagnostics(Usings + "public class BoundAttribute : Attribute { } public class Report { " + member + " }");
    }

    [Fact]
    public async Task Does_not_flag_a_program()
    {
        // A program's public members have only the program's own callers, which hold the concrete type.
        await new Test
        {
            TestCode = Usings + "public static class Consumer { public static int Run(List<string> topics) { var n = 0; foreach (var t in topics) n += t.Length; return n; } }",
            Executable = true,
        }.RunAsync();
    }

    [Fact]
    public async Task Does_not_flag_a_parameter_whose_sibling_of_the_same_type_keeps_it()
    {
        // otherFiles needs TestFile[] (it is assigned); narrowing testFiles alone makes the pair inconsistent.
        await Verify.NoDiagnostics(Usings + """
            public class TestFile { public string Name = ""; }
            public static class TestHelpers
            {
                public static int AddProject(string path, TestFile[] testFiles, TestFile[] otherFiles = null)
                {
                    otherFiles ??= Array.Empty<TestFile>();
                    var n = 0;
                    foreach (var file in testFiles) n += file.Name.Length;
                    foreach (var file in otherFiles) n += file.Name.Length;
                    return n + testFiles.Length;
                }
            }
            """);
    }

    [Fact]
    public async Task Does_not_flag_a_parameter_whose_overload_keeps_the_same_type()
    {
        // Add(T[]) keeps T[]; Add(IReadOnlyList<T>, int, int) beside it would make an inconsistent pair.
        await Verify.NoDiagnostics(Usings + """
            public class ArrayBuilder<T>
            {
                private readonly List<T> _buffer = new List<T>();

                public ArrayBuilder<T> Add(T[] array) => Add(array, 0, array.Length);

                public ArrayBuilder<T> Add(T[] array, int index, int length)
                {
                    for (var i = 0; i < length; i++)
                    {
                        _buffer.Add(array[index + i]);
                    }

                    return this;
                }
            }
            """);
    }

    [Fact]
    public async Task Flags_overloads_that_can_all_narrow_the_same_type()
    {
        await Verify.Analyzer(Usings + """
            public class Report
            {
                public int Print({|#0:List<string> lines|}) { var n = 0; foreach (var line in lines) n++; return n; }

                public int Print({|#1:List<string> lines|}, int indent)
                {
                    var n = indent;
                    foreach (var line in lines) n += line.Length;
                    return n;
                }
            }
            """, Broader(0, "lines", "Print", "IEnumerable<string>", "List<string>"), Broader(1, "lines", "Print", "IEnumerable<string>", "List<string>"));
    }

    [Fact]
    public async Task Flags_sibling_parameters_of_the_same_type_that_can_all_narrow()
    {
        await Verify.Analyzer(Usings + """
            public class Merge
            {
                public int Both({|#0:List<int> left|}, {|#1:List<int> right|})
                {
                    var n = 0;
                    foreach (var v in left) n += v;
                    foreach (var v in right) n -= v;
                    return n;
                }
            }
            """, Broader(0, "left", "Both", "IEnumerable<int>", "List<int>"), Broader(1, "right", "Both", "IEnumerable<int>", "List<int>"));
    }

    [Fact]
    public async Task Does_not_flag_a_parameter_only_forwarded_to_the_base_constructor()
    {
        await Verify.NoDiagnostics(Usings + """
            public abstract class Sink
            {
                protected Sink(IEnumerable<string> lines) { }
            }

            public abstract class FileSink : Sink
            {
                protected FileSink(List<string> lines) : base(lines) { }
            }
            """);
    }

    [Fact]
    public async Task Flags_a_parameter_forwarded_to_the_base_constructor_and_used_in_the_body()
    {
        await Verify.Analyzer(Usings + """
            public abstract class Sink
            {
                protected Sink(IEnumerable<string> lines) { }
            }

            public abstract class FileSink : Sink
            {
                protected FileSink({|#0:List<string> lines|}) : base(lines) { foreach (var l in lines) Console.WriteLine(l); }
            }
            """, Broader(0, "lines", "FileSink", "IReadOnlyCollection<string>", "List<string>"));
    }

    [Fact]
    public async Task Does_not_flag_the_surface_of_a_published_library()
    {
        var code = Usings + "public class Report { public int Sum(List<int> values) { var s = 0; foreach (var v in values) s += v; return s; } }";
        await new Test { TestCode = code }.WithBuildProperties(("PackageTags", "reports")).RunAsync();
    }

    [Fact]
    public async Task Does_not_flag_members_of_non_public_types_overrides_or_implementations()
    {
        await Verify.NoDiagnostics(Usings + """
            internal class Hidden
            {
                public int Sum(List<int> values) => values.Sum();
            }

            public interface ITotals
            {
                int Sum(List<int> values);
            }

            public class Totals : ITotals
            {
                public int Sum(List<int> values) => values.Sum();
            }

            public abstract class Base
            {
                public abstract int Sum(List<int> values);
            }

            public class Derived : Base
            {
                public override int Sum(List<int> values) => values.Sum();
            }

            public static class Program
            {
                public static void Main(string[] args)
                {
                    foreach (var arg in args)
                    {
                        Console.WriteLine(arg);
                    }
                }
            }
            """);
    }

    [Fact]
    public async Task Does_not_offer_marker_or_single_member_interfaces()
    {
        await Verify.NoDiagnostics(Usings + """
            public interface IMarker { }
            public interface IPinger { void Ping(); }
            public class Node : IMarker, IPinger
            {
                public void Ping() { }
                public void Reset() { }
            }

            public static class Health
            {
                public static void Check(Node node) => node.Ping();
            }
            """);
    }

    [Fact]
    public async Task Enumeration_inside_a_loop_keeps_a_collection()
    {
        await Verify.Analyzer(Usings + """
            public static class Pairs
            {
                public static int Count({|#0:List<int> values|}, int rounds)
                {
                    var n = 0;
                    for (var i = 0; i < rounds; i++)
                    {
                        n += values.Sum();
                    }

                    return n;
                }
            }
            """, Broader(0, "values", "Count", "IReadOnlyCollection<int>", "List<int>"));
    }

    // ---- Broken code -------------------------------------------------------------------------------------------

    [Theory]
    [InlineData("public class C { public int Sum(List<int> values) => values.Missing(); }", false)]
    [InlineData("public class C { public int Sum(Unknown values) { foreach (var v in values) { } return 0; } }", false)]
    [InlineData("public class C { public int Sum({|#0:List<int> values|}) { foreach (var v in values) }", true)]
    [InlineData("public class C { public int Sum(List<int> ) => 0; }", false)]
    public async Task Incomplete_code_is_analyzed_without_crashing(string code, bool flagged)
    {
        var test = new Test { TestCode = Usings + code, CompilerDiagnostics = CompilerDiagnostics.None };
        if (flagged)
        {
            test.ExpectedDiagnostics.Add(Broader(0, "values", "Sum", "IEnumerable<int>", "List<int>"));
        }

        await test.RunAsync();
    }

    // ---- Fix -----------------------------------------------------------------------------------------------------

    [Fact]
    public async Task Fix_changes_the_parameter_type_and_callers_still_compile()
    {
        await Verify.CodeFix("""
            using System.Collections.Generic;

            public static class Totals
            {
                public static int Sum({|#0:List<int> values|})
                {
                    var total = 0;
                    foreach (var value in values)
                    {
                        total += value;
                    }

                    return total;
                }

                public static int Caller() => Sum(new List<int> { 1, 2 });
            }
            """, """
            using System.Collections.Generic;

            public static class Totals
            {
                public static int Sum(IEnumerable<int> values)
                {
                    var total = 0;
                    foreach (var value in values)
                    {
                        total += value;
                    }

                    return total;
                }

                public static int Caller() => Sum(new List<int> { 1, 2 });
            }
            """, ParameterBroaderThanUsedCodeFix.ChangeTypeKey, TargetFramework.Net80, Broader(0, "values", "Sum", "IEnumerable<int>", "List<int>"));
    }

    [Fact]
    public async Task Fix_adds_the_using_it_needs()
    {
        await Verify.CodeFix("""
            public static class Copier
            {
                public static int Peek({|#0:System.IO.MemoryStream stream|}) => stream.ReadByte();
            }
            """, """
            using System.IO;

            public static class Copier
            {
                public static int Peek(Stream stream) => stream.ReadByte();
            }
            """, ParameterBroaderThanUsedCodeFix.ChangeTypeKey, TargetFramework.Net80, Broader(0, "stream", "Peek", "Stream", "MemoryStream"));
    }

    [Fact]
    public async Task Fix_all_changes_every_parameter()
    {
        await Verify.CodeFix(Usings + """
            public static class Stats
            {
                public static int Max({|#0:int[] values|}) => values.Max();

                public static int Last({|#1:List<int> values|}) => values[values.Count - 1];

                public static string Name({|#2:Dictionary<int, string> names|}, int id) => names.ContainsKey(id) ? names[id] : "?";
            }
            """, Usings + """
            public static class Stats
            {
                public static int Max(IEnumerable<int> values) => values.Max();

                public static int Last(IReadOnlyList<int> values) => values[values.Count - 1];

                public static string Name(IReadOnlyDictionary<int, string> names, int id) => names.ContainsKey(id) ? names[id] : "?";
            }
            """, ParameterBroaderThanUsedCodeFix.ChangeTypeKey, TargetFramework.Net80,
            Broader(0, "values", "Max", "IEnumerable<int>", "int[]"),
            Broader(1, "values", "Last", "IReadOnlyList<int>", "List<int>"),
            Broader(2, "names", "Name", "IReadOnlyDictionary<int, string>", "Dictionary<int, string>"));
    }
}
