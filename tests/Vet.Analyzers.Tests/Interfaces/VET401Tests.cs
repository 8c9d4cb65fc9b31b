using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using Vet.CodeFixes.Interfaces;
using Xunit;
using Test = Vet.Analyzers.Tests.Infrastructure.VetTest<Vet.Analyzers.Interfaces.BroadInterfaceAnalyzer, Vet.CodeFixes.Interfaces.BroadInterfaceCodeFix>;
using Verify = Vet.Analyzers.Tests.Infrastructure.Verify<Vet.Analyzers.Interfaces.BroadInterfaceAnalyzer, Vet.CodeFixes.Interfaces.BroadInterfaceCodeFix>;

namespace Vet.Analyzers.Tests.Interfaces;

/// <summary>VET401: a broad interface declared beside its only implementation.</summary>
public class VET401Tests
{
    // Eleven members: ten methods and an event.
    private const string StockMembers = """
            int Count(string sku);
            void Reserve(string sku, int quantity);
            void Release(string sku, int quantity);
            string Describe(string sku);
            decimal Price(string sku);
            void Reprice(string sku, decimal price);
            void Audit();
            void Import(string path);
            void Export(string path);
            bool IsKnown(string sku);
            event System.EventHandler Changed;
        """;

    private const string StockImplementation = """

        public sealed class StockService : IStockService
        {
            public int Count(string sku) => 0;
            public void Reserve(string sku, int quantity) { }
            public void Release(string sku, int quantity) { }
            public string Describe(string sku) => sku;
            public decimal Price(string sku) => 1m;
            public void Reprice(string sku, decimal price) { }
            public void Audit() { }
            public void Import(string path) { }
            public void Export(string path) { }
            public bool IsKnown(string sku) => true;
            public event System.EventHandler Changed { add { } remove { } }
        }

        """;

    private static string Interface(string name = "IStockService", string extra = "") =>
        "public interface {|#0:" + name + "|}\n{\n" + StockMembers + extra + "\n}\n";

    private static DiagnosticResult Broad(string name, int members, string implementation, (string Name, int Uses) busiest) =>
        Verify.Diagnostic().WithLocation(0).WithArguments(name, members, implementation, busiest.Name, busiest.Uses);

    /// <summary>
    /// Most cases run in an executable: there a public interface is the project's own, as in an application. A library's
    /// public interface is its product's API (see the contract tests below).
    /// </summary>
    private static class InExecutable
    {
        public static Task Analyzer(string source, params DiagnosticResult[] expected) =>
            Analyzer(source, Infrastructure.TargetFramework.Net80, null, expected);

        public static Task Analyzer(string source, Infrastructure.TargetFramework framework, string? editorConfig, params DiagnosticResult[] expected)
        {
            var test = new Test(framework) { TestCode = source, Executable = true };
            if (editorConfig is not null)
            {
                test.WithEditorConfig(editorConfig);
            }

            test.ExpectedDiagnostics.AddRange(expected);
            return test.RunAsync();
        }

        public static Task NoDiagnostics(string source, string? editorConfig = null) =>
            Analyzer(source, Infrastructure.TargetFramework.Net80, editorConfig);
    }

    // ---- Flagged ---------------------------------------------------------------------------------------------

    [Fact]
    public async Task Flags_a_broad_interface_with_one_implementation_and_names_the_busiest_consumer()
    {
        await InExecutable.Analyzer(Interface() + StockImplementation + """
            public sealed class OrderDesk
            {
                private readonly IStockService _stock;
                public OrderDesk(IStockService stock) { _stock = stock; }
                public void Order(string sku) { if (_stock.Count(sku) > 0) { _stock.Reserve(sku, 1); } _stock.Release(sku, 0); }
            }

            public sealed class PriceBoard
            {
                public decimal Show(IStockService stock, string sku) => stock.Price(sku) + stock.Count(sku);
            }
            """, Broad("IStockService", 11, "StockService", ("OrderDesk", 3)));
    }

    private const string OneCaller = """

        public sealed class Shelf
        {
            public int Show(IStockService stock, string sku) => stock.Count(sku);
        }

        """;

    private static readonly (string, int) ShelfUsesOne = ("Shelf", 1);

