using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Simplification;
using Vet.Analyzers;
using Vet.Analyzers.Errors;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace Vet.CodeFixes.Errors;

/// <summary>
/// VET304: <c>ex.GetType() == typeof(X)</c> (or <c>.Equals(typeof(X))</c>) becomes <c>ex is X</c>, and <c>!=</c> becomes
/// <c>ex is not X</c> (<c>!(ex is X)</c> before C# 9). Name and message comparisons have no type to test and get no fix.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(ExceptionIdentityCodeFix)), Shared]
public sealed class ExceptionIdentityCodeFix : CodeFixProvider
{
    public const string UseIsKey = "VET304.UseIs";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } =
        ImmutableArray.Create(Descriptors.VET304_ExceptionIdentity.Id);

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
            if (!diagnostic.Properties.TryGetValue(ExceptionIdentityAnalyzer.IsTestProperty, out var typeName)
                || Parts(root, diagnostic) is null)
            {
                continue;
            }

            var document = context.Document;
            context.RegisterCodeFix(
                CodeAction.Create($"Use 'is {typeName}'", ct => ApplyAsync(document, diagnostic, ct), UseIsKey),
                diagnostic);
        }
    }

    private static async Task<Document> ApplyAsync(Document document, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        if (root is null || Parts(root, diagnostic) is not { } parts)
        {
            return document;
        }

        var negated = diagnostic.Properties.ContainsKey(ExceptionIdentityAnalyzer.NegatedProperty);
        var instance = parts.Instance.WithoutTrivia();
        var type = parts.Type.WithoutTrivia();
        // Parsed rather than built, so `is not T` gets the same pattern node the parser gives the code afterwards.
        var text = !negated
            ? $"{instance} is {type}"
            : ((CSharpParseOptions)root.SyntaxTree.Options).LanguageVersion >= LanguageVersion.CSharp9
                ? $"{instance} is not {type}"
                : $"!({instance} is {type})";
        var test = ParseExpression(text);

        var replacement = ParenthesizedExpression(test)
            .WithTriviaFrom(parts.Comparison)
            .WithAdditionalAnnotations(Simplifier.Annotation, Formatter.Annotation);
        return document.WithSyntaxRoot(root.ReplaceNode(parts.Comparison, replacement));
    }

    private sealed class ComparisonParts
    {
        internal ComparisonParts(ExpressionSyntax comparison, ExpressionSyntax instance, TypeSyntax type)
        {
            Comparison = comparison;
            Instance = instance;
            Type = type;
        }

        internal ExpressionSyntax Comparison { get; }

        internal ExpressionSyntax Instance { get; }

        internal TypeSyntax Type { get; }
    }

    /// <summary>The reported comparison, the exception whose GetType() it calls, and the type in its typeof.</summary>
    private static ComparisonParts? Parts(SyntaxNode root, Diagnostic diagnostic)
    {
        if (root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not ExpressionSyntax comparison
            || comparison is not (BinaryExpressionSyntax or InvocationExpressionSyntax))
        {
            return null;
        }

        ExpressionSyntax? instance = null;
        TypeSyntax? type = null;
        foreach (var node in comparison.DescendantNodes())
        {
            if (instance is null
                && node is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "GetType" } getType, ArgumentList.Arguments.Count: 0 })
            {
                instance = getType.Expression;
            }
            else if (instance is null
                && node is ConditionalAccessExpressionSyntax { WhenNotNull: InvocationExpressionSyntax { Expression: MemberBindingExpressionSyntax { Name.Identifier.ValueText: "GetType" }, ArgumentList.Arguments.Count: 0 } } conditional)
            {
                // `ex.InnerException?.GetType() == typeof(X)` is false for null, as `ex.InnerException is X` is.
                instance = conditional.Expression;
            }
            else if (type is null && node is TypeOfExpressionSyntax typeOf)
            {
                type = typeOf.Type;
            }
        }

        return instance is not null && type is not null ? new ComparisonParts(comparison, instance, type) : null;
    }
}
