using System.Collections.Immutable;
using System.Composition;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Simplification;
using Vet.Analyzers;
using Vet.Analyzers.Errors;
using Vet.CodeFixes.Engine;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace Vet.CodeFixes.Errors;

/// <summary>
/// VET301: passes the caught exception to the constructor overload that takes it, keeping every other argument (a named
/// argument when the call already names some, otherwise in the overload's position), and names the catch variable
/// first when the catch has none.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(CauseNotWrappedCodeFix)), Shared]
public sealed class CauseNotWrappedCodeFix : CodeFixProvider
{
    public const string PassInnerExceptionKey = "VET301.PassInnerException";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } =
        ImmutableArray.Create(Descriptors.VET301_CauseNotWrapped.Id);

    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null)
        {
            return;
        }

        foreach (var diagnostic in context.Diagnostics)
        {
            if (!diagnostic.Properties.ContainsKey(CauseNotWrappedAnalyzer.ParameterProperty)
                || Creation(root, diagnostic) is not { } creation
                || creation.FirstAncestorOrSelf<CatchClauseSyntax>() is null)
            {
                continue;
            }

            var document = context.Document;
            context.RegisterCodeFix(
                CodeAction.Create("Pass the caught exception as the inner exception", ct => ApplyAsync(document, diagnostic, ct), PassInnerExceptionKey),
                diagnostic);
        }
    }

    private static BaseObjectCreationExpressionSyntax? Creation(SyntaxNode root, Diagnostic diagnostic) =>
        root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) as BaseObjectCreationExpressionSyntax;

    private static async Task<Document> ApplyAsync(Document document, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (root is null || model is null
            || Creation(root, diagnostic) is not { } creation
            || creation.FirstAncestorOrSelf<CatchClauseSyntax>() is not { } @catch
            || !diagnostic.Properties.TryGetValue(CauseNotWrappedAnalyzer.ParameterProperty, out var parameterName) || parameterName is null
            || !diagnostic.Properties.TryGetValue(CauseNotWrappedAnalyzer.OrdinalProperty, out var ordinalText)
            || !int.TryParse(ordinalText, NumberStyles.Integer, CultureInfo.InvariantCulture, out var ordinal))
        {
            return document;
        }

        // The catch variable, named first when the catch has none.
        var name = @catch.Declaration is { Identifier.ValueText.Length: > 0 } declared
            ? declared.Identifier.ValueText
            : Names.Free("ex", @catch.Block, model, cancellationToken);
        var arguments = creation.ArgumentList ?? ArgumentList();
        var cause = Argument(IdentifierName(name));
        var named = false;
        foreach (var argument in arguments.Arguments)
        {
            named |= argument.NameColon is not null;
        }

        var newArguments = named || ordinal > arguments.Arguments.Count
            ? arguments.Arguments.Add(cause.WithNameColon(NameColon(IdentifierName(parameterName))))
            : arguments.Arguments.Insert(ordinal, cause);
        var newCreation = creation.WithArgumentList(arguments.WithArguments(newArguments));

        var newCatch = @catch.ReplaceNode(creation, newCreation);
        if (newCatch.Declaration is null)
        {
            var type = (TypeSyntax)ParseTypeName("System.Exception").WithAdditionalAnnotations(Simplifier.Annotation);
            newCatch = newCatch.WithDeclaration(CatchDeclaration(type.WithTrailingTrivia(Space), Identifier(name)).WithTrailingTrivia(Space))
                .WithCatchKeyword(newCatch.CatchKeyword.WithTrailingTrivia(Space));
        }
        else if (newCatch.Declaration.Identifier.ValueText.Length == 0)
        {
            newCatch = newCatch.WithDeclaration(newCatch.Declaration.WithIdentifier(Identifier(name)).WithType(newCatch.Declaration.Type.WithTrailingTrivia(Space)));
        }

        return document.WithSyntaxRoot(root.ReplaceNode(@catch, newCatch));
    }
}
