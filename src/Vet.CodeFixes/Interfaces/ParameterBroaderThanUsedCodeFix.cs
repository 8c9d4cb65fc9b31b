using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Simplification;
using Vet.Analyzers;
using Vet.Analyzers.Interfaces;

namespace Vet.CodeFixes.Interfaces;

/// <summary>VET402: changes the parameter's type to the more general type every use fits.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(ParameterBroaderThanUsedCodeFix)), Shared]
public sealed class ParameterBroaderThanUsedCodeFix : CodeFixProvider
{
    public const string ChangeTypeKey = "VET402.ChangeParameterType";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } =
        ImmutableArray.Create(Descriptors.VET402_ParameterBroaderThanUsed.Id);

    // Each fix edits one parameter in one document.
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
            if (!diagnostic.Properties.TryGetValue(ParameterBroaderThanUsedAnalyzer.SuggestedTypeProperty, out var typeName)
                || typeName is null
                || !diagnostic.Properties.TryGetValue(ParameterBroaderThanUsedAnalyzer.SuggestedNameProperty, out var shortName)
                || root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not { } node
                || node.FirstAncestorOrSelf<ParameterSyntax>() is not { Type: { } } parameter)
            {
                continue;
            }

            var document = context.Document;
            context.RegisterCodeFix(
                CodeAction.Create(
                    $"Change the type of '{parameter.Identifier.ValueText}' to {shortName}",
                    ct => ChangeTypeAsync(document, parameter, typeName, ct),
                    ChangeTypeKey),
                diagnostic);
        }
    }

    private static async Task<Document> ChangeTypeAsync(Document document, ParameterSyntax parameter, string typeName, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        if (root is null || parameter.Type is null)
        {
            return document;
        }

        var newType = SyntaxFactory.ParseTypeName(typeName)
            .WithTriviaFrom(parameter.Type)
            .WithAdditionalAnnotations(Simplifier.Annotation, Simplifier.AddImportsAnnotation);
        var changed = document.WithSyntaxRoot(root.ReplaceNode(parameter.Type, newType));
        return await ImportAdder.AddImportsAsync(changed, Simplifier.AddImportsAnnotation, cancellationToken: cancellationToken).ConfigureAwait(false);
    }
}