    [Fact]
    public async Task Max_members_option_lowers_the_threshold()
    {
        const string Small = """
            public interface {|#0:IClock|} { System.DateTime Now { get; } System.DateTime Today { get; } void Reset(); }
            public sealed class Clock : IClock { public System.DateTime Now => default; public System.DateTime Today => default; public void Reset() { } }
            public sealed class Stamp { public System.DateTime Take(IClock clock) => clock.Now; }
            """;
        await InExecutable.Analyzer(Small, Infrastructure.TargetFramework.Net80, "vet.VET401.max_members = 2", Broad("IClock", 3, "Clock", ("Stamp", 1)));
    }

    [Fact]
    public async Task Implementation_through_a_derived_class_counts_once()
    {
        await InExecutable.Analyzer(Interface() + StockImplementation.Replace("public sealed class StockService", "public class StockService") + """
            public sealed class CachedStockService : StockService { }
            """ + OneCaller, Broad("IStockService", 11, "StockService", ShelfUsesOne));
    }

    [Fact]
    public async Task Counts_uses_written_as_conditional_access_method_group_event_lambda_and_indexer()
    {
        var implementation = StockImplementation.Replace("    public bool IsKnown(string sku) => true;", "    public bool IsKnown(string sku) => true;\n    public int this[string sku] => 0;");
        await InExecutable.Analyzer(Interface(extra: "\n    int this[string sku] { get; }") + implementation + """
            public sealed class Panel
            {
                public void Wire(IStockService stock, string sku)
                {
                    var count = stock?.Count(sku);
                    System.Func<string, decimal> price = stock.Price;
                    stock.Changed += (sender, args) => { };
                    System.Action later = () => stock.Audit();
                    var level = stock[sku] + (stock?[sku] ?? 0);
                }
            }
            """, Broad("IStockService", 12, "StockService", ("Panel", 5)));
    }

    // ---- Not flagged: consumers, contracts -------------------------------------------------------------------

    [Fact]
    public async Task Does_not_flag_an_interface_nobody_in_the_project_calls_through()
    {
        // Its consumers are in other assemblies, or nowhere: there is nothing to split it by.
        await InExecutable.NoDiagnostics(Interface().Replace("{|#0:", string.Empty).Replace("|}", string.Empty) + StockImplementation);
    }

    [Fact]
    public async Task Does_not_flag_when_a_consumer_uses_more_than_half_of_it()
    {
        await InExecutable.NoDiagnostics(Interface().Replace("{|#0:", string.Empty).Replace("|}", string.Empty) + StockImplementation + """
            public sealed class Warehouse
            {
                public void Cycle(IStockService s, string sku)
                {
                    s.Reserve(sku, s.Count(sku));
                    s.Release(sku, 1);
                    s.Reprice(sku, s.Price(sku));
                    s.Audit();
                }
            }
            """);
    }

    [Fact]
    public async Task Does_not_flag_when_a_consumer_uses_more_than_max_members()
    {
        await InExecutable.NoDiagnostics(Interface().Replace("{|#0:", string.Empty).Replace("|}", string.Empty) + StockImplementation + """
            public sealed class Warehouse
            {
                public void Cycle(IStockService s, string sku) { s.Reserve(sku, s.Count(sku)); s.Audit(); }
            }
            """, editorConfig: "vet.VET401.max_members = 2");
    }

    [Fact]
    public async Task Does_not_flag_the_interface_of_a_published_library_unless_api_surface_is_all()
    {
        var code = Interface() + StockImplementation + OneCaller;
        await new Test { TestCode = code.Replace("{|#0:", string.Empty).Replace("|}", string.Empty) }
            .WithBuildProperties(("PackageProjectUrl", "https://example.invalid/stock"))
            .RunAsync();
        var all = new Test { TestCode = code }
            .WithBuildProperties(("PackageProjectUrl", "https://example.invalid/stock"))
            .WithEditorConfig("vet.api_surface = all");
        all.ExpectedDiagnostics.Add(Broad("IStockService", 11, "StockService", ShelfUsesOne));
        await all.RunAsync();
    }

