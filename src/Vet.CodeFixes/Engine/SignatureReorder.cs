using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.FindSymbols;
using Microsoft.CodeAnalysis.Text;
using Vet.Analyzers.Engine;

namespace Vet.CodeFixes.Engine;

/// <summary>Asks to move the parameter declared at <see cref="ParameterSpan"/> to <see cref="TargetIndex"/>.</summary>
internal readonly record struct MoveParameterRequest(DocumentId DocumentId, TextSpan ParameterSpan, int TargetIndex);

/// <summary>
/// Moves a parameter across a solution: the declaration, every override and implementation, every call
/// site (positional and named arguments), XML doc &lt;param&gt; order and cref signatures. A method is
/// left alone when one of its references cannot be rewritten safely (a method group bound to a delegate).
/// </summary>
internal static class SignatureReorder
{
    /// <summary>
    /// The solution with each request's method, its overrides and implementations, and every reference reordered. A method
    /// with a reference that cannot be rewritten (a method group converted to a delegate in another project) is left as it is.
    /// </summary>
    internal static async Task<Solution> ApplyAsync(Solution solution, IReadOnlyList<MoveParameterRequest> requests, CancellationToken cancellationToken)
    {
        var edits = new EditSet();
        var planned = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
        foreach (var request in requests)
        {
            var methodEdits = new EditSet();
            if (await PlanMethodAsync(solution, request, methodEdits, planned, cancellationToken).ConfigureAwait(false))
            {
                edits.AddRange(methodEdits);
            }
        }

        var result = solution;
        foreach (var pair in edits.ByDocument)
        {
            var document = solution.GetDocument(pair.Key);
            if (document is null)
            {
                continue;
            }

            var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            if (root is null)
            {
                continue;
            }

            var newRoot = new ReorderRewriter(pair.Value).Visit(root);
            if (newRoot != root)
            {
                result = result.WithDocumentSyntaxRoot(pair.Key, newRoot);
            }
        }

        return result;
    }

    private static async Task<bool> PlanMethodAsync(
        Solution solution,
        MoveParameterRequest request,
        EditSet edits,
        HashSet<ISymbol> planned,
        CancellationToken cancellationToken)
    {
        var document = solution.GetDocument(request.DocumentId);
        if (document is null)
        {
            return false;
        }

        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (root is null || model is null
            || root.FindNode(request.ParameterSpan, getInnermostNodeForTie: true).FirstAncestorOrSelf<ParameterSyntax>() is not { } parameterSyntax
            || model.GetDeclaredSymbol(parameterSyntax, cancellationToken) is not { ContainingSymbol: IMethodSymbol method } parameter
            || method.MethodKind is not (MethodKind.Ordinary or MethodKind.Constructor or MethodKind.LocalFunction))
        {
            return false;
        }

        method = method.OriginalDefinition;
        if (!planned.Add(method))
        {
            return false;
        }

        var order = NewOrder(method.Parameters.Length, parameter.Ordinal, request.TargetIndex);
        if (order is null)
        {
            return false;
        }

        var family = await FamilyAsync(method, solution, cancellationToken).ConfigureAwait(false);
        var orders = new Dictionary<ISymbol, int[]>(SymbolEqualityComparer.Default);
        foreach (var member in family)
        {
            if (member.Parameters.Length != order.Length)
            {
                return false;
            }

            orders[member] = order;
            planned.Add(member);
        }

        foreach (var member in family)
        {
            foreach (var declaration in Declarations(member))
            {
                var declarationDocument = solution.GetDocument(declaration.SyntaxTree);
                if (declarationDocument is null)
                {
                    return false;
                }

                var node = await declaration.GetSyntaxAsync(cancellationToken).ConfigureAwait(false);
                if (ParameterListOf(node) is not { } list || list.Parameters.Count != order.Length)
                {
                    return false;
                }

                edits.Add(declarationDocument.Id, list.Span, new ReorderEdit(order));
                if (DocumentationOf(node) is { } docs)
                {
                    edits.Add(declarationDocument.Id, docs.Span, new DocParamEdit(order.Select(i => member.Parameters[i].Name).ToImmutableArray()));
                }
            }

            var references = await SymbolFinder.FindReferencesAsync(member, solution, cancellationToken).ConfigureAwait(false);
            foreach (var referenced in references)
            {
                foreach (var location in referenced.Locations)
                {
                    if (!location.Location.IsInSource)
                    {
                        continue;
                    }

                    if (!await PlanReferenceAsync(location, orders, edits, onlyCalls: false, cancellationToken).ConfigureAwait(false))
                    {
                        return false;
                    }
                }
            }

            if (member.MethodKind == MethodKind.Constructor)
            {
                // A primary-constructor base call (class D() : C(a, ct, b)) is found as a reference to the type.
                var typeReferences = await SymbolFinder.FindReferencesAsync(member.ContainingType, solution, cancellationToken).ConfigureAwait(false);
                foreach (var referenced in typeReferences)
                {
                    foreach (var location in referenced.Locations)
                    {
                        if (location.Location.IsInSource
                            && !await PlanReferenceAsync(location, orders, edits, onlyCalls: true, cancellationToken).ConfigureAwait(false))
                        {
                            return false;
                        }
                    }
                }
            }
        }

        return true;
    }

