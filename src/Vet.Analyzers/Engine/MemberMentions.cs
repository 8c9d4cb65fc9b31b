using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Vet.Analyzers.Engine;

/// <summary>
/// Whether code outside a type may call one of its members, from the syntax of the whole compilation: a rule that
/// reads a type's own call graph (which members only its constructor calls, which only run under its lock) asks this
/// before it trusts that graph for a member other types can reach. Names are compared, not symbols, so an unrelated
/// member of the same name counts as a call too (the safe side). Per-tree answers are cached with the tree, which the
/// IDE keeps across edits of other files; a compilation merges them once, on first use.
/// </summary>
internal sealed class MemberMentions
{
    private static readonly ConditionalWeakTable<SyntaxTree, TreeMentions> Trees = new();

    private readonly Compilation _compilation;
    private readonly object _gate = new();
    private HashSet<string>? _qualified;
    private Dictionary<string, List<string>>? _unqualified;

    internal MemberMentions(Compilation compilation)
    {
        _compilation = compilation;
    }

    /// <summary>
    /// Whether code other than <paramref name="type"/>'s own may call <paramref name="member"/> (a method or an
    /// accessor): its name after a receiver that is not <c>this</c> (<c>other.Reset()</c>, <c>x?.Reset()</c>,
    /// <c>base.Reset()</c>, a method group <c>x.Reset</c>), or called without one in another type (a derived class).
    /// Indexers and operators are always reachable.
    /// </summary>
    internal bool IsMentionedOutside(IMethodSymbol member, INamedTypeSymbol type, CancellationToken cancellationToken)
    {
        var named = member.AssociatedSymbol ?? member;
        if (named is IPropertySymbol { IsIndexer: true } || member.MethodKind is not (MethodKind.Ordinary or MethodKind.PropertyGet or MethodKind.PropertySet))
        {
            return true;
        }

        Merge(cancellationToken);
        if (_qualified!.Contains(named.Name))
        {
            return true;
        }

        if (_unqualified!.TryGetValue(named.Name, out var owners))
        {
            foreach (var owner in owners)
            {
                if (owner != type.Name)
                {
                    return true;
                }
            }
        }

        return false;
    }

    private void Merge(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_qualified is not null)
            {
                return;
            }

            var qualified = new HashSet<string>(System.StringComparer.Ordinal);
            var unqualified = new Dictionary<string, List<string>>(System.StringComparer.Ordinal);
            foreach (var tree in _compilation.SyntaxTrees)
            {
                var mentions = Trees.GetValue(tree, static t => TreeMentions.Read(t));
                qualified.UnionWith(mentions.Qualified);
                foreach (var pair in mentions.Unqualified)
                {
                    if (!unqualified.TryGetValue(pair.Key, out var owners))
                    {
                        unqualified.Add(pair.Key, owners = new List<string>());
                    }

                    foreach (var owner in pair.Value)
                    {
                        if (!owners.Contains(owner))
                        {
                            owners.Add(owner);
                        }
                    }
                }

                cancellationToken.ThrowIfCancellationRequested();
            }

            _unqualified = unqualified;
            _qualified = qualified;
        }
    }

    /// <summary>The member names one tree mentions: after another receiver, and unqualified or on <c>this</c> per type.</summary>
    private sealed class TreeMentions
    {
        private TreeMentions(HashSet<string> qualified, Dictionary<string, List<string>> unqualified)
        {
            Qualified = qualified;
            Unqualified = unqualified;
        }

        internal HashSet<string> Qualified { get; }

        /// <summary>Names called without a receiver or on <c>this</c>, with the names of the types whose code calls them.</summary>
        internal Dictionary<string, List<string>> Unqualified { get; }

        internal static TreeMentions Read(SyntaxTree tree)
        {
            var qualified = new HashSet<string>(System.StringComparer.Ordinal);
            var unqualified = new Dictionary<string, List<string>>(System.StringComparer.Ordinal);
            foreach (var node in tree.GetRoot().DescendantNodes())
            {
                switch (node)
                {
                    case MemberAccessExpressionSyntax access when access.Expression is ThisExpressionSyntax:
                        AddUnqualified(unqualified, access.Name.Identifier.ValueText, access);
                        break;
                    case MemberAccessExpressionSyntax access:
                        qualified.Add(access.Name.Identifier.ValueText);
                        break;
                    case MemberBindingExpressionSyntax binding:
                        qualified.Add(binding.Name.Identifier.ValueText);
                        break;
                    case InvocationExpressionSyntax { Expression: SimpleNameSyntax name } invocation:
                        AddUnqualified(unqualified, name.Identifier.ValueText, invocation);
                        break;
                }
            }

            return new TreeMentions(qualified, unqualified);
        }

        private static void AddUnqualified(Dictionary<string, List<string>> unqualified, string name, SyntaxNode node)
        {
            var owner = node.FirstAncestorOrSelf<BaseTypeDeclarationSyntax>()?.Identifier.ValueText ?? string.Empty;
            if (!unqualified.TryGetValue(name, out var owners))
            {
                unqualified.Add(name, owners = new List<string>(1));
            }

            if (!owners.Contains(owner))
            {
                owners.Add(owner);
            }
        }
    }
}
