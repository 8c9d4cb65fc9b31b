using System.Threading.Tasks;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Testing;
using Vet.Analyzers.Tests.Infrastructure;
using Vet.CodeFixes.Interfaces;
using Xunit;
using Test = Vet.Analyzers.Tests.Infrastructure.VetTest<Vet.Analyzers.Interfaces.NumericOverloadsAnalyzer, Vet.CodeFixes.Interfaces.NumericOverloadsCodeFix>;
using Verify = Vet.Analyzers.Tests.Infrastructure.Verify<Vet.Analyzers.Interfaces.NumericOverloadsAnalyzer, Vet.CodeFixes.Interfaces.NumericOverloadsCodeFix>;

namespace Vet.Analyzers.Tests.Interfaces;

/// <summary>VET411: overloads that repeat one body per numeric type.</summary>
public class VET411Tests
{
    private static DiagnosticResult Duplicated(string method, string types, int others = 1)
    {
        var result = Verify.Diagnostic().WithLocation(0).WithArguments(method, types);
        for (var i = 1; i <= others; i++)
        {
            result = result.WithLocation(i);
        }

        return result;
    }

    private const string SumOverloads = """
        public static class Totals
        {
            public static int {|#0:Sum|}(int[] values)
            {
                int total = 0;
                foreach (var value in values)
                {
                    total += value;
                }

                return total;
            }

            public static long {|#1:Sum|}(long[] values)
            {
                long total = 0L;
                foreach (var value in values)
                {
                    total += value;
                }

                return total;
            }

            public static double {|#2:Sum|}(double[] values)
            {
                double total = 0.0;
                foreach (var value in values)
                {
                    total += value;
                }

                return total;
            }
        }
        """;

    // ---- Flagged ---------------------------------------------------------------------------------------------

    [Fact]
    public async Task Flags_overloads_that_repeat_the_body_per_numeric_type()
    {
        await Verify.Analyzer(SumOverloads, Duplicated("Sum", "int, long and double", others: 2));
    }

    [Fact]
    public async Task Flags_overloads_whose_other_types_contain_the_numeric_keyword_in_their_name()
    {
        await Verify.Analyzer("""
            public sealed class Painter { }

            public static class Brushes
            {
                public static int {|#0:Scale|}(int size, Painter painter) => size * 2;
                public static long {|#1:Scale|}(long size, Painter painter) => size * 2;
            }
            """, Duplicated("Scale", "int and long"));
    }

    [Theory]
    [InlineData("System names", "public static System.Int32 {|#0:Twice|}(System.Int32 size) => size * 2;\n    public static Int64 {|#1:Twice|}(Int64 size) => size * 2;", "using System;\n")]
    [InlineData("an alias", "public static Count {|#0:Twice|}(Count size) => size * 2;\n    public static long {|#1:Twice|}(long size) => size * 2;", "using Count = System.Int32;\n")]
    public async Task Flags_overloads_whose_numeric_types_are_written_by_name(string scenario, string members, string usings)
    {
        Assert.NotEmpty(scenario);
        await Verify.Analyzer(usings + "public static class Sizes\n{\n    " + members + "\n}\n", Duplicated("Twice", "int and long"));
    }

    [Fact]
    public async Task Flags_expression_bodies_using_math_and_comparisons()
    {
        await Verify.Analyzer("""
            public class Limits
            {
                public int {|#0:Clamp|}(int value, int low, int high) => value < low ? low : System.Math.Min(value, high);
                public decimal {|#1:Clamp|}(decimal value, decimal low, decimal high) => value < low ? low : System.Math.Min(value, high);
            }
            """, Duplicated("Clamp", "int and decimal"));
    }

    // ---- Not flagged: the near misses ----------------------------------------------------------------------------

