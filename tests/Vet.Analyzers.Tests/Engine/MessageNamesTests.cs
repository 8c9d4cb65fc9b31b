using System.Linq;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Vet.Analyzers.Engine;
using Xunit;

namespace Vet.Analyzers.Tests.Engine;

/// <summary>What a message quotes: code on one short line, members by the name their code uses.</summary>
public class MessageNamesTests
{
    [Theory]
    [InlineData("ex.Number == 1205", "ex.Number == 1205")]
    [InlineData("ex.Number == 1205\n        && !_strict", "ex.Number == 1205 && !_strict")]
    [InlineData("ex.Number\r\n\t\t==   1205", "ex.Number == 1205")]
    [InlineData("ex.InnerException is SocketException { SocketErrorCode: SocketError.TimedOut or SocketError.ConnectionReset }",
        "ex.InnerException is SocketException { SocketErrorCode: Soc…")]
    public void Code_is_one_line_of_at_most_60_characters(string code, string quoted)
    {
        var expression = SyntaxFactory.ParseExpression(code);
        Assert.Equal(quoted, MessageNames.Code(expression));
        Assert.True(MessageNames.Code(expression).Length <= 60);
    }

    [Fact]
    public void Members_are_named_as_their_code_names_them()
    {
        var compilation = EngineCompilation.Create("""
            class Store
            {
                public Store() { }
                public int Count { get { return 0; } }
                public void Save() { }
            }
            """);
        var store = (Microsoft.CodeAnalysis.INamedTypeSymbol)compilation.Symbol("Store");
        Assert.Equal("Store", MessageNames.Of(store.InstanceConstructors.Single()));
        Assert.Equal("Count", MessageNames.Of(((Microsoft.CodeAnalysis.IPropertySymbol)compilation.Symbol("Count")).GetMethod!));
        Assert.Equal("Save", MessageNames.Of(compilation.Symbol("Save")));
    }
}
