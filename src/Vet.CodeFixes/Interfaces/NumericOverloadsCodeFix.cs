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
using Microsoft.CodeAnalysis.FindSymbols;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.Simplification;
using Vet.Analyzers;
using Vet.Analyzers.Interfaces;
using Vet.CodeFixes.Engine;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace Vet.CodeFixes.Interfaces;

/// <summary>
/// VET411: keeps the first overload as <c>M&lt;T&gt;(…) where T : INumber&lt;T&gt;</c> (the numeric type becomes T; literals
/// T.Zero, T.One or T.CreateChecked(…); Math.Max/Min/Abs T.Max/Min/Abs) and removes the others. Offered only when every
/// call of every overload passes arguments of exactly the overload's type, so that inference picks the same T and no
/// call that relied on an implicit conversion (an int passed to the long overload) changes meaning.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(NumericOverloadsCodeFix)), Shared]
public sealed class NumericOverloadsCodeFix : CodeFixProvider
{
    public const string MakeGenericKey = "VET411.MakeGeneric";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } =
        ImmutableArray.Create(Descriptors.VET411_NumericOverloads.Id);

    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null || model is null)
        {
            return;
        }

        foreach (var diagnostic in context.Diagnostics)
        {
            if (Overloads(root, model, diagnostic, context.CancellationToken) is not { } overloads
                || !await EveryCallKeepsItsTypeAsync(context.Document.Project.Solution, overloads, context.CancellationToken).ConfigureAwait(false))
            {
                continue;
            }

            var document = context.Document;
            context.RegisterCodeFix(
                CodeAction.Create($"Make '{overloads[0].Symbol.Name}' one generic method over INumber<T>", ct => ApplyAsync(document, diagnostic, ct), MakeGenericKey),
                diagnostic);
        }
    }

    private static List<(MethodDeclarationSyntax Syntax, IMethodSymbol Symbol)>? Overloads(SyntaxNode root, SemanticModel model, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        var overloads = new List<(MethodDeclarationSyntax, IMethodSymbol)>();
        foreach (var location in diagnostic.AdditionalLocations.Prepend(diagnostic.Location))
        {
            if (location.SourceTree != root.SyntaxTree
                || root.FindNode(location.SourceSpan).FirstAncestorOrSelf<MethodDeclarationSyntax>() is not { } syntax
                || model.GetDeclaredSymbol(syntax, cancellationToken) is not { } symbol)
            {
                return null;
            }

            overloads.Add((syntax, symbol));
        }

        // T must be inferable from the arguments.
        var numeric = NumericOverloads.NumericTypeOf(overloads[0].Item2);
        return numeric is not null && overloads[0].Item2.Parameters.Any(p => NumericOverloads.Mentions(p.Type, numeric)) ? overloads : null;
    }

    /// <summary>Every reference is a call whose numeric arguments already have the overload's exact type.</summary>
    private static async Task<bool> EveryCallKeepsItsTypeAsync(Solution solution, List<(MethodDeclarationSyntax Syntax, IMethodSymbol Symbol)> overloads, CancellationToken cancellationToken)
    {
        foreach (var (_, symbol) in overloads)
        {
            var numeric = NumericOverloads.NumericTypeOf(symbol)!;
            foreach (var referenced in await SymbolFinder.FindReferencesAsync(symbol, solution, cancellationToken).ConfigureAwait(false))
            {
                foreach (var location in referenced.Locations)
                {
                    var model = await location.Document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
                    var root = await location.Document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
                    var node = root?.FindNode(location.Location.SourceSpan, getInnermostNodeForTie: true);
                    var invocation = node?.FirstAncestorOrSelf<InvocationExpressionSyntax>();
                    if (model is null || invocation is null
                        || model.GetOperation(invocation, cancellationToken) is not IInvocationOperation call
                        || !SymbolEqualityComparer.Default.Equals(call.TargetMethod.OriginalDefinition, symbol))
                    {
                        return false; // a method group, a delegate or something unexpected
                    }

                    foreach (var argument in call.Arguments)
                    {
                        if (argument.Parameter is { } parameter
                            && NumericOverloads.Mentions(parameter.Type, numeric)
                            && (argument.Value is IConversionOperation { IsImplicit: true } || argument.ArgumentKind != ArgumentKind.Explicit))
                        {
                            return false; // inference would pick another T, or a params array would need one
                        }
                    }
                }
            }
        }

        return true;
    }

    private static async Task<Document> ApplyAsync(Document document, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (root is null || model is null || Overloads(root, model, diagnostic, cancellationToken) is not { } overloads)
        {
            return document;
        }

        var (kept, symbol) = overloads[0];
        var numeric = NumericOverloads.NumericTypeOf(symbol)!;
        var typeParameter = FreeTypeParameterName(symbol);
        var generic = Generic(kept, model, numeric, typeParameter, cancellationToken);

        var newRoot = root.TrackNodes(overloads.Select(o => (SyntaxNode)o.Syntax));
        newRoot = newRoot.ReplaceNode(newRoot.GetCurrentNode(kept)!, generic);
        foreach (var (removed, _) in overloads.Skip(1))
        {
            newRoot = newRoot.RemoveNode(newRoot.GetCurrentNode(removed)!, SyntaxRemoveOptions.KeepNoTrivia)!;
        }

        var changed = document.WithSyntaxRoot(newRoot);
        return await ImportAdder.AddImportsAsync(changed, Simplifier.AddImportsAnnotation, cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    private static MethodDeclarationSyntax Generic(MethodDeclarationSyntax method, SemanticModel model, ITypeSymbol numeric, string name, CancellationToken cancellationToken)
    {
        var keyword = numeric.ToDisplayString();
        var replacements = new Dictionary<SyntaxNode, SyntaxNode>();
        foreach (var node in method.DescendantNodes())
        {
            switch (node)
            {
                case PredefinedTypeSyntax predefined when predefined.Keyword.ValueText == keyword:
                    replacements[node] = IdentifierName(name).WithTriviaFrom(node);
                    break;
                case LiteralExpressionSyntax { RawKind: (int)SyntaxKind.NumericLiteralExpression } literal
                    when SymbolEqualityComparer.Default.Equals(model.GetTypeInfo(literal, cancellationToken).ConvertedType, numeric):
                    replacements[node] = GenericLiteral(literal, name).WithTriviaFrom(node);
                    break;
                case MemberAccessExpressionSyntax { Expression: { } receiver, Name.Identifier.ValueText: "Max" or "Min" or "Abs" } access
                    when model.GetSymbolInfo(access, cancellationToken).Symbol is IMethodSymbol { ContainingType: { } math } && math.ToDisplayString() == "System.Math":
                    replacements[receiver] = IdentifierName(name).WithTriviaFrom(receiver);
                    break;
            }
        }

        var constraint = TypeParameterConstraintClause(IdentifierName(name))
            .WithConstraints(SingletonSeparatedList<TypeParameterConstraintSyntax>(
                TypeConstraint(TypeNames.Imported("System.Numerics.INumber<" + name + ">"))));
        var rewritten = method.ReplaceNodes(replacements.Keys, (original, _) => replacements[original]);
        return rewritten
            .WithTypeParameterList(TypeParameterList(SingletonSeparatedList(TypeParameter(name))))
            .WithParameterList(rewritten.ParameterList.WithTrailingTrivia(Space))
            .WithConstraintClauses(SingletonList(constraint.WithTrailingTrivia(rewritten.ParameterList.GetTrailingTrivia())));
    }

    /// <summary>0 is T.Zero, 1 is T.One; any other literal keeps its value through T.CreateChecked.</summary>
    private static ExpressionSyntax GenericLiteral(LiteralExpressionSyntax literal, string name)
    {
        var value = NumericOverloads.LiteralValue(literal.Token);
        ExpressionSyntax T() => IdentifierName(name);
        return value switch
        {
            "0" => MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, T(), IdentifierName("Zero")),
            "1" => MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, T(), IdentifierName("One")),
            _ => InvocationExpression(
                MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, T(), IdentifierName("CreateChecked")),
                ArgumentList(SingletonSeparatedList(Argument(literal.WithoutTrivia())))),
        };
    }

    private static string FreeTypeParameterName(IMethodSymbol method)
    {
        foreach (var candidate in new[] { "T", "TNumber", "TValue" })
        {
            var taken = false;
            for (var type = method.ContainingType; type is not null && !taken; type = type.ContainingType)
            {
                taken = type.TypeParameters.Any(p => p.Name == candidate) || !type.GetMembers(candidate).IsEmpty || type.Name == candidate;
            }

            if (!taken && !method.Parameters.Any(p => p.Name == candidate))
            {
                return candidate;
            }
        }

        return "TNumber";
    }
}