    [Theory]
    [InlineData("bodies differ", "public static int Twice(int x) => x * 2; public static long Twice(long x) => x * 3;")]
    [InlineData("one overload", "public static int Twice(int x) => x * 2; public static string Twice(string s) => s + s;")]
    [InlineData("different parameter names", "public static int Twice(int x) => x * 2; public static long Twice(long y) => y * 2;")]
    [InlineData("bit operations", "public static int Low(int x) => x & 0xFF; public static long Low(long x) => x & 0xFF;")]
    [InlineData("type-specific member", "public static int Top(int x) => x == int.MaxValue ? x : x + 1; public static long Top(long x) => x == long.MaxValue ? x : x + 1;")]
    [InlineData("widening to double", "public static double Root(int x) => System.Math.Sqrt(x); public static double Root(long x) => System.Math.Sqrt(x);")]
    [InlineData("two numeric types in one signature", "public static long Scale(int x, long f) => x * f; public static long Scale(short x, long f) => x * f;")]
    [InlineData("already generic", "public static T Twice<T>(T x) where T : System.Numerics.INumber<T> => x + x;")]
    [InlineData("widening in one overload only", "private long _total; protected void Add(long count) => _total += count; protected void Add(int count) => _total += count;")]
    [InlineData("constructor per type", "public static Rgb Make(int r) => new Rgb(r * 1); public static Rgb Make(float r) => new Rgb(r * 1); public sealed class Rgb { public Rgb(int v) { } public Rgb(float v) { } }")]
    [InlineData("nullable numbers", "public static int? Twice(int? x) => x * 2; public static long? Twice(long? x) => x * 2;")]
    [InlineData("value only passed on", "public static string Show(int x) => Format(x); public static string Show(long x) => Format(x); static string Format(object o) => o.ToString();")]
    [InlineData("kept for compatibility", "[System.Obsolete] public static int Twice(int x) => x * 2; [System.Obsolete] public static long Twice(long x) => x * 2;")]
    [InlineData("instance and static", "public int Twice(int x) => x * 2; public static long Twice(long x) => x * 2;")]
    public async Task Does_not_flag_near_misses(string scenario, string members)
    {
        Assert.NotEmpty(scenario);
        await Verify.NoDiagnostics("public class Numbers\n{\n    " + members + "\n}\n");
    }

    [Fact]
    public async Task Nothing_without_generic_math()
    {
        await Verify.NoDiagnostics(SumOverloads.Replace("{|#0:", string.Empty).Replace("{|#1:", string.Empty).Replace("{|#2:", string.Empty).Replace("|}", string.Empty), TargetFramework.NetStandard20);
    }

    [Fact]
    public async Task Nothing_before_CSharp_11()
    {
        var test = new Test { TestCode = SumOverloads.Replace("{|#0:", string.Empty).Replace("{|#1:", string.Empty).Replace("{|#2:", string.Empty).Replace("|}", string.Empty) };
        test.WithLanguageVersion(LanguageVersion.CSharp10);
        await test.RunAsync();
    }

    private static string Unmarked(string source) =>
        source.Replace("{|#0:", string.Empty).Replace("{|#1:", string.Empty).Replace("{|#2:", string.Empty).Replace("|}", string.Empty);

    [Theory]
    [InlineData("netstandard2.0,net8.0")]
    [InlineData("net8.0,net6.0")]
    [InlineData("net8.0,net9.0,net48")]
    [InlineData("netcoreapp3.1,net8.0")]
    public async Task Nothing_in_a_project_that_also_targets_a_framework_without_generic_math(string frameworks)
    {
        await new Test { TestCode = Unmarked(SumOverloads) }.WithBuildProperties(("VetTargetFrameworks", frameworks)).RunAsync();
    }

    [Fact]
    public async Task Flags_a_project_whose_every_target_has_generic_math()
    {
        var test = new Test { TestCode = SumOverloads }.WithBuildProperties(("VetTargetFrameworks", "net8.0,net10.0-windows"));
        test.ExpectedDiagnostics.Add(Duplicated("Sum", "int, long and double", others: 2));
        await test.RunAsync();
    }

    [Fact]
    public async Task Nothing_for_the_surface_of_a_published_library()
    {
        await new Test { TestCode = Unmarked(SumOverloads) }.WithBuildProperties(("PackageTags", "math")).RunAsync();
    }

    [Fact]
    public async Task Nothing_for_overloads_under_conditional_compilation()
    {
        await Verify.NoDiagnostics("""
            public static class Totals
            {
                public static int Twice(int x) => x * 2;
            #if NET8_0_OR_GREATER
                public static long Twice(long x) => x * 2;
            #endif

                public static int Half(int x)
                {
            #if DEBUG
                    System.Console.WriteLine(x);
            #endif
                    return x / 2;
                }

                public static long Half(long x)
                {
                    return x / 2;
                }
            }
            """);
    }

    [Fact]
    public async Task A_region_directive_is_not_conditional_compilation()
    {
        await Verify.Analyzer("""
            public static class Totals
            {
                #region Doubling
                public static int {|#0:Twice|}(int x) => x * 2;
                public static long {|#1:Twice|}(long x) => x * 2;
                #endregion
            }
            """, Duplicated("Twice", "int and long"));
    }

