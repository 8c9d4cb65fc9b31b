using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Vet.Analyzers.Engine;

/// <summary>
/// Whether code outside a type may call one of its members, from the text of the whole compilation: a rule that
/// reads a type's own call graph (which members only its constructor calls, which only run under its lock) asks this
/// before it trusts that graph for a member other types can reach. Names are compared, not symbols, so an unrelated
/// member of the same name counts as a call too (the safe side).
/// Each file is read once, as text, not as syntax (building every file's syntax nodes cost more than the rule using
/// the answer); only a call written without a receiver is then looked at in the syntax, to learn which type's code
/// makes it. Per-file readings are cached with the tree, which the IDE keeps across edits of other files.
/// </summary>
internal sealed class MemberMentions
{
    private static readonly ConditionalWeakTable<SyntaxTree, TreeMentions> Trees = new();

    private readonly Compilation _compilation;
    private readonly ConcurrentDictionary<(string Member, string Type), bool> _answers = new();
    private TreeMentions[]? _trees;

    internal MemberMentions(Compilation compilation)
    {
        _compilation = compilation;
    }

    /// <summary>
    /// Whether code other than <paramref name="type"/>'s own may call <paramref name="member"/> (a method or an
    /// accessor): its name after a receiver that is not <c>this</c> (<c>other.Reset()</c>, <c>x?.Reset()</c>,
    /// <c>base.Reset()</c>, a method group <c>x.Reset</c>), or called without one (or on <c>this</c>) in another type
    /// (a derived class). Indexers and operators are always reachable.
    /// </summary>
    internal bool IsMentionedOutside(IMethodSymbol member, INamedTypeSymbol type, CancellationToken cancellationToken)
    {
        var named = member.AssociatedSymbol ?? member;
        if (named is IPropertySymbol { IsIndexer: true } || member.MethodKind is not (MethodKind.Ordinary or MethodKind.PropertyGet or MethodKind.PropertySet))
        {
            return true;
        }

        var key = (named.Name, type.Name);
        if (_answers.TryGetValue(key, out var known))
        {
            return known;
        }

        var answer = Find(named.Name, type.Name, cancellationToken);
        _answers.TryAdd(key, answer);
        return answer;
    }