    [Fact]
    public async Task Does_not_flag_the_public_interface_of_a_library_without_package_metadata()
    {
        // A library packed from a .nuspec elsewhere, or used by other projects of the solution: its public interfaces are
        // implemented by code this project does not see (users, test fakes), so "only implementation" is unknown.
        var code = Interface() + StockImplementation + OneCaller;
        await new Test { TestCode = code.Replace("{|#0:", string.Empty).Replace("|}", string.Empty) }.RunAsync();

        var all = new Test { TestCode = code }.WithEditorConfig("vet.VET401.api_surface = all");
        all.ExpectedDiagnostics.Add(Broad("IStockService", 11, "StockService", ShelfUsesOne));
        await all.RunAsync();
    }

    [Fact]
    public async Task Flags_an_internal_interface_of_a_library()
    {
        var code = Interface().Replace("public interface", "internal interface")
            + StockImplementation.Replace("public sealed class", "internal sealed class")
            + OneCaller.Replace("public sealed class", "internal sealed class");
        var test = new Test { TestCode = code };
        test.ExpectedDiagnostics.Add(Broad("IStockService", 11, "StockService", ShelfUsesOne));
        await test.RunAsync();
    }

    [Fact]
    public async Task Flags_a_public_interface_of_a_test_project()
    {
        var test = new Test { TestCode = Interface() + StockImplementation + OneCaller }.WithBuildProperties(("IsTestProject", "true")).WithEditorConfig("vet.test_code = analyze");
        test.ExpectedDiagnostics.Add(Broad("IStockService", 11, "StockService", ShelfUsesOne));
        await test.RunAsync();
    }

    [Fact]
    public async Task Does_not_flag_an_internal_interface_that_friend_assemblies_can_fake()
    {
        await InExecutable.NoDiagnostics("[assembly: System.Runtime.CompilerServices.InternalsVisibleTo(\"Stock.Tests\")]\n"
            + Interface().Replace("{|#0:", string.Empty).Replace("|}", string.Empty).Replace("public interface", "internal interface")
            + StockImplementation.Replace("public sealed class", "internal sealed class")
            + OneCaller.Replace("public sealed class", "internal sealed class"));
    }

    [Fact]
    public async Task Does_not_flag_a_public_interface_of_a_program_that_friend_assemblies_reference()
    {
        // A program whose tests (or extensions) reference it sees its public interfaces faked and implemented there too.
        await InExecutable.NoDiagnostics("[assembly: System.Runtime.CompilerServices.InternalsVisibleTo(\"Stock.Tests\")]\n"
            + Interface().Replace("{|#0:", string.Empty).Replace("|}", string.Empty) + StockImplementation + OneCaller);
    }

    // ---- Not flagged: the near misses ----------------------------------------------------------------------------

    [Fact]
    public async Task Ten_members_are_not_too_many()
    {
        var members = StockMembers.Replace("    event System.EventHandler Changed;", string.Empty);
        var implementation = StockImplementation.Replace("    public event System.EventHandler Changed { add { } remove { } }", string.Empty);
        await InExecutable.NoDiagnostics("public interface IStockService\n{\n" + members + "\n}\n" + implementation);
    }

    [Fact]
    public async Task Default_implemented_and_static_members_do_not_count()
    {
        var members = StockMembers.Replace("    event System.EventHandler Changed;", "    void Refresh() { Audit(); }\n    static int Limit => 10;");
        var implementation = StockImplementation.Replace("    public event System.EventHandler Changed { add { } remove { } }", string.Empty);
        await InExecutable.NoDiagnostics("public interface IStockService\n{\n" + members + "\n}\n" + implementation);
    }

    [Fact]
    public async Task Two_implementations_are_an_abstraction()
    {
        await InExecutable.NoDiagnostics(Interface().Replace("{|#0:", string.Empty).Replace("|}", string.Empty) + StockImplementation
            + StockImplementation.Replace("class StockService", "class FakeStockService"));
    }

    [Fact]
    public async Task An_abstract_base_as_the_only_implementation_is_a_family()
    {
        await InExecutable.NoDiagnostics(Interface().Replace("{|#0:", string.Empty).Replace("|}", string.Empty)
            + StockImplementation.Replace("public sealed class StockService", "public abstract class StockServiceBase"));
    }