    /// <summary>The method plus every override and implementation of it in the solution: they change together.</summary>
    private static async Task<List<IMethodSymbol>> FamilyAsync(IMethodSymbol method, Solution solution, CancellationToken cancellationToken)
    {
        var family = new List<IMethodSymbol> { method };
        var seen = new HashSet<ISymbol>(SymbolEqualityComparer.Default) { method };
        for (var i = 0; i < family.Count; i++)
        {
            var member = family[i];
            if (member.MethodKind != MethodKind.Ordinary)
            {
                continue;
            }

            var related = new List<ISymbol>();
            if (member.IsVirtual || member.IsAbstract || member.IsOverride)
            {
                related.AddRange(await SymbolFinder.FindOverridesAsync(member, solution, cancellationToken: cancellationToken).ConfigureAwait(false));
            }

            if (member.ContainingType.TypeKind == TypeKind.Interface)
            {
                related.AddRange(await SymbolFinder.FindImplementationsAsync(member, solution, cancellationToken: cancellationToken).ConfigureAwait(false));
            }

            foreach (var symbol in related)
            {
                if (symbol is IMethodSymbol relatedMethod && relatedMethod.Locations.Any(l => l.IsInSource) && seen.Add(relatedMethod.OriginalDefinition))
                {
                    family.Add(relatedMethod.OriginalDefinition);
                }
            }
        }

        return family;
    }

    private static IEnumerable<SyntaxReference> Declarations(IMethodSymbol method)
    {
        foreach (var reference in method.DeclaringSyntaxReferences)
        {
            yield return reference;
        }

        if (method.PartialImplementationPart is { } implementation)
        {
            foreach (var reference in implementation.DeclaringSyntaxReferences)
            {
                yield return reference;
            }
        }
    }

    private static ParameterListSyntax? ParameterListOf(SyntaxNode node) => node switch
    {
        BaseMethodDeclarationSyntax method => method.ParameterList,
        LocalFunctionStatementSyntax local => local.ParameterList,
        TypeDeclarationSyntax type => type.ParameterList,
        _ => null,
    };

    private static DocumentationCommentTriviaSyntax? DocumentationOf(SyntaxNode node)
    {
        foreach (var trivia in node.GetLeadingTrivia())
        {
            if (trivia.GetStructure() is DocumentationCommentTriviaSyntax docs)
            {
                return docs;
            }
        }

        return null;
    }

    /// <summary>The old parameter indices in their new order, or null when the move is out of range.</summary>
    private static int[]? NewOrder(int count, int from, int to)
    {
        if (from < 0 || from >= count || to < 0 || to >= count || from == to)
        {
            return null;
        }

        var order = new List<int>(count);
        for (var i = 0; i < count; i++)
        {
            if (i != from)
            {
                order.Add(i);
            }
        }

        order.Insert(to, from);
        return order.ToArray();
    }