    private bool Find(string name, string typeName, CancellationToken cancellationToken)
    {
        var trees = _trees;
        if (trees is null)
        {
            var read = new List<TreeMentions>();
            foreach (var tree in _compilation.SyntaxTrees)
            {
                read.Add(Trees.GetValue(tree, static t => TreeMentions.Read(t)));
                cancellationToken.ThrowIfCancellationRequested();
            }

            _trees = trees = read.ToArray();
        }

        foreach (var tree in trees)
        {
            if (tree.Qualified.Contains(name))
            {
                return true;
            }
        }

        foreach (var tree in trees)
        {
            if (tree.Unqualified.TryGetValue(name, out var positions) && tree.CalledFromOtherType(name, positions, typeName, cancellationToken))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The member names one file's code (not its comments or string literals) writes after a receiver, and where it writes them without one.</summary>
    internal sealed class TreeMentions
    {
        private readonly SyntaxTree _tree;

        private TreeMentions(SyntaxTree tree, HashSet<string> qualified, Dictionary<string, List<int>> unqualified)
        {
            _tree = tree;
            Qualified = qualified;
            Unqualified = unqualified;
        }

        /// <summary>Names written after a dot whose receiver is not <c>this</c>.</summary>
        internal HashSet<string> Qualified { get; }

        /// <summary>Positions of names written before <c>(</c> or <c>&lt;</c> without a receiver, or after <c>this.</c>: calls to confirm in the syntax.</summary>
        internal Dictionary<string, List<int>> Unqualified { get; }

        /// <summary>Whether one of <paramref name="positions"/> is a call of <paramref name="name"/> (or <c>this.name</c>) in code of a type not named <paramref name="typeName"/>.</summary>
        internal bool CalledFromOtherType(string name, List<int> positions, string typeName, CancellationToken cancellationToken)
        {
            var root = _tree.GetRoot(cancellationToken);
            foreach (var position in positions)
            {
                var token = root.FindToken(position);
                if (!token.IsKind(SyntaxKind.IdentifierToken) || token.ValueText != name || token.Parent is not SimpleNameSyntax simple)
                {
                    continue;
                }

                var isCall = simple.Parent is InvocationExpressionSyntax invocation && invocation.Expression == simple;
                var onThis = simple.Parent is MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax } access && access.Name == simple;
                if ((isCall || onThis)
                    && (simple.FirstAncestorOrSelf<BaseTypeDeclarationSyntax>()?.Identifier.ValueText ?? string.Empty) != typeName)
                {
                    return true;
                }
            }

            return false;
        }

        internal static TreeMentions Read(SyntaxTree tree)
        {
            var text = FileText.Of(tree, CancellationToken.None);
            var qualified = new HashSet<string>(System.StringComparer.Ordinal);
            var unqualified = new Dictionary<string, List<int>>(System.StringComparer.Ordinal);
            var afterDot = false;
            var afterThisDot = false;
            var i = 0;
            while (i < text.Length)
            {
                var c = text[i];
                if (char.IsWhiteSpace(c))
                {
                    i++;
                    continue;
                }

                if (c == '/' && i + 1 < text.Length && text[i + 1] == '/')
                {
                    i = SkipLine(text, i);
                    continue;
                }

                if (c == '/' && i + 1 < text.Length && text[i + 1] == '*')
                {
                    var end = text.IndexOf("*/", i + 2, System.StringComparison.Ordinal);
                    i = end < 0 ? text.Length : end + 2;
                    continue;
                }

                if (c == '"' || c == '\'' || ((c == '@' || c == '$') && i + 1 < text.Length && text[i + 1] is '"' or '@' or '$'))
                {
                    i = SkipLiteral(text, i);
                    afterDot = afterThisDot = false;
                    continue;
                }

                if (c == '@' || c == '_' || char.IsLetter(c))
                {
                    var start = c == '@' ? i + 1 : i;
                    var end = start;
                    while (end < text.Length && (text[end] == '_' || char.IsLetterOrDigit(text[end])))
                    {
                        end++;
                    }

                    if (end == start)
                    {
                        i++;
                        continue;
                    }

                    if (afterDot && !afterThisDot)
                    {
                        qualified.Add(text.Substring(start, end - start));
                    }
                    else if (afterThisDot || (!afterDot && NextIsCallLike(text, end)))
                    {
                        var name = text.Substring(start, end - start);
                        if (!unqualified.TryGetValue(name, out var positions))
                        {
                            unqualified.Add(name, positions = new List<int>(1));
                        }

                        positions.Add(start);
                    }

                    var isThis = end - start == 4 && string.CompareOrdinal(text, start, "this", 0, 4) == 0;
                    i = end;
                    afterDot = false;
                    afterThisDot = false;
                    if (NextIs(text, ref i, '.'))
                    {
                        afterDot = true;
                        afterThisDot = isThis;
                    }

                    continue;
                }

                afterDot = c == '.';
                afterThisDot = false;
                if (c == '?' && i + 1 < text.Length && text[i + 1] == '.')
                {
                    afterDot = true;
                    i++;
                }
                else if (c is >= '0' and <= '9')
                {
                    // A number's digits, exponent and suffix (1.5e3f) are no names.
                    while (i + 1 < text.Length && (char.IsLetterOrDigit(text[i + 1]) || text[i + 1] == '.' || text[i + 1] == '_'))
                    {
                        i++;
                    }
                }

                i++;
            }

            return new TreeMentions(tree, qualified, unqualified);
        }

        /// <summary>Whether the next character that is not white space is <paramref name="wanted"/>; if so, moves past it.</summary>
        private static bool NextIs(string text, ref int i, char wanted)
        {
            var at = i;
            while (at < text.Length && char.IsWhiteSpace(text[at]))
            {
                at++;
            }

            if (at < text.Length && text[at] == wanted && !(wanted == '.' && at + 1 < text.Length && text[at + 1] == '.'))
            {
                i = at + 1;
                return true;
            }

            return false;
        }

        private static bool NextIsCallLike(string text, int at)
        {
            while (at < text.Length && char.IsWhiteSpace(text[at]))
            {
                at++;
            }

            return at < text.Length && text[at] is '(' or '<';
        }

        private static int SkipLine(string text, int i)
        {
            var end = text.IndexOf('\n', i);
            return end < 0 ? text.Length : end + 1;
        }

        /// <summary>Past a string or character literal: regular, verbatim (<c>@"</c>), interpolated (<c>$"</c>, its holes skipped too) or raw (<c>"""</c>).</summary>
        private static int SkipLiteral(string text, int i)
        {
            var verbatim = false;
            while (i < text.Length && text[i] is '@' or '$')
            {
                verbatim |= text[i] == '@';
                i++;
            }

            if (i >= text.Length)
            {
                return i;
            }

            var quote = text[i];
            var quotes = 0;
            while (i + quotes < text.Length && text[i + quotes] == quote && quote == '"')
            {
                quotes++;
            }

            if (quotes >= 3 && !verbatim)
            {
                // A raw string ends at the same run of quotes.
                var end = text.IndexOf(new string('"', quotes), i + quotes, System.StringComparison.Ordinal);
                return end < 0 ? text.Length : end + quotes;
            }

            if (quotes == 2 && !verbatim)
            {
                return i + 2;
            }

            for (i++; i < text.Length; i++)
            {
                var c = text[i];
                if (c == '\\' && !verbatim)
                {
                    i++;
                }
                else if (c == quote)
                {
                    if (verbatim && i + 1 < text.Length && text[i + 1] == quote)
                    {
                        i++;
                        continue;
                    }

                    return i + 1;
                }
                else if (c == '\n' && !verbatim)
                {
                    // An unterminated literal ends with its line.
                    return i + 1;
                }
            }

            return i;
        }
    }
}