    [Fact]
    public async Task A_data_shape_of_properties_is_not_flagged()
    {
        await InExecutable.NoDiagnostics("""
            public interface IEmbed
            {
                string Title { get; } string Url { get; } string Description { get; } int Color { get; } string Author { get; } string Footer { get; }
                string Image { get; } string Thumbnail { get; } string Video { get; } string Provider { get; } System.DateTime? Timestamp { get; set; }
            }

            public sealed class Embed : IEmbed
            {
                public string Title => ""; public string Url => ""; public string Description => ""; public int Color => 0; public string Author => "";
                public string Footer => ""; public string Image => ""; public string Thumbnail => ""; public string Video => ""; public string Provider => "";
                public System.DateTime? Timestamp { get; set; }
            }
            """);
    }

    [Fact]
    public async Task Unimplemented_and_com_interfaces_are_not_flagged()
    {
        await InExecutable.NoDiagnostics("""
            using System.Runtime.InteropServices;

            [ComImport, Guid("0B3E2F4C-3C4E-4E39-9C52-7B0B7B8B0F11"), InterfaceType(ComInterfaceType.InterfaceIsIUnknown)]
            public interface ILegacyStock
            {
                void A(); void B(); void C(); void D(); void E(); void F(); void G(); void H(); void I(); void J(); void K();
            }

            public interface IUnimplemented
            {
                void A(); void B(); void C(); void D(); void E(); void F(); void G(); void H(); void I(); void J(); void K();
            }

            public sealed class LegacyStock : ILegacyStock
            {
                public void A() { } public void B() { } public void C() { } public void D() { } public void E() { } public void F() { }
                public void G() { } public void H() { } public void I() { } public void J() { } public void K() { }
            }
            """);
    }

    /// <summary>A compilation-end diagnostic is not local to one document; its fix still is the split.</summary>
    private static Task Split(string source, string fixedSource, params DiagnosticResult[] expected)
    {
        var test = new Test
        {
            Executable = true,
            TestCode = source,
            FixedCode = fixedSource,
            CodeActionEquivalenceKey = BroadInterfaceCodeFix.SplitKey,
            CodeFixTestBehaviors = CodeFixTestBehaviors.SkipLocalDiagnosticCheck,
        };
        test.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync();
    }

    // ---- The fix -------------------------------------------------------------------------------------------------

    [Fact]
    public async Task Split_by_consumer_usage()
    {
        const string Consumers = """
            public sealed class OrderDesk
            {
                private readonly IStockService _stock;
                public OrderDesk(IStockService stock) { _stock = stock; }
                public void Order(string sku) { if (_stock.Count(sku) > 0) { _stock.Reserve(sku, 1); } }
            }

            public sealed class PriceBoard
            {
                public decimal Show(IStockService stock, string sku) => stock.Price(sku);
            }
            """;
        await Split(
            "namespace Shop;\n\n" + Interface() + StockImplementation + Consumers,
            "namespace Shop;\n\n" + """
            public interface IStockServiceForOrderDesk
            {
                int Count(string sku);
                void Reserve(string sku, int quantity);
            }

            public interface IStockServiceForPriceBoard
            {
                decimal Price(string sku);
            }

            public interface IStockService : IStockServiceForOrderDesk, IStockServiceForPriceBoard
            {
                void Release(string sku, int quantity);
                string Describe(string sku);
                void Reprice(string sku, decimal price);
                void Audit();
                void Import(string path);
                void Export(string path);
                bool IsKnown(string sku);
                event System.EventHandler Changed;
            }
            """ + "\n" + StockImplementation + Consumers
                .Replace("private readonly IStockService _stock", "private readonly IStockServiceForOrderDesk _stock")
                .Replace("Show(IStockService stock", "Show(IStockServiceForPriceBoard stock"),
            Broad("IStockService", 11, "StockService", ("OrderDesk", 2)));
    }

