using System;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;

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

    /// <summary>The file names <c>CancellationToken</c> (directly, qualified, or in a local <c>using</c> alias).</summary>
    internal static readonly FileText NamesCancellationToken = new(static text =>
        text.IndexOf("CancellationToken", StringComparison.Ordinal) >= 0);

    /// <summary>The file names <c>ArrayList</c>, <c>Hashtable</c>, <c>Queue</c>, <c>Stack</c> or <c>SortedList</c> (also inside longer names).</summary>
    internal static readonly FileText NamesNonGenericCollection = new(static text =>
        text.IndexOf("ArrayList", StringComparison.Ordinal) >= 0
        || text.IndexOf("Hashtable", StringComparison.Ordinal) >= 0
        || text.IndexOf("Queue", StringComparison.Ordinal) >= 0
        || text.IndexOf("Stack", StringComparison.Ordinal) >= 0
        || text.IndexOf("SortedList", StringComparison.Ordinal) >= 0);

    private static readonly object Yes = new();
    private static readonly object No = new();

    private readonly ConditionalWeakTable<SyntaxTree, object> _answers = new();
    private readonly Func<string, bool> _test;

    private FileText(Func<string, bool> test) => _test = test;

    /// <summary>The test on any text (a directive's target, say), not remembered.</summary>
    internal bool Test(string text) => _test(text);

    internal bool Holds(SyntaxTree tree, System.Threading.CancellationToken cancellationToken)
    {
        if (_answers.TryGetValue(tree, out var known))
        {
            return known == Yes;
        }

        var holds = _test(tree.GetText(cancellationToken).ToString());
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

        static bool IsNamePart(char c) => char.IsLetterOrDigit(c) || c == '_' || c == '@';
    }
}