    private static async Task<bool> PlanReferenceAsync(
        ReferenceLocation location,
        Dictionary<ISymbol, int[]> orders,
        EditSet edits,
        bool onlyCalls,
        CancellationToken cancellationToken)
    {
        var tree = location.Location.SourceTree;
        if (tree is null)
        {
            return true;
        }

        var root = await tree.GetRootAsync(cancellationToken).ConfigureAwait(false);
        var node = root.FindNode(location.Location.SourceSpan, findInsideTrivia: true, getInnermostNodeForTie: true);

        if (onlyCalls)
        {
            if (CallOf(node) is not { Node: PrimaryConstructorBaseTypeSyntax })
            {
                return true;
            }
        }
        else if (node.FirstAncestorOrSelf<CrefSyntax>() is { } cref)
        {
            return PlanCref(location, cref, orders, edits);
        }

        if (!onlyCalls && MethodGroups.InNameof(node))
        {
            return true;
        }

        var call = CallOf(node);
        if (call is null)
        {
            // A method group converted to a delegate keeps the old parameter order: not safe to change.
            // Implicit uses (deconstruction, foreach, awaits) pass no arguments of their own.
            return location.IsImplicit;
        }

        var semanticModel = await location.Document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (semanticModel is null)
        {
            return false;
        }

        var bound = semanticModel.GetSymbolInfo(call.Value.Node, cancellationToken);
        var target = bound.Symbol as IMethodSymbol ?? bound.CandidateSymbols.OfType<IMethodSymbol>().FirstOrDefault();
        if (target is null)
        {
            return false;
        }

        var offset = target.ReducedFrom is not null ? 1 : 0;
        var definition = (target.ReducedFrom ?? target).OriginalDefinition;
        if (!orders.TryGetValue(definition, out var order))
        {
            // A reference to a member outside this change (reported by cascading) stays as it is.
            return true;
        }

        var plan = PlanArguments(call.Value.Arguments, definition, order, offset);
        if (plan is null)
        {
            return false;
        }

        if (!IsUnchanged(plan.Value))
        {
            edits.Add(location.Document.Id, call.Value.Arguments.Span, new ArgumentEdit(plan.Value));
        }

        return true;
    }

    private static bool PlanCref(ReferenceLocation location, CrefSyntax cref, Dictionary<ISymbol, int[]> orders, EditSet edits)
    {
        var parameters = cref switch
        {
            NameMemberCrefSyntax name => name.Parameters,
            QualifiedCrefSyntax { Member: NameMemberCrefSyntax name } => name.Parameters,
            _ => null,
        };
        if (parameters is null)
        {
            return true;
        }

        foreach (var pair in orders)
        {
            if (pair.Value.Length == parameters.Parameters.Count)
            {
                edits.Add(location.Document.Id, parameters.Span, new ReorderEdit(pair.Value));
                return true;
            }
        }

        return true;
    }

    /// <summary>The call whose arguments bind to the referenced method, climbing only through the callee's own name.</summary>
    private static (SyntaxNode Node, BaseArgumentListSyntax Arguments)? CallOf(SyntaxNode node)
    {
        switch (node)
        {
            case ConstructorInitializerSyntax initializer:
                return (initializer, initializer.ArgumentList);
            case ImplicitObjectCreationExpressionSyntax implicitCreation:
                return (implicitCreation, implicitCreation.ArgumentList);
            case ObjectCreationExpressionSyntax { ArgumentList: { } creationArguments } creation:
                return (creation, creationArguments);
            case PrimaryConstructorBaseTypeSyntax baseType:
                return (baseType, baseType.ArgumentList);
        }

        var callee = node;
        while (callee.Parent is { } parent)
        {
            switch (parent)
            {
                case MemberAccessExpressionSyntax access when access.Name == callee:
                case MemberBindingExpressionSyntax:
                case QualifiedNameSyntax qualified when qualified.Right == callee:
                case AliasQualifiedNameSyntax alias when alias.Name == callee:
                case ParenthesizedExpressionSyntax:
                    callee = parent;
                    continue;
                case InvocationExpressionSyntax invocation when invocation.Expression == callee:
                    return (invocation, invocation.ArgumentList);
                case ObjectCreationExpressionSyntax { ArgumentList: { } arguments } creation when creation.Type == callee:
                    return (creation, arguments);
                case PrimaryConstructorBaseTypeSyntax baseType when baseType.Type == callee:
                    return (baseType, baseType.ArgumentList);
                case ConstructorInitializerSyntax initializer:
                    return (initializer, initializer.ArgumentList);
            }

            return null;
        }

        return null;
    }