    [Fact]
    public async Task Split_puts_a_member_two_groups_share_in_a_common_base()
    {
        const string Consumers = """
            public sealed class OrderDesk
            {
                public void Order(IStockService stock, string sku) { if (stock.IsKnown(sku)) { stock.Reserve(sku, 1); } }
            }

            public sealed class PriceBoard
            {
                public decimal Show(IStockService stock, string sku) => stock.IsKnown(sku) ? stock.Price(sku) : 0m;
            }
            """;
        await Split(
            Interface() + StockImplementation + Consumers,
            """
            public interface IStockServiceCommon
            {
                bool IsKnown(string sku);
            }

            public interface IStockServiceForOrderDesk : IStockServiceCommon
            {
                void Reserve(string sku, int quantity);
            }

            public interface IStockServiceForPriceBoard : IStockServiceCommon
            {
                decimal Price(string sku);
            }

            public interface IStockService : IStockServiceForOrderDesk, IStockServiceForPriceBoard
            {
                int Count(string sku);
                void Release(string sku, int quantity);
                string Describe(string sku);
                void Reprice(string sku, decimal price);
                void Audit();
                void Import(string path);
                void Export(string path);
                event System.EventHandler Changed;
            }
            """ + "\n" + StockImplementation + Consumers
                .Replace("Order(IStockService stock", "Order(IStockServiceForOrderDesk stock")
                .Replace("Show(IStockService stock", "Show(IStockServiceForPriceBoard stock"),
            Broad("IStockService", 11, "StockService", ("OrderDesk", 2)));
    }

    [Fact]
    public async Task Split_keeps_the_broad_type_where_a_consumer_hands_it_on_or_is_constructed()
    {
        const string Consumers = """
            public sealed class OrderDesk
            {
                private readonly IStockService _stock;
                public OrderDesk(IStockService stock) { _stock = stock; }
                public IStockService Stock => _stock;
                public void Order(string sku) => _stock.Reserve(sku, 1);
            }

            public sealed class PriceBoard
            {
                public decimal Show(IStockService stock, string sku) => stock.Price(sku);
            }
            """;
        await Split(
            Interface() + StockImplementation + Consumers,
            """
            public interface IStockServiceForOrderDesk
            {
                void Reserve(string sku, int quantity);
            }

            public interface IStockServiceForPriceBoard
            {
                decimal Price(string sku);
            }

            public interface IStockService : IStockServiceForOrderDesk, IStockServiceForPriceBoard
            {
                int Count(string sku);
                void Release(string sku, int quantity);
                string Describe(string sku);
                void Reprice(string sku, decimal price);
                void Audit();
                void Import(string path);
                void Export(string path);
                bool IsKnown(string sku);
                event System.EventHandler Changed;
            }
            """ + "\n" + StockImplementation + Consumers.Replace("Show(IStockService stock", "Show(IStockServiceForPriceBoard stock"),
            Broad("IStockService", 11, "StockService", ("OrderDesk", 1)));
    }

    [Theory]
    [InlineData("one consumer", "public sealed class OrderDesk { public void Order(IStockService s) { s.Count(\"a\"); s.Price(\"a\"); } }", "OrderDesk", 2)]
    [InlineData("consumers overlapping on two members", "public sealed class OrderDesk { public void Order(IStockService s) { s.Count(\"a\"); s.Price(\"a\"); s.Audit(); } } public sealed class PriceBoard { public void Show(IStockService s) { s.Count(\"a\"); s.Price(\"a\"); s.Export(\"b\"); } }", "OrderDesk", 3)]
    [InlineData("explicit implementation of a moved member", "public sealed class OrderDesk { public void Order(IStockService s) => s.Count(\"a\"); } public sealed class PriceBoard { public void Show(IStockService s) => s.Price(\"a\"); }", "OrderDesk", 1)]
    public async Task No_split_without_separate_groups(string scenario, string consumers, string busiest, int uses)
    {
        Assert.NotEmpty(scenario);
        var implementation = scenario.StartsWith("explicit", System.StringComparison.Ordinal)
            ? StockImplementation.Replace("public int Count(string sku) => 0;", "int IStockService.Count(string sku) => 0;")
            : StockImplementation;
        var source = Interface() + implementation + consumers;
        var test = new Test
        {
            Executable = true,
            TestCode = source,
            FixedCode = source,
            CodeActionEquivalenceKey = BroadInterfaceCodeFix.SplitKey,
            CodeFixTestBehaviors = CodeFixTestBehaviors.SkipLocalDiagnosticCheck,
        };
        test.ExpectedDiagnostics.Add(Broad("IStockService", 11, "StockService", (busiest, uses)));
        test.FixedState.ExpectedDiagnostics.Add(Broad("IStockService", 11, "StockService", (busiest, uses)));
        await test.RunAsync();
    }

