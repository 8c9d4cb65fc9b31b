using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Vet.Analyzers.Engine;
using Xunit;

namespace Vet.Analyzers.Tests.Engine;

/// <summary>FileText: tokens found from a file's text.</summary>
public class FileTextTests
{
    [Fact]
    public void A_word_in_a_comment_or_a_string_is_not_a_token_and_the_token_after_it_is_found_once()
    {
        // The comment's "lock" would find the lock keyword after it: that keyword is written once, on the next line.
        var tree = CSharpSyntaxTree.ParseText("""
            class C
            {
                private readonly object _gate = new();
                void M()
                {
                    // take the lock
                    lock (_gate) { var s = "lock"; }
                    var @lock = 1;
                }
            }
            """);

        var tokens = FileText.Written(tree, "lock", CancellationToken.None).ToList();

        Assert.Equal(new[] { SyntaxKind.LockKeyword, SyntaxKind.IdentifierToken }, tokens.Select(t => t.Kind()));
        Assert.Single(FileText.WrittenAt(tree, "lock", SyntaxKind.LockKeyword, CancellationToken.None));
    }

    [Fact]
    public void An_empty_word_is_written_nowhere()
    {
        // Broken code declares members without a name; a rule that searches for its members' names meets "".
        var tree = CSharpSyntaxTree.ParseText("class C { void (int x) { } }");

        Assert.Empty(FileText.Written(tree, string.Empty, CancellationToken.None));
        Assert.Empty(FileText.WrittenAt(tree, string.Empty, SyntaxKind.IdentifierToken, CancellationToken.None));
    }
}
