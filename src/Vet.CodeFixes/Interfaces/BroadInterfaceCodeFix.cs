using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Simplification;
using Vet.Analyzers;
using Vet.Analyzers.Engine;
using Vet.Analyzers.Interfaces;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace Vet.CodeFixes.Interfaces;

/// <summary>
/// VET401 "Split by consumer usage": each group of consumers found by the analyzer gets an interface with the members
/// it uses (a member two groups share goes to a common base). The broad interface keeps its other members and inherits
/// the new ones, so the implementation and every existing use still compile. In each consumer, private fields,
/// locals and method parameters of the broad type that only reach the group's members take the narrow type;
/// constructor parameters keep the broad type, so a DI container still resolves the consumer.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(BroadInterfaceCodeFix)), Shared]
public sealed class BroadInterfaceCodeFix : CodeFixProvider
{
    public const string SplitKey = "VET401.SplitByConsumer";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } =
        ImmutableArray.Create(Descriptors.VET401_BroadInterface.Id);

    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        foreach (var diagnostic in context.Diagnostics)
        {
            if (await SplitPlan.CreateAsync(context.Document, diagnostic, context.CancellationToken).ConfigureAwait(false) is { } plan)
            {
                context.RegisterCodeFix(
                    CodeAction.Create($"Split '{plan.Interface.Name}' by consumer usage", ct => plan.ApplyAsync(ct), SplitKey),
                    diagnostic);
            }
        }
    }

    private sealed class SplitPlan
    {
        private readonly Document document;
        private readonly InterfaceDeclarationSyntax declaration;
        private readonly List<(string Name, List<ISymbol> Members, List<INamedTypeSymbol> Consumers)> groups;
        private readonly (string Name, ISymbol Member)? shared;

        private SplitPlan(
            Document document,
            INamedTypeSymbol @interface,
            InterfaceDeclarationSyntax declaration,
            List<(string, List<ISymbol>, List<INamedTypeSymbol>)> groups,
            (string, ISymbol)? shared)
        {
            this.document = document;
            Interface = @interface;
            this.declaration = declaration;
            this.groups = groups;
            this.shared = shared;
        }

        public INamedTypeSymbol Interface { get; }

        public static async Task<SplitPlan?> CreateAsync(Document document, Diagnostic diagnostic, CancellationToken cancellationToken)
        {
            if (!diagnostic.Properties.TryGetValue(BroadInterfaceAnalyzer.GroupsProperty, out var encoded) || string.IsNullOrEmpty(encoded))
            {
                return null;
            }

            var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
            if (root?.FindNode(diagnostic.Location.SourceSpan) is not { } node
                || node.FirstAncestorOrSelf<InterfaceDeclarationSyntax>() is not { } declaration
                || model?.GetDeclaredSymbol(declaration, cancellationToken) is not INamedTypeSymbol @interface
                || @interface.IsGenericType
                || @interface.DeclaringSyntaxReferences.Length != 1)
            {
                return null; // generic and partial interfaces: the members' type parameters and parts need more than a move
            }

            var compilation = model.Compilation;
            var taken = new HashSet<string>(StringComparer.Ordinal);
            var groups = new List<(string, List<ISymbol>, List<INamedTypeSymbol>)>();
            foreach (var part in encoded!.Split('|'))
            {
                var halves = part.Split('=');
                if (halves.Length != 2
                    || Resolve(halves[0], compilation) is not { Count: > 0 } consumerSymbols
                    || Resolve(halves[1], compilation) is not { Count: > 0 } members)
                {
                    return null;
                }

                var consumers = consumerSymbols.OfType<INamedTypeSymbol>().ToList();
                if (consumers.Count == 0 || !members.All(m => CanMove(m, @interface)))
                {
                    return null;
                }

                groups.Add((FreeName(@interface, Stem(@interface) + "For" + consumers[0].Name, taken), members, consumers));
            }

            (string, ISymbol)? shared = null;
            if (diagnostic.Properties.TryGetValue(BroadInterfaceAnalyzer.SharedProperty, out var sharedId)
                && !string.IsNullOrEmpty(sharedId))
            {
                if (DocumentationCommentId.GetFirstSymbolForDeclarationId(sharedId!, compilation) is not { } sharedMember || !CanMove(sharedMember, @interface))
                {
                    return null;
                }

                shared = (FreeName(@interface, Stem(@interface) + "Common", taken), sharedMember);
            }

            return groups.Count >= 2 && !HasExplicitImplementations(@interface, groups, shared)
                ? new SplitPlan(document, @interface, declaration, groups, shared)
                : null;
        }

        public async Task<Solution> ApplyAsync(CancellationToken cancellationToken)
        {
            var solution = document.Project.Solution;
            var editor = new SolutionEditor(solution);

            // The interface's file: the narrow interfaces go before the broad one, which inherits them.
            var interfaceEditor = await editor.GetDocumentEditorAsync(document.Id, cancellationToken).ConfigureAwait(false);
            var moved = new HashSet<SyntaxNode>();
            var newInterfaces = new List<MemberDeclarationSyntax>();
            if (shared is { } common)
            {
                newInterfaces.Add(NarrowInterface(common.Name, new[] { common.Member }, baseName: null, moved, first: true));
            }

            foreach (var (name, members, _) in groups)
            {
                newInterfaces.Add(NarrowInterface(name, members, shared?.Name, moved, first: newInterfaces.Count == 0));
            }

            var broad = declaration.RemoveNodes(moved, SyntaxRemoveOptions.KeepNoTrivia)!;
            var bases = groups.Select(g => (BaseTypeSyntax)SimpleBaseType(IdentifierName(g.Name))).ToList();
            if (declaration.BaseList is { } existing)
            {
                bases.AddRange(existing.Types);
            }

            broad = broad
                .WithLeadingTrivia(declaration.GetLeadingTrivia().SkipWhile(t => t.IsKind(SyntaxKind.EndOfLineTrivia) || t.IsKind(SyntaxKind.WhitespaceTrivia)).Prepend(Whitespace(IndentationOf(declaration))))
                .WithIdentifier(broad.Identifier.WithTrailingTrivia(Space))
                .WithBaseList(BaseList(SeparatedList(bases)).WithTrailingTrivia(declaration.BaseList?.GetTrailingTrivia() ?? declaration.Identifier.TrailingTrivia))
                .WithAdditionalAnnotations(Formatter.Annotation);
            interfaceEditor.InsertBefore(declaration, newInterfaces);
            interfaceEditor.ReplaceNode(declaration, broad);

            // Each consumer: narrow what only reaches its group's members.
            foreach (var (name, members, consumers) in groups)
            {
                var allowed = new HashSet<ISymbol>(members, SymbolEqualityComparer.Default);
                if (shared is { } s)
                {
                    allowed.Add(s.Member);
                }

                var narrowType = QualifiedType(name);
                foreach (var consumer in consumers)
                {
                    foreach (var reference in consumer.DeclaringSyntaxReferences)
                    {
                        var consumerDocument = solution.GetDocument(reference.SyntaxTree);
                        if (consumerDocument is null)
                        {
                            continue;
                        }

                        var consumerEditor = await editor.GetDocumentEditorAsync(consumerDocument.Id, cancellationToken).ConfigureAwait(false);
                        var typeNode = await reference.GetSyntaxAsync(cancellationToken).ConfigureAwait(false);
                        foreach (var typeSyntax in NarrowableTypes(typeNode, consumerEditor.SemanticModel, allowed, cancellationToken))
                        {
                            consumerEditor.ReplaceNode(typeSyntax, narrowType.WithTriviaFrom(typeSyntax));
                        }
                    }
                }
            }

            return editor.GetChangedSolution();
        }

        private InterfaceDeclarationSyntax NarrowInterface(string name, IEnumerable<ISymbol> members, string? baseName, HashSet<SyntaxNode> moved, bool first)
        {
            var declarations = new List<MemberDeclarationSyntax>();
            foreach (var member in members.OrderBy(m => m.Locations[0].SourceSpan.Start))
            {
                var memberDeclaration = MemberDeclaration(member)!;
                moved.Add(memberDeclaration);
                declarations.Add(memberDeclaration);
            }

            var modifiers = TokenList(declaration.Modifiers.Where(m => !m.IsKind(SyntaxKind.PartialKeyword)));
            var narrow = InterfaceDeclaration(name)
                .WithModifiers(modifiers)
                .WithMembers(List(declarations));
            if (baseName is not null)
            {
                narrow = narrow.WithBaseList(BaseList(SingletonSeparatedList<BaseTypeSyntax>(SimpleBaseType(IdentifierName(baseName)))));
            }

            // The first new interface takes the blank lines before the broad one; its doc comment stays with it.
            var leading = first
                ? declaration.GetLeadingTrivia().Where(t => !t.IsKind(SyntaxKind.SingleLineDocumentationCommentTrivia) && !t.IsKind(SyntaxKind.MultiLineDocumentationCommentTrivia))
                : declaration.GetLeadingTrivia().Where(t => t.IsKind(SyntaxKind.WhitespaceTrivia));
            return narrow
                .WithLeadingTrivia(leading)
                .WithTrailingTrivia(EndOfLine(), EndOfLine())
                .WithAdditionalAnnotations(Formatter.Annotation);
        }

        /// <summary>The line ending the file already uses.</summary>
        private SyntaxTrivia EndOfLine() =>
            declaration.DescendantTrivia().FirstOrDefault(t => t.IsKind(SyntaxKind.EndOfLineTrivia)) is { } eol && eol.IsKind(SyntaxKind.EndOfLineTrivia)
                ? eol
                : CarriageReturnLineFeed;

        private static string IndentationOf(SyntaxNode node)
        {
            var whitespace = node.GetLeadingTrivia().LastOrDefault(t => t.IsKind(SyntaxKind.WhitespaceTrivia));
            return whitespace.ToString();
        }

        private TypeSyntax QualifiedType(string name)
        {
            var ns = Interface.ContainingNamespace;
            var prefix = ns is null || ns.IsGlobalNamespace ? "global::" : "global::" + ns.ToDisplayString() + ".";
            return ParseTypeName(prefix + name).WithAdditionalAnnotations(Simplifier.Annotation);
        }

        /// <summary>
        /// Declared types of the broad interface in one consumer declaration that can take the narrow type: private fields,
        /// locals and parameters of ordinary methods, each only used as the receiver of an allowed member, or assigned.
        /// </summary>
        private IEnumerable<TypeSyntax> NarrowableTypes(SyntaxNode consumer, SemanticModel model, HashSet<ISymbol> allowed, CancellationToken cancellationToken)
        {
            var declared = new List<(ISymbol Symbol, TypeSyntax Type)>();
            foreach (var node in consumer.DescendantNodes())
            {
                switch (node)
                {
                    case VariableDeclarationSyntax { Variables.Count: 1 } variable when IsBroad(variable.Type, model, cancellationToken):
                        if (model.GetDeclaredSymbol(variable.Variables[0], cancellationToken) is { } symbol
                            && (symbol is ILocalSymbol || symbol is IFieldSymbol { DeclaredAccessibility: Accessibility.Private }))
                        {
                            declared.Add((symbol, variable.Type));
                        }

                        break;
                    case ParameterSyntax { Type: { } type, Parent.Parent: MethodDeclarationSyntax or LocalFunctionStatementSyntax } parameter when IsBroad(type, model, cancellationToken):
                        if (model.GetDeclaredSymbol(parameter, cancellationToken) is IParameterSymbol p
                            && p.ContainingSymbol is IMethodSymbol method
                            && !method.IsOverride
                            && method.ExplicitInterfaceImplementations.IsEmpty
                            && !InterfaceContracts.ImplementsInterfaceMember(method)
                            && p.RefKind == RefKind.None)
                        {
                            declared.Add((p, type));
                        }

                        break;
                }
            }

            foreach (var (symbol, type) in declared)
            {
                if (OnlyReachesAllowedMembers(consumer, model, symbol, allowed, cancellationToken))
                {
                    yield return type;
                }
            }
        }

        private static bool OnlyReachesAllowedMembers(SyntaxNode scope, SemanticModel model, ISymbol symbol, HashSet<ISymbol> allowed, CancellationToken cancellationToken)
        {
            foreach (var name in scope.DescendantNodes().OfType<IdentifierNameSyntax>())
            {
                if (name.Identifier.ValueText != symbol.Name
                    || !SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(name, cancellationToken).Symbol, symbol))
                {
                    continue;
                }

                ExpressionSyntax expression = name.Parent is MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax } self && self.Name == name ? self : name;
                switch (expression.Parent)
                {
                    case MemberAccessExpressionSyntax access when access.Expression == expression:
                        var member = model.GetSymbolInfo(access, cancellationToken).Symbol?.OriginalDefinition;
                        if (member is null || !allowed.Contains(member))
                        {
                            return false;
                        }

                        break;
                    case AssignmentExpressionSyntax assignment when assignment.Left == expression && assignment.IsKind(SyntaxKind.SimpleAssignmentExpression):
                        break;
                    default:
                        return false;
                }
            }

            return true;
        }

        private bool IsBroad(TypeSyntax type, SemanticModel model, CancellationToken cancellationToken) =>
            SymbolEqualityComparer.Default.Equals(model.GetTypeInfo(type, cancellationToken).Type?.OriginalDefinition, Interface);
        private static List<ISymbol>? Resolve(string ids, Compilation compilation)
        {
            var symbols = new List<ISymbol>();
            foreach (var id in ids.Split(';'))
            {
                if (DocumentationCommentId.GetFirstSymbolForDeclarationId(id, compilation) is not { } symbol)
                {
                    return null;
                }

                symbols.Add(symbol);
            }

            return symbols;
        }

        /// <summary>A member the fix can cut out and paste: declared alone in the broad interface's single declaration.</summary>
        private static bool CanMove(ISymbol member, INamedTypeSymbol @interface) =>
            SymbolEqualityComparer.Default.Equals(member.ContainingType, @interface)
            && member.DeclaringSyntaxReferences.Length == 1
            && MemberDeclaration(member) is not null;

        private static MemberDeclarationSyntax? MemberDeclaration(ISymbol member)
        {
            var syntax = member.DeclaringSyntaxReferences[0].GetSyntax();
            return syntax switch
            {
                MethodDeclarationSyntax or PropertyDeclarationSyntax or IndexerDeclarationSyntax or EventDeclarationSyntax => (MemberDeclarationSyntax)syntax,
                VariableDeclaratorSyntax { Parent: VariableDeclarationSyntax { Variables.Count: 1, Parent: EventFieldDeclarationSyntax @event } } => @event,
                _ => null,
            };
        }

        /// <summary>An explicit implementation names the interface that declares the member; moving the member would break it.</summary>
        private static bool HasExplicitImplementations(INamedTypeSymbol @interface, List<(string, List<ISymbol> Members, List<INamedTypeSymbol>)> groups, (string, ISymbol Member)? shared)
        {
            var moving = new HashSet<ISymbol>(groups.SelectMany(g => g.Members), SymbolEqualityComparer.Default);
            if (shared is { } s)
            {
                moving.Add(s.Member);
            }

            foreach (var type in ImplementingTypes(@interface))
            {
                foreach (var member in type.GetMembers())
                {
                    var implemented = member switch
                    {
                        IMethodSymbol m => m.ExplicitInterfaceImplementations.Cast<ISymbol>(),
                        IPropertySymbol p => p.ExplicitInterfaceImplementations.Cast<ISymbol>(),
                        IEventSymbol e => e.ExplicitInterfaceImplementations.Cast<ISymbol>(),
                        _ => Enumerable.Empty<ISymbol>(),
                    };
                    if (implemented.Any(i => moving.Contains(i.OriginalDefinition)))
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        private static IEnumerable<INamedTypeSymbol> ImplementingTypes(INamedTypeSymbol @interface)
        {
            var stack = new Stack<INamespaceOrTypeSymbol>();
            stack.Push(@interface.ContainingAssembly.GlobalNamespace);
            while (stack.Count > 0)
            {
                foreach (var member in stack.Pop().GetMembers())
                {
                    if (member is INamespaceOrTypeSymbol container)
                    {
                        stack.Push(container);
                    }

                    if (member is INamedTypeSymbol { TypeKind: TypeKind.Class or TypeKind.Struct } type
                        && type.AllInterfaces.Any(i => SymbolEqualityComparer.Default.Equals(i.OriginalDefinition, @interface)))
                    {
                        yield return type;
                    }
                }
            }
        }

        private static string Stem(INamedTypeSymbol @interface) =>
            @interface.Name.Length > 1 && @interface.Name[0] == 'I' && char.IsUpper(@interface.Name[1]) ? @interface.Name : "I" + @interface.Name;

        private static string FreeName(INamedTypeSymbol @interface, string preferred, HashSet<string> taken)
        {
            var container = (INamespaceOrTypeSymbol?)@interface.ContainingType ?? @interface.ContainingNamespace;
            var name = preferred;
            for (var i = 2; taken.Contains(name) || (container is not null && !container.GetTypeMembers(name).IsEmpty); i++)
            {
                name = preferred + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            taken.Add(name);
            return name;
        }
    }
}
