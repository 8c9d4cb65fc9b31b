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
    private readonly ConcurrentDictionary<(string Member, string Type, INamedTypeSymbol? PrivateTo), bool> _answers = new();
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

        // A private member can be named only inside its outermost type's declarations (nested types included): only
        // those files are read, not the whole compilation.
        var outermost = type.OutermostType();
        var isPrivate = named.DeclaredAccessibility == Accessibility.Private;
        var key = (named.Name, type.Name, isPrivate ? outermost : null);
        if (_answers.TryGetValue(key, out var known))
        {
            return known;
        }

        var answer = Find(named.Name, type.Name, isPrivate ? OwnTrees(outermost, cancellationToken) : AllTrees(cancellationToken), cancellationToken);
        _answers.TryAdd(key, answer);
        return answer;
    }

    private TreeMentions[] AllTrees(CancellationToken cancellationToken)
    {
        var trees = _trees;
        if (trees is null)
        {
            var read = new List<TreeMentions>();
            foreach (var tree in _compilation.SyntaxTrees)
            {
                read.Add(Of(tree));
                cancellationToken.ThrowIfCancellationRequested();
            }

            _trees = trees = read.ToArray();
        }

        return trees;
    }

    private static TreeMentions[] OwnTrees(INamedTypeSymbol type, CancellationToken cancellationToken)
    {
        var read = new List<TreeMentions>();
        foreach (var reference in type.DeclaringSyntaxReferences)
        {
            var mentions = Of(reference.SyntaxTree);
            if (!read.Contains(mentions))
            {
                read.Add(mentions);
            }

            cancellationToken.ThrowIfCancellationRequested();
        }

        return read.ToArray();
    }

    /// <summary>
    /// A file's mentions, read once per tree. Threads that ask for the same files at once wait for each file's reading
    /// rather than read it again (the table runs the reading under its lock).
    /// </summary>
    private static TreeMentions Of(SyntaxTree tree) => Trees.GetValue(tree, static t => TreeMentions.Read(t));

    private static bool Find(string name, string typeName, TreeMentions[] trees, CancellationToken cancellationToken)
    {

        foreach (var tree in trees)
        {
            if (tree.IsQualified(name))
            {
                return true;
            }
        }

        foreach (var tree in trees)
        {
            if (tree.CalledFromOtherType(name, typeName, cancellationToken))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The member names one file's code (not its comments or string literals) writes after a receiver, and where it
    /// writes them without one. Names are kept as spans of the file's text in a hash table, not as strings: a file
    /// writes thousands of names, and a string and a list for each, kept for the whole compilation, cost more in
    /// allocation and collection than reading the text.
    /// </summary>
    internal sealed class TreeMentions
    {
        private readonly SyntaxTree _tree;
        private readonly string _text;

        /// <summary>Open addressing: each slot holds a name's index + 1, or 0 when empty; the length is a power of two.</summary>
        private int[] _slots = new int[256];
        private int[] _starts = new int[128];
        private int[] _lengths = new int[128];
        private int[] _hashes = new int[128];

        /// <summary>Per name: written after a dot whose receiver is not <c>this</c>.</summary>
        private bool[] _qualified = new bool[128];

        /// <summary>Per name: the first of its unqualified positions in <see cref="_positions"/> (index + 1, 0 for none), chained by <see cref="_next"/>.</summary>
        private int[] _firstPosition = new int[128];
        private int _count;
        private int[] _positions = new int[64];
        private int[] _next = new int[64];
        private int _positionCount;

        private TreeMentions(SyntaxTree tree, string text)
        {
            _tree = tree;
            _text = text;
        }

        /// <summary>Whether the file writes <paramref name="name"/> after a receiver that is not <c>this</c>.</summary>
        internal bool IsQualified(string name)
        {
            var index = IndexOf(name);
            return index >= 0 && _qualified[index];
        }

        /// <summary>
        /// Whether the file calls <paramref name="name"/> (or names <c>this.name</c>) without a receiver, in code of a type
        /// not named <paramref name="typeName"/>: the positions found in the text are confirmed in the syntax.
        /// </summary>
        internal bool CalledFromOtherType(string name, string typeName, CancellationToken cancellationToken)
        {
            var index = IndexOf(name);
            if (index < 0 || _firstPosition[index] == 0)
            {
                return false;
            }

            var root = _tree.GetRoot(cancellationToken);
            for (var link = _firstPosition[index]; link != 0; link = _next[link - 1])
            {
                var token = root.FindToken(_positions[link - 1]);
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
            var mentions = new TreeMentions(tree, text);
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
                    var hash = 0;
                    while (end < text.Length && FileText.IsLetterDigitOrUnderscore(text[end]))
                    {
                        hash = Step(hash, text[end]);
                        end++;
                    }

                    if (end == start)
                    {
                        i++;
                        continue;
                    }

                    if (afterDot && !afterThisDot)
                    {
                        mentions.MarkQualified(mentions.Add(start, end - start, hash));
                    }
                    else if (afterThisDot || (!afterDot && NextIsCallLike(text, end)))
                    {
                        mentions.AddPosition(mentions.Add(start, end - start, hash), start);
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

            return mentions;
        }

        private static int Step(int hash, char c) => unchecked((hash * 31) + c);

        /// <summary>The index of <paramref name="name"/> among the file's names, or -1.</summary>
        private int IndexOf(string name)
        {
            var hash = 0;
            foreach (var c in name)
            {
                hash = Step(hash, c);
            }

            return _slots[SlotOf(name, 0, name.Length, hash)] - 1;
        }

        /// <summary>The slot that holds the name written in <paramref name="source"/> at <paramref name="start"/>, or the empty slot where it would go.</summary>
        private int SlotOf(string source, int start, int length, int hash)
        {
            var mask = _slots.Length - 1;
            var slot = hash & mask;
            while (_slots[slot] != 0)
            {
                var index = _slots[slot] - 1;
                if (_hashes[index] == hash && _lengths[index] == length
                    && string.CompareOrdinal(_text, _starts[index], source, start, length) == 0)
                {
                    return slot;
                }

                slot = (slot + 1) & mask;
            }

            return slot;
        }

        /// <summary>The index of the name written at <paramref name="start"/>, added when it is the first of its kind.</summary>
        private int Add(int start, int length, int hash)
        {
            var slot = SlotOf(_text, start, length, hash);
            if (_slots[slot] != 0)
            {
                return _slots[slot] - 1;
            }

            if (_count == _starts.Length)
            {
                System.Array.Resize(ref _starts, _count * 2);
                System.Array.Resize(ref _lengths, _count * 2);
                System.Array.Resize(ref _hashes, _count * 2);
                System.Array.Resize(ref _qualified, _count * 2);
                System.Array.Resize(ref _firstPosition, _count * 2);
            }

            var added = _count++;
            _starts[added] = start;
            _lengths[added] = length;
            _hashes[added] = hash;
            _slots[slot] = added + 1;
            if (_count * 2 > _slots.Length)
            {
                Rehash();
            }

            return added;
        }

        private void Rehash()
        {
            _slots = new int[_slots.Length * 2];
            var mask = _slots.Length - 1;
            for (var index = 0; index < _count; index++)
            {
                var slot = _hashes[index] & mask;
                while (_slots[slot] != 0)
                {
                    slot = (slot + 1) & mask;
                }

                _slots[slot] = index + 1;
            }
        }

        /// <summary>Marks a name added by <see cref="Add"/> as written after a receiver (a separate step: adding may replace the arrays).</summary>
        private void MarkQualified(int index) => _qualified[index] = true;

        private void AddPosition(int index, int position)
        {
            if (_positionCount == _positions.Length)
            {
                System.Array.Resize(ref _positions, _positionCount * 2);
                System.Array.Resize(ref _next, _positionCount * 2);
            }

            _positions[_positionCount] = position;
            _next[_positionCount] = _firstPosition[index];
            _firstPosition[index] = ++_positionCount;
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
