using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Vet.Analyzers.Engine;
using Xunit;

namespace Vet.Analyzers.Tests.Engine;

public class StatedIntentTests
{
    [Theory]
    [InlineData("// ignore: the file may already be gone", true)]
    [InlineData("// best effort", true)]
    [InlineData("/* swallow: the logger itself failed */", true)]
    [InlineData("//", false)]
    [InlineData("//   ", false)]
    [InlineData("/**/", false)]
    [InlineData("// TODO", false)]
    [InlineData("// TODO: log this", false)]
    [InlineData("// fixme later", false)]
    [InlineData("// HACK: until the driver is fixed", false)]
    [InlineData("// Todos are tracked elsewhere", true)]
    [InlineData("// logger.Warn(ex);", false)]
    [InlineData("// {", false)]
    public void A_comment_states_a_reason_unless_empty_a_marker_or_code(string comment, bool reason)
    {
        var trivia = SyntaxFactory.ParseLeadingTrivia(comment + "\n").First();
        Assert.Equal(reason, StatedIntent.IsReason(trivia));
    }

    [Fact]
    public void A_documentation_comment_is_not_a_reason()
    {
        var trivia = SyntaxFactory.ParseLeadingTrivia("/// <summary>Loads.</summary>\n").First();
        Assert.False(StatedIntent.IsReason(trivia));
    }

    [Theory]
    [InlineData("""
        // shutting down: nobody waits for the flush any more
        Flush(CancellationToken.None);
        """, true)]
    [InlineData("""
        Flush(CancellationToken.None); // nobody waits any more
        """, true)]
    [InlineData("""
        // shutting down: nobody waits for the flush any more
        Prepare();
        Flush(CancellationToken.None);
        """, true)]
    [InlineData("""
        // shutting down: nobody waits for the flush any more
        if (ready)
        {
            Flush(CancellationToken.None);
        }
        """, true)]
    [InlineData("""
        Prepare();
        Flush(CancellationToken.None);
        // a comment about what follows
        Prepare();
        """, false)]
    [InlineData("""
        Flush(CancellationToken.None);
        """, false)]
    [InlineData("""
        // TODO: pass the token
        Flush(CancellationToken.None);
        """, false)]
    public void A_statement_is_explained_by_a_comment_on_it_an_enclosing_or_an_earlier_statement(string body, bool explained)
    {
        var source = "using System.Threading; class C { bool ready; void Prepare() { } void Flush(CancellationToken t) { } void M() {\n" + body + "\n} }";
        var root = SyntaxFactory.ParseCompilationUnit(source);
        var none = root.DescendantNodes().OfType<MemberAccessExpressionSyntax>().Single(m => m.Name.Identifier.ValueText == "None");
        Assert.Equal(explained, StatedIntent.IsExplainedByStatement(none));
    }

    [Theory]
    [InlineData("""
        try { Probe(); }
        // best effort
        catch { }
        """, true)]
    [InlineData("""
        try
        {
            Probe();
        } // best effort
        catch { }
        """, true)]
    [InlineData("""
        // best effort
        try { Probe(); } catch { }
        """, true)]
    [InlineData("""
        // best effort
        try
        {
            Probe();
        }
        catch { }
        """, false)]
    [InlineData("""
        try { Probe(); }
        // TODO: log it
        catch { }
        """, false)]
    [InlineData("""
        try { Probe(); }
        catch { }
        """, false)]
    public void A_node_is_explained_by_a_comment_on_the_line_above_it(string body, bool explained)
    {
        var source = "class C { void Probe() { } void M() {\n" + body + "\n} }";
        var root = SyntaxFactory.ParseCompilationUnit(source);
        var clause = root.DescendantNodes().OfType<CatchClauseSyntax>().Single();
        Assert.Equal(explained, StatedIntent.IsExplainedOnLineAbove(clause));
    }

    [Fact]
    public void A_comment_in_an_outer_function_does_not_explain_a_lambda()
    {
        var source = """
            using System;
            using System.Threading;
            class C
            {
                void Flush(CancellationToken t) { }
                void M()
                {
                    // the outer work is deliberate
                    Action a = () =>
                    {
                        Flush(CancellationToken.None);
                    };
                }
            }
            """;
        var root = SyntaxFactory.ParseCompilationUnit(source);
        var none = root.DescendantNodes().OfType<MemberAccessExpressionSyntax>().Single(m => m.Name.Identifier.ValueText == "None");
        Assert.False(StatedIntent.IsExplainedByStatement(none));
    }

