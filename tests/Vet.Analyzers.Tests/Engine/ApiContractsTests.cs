using System.Collections.Generic;
using System.Threading;
using Microsoft.CodeAnalysis;
using Vet.Analyzers.Engine;
using Xunit;

namespace Vet.Analyzers.Tests.Engine;

public class ApiContractsTests
{
    private const string Library = """
        using System;
        public interface IStore { void Save(); }
        public class Store : IStore
        {
            public void Save() { }
            public void Load(int id) { }
            internal void Compact() { }
            private void Vacuum() { }
            public override string ToString() => "";
        }
        internal class Journal
        {
            public void Append() { }
        }
        """;

    private static readonly Dictionary<string, string> Packaged = new() { ["PackageTags"] = "storage" };

    [Theory]
    [InlineData("Load", false)]
    [InlineData("Compact", false)]
    [InlineData("Vacuum", false)]
    [InlineData("Append", false)]
    [InlineData("Save", true)]
    [InlineData("ToString", true)]
    public void An_application_has_only_overrides_and_implementations_as_contracts(string member, bool contract)
    {
        var code = EngineCompilation.Create(Library);
        Assert.Equal(contract, Contracts(code).IsContract(code.Symbol(member), CancellationToken.None));
    }

    [Theory]
    [InlineData("Load", true)]
    [InlineData("Store", true)]
    [InlineData("Compact", false)]
    [InlineData("Vacuum", false)]
    [InlineData("Append", false)]
    public void A_published_library_has_its_visible_surface_as_contracts(string member, bool contract)
    {
        var code = EngineCompilation.Create(Library, Packaged);
        Assert.Equal(contract, Contracts(code).IsContract(code.Symbol(member), CancellationToken.None));
    }

    [Theory]
    [InlineData("IsPackable", "false")]
    [InlineData("IsTestProject", "true")]
    public void Package_metadata_of_a_project_that_is_not_packed_does_not_make_contracts(string property, string value)
    {
        var code = EngineCompilation.Create(Library, new Dictionary<string, string> { ["RepositoryUrl"] = "https://example.invalid/repo", [property] = value });
        Assert.False(Contracts(code).IsContract(code.Symbol("Load"), CancellationToken.None));
    }

    [Fact]
    public void A_published_executable_has_no_visible_surface_contract()
    {
        var code = EngineCompilation.Create(Library + "\nstatic class Program { static void Main() { } }", Packaged, outputKind: OutputKind.ConsoleApplication);
        Assert.False(Contracts(code).IsContract(code.Symbol("Load"), CancellationToken.None));
    }

    [Theory]
    [InlineData("GeneratePackageOnBuild", "true")]
    [InlineData("VetNuspecFile", "Store.nuspec")]
    public void Packing_on_build_or_from_a_nuspec_publishes_a_package(string property, string value)
    {
        var code = EngineCompilation.Create(Library, new Dictionary<string, string> { [property] = value });
        Assert.True(Contracts(code).IsContract(code.Symbol("Load"), CancellationToken.None));
    }

    [Fact]
    public void A_nuspec_of_a_project_that_is_not_packed_does_not_make_contracts()
    {
        var code = EngineCompilation.Create(Library, new Dictionary<string, string> { ["VetNuspecFile"] = "Store.nuspec", ["IsPackable"] = "false" });
        Assert.False(Contracts(code).IsContract(code.Symbol("Load"), CancellationToken.None));
    }

    [Theory]
    [InlineData("Compact", true)]
    [InlineData("Append", true)]
    [InlineData("Vacuum", false)]
    [InlineData("Load", false)]
    public void Internals_visible_to_other_assemblies_are_contracts(string member, bool contract)
    {
        var code = EngineCompilation.Create("[assembly: System.Runtime.CompilerServices.InternalsVisibleTo(\"Store.Tests\")]\n" + Library);
        Assert.Equal(contract, Contracts(code).IsContract(code.Symbol(member), CancellationToken.None));
    }

    [Theory]
    [InlineData("Load", true)]
    [InlineData("Store", true)]
    [InlineData("Save", true)]
    [InlineData("Compact", false)]
    public void Members_named_in_PublicAPI_Shipped_are_contracts(string member, bool contract)
    {
        var shipped = """
            #nullable enable
            Store
            Store.Load(int id) -> void
            *REMOVED*Store.Compact() -> void
            """;
        var code = EngineCompilation.Create(Library, additionalFiles: new[] { ("/src/PublicAPI.Shipped.txt", shipped) });
        Assert.Equal(contract, Contracts(code).IsContract(code.Symbol(member), CancellationToken.None));
    }

    [Theory]
    [InlineData("Npgsql.NpgsqlConnection.BeginTransactionAsync(System.Threading.CancellationToken cancellationToken = default(System.Threading.CancellationToken)) -> System.Threading.Tasks.ValueTask<Npgsql.NpgsqlTransaction!>", "Npgsql.NpgsqlConnection.BeginTransactionAsync")]
    [InlineData("static Ns.Cache<TKey, TValue>.Create<T>(T seed) -> Ns.Cache<TKey, TValue>!", "Ns.Cache.Create")]
    [InlineData("override sealed Ns.Stream.Length.get -> long", "Ns.Stream.Length")]
    [InlineData("const Ns.Limits.Max = 10 -> int", "Ns.Limits.Max")]
    [InlineData("Ns.Store.Store() -> void", "Ns.Store.Store")]
    [InlineData("Ns.Outer.Inner", "Ns.Outer.Inner")]
    [InlineData("#nullable enable", null)]
    [InlineData("*REMOVED*Ns.Store.Old() -> void", null)]
    [InlineData("", null)]
    public void Shipped_lines_name_members_without_signatures(string line, string? name)
    {
        Assert.Equal(name, ApiContracts.ShippedName(line));
    }

    [Theory]
    [InlineData("vet.api_surface", "all", true)]
    [InlineData("vet.VET101.api_surface", "all", true)]
    [InlineData("vet.VET102.api_surface", "all", false)]
    [InlineData("vet.api_surface", "non_contract", false)]
    public void The_api_surface_option_lets_rules_change_contracts(string key, string value, bool mayChange)
    {
        var code = EngineCompilation.Create(Library, Packaged, new Dictionary<string, string> { [key] = value });
        Assert.Equal(mayChange, Contracts(code).MayChange(code.Symbol("Load"), "VET101", code.Tree, CancellationToken.None));
    }

    private static ApiContracts Contracts(EngineCompilation code) => ApiContracts.Create(code.Compilation, code.Options);
}