    /// <summary>
    /// The arguments in the new parameter order. Positional arguments follow the new order while every
    /// parameter before them has a positional argument; after a gap (an omitted optional parameter or one
    /// passed by name) the rest become named and go after the arguments that were named already, which keep
    /// their order.
    /// </summary>
    private static ImmutableArray<ArgumentSlot>? PlanArguments(BaseArgumentListSyntax list, IMethodSymbol method, int[] order, int offset)
    {
        var parameters = method.Parameters;
        var positional = new List<int>[parameters.Length];
        var trailingNamed = new List<int>();
        var firstTrailingNamed = list.Arguments.Count;
        for (var i = list.Arguments.Count - 1; i >= 0 && list.Arguments[i].NameColon is not null; i--)
        {
            firstTrailingNamed = i;
        }

        for (var i = 0; i < list.Arguments.Count; i++)
        {
            var argument = list.Arguments[i];
            if (i >= firstTrailingNamed)
            {
                trailingNamed.Add(i);
                continue;
            }

            // A positional argument, or a named one in its own position (C# 7.2).
            var index = i + offset;
            if (index >= parameters.Length - 1 && parameters.Length > 0 && parameters[parameters.Length - 1].IsParams)
            {
                index = parameters.Length - 1;
            }

            if (index >= parameters.Length
                || argument.NameColon is { } nameColon && IndexOf(parameters, nameColon.Name.Identifier.ValueText) != index)
            {
                return null;
            }

            (positional[index] ??= new List<int>()).Add(i);
        }

        var slots = ImmutableArray.CreateBuilder<ArgumentSlot>(list.Arguments.Count);
        var converted = new List<ArgumentSlot>();
        var gap = false;
        for (var position = offset; position < order.Length; position++)
        {
            var parameterIndex = order[position];
            var arguments = positional[parameterIndex];
            if (arguments is null)
            {
                gap = true;
                continue;
            }

            if (!gap)
            {
                foreach (var argumentIndex in arguments)
                {
                    slots.Add(new ArgumentSlot(argumentIndex, null));
                }
            }
            else if (arguments.Count == 1)
            {
                converted.Add(new ArgumentSlot(arguments[0], parameters[parameterIndex].Name));
            }
            else
            {
                // Expanded params arguments cannot be named.
                return null;
            }
        }

        foreach (var argumentIndex in trailingNamed)
        {
            slots.Add(new ArgumentSlot(argumentIndex, null));
        }

        slots.AddRange(converted);
        return slots.Count == list.Arguments.Count ? slots.MoveToImmutable() : null;
    }

    /// <summary>A call whose arguments are all named, or that stops before the moved parameter, needs no edit.</summary>
    private static bool IsUnchanged(ImmutableArray<ArgumentSlot> slots)
    {
        for (var i = 0; i < slots.Length; i++)
        {
            if (slots[i].Index != i || slots[i].Name is not null)
            {
                return false;
            }
        }

        return true;
    }

