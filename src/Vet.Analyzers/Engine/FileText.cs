using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Vet.Analyzers.Engine;

/// <summary>
/// A test on a whole file's text, answered once per file and remembered: a rule that needs a word in the file (a lock,
/// a token type) skips a file without it before walking its syntax or binding anything.
/// </summary>
internal sealed class FileText
{
    /// <summary>The file has the word <c>lock</c>, or names <c>Monitor</c> or <c>Interlocked</c>: without them it has no lock to look at.</summary>
    internal static readonly FileText MayLock = new(static text =>
        ContainsWord(text, "lock")
        || text.IndexOf("Monitor", StringComparison.Ordinal) >= 0
        || text.IndexOf("Interlocked", StringComparison.Ordinal) >= 0);

    /// <summary>Each file's text as one string, made once: a large file's text is kept in chunks, and every search would copy it.</summary>
    private static readonly ConditionalWeakTable<SyntaxTree, string> Texts = new();

    private static readonly object Yes = new();
    private static readonly object No = new();

    private readonly ConditionalWeakTable<SyntaxTree, object> _answers = new();
    private readonly Func<string, bool> _test;

    private FileText(Func<string, bool> test) => _test = test;

    /// <summary>The file's text contains one of <paramref name="names"/> (also inside a longer name).</summary>
    internal static FileText Naming(params string[] names) => new(text =>
    {
        foreach (var name in names)
        {
            if (text.IndexOf(name, StringComparison.Ordinal) >= 0)
            {
                return true;
            }
        }

        return false;
    });

    /// <summary>
    /// The nodes <paramref name="wanted"/> keeps among the ancestors of every identifier written as one of
    /// <paramref name="names"/>, up to the member declaration that holds it, each once. A rule that needs a written name
    /// starts from the name's position instead of walking (and so materializing) the whole tree.
    /// </summary>
    internal static IEnumerable<SyntaxNode> AroundNames(SyntaxTree tree, IReadOnlyList<string> names, Func<SyntaxNode, bool> wanted, System.Threading.CancellationToken cancellationToken)
    {
        var found = new HashSet<SyntaxNode>();
        foreach (var name in names)
        {
            foreach (var token in Written(tree, name, cancellationToken))
            {
                if (!token.IsKind(SyntaxKind.IdentifierToken))
                {
                    continue;
                }

                for (var node = token.Parent; node is not null; node = node.Parent)
                {
                    if (wanted(node))
                    {
                        found.Add(node);
                    }

                    if (node is MemberDeclarationSyntax)
                    {
                        break;
                    }
                }
            }
        }

        return found;
    }

    /// <summary>
    /// The tokens (identifiers, keywords or operators, not comments or parts of longer names) written as <paramref name="word"/>,
    /// found from the file's text: only the path from the root to each is built, not the whole tree.
    /// </summary>
    internal static IEnumerable<SyntaxToken> Written(SyntaxTree tree, string word, System.Threading.CancellationToken cancellationToken) =>
        Written(tree, word, followedBy: null, cancellationToken);

    /// <summary>
    /// The tokens written as <paramref name="word"/> whose next character other than white space is
    /// <paramref name="followedBy"/> (when given): <c>new</c> before <c>(</c> is a target-typed <c>new()</c>.
    /// </summary>
    internal static IEnumerable<SyntaxToken> Written(SyntaxTree tree, string word, char? followedBy, System.Threading.CancellationToken cancellationToken)
    {
        if (word.Length == 0)
        {
            yield break; // a member whose name is missing in broken code: no token is written as nothing
        }

        var root = tree.GetRoot(cancellationToken);
        var text = Of(tree, cancellationToken);
        for (var at = text.IndexOf(word, StringComparison.Ordinal); at >= 0; at = text.IndexOf(word, at + word.Length, StringComparison.Ordinal))
        {
            // Inside a longer name (the "while" of "meanwhile", the "Run" of "RunAsync"): no token to find. An operator
            // (`=>`) is a token whatever stands beside it.
            var end = at + word.Length;
            if (IsLetterDigitOrUnderscore(word[0])
                && ((at > 0 && IsLetterDigitOrUnderscore(text[at - 1])) || (end < text.Length && IsLetterDigitOrUnderscore(text[end]))))
            {
                continue;
            }

            if (followedBy is { } next)
            {
                while (end < text.Length && char.IsWhiteSpace(text[end]))
                {
                    end++;
                }

                if (end == text.Length || text[end] != next)
                {
                    continue;
                }
            }

            // The word in a comment or a string finds some other token: the literal, or the token after the comment,
            // which may be this same word written again (it would be found twice).
            var token = root.FindToken(at);
            if (token.ValueText == word && (token.SpanStart == at || (token.SpanStart == at - 1 && text[at - 1] == '@')))
            {
                yield return token;
            }
        }
    }