    [Theory]
    [InlineData("#pragma warning disable CA1068\n", "", true)]
    [InlineData("#pragma warning disable CA1068 // the order is public API\n", "", true)]
    [InlineData("#pragma warning disable CA1068\n#pragma warning restore CA1068\n", "", false)]
    [InlineData("#pragma warning disable CA2016\n", "", false)]
    [InlineData("", "[System.Diagnostics.CodeAnalysis.SuppressMessage(\"Design\", \"CA1068:CancellationToken parameters must come last\", Justification = \"shipped\")]", true)]
    [InlineData("", "[System.Diagnostics.CodeAnalysis.SuppressMessage(\"Design\", \"CA10680\")]", false)]
    [InlineData("", "[System.Diagnostics.CodeAnalysis.SuppressMessage(\"Design\", \"CA2016\")]", false)]
    public void A_peer_rule_suppressed_at_the_member_is_a_stated_decision(string pragma, string attribute, bool suppressed)
    {
        var source = "using System.Threading;\npublic class C\n{\n" + pragma + attribute + "\npublic void Load(CancellationToken ct, int id) { }\n}\n";
        var code = EngineCompilation.Create(source);
        var method = code.Symbol("Load");
        Assert.Equal(suppressed, StatedIntent.SuppressesPeer(code.Tree, method.Locations[0].SourceSpan.Start, method, "CA1068"));
    }

    [Theory]
    [InlineData("[assembly: System.Diagnostics.CodeAnalysis.SuppressMessage(\"Design\", \"CA1068\", Scope = \"member\", Target = \"~M:C.Load(System.Threading.CancellationToken,System.Int32)\")]", true)]
    [InlineData("[assembly: System.Diagnostics.CodeAnalysis.SuppressMessage(\"Design\", \"CA1068\", Scope = \"member\", Target = \"~M:C.Other\")]", false)]
    public void An_assembly_suppression_applies_to_its_target(string attribute, bool suppressed)
    {
        var source = "using System.Threading;\n" + attribute + "\npublic class C\n{\npublic void Load(CancellationToken ct, int id) { }\n}\n";
        var code = EngineCompilation.Create(source);
        var method = code.Symbol("Load");
        Assert.Equal(suppressed, StatedIntent.SuppressesPeer(code.Tree, method.Locations[0].SourceSpan.Start, method, "CA1068"));
    }

    [Theory]
    [InlineData("/// <summary>A stream.</summary>\n/// <threadsafety static=\"true\" instance=\"false\"/>", true)]
    [InlineData("/// <summary>A stream.</summary>\n/// <threadsafety static=\"true\" instance=\"true\"/>", false)]
    [InlineData("// Not thread-safe: one caller at a time.", true)]
    [InlineData("/// <remarks>Instances are not thread safe.</remarks>", true)]
    [InlineData("/// <summary>A thread-safe cache.</summary>", false)]
    [InlineData("", false)]
    public void A_type_documented_as_not_thread_safe_says_so_above_its_declaration(string comment, bool expected)
    {
        var code = EngineCompilation.Create(comment + "\npublic class Reader\n{\n    // not thread-safe inside a member does not count\n    public void M() { }\n}\n");
        Assert.Equal(expected, StatedIntent.DeclaresNotThreadSafe((Microsoft.CodeAnalysis.INamedTypeSymbol)code.Symbol("Reader"), CancellationToken.None));
    }

    [Theory]
    [InlineData("// The semaphore is released inside the monitor on purpose.", true)]
    [InlineData("// Rebuild the state.", false)]
    [InlineData("// TODO: release earlier", false)]
    public void A_comment_between_two_positions_explains_when_it_names_the_subject(string comment, bool expected)
    {
        var source = "class C { void M(System.Threading.SemaphoreSlim s) {\ns.Wait();\n" + comment + "\nSystem.Console.WriteLine();\ns.Release();\n} }";
        var root = SyntaxFactory.ParseCompilationUnit(source);
        var wait = root.DescendantNodes().OfType<ExpressionStatementSyntax>().First();
        var release = root.DescendantNodes().OfType<ExpressionStatementSyntax>().Last();
        Assert.Equal(expected, StatedIntent.IsExplainedBetween(root, wait.SpanStart, release.Span.End, "releas", "finally"));
    }
}