    private static int IndexOf(ImmutableArray<IParameterSymbol> parameters, string name)
    {
        for (var i = 0; i < parameters.Length; i++)
        {
            if (parameters[i].Name == name)
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>Argument <see cref="Index"/> of the original list goes here, named <see cref="Name"/> when not null.</summary>
    private readonly record struct ArgumentSlot(int Index, string? Name);

    private abstract class Edit
    {
    }

    /// <summary>Reorders a parameter list or a cref parameter list: element k of the result is old element Order[k].</summary>
    private sealed class ReorderEdit(int[] order) : Edit
    {
        internal int[] Order { get; } = order;
    }

    private sealed class ArgumentEdit(ImmutableArray<ArgumentSlot> slots) : Edit
    {
        internal ImmutableArray<ArgumentSlot> Slots { get; } = slots;
    }

    private sealed class DocParamEdit(ImmutableArray<string> names) : Edit
    {
        internal ImmutableArray<string> Names { get; } = names;
    }

    private sealed class EditSet
    {
        internal Dictionary<DocumentId, Dictionary<TextSpan, Edit>> ByDocument { get; } = new();

        internal void Add(DocumentId document, TextSpan span, Edit edit)
        {
            if (!ByDocument.TryGetValue(document, out var edits))
            {
                ByDocument[document] = edits = new Dictionary<TextSpan, Edit>();
            }

            edits[span] = edit;
        }

        internal void AddRange(EditSet other)
        {
            foreach (var document in other.ByDocument)
            {
                foreach (var edit in document.Value)
                {
                    Add(document.Key, edit.Key, edit.Value);
                }
            }
        }
    }

    /// <summary>Applies the planned edits bottom-up; nodes are matched by their span in the original tree.</summary>
    private sealed class ReorderRewriter(Dictionary<TextSpan, Edit> edits) : CSharpSyntaxRewriter(visitIntoStructuredTrivia: true)
    {
        public override SyntaxNode? VisitParameterList(ParameterListSyntax node)
        {
            var visited = (ParameterListSyntax)base.VisitParameterList(node)!;
            return edits.TryGetValue(node.Span, out var edit) && edit is ReorderEdit reorder && visited.Parameters.Count == reorder.Order.Length
                ? visited.WithParameters(Reorder(visited.Parameters, reorder.Order))
                : visited;
        }

        public override SyntaxNode? VisitCrefParameterList(CrefParameterListSyntax node)
        {
            var visited = (CrefParameterListSyntax)base.VisitCrefParameterList(node)!;
            return edits.TryGetValue(node.Span, out var edit) && edit is ReorderEdit reorder && visited.Parameters.Count == reorder.Order.Length
                ? visited.WithParameters(Reorder(visited.Parameters, reorder.Order))
                : visited;
        }

        public override SyntaxNode? VisitArgumentList(ArgumentListSyntax node)
        {
            var visited = (ArgumentListSyntax)base.VisitArgumentList(node)!;
            return edits.TryGetValue(node.Span, out var edit) && edit is ArgumentEdit arguments
                ? visited.WithArguments(Arrange(visited.Arguments, arguments.Slots))
                : visited;
        }

        public override SyntaxNode? VisitDocumentationCommentTrivia(DocumentationCommentTriviaSyntax node)
        {
            var visited = (DocumentationCommentTriviaSyntax)base.VisitDocumentationCommentTrivia(node)!;
            return edits.TryGetValue(node.Span, out var edit) && edit is DocParamEdit docs
                ? ReorderParamElements(visited, docs.Names)
                : visited;
        }

        private static SeparatedSyntaxList<T> Reorder<T>(SeparatedSyntaxList<T> list, int[] order)
            where T : SyntaxNode
        {
            var nodes = new T[list.Count];
            for (var i = 0; i < order.Length; i++)
            {
                nodes[i] = WithTriviaOf(list[order[i]], list[i]);
            }

            return SyntaxFactory.SeparatedList(nodes, list.GetSeparators());
        }

        private static SeparatedSyntaxList<ArgumentSyntax> Arrange(SeparatedSyntaxList<ArgumentSyntax> list, ImmutableArray<ArgumentSlot> slots)
        {
            var nodes = new ArgumentSyntax[list.Count];
            for (var i = 0; i < slots.Length; i++)
            {
                var argument = list[slots[i].Index];
                if (slots[i].Name is { } name && argument.NameColon is null)
                {
                    var leading = argument.GetLeadingTrivia();
                    argument = argument.WithoutLeadingTrivia()
                        .WithNameColon(SyntaxFactory.NameColon(SyntaxFactory.IdentifierName(name)).WithTrailingTrivia(SyntaxFactory.Space))
                        .WithLeadingTrivia(leading);
                }

                nodes[i] = WithTriviaOf(argument, list[i]);
            }

            return SyntaxFactory.SeparatedList(nodes, list.GetSeparators());
        }

        /// <summary>A moved element takes the surrounding whitespace of the slot it lands in, so line layout is kept.</summary>
        private static T WithTriviaOf<T>(T moved, T slot)
            where T : SyntaxNode
        {
            return ReferenceEquals(moved, slot)
                ? moved
                : moved.WithLeadingTrivia(slot.GetLeadingTrivia()).WithTrailingTrivia(slot.GetTrailingTrivia());
        }

        private static DocumentationCommentTriviaSyntax ReorderParamElements(DocumentationCommentTriviaSyntax docs, ImmutableArray<string> names)
        {
            var content = docs.Content;
            var slots = new List<int>();
            var elements = new Dictionary<string, XmlNodeSyntax>(StringComparer.Ordinal);
            for (var i = 0; i < content.Count; i++)
            {
                if (ParamName(content[i]) is { } name && !elements.ContainsKey(name))
                {
                    slots.Add(i);
                    elements[name] = content[i];
                }
            }

            var ordered = new List<XmlNodeSyntax>(slots.Count);
            foreach (var name in names)
            {
                if (elements.TryGetValue(name, out var element))
                {
                    ordered.Add(element);
                }
            }

            if (ordered.Count != slots.Count)
            {
                // Documentation for parameters that no longer exist: keep the author's order.
                return docs;
            }

            var newContent = new XmlNodeSyntax[content.Count];
            for (var i = 0; i < content.Count; i++)
            {
                newContent[i] = content[i];
            }

            for (var i = 0; i < slots.Count; i++)
            {
                newContent[slots[i]] = ordered[i];
            }

            return docs.WithContent(SyntaxFactory.List(newContent));
        }

        private static string? ParamName(XmlNodeSyntax node)
        {
            var (name, attributes) = node switch
            {
                XmlElementSyntax element => (element.StartTag.Name.LocalName.ValueText, element.StartTag.Attributes),
                XmlEmptyElementSyntax empty => (empty.Name.LocalName.ValueText, empty.Attributes),
                _ => (null, default(SyntaxList<XmlAttributeSyntax>)),
            };
            if (name != "param")
            {
                return null;
            }

            foreach (var attribute in attributes)
            {
                if (attribute is XmlNameAttributeSyntax nameAttribute)
                {
                    return nameAttribute.Identifier.Identifier.ValueText;
                }
            }

            return null;
        }
    }
}