    private static readonly ConditionalWeakTable<SyntaxTree, System.Collections.Concurrent.ConcurrentDictionary<(string, SyntaxKind), int[]>> Positions = new();

    /// <summary>
    /// Whether a token of <paramref name="kind"/> written as <paramref name="word"/> (a keyword such as <c>while</c>, or an
    /// identifier) starts inside <paramref name="span"/>. The word's positions are found once per file, from its text.
    /// </summary>
    internal static bool WrittenWithin(SyntaxTree tree, string word, SyntaxKind kind, Microsoft.CodeAnalysis.Text.TextSpan span, System.Threading.CancellationToken cancellationToken)
    {
        var positions = WrittenAt(tree, word, kind, cancellationToken);
        var index = FirstAtOrAfter(positions, span.Start);
        return index < positions.Length && positions[index] < span.End;
    }

    /// <summary>
    /// The tokens of <paramref name="kind"/> written as <paramref name="word"/> inside <paramref name="scope"/>, found from
    /// the file's positions of the word without walking the scope.
    /// </summary>
    internal static IEnumerable<SyntaxToken> WrittenInside(SyntaxNode scope, string word, SyntaxKind kind, System.Threading.CancellationToken cancellationToken)
    {
        var positions = WrittenAt(scope.SyntaxTree, word, kind, cancellationToken);
        for (var index = FirstAtOrAfter(positions, scope.SpanStart); index < positions.Length && positions[index] < scope.Span.End; index++)
        {
            yield return scope.FindToken(positions[index]);
        }
    }

    /// <summary>The index of the first of the sorted <paramref name="positions"/> at or after <paramref name="start"/> (their length when none is).</summary>
    internal static int FirstAtOrAfter(int[] positions, int start)
    {
        var index = Array.BinarySearch(positions, start);
        return index < 0 ? ~index : index;
    }

    /// <summary>The sorted start positions of the tokens of <paramref name="kind"/> written as <paramref name="word"/>, found once per file.</summary>
    internal static int[] WrittenAt(SyntaxTree tree, string word, SyntaxKind kind, System.Threading.CancellationToken cancellationToken)
    {
        var perTree = Positions.GetValue(tree, static _ => new System.Collections.Concurrent.ConcurrentDictionary<(string, SyntaxKind), int[]>());
        if (perTree.TryGetValue((word, kind), out var known))
        {
            return known;
        }

        var found = new List<int>();
        foreach (var token in Written(tree, word, cancellationToken))
        {
            if (token.IsKind(kind))
            {
                found.Add(token.SpanStart);
            }
        }

        return perTree.GetOrAdd((word, kind), found.ToArray());
    }

    /// <summary>The file's text as one string, shared by every search of it.</summary>
    internal static string Of(SyntaxTree tree, System.Threading.CancellationToken cancellationToken)
    {
        if (Texts.TryGetValue(tree, out var text))
        {
            return text;
        }

        text = tree.GetText(cancellationToken).ToString();
        return Texts.GetValue(tree, _ => text);
    }

    /// <summary>The test on any text (a directive's target, say), not remembered.</summary>
    internal bool Test(string text) => _test(text);

    internal bool Holds(SyntaxTree tree, System.Threading.CancellationToken cancellationToken)
    {
        if (_answers.TryGetValue(tree, out var known))
        {
            return known == Yes;
        }

        var holds = _test(Of(tree, cancellationToken));
        _answers.GetValue(tree, _ => holds ? Yes : No);
        return holds;
    }

    /// <summary>Whether <paramref name="word"/> occurs in <paramref name="text"/> on its own (not inside <c>Block</c> or <c>clock</c>).</summary>
    private static bool ContainsWord(string text, string word)
    {
        for (var at = text.IndexOf(word, StringComparison.Ordinal); at >= 0; at = text.IndexOf(word, at + 1, StringComparison.Ordinal))
        {
            var end = at + word.Length;
            if ((at == 0 || !IsNamePart(text[at - 1])) && (end == text.Length || !IsNamePart(text[end])))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsNamePart(char c) => IsLetterDigitOrUnderscore(c) || c == '@';

    /// <summary>A character that continues a name (not the <c>@</c> of a verbatim one).</summary>
    internal static bool IsLetterDigitOrUnderscore(char c) => char.IsLetterOrDigit(c) || c == '_';
}