    [Fact]
    public async Task Fix_all_splits_interfaces_in_two_documents()
    {
        var test = new Test
        {
            Executable = true,
            CodeActionEquivalenceKey = BroadInterfaceCodeFix.SplitKey,
            CodeFixTestBehaviors = CodeFixTestBehaviors.SkipLocalDiagnosticCheck,
        };
        const string Consumers = """
            public sealed class OrderDesk
            {
                public void Order(IStockService stock, string sku) => stock.Reserve(sku, 1);
            }

            public sealed class PriceBoard
            {
                public decimal Show(IStockService stock, string sku) => stock.Price(sku);
            }
            """;
        test.TestState.Sources.Add(Interface() + StockImplementation + Consumers);
        test.TestState.Sources.Add(Interface("IPriceService").Replace("{|#0:", "{|#1:") + StockImplementation.Replace("StockService", "PriceService") + Consumers.Replace("IStockService", "IPriceService").Replace("OrderDesk", "Checkout").Replace("PriceBoard", "Shelf"));
        test.ExpectedDiagnostics.Add(Broad("IStockService", 11, "StockService", ("OrderDesk", 1)));
        test.ExpectedDiagnostics.Add(Verify.Diagnostic().WithLocation(1).WithArguments("IPriceService", 11, "PriceService", "Checkout", 1));
        const string Split = """
            public interface IStockServiceForOrderDesk
            {
                void Reserve(string sku, int quantity);
            }

            public interface IStockServiceForPriceBoard
            {
                decimal Price(string sku);
            }

            public interface IStockService : IStockServiceForOrderDesk, IStockServiceForPriceBoard
            {
                int Count(string sku);
                void Release(string sku, int quantity);
                string Describe(string sku);
                void Reprice(string sku, decimal price);
                void Audit();
                void Import(string path);
                void Export(string path);
                bool IsKnown(string sku);
                event System.EventHandler Changed;
            }

            """;
        var fixedConsumers = Consumers.Replace("Order(IStockService stock", "Order(IStockServiceForOrderDesk stock").Replace("Show(IStockService stock", "Show(IStockServiceForPriceBoard stock");
        test.FixedState.Sources.Add(Split + StockImplementation + fixedConsumers);
        test.FixedState.Sources.Add(
            Split.Replace("IStockService", "IPriceService").Replace("ForOrderDesk", "ForCheckout").Replace("ForPriceBoard", "ForShelf")
            + StockImplementation.Replace("StockService", "PriceService")
            + fixedConsumers.Replace("IStockService", "IPriceService").Replace("OrderDesk", "Checkout").Replace("PriceBoard", "Shelf"));
        await test.RunAsync();
    }

    // ---- Broken and incomplete code ------------------------------------------------------------------------------

    [Theory]
    [InlineData("member without a name", "public interface {|#0:IBroken|} { void A(); void B(); void C(); void (); void D(); void E(); void F(); void G(); void H(); void I(); void J(); void K(); } public class Broken : IBroken { } public class User { void M(IBroken b) => b.A(); }")]
    [InlineData("unresolved base", "public interface IBroken : IMissing { void A(); } public class Broken : IBroken, IAlsoMissing { public void A() { } }")]
    [InlineData("call on an unknown member", "public class User { void M(IStockService s) => s.Missing(); }")]
    public async Task Survives_broken_code(string scenario, string code)
    {
        Assert.NotEmpty(scenario);
        var test = new Test { TestCode = code, CompilerDiagnostics = CompilerDiagnostics.None, Executable = true };
        if (code.Contains("{|#0:", System.StringComparison.Ordinal))
        {
            // Eleven named members and one (incomplete) implementation: still a broad interface.
            test.ExpectedDiagnostics.Add(Broad("IBroken", 11, "Broken", ("User", 1)));
        }

        await test.RunAsync();
    }
}