    // ---- The fix -------------------------------------------------------------------------------------------------

    [Fact]
    public async Task Fix_makes_one_generic_method_and_keeps_every_call_binding()
    {
        const string Callers = """

            public static class Report
            {
                public static string Line(int[] counts, long[] bytes, double[] ratios) =>
                    $"{Totals.Sum(counts)} {Totals.Sum(bytes)} {Totals.Sum(ratios)}";
            }
            """;
        await Verify.CodeFix(SumOverloads + Callers, """
            using System.Numerics;

            public static class Totals
            {
                public static T Sum<T>(T[] values) where T : INumber<T>
                {
                    T total = T.Zero;
                    foreach (var value in values)
                    {
                        total += value;
                    }

                    return total;
                }
            }
            """ + Callers, NumericOverloadsCodeFix.MakeGenericKey, TargetFramework.Net80, Duplicated("Sum", "int, long and double", others: 2));
    }

    [Fact]
    public async Task Fix_rewrites_literals_and_math_calls()
    {
        await Verify.CodeFix("""
            public class Limits
            {
                public int {|#0:Bump|}(int value, int high) => System.Math.Min(value + 1, high) * 3;
                public decimal {|#1:Bump|}(decimal value, decimal high) => System.Math.Min(value + 1m, high) * 3m;
            }
            """, """
            using System.Numerics;

            public class Limits
            {
                public T Bump<T>(T value, T high) where T : INumber<T> => T.Min(value + T.One, high) * T.CreateChecked(3);
            }
            """, NumericOverloadsCodeFix.MakeGenericKey, TargetFramework.Net80, Duplicated("Bump", "int and decimal"));
    }

    [Theory]
    [InlineData("a call relies on widening", "public static long Use(short s) => Totals.Twice(s);")]
    [InlineData("a method group", "public static System.Func<int, int> Use() => Totals.Twice;")]
    public async Task No_fix_when_a_caller_would_bind_differently(string scenario, string caller)
    {
        Assert.NotEmpty(scenario);
        var source = """
            public static class Totals
            {
                public static int {|#0:Twice|}(int x) => x * 2;
                public static long {|#1:Twice|}(long x) => x * 2;
            }

            public static class Caller
            {
                CALLER
            }
            """.Replace("CALLER", caller);
        var test = new Test { TestCode = source, FixedCode = source, CodeActionEquivalenceKey = NumericOverloadsCodeFix.MakeGenericKey };
        test.ExpectedDiagnostics.Add(Duplicated("Twice", "int and long"));
        test.FixedState.ExpectedDiagnostics.Add(Duplicated("Twice", "int and long"));
        await test.RunAsync();
    }

    [Fact]
    public async Task Fix_all_rewrites_each_group()
    {
        var test = new Test { CodeActionEquivalenceKey = NumericOverloadsCodeFix.MakeGenericKey };
        test.TestState.Sources.Add("""
            public static class A
            {
                public static int {|#0:Twice|}(int x) => x * 2;
                public static long {|#1:Twice|}(long x) => x * 2;
                public static int {|#2:Half|}(int x) => x / 2;
                public static double {|#3:Half|}(double x) => x / 2.0;
            }
            """);
        test.ExpectedDiagnostics.Add(Verify.Diagnostic().WithLocation(0).WithLocation(1).WithArguments("Twice", "int and long"));
        test.ExpectedDiagnostics.Add(Verify.Diagnostic().WithLocation(2).WithLocation(3).WithArguments("Half", "int and double"));
        test.FixedState.Sources.Add("""
            using System.Numerics;

            public static class A
            {
                public static T Twice<T>(T x) where T : INumber<T> => x * T.CreateChecked(2);
                public static T Half<T>(T x) where T : INumber<T> => x / T.CreateChecked(2);
            }
            """);
        await test.RunAsync();
    }

    // ---- Broken and incomplete code ------------------------------------------------------------------------------

    [Theory]
    [InlineData("missing body", "public class B { public int Twice(int x); public long Twice(long x); }")]
    [InlineData("unresolved type", "public class B { public int Twice(int x) => Missing(x); public long Twice(long x) => Missing(x); }")]
    [InlineData("incomplete expression", "public class B { public int Twice(int x) => x * ; public long Twice(long x) => x * ; }")]
    public async Task Survives_broken_code(string scenario, string code)
    {
        Assert.NotEmpty(scenario);
        var test = new Test { TestCode = code, CompilerDiagnostics = CompilerDiagnostics.None };
        await test.RunAsync();
    }
}
