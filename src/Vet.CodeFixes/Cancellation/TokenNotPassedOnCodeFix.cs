using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Vet.Analyzers;
using Vet.Analyzers.Cancellation;

namespace Vet.CodeFixes.Cancellation;

/// <summary>VET103: passes the token in scope (replaces None/default or another token, adds WithCancellation, adds the argument).</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(TokenNotPassedOnCodeFix)), Shared]
public sealed class TokenNotPassedOnCodeFix : CodeFixProvider
{
    public const string PassTokenKey = "VET103.PassToken";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } =
        ImmutableArray.Create(Descriptors.VET103_TokenNotPassedOn.Id);

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
            if (!diagnostic.Properties.TryGetValue(TokenNotPassedOnAnalyzer.TokenProperty, out var token) || token is null
                || !diagnostic.Properties.TryGetValue(TokenNotPassedOnAnalyzer.KindProperty, out var kind)
                || Target(root, diagnostic, kind) is null)
            {
                continue;
            }

            var document = context.Document;
            context.RegisterCodeFix(
                CodeAction.Create($"Pass '{token}'", ct => ApplyAsync(document, diagnostic, ct), PassTokenKey),
                diagnostic);
        }
    }

    private static SyntaxNode? Target(SyntaxNode root, Diagnostic diagnostic, string? kind)
    {
        var node = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
        return kind switch
        {
            TokenNotPassedOnAnalyzer.KindReplace or TokenNotPassedOnAnalyzer.KindWithCancellation => node as ExpressionSyntax,
            TokenNotPassedOnAnalyzer.KindInsert => node.FirstAncestorOrSelf<InvocationExpressionSyntax>(),
            _ => null,
        };
    }

    private static async Task<Document> ApplyAsync(Document document, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        diagnostic.Properties.TryGetValue(TokenNotPassedOnAnalyzer.KindProperty, out var kind);
        diagnostic.Properties.TryGetValue(TokenNotPassedOnAnalyzer.TokenProperty, out var tokenName);
        if (root is null || tokenName is null || Target(root, diagnostic, kind) is not { } target)
        {
            return document;
        }

        var token = SyntaxFactory.IdentifierName(Escape(tokenName));
        switch (kind)
        {
            case TokenNotPassedOnAnalyzer.KindReplace:
                root = root.ReplaceNode(target, token.WithTriviaFrom(target));
                break;
            case TokenNotPassedOnAnalyzer.KindWithCancellation:
                var collection = (ExpressionSyntax)target;
                var imported = await SeesWithCancellationAsync(document, collection, cancellationToken).ConfigureAwait(false);
                var receiver = NeedsParentheses(collection)
                    ? SyntaxFactory.ParenthesizedExpression(collection.WithoutTrivia())
                    : collection.WithoutTrivia();
                var call = SyntaxFactory.InvocationExpression(
                    SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, receiver, SyntaxFactory.IdentifierName("WithCancellation")),
                    SyntaxFactory.ArgumentList(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.Argument(token))));
                root = root.ReplaceNode(collection, call.WithTriviaFrom(collection));
                if (!imported && root is CompilationUnitSyntax unit)
                {
                    root = unit.AddUsings(SyntaxFactory.UsingDirective(SyntaxFactory.ParseName("System.Threading.Tasks")).WithTrailingTrivia(SyntaxFactory.ElasticCarriageReturnLineFeed));
                }

                break;
            case TokenNotPassedOnAnalyzer.KindInsert:
                var invocation = (InvocationExpressionSyntax)target;
                var arguments = invocation.ArgumentList.Arguments;
                ArgumentSyntax argument = SyntaxFactory.Argument(token);
                if (diagnostic.Properties.TryGetValue(TokenNotPassedOnAnalyzer.ParameterProperty, out var parameter) && parameter is not null)
                {
                    // The other arguments are named (an optional first parameter is only skipped that way): name this one too.
                    argument = argument.WithNameColon(SyntaxFactory.NameColon(SyntaxFactory.IdentifierName(Escape(parameter))));
                    arguments = arguments.Add(argument);
                }
                else
                {
                    arguments = arguments.Insert(0, argument);
                }

                root = root.ReplaceNode(invocation.ArgumentList, invocation.ArgumentList.WithArguments(arguments));
                break;
            default:
                return document;
        }

        return document.WithSyntaxRoot(root);
    }

    private static bool NeedsParentheses(ExpressionSyntax expression) => expression is not (
        IdentifierNameSyntax or GenericNameSyntax or MemberAccessExpressionSyntax or InvocationExpressionSyntax
        or ElementAccessExpressionSyntax or ParenthesizedExpressionSyntax or ThisExpressionSyntax or BaseExpressionSyntax
        or ObjectCreationExpressionSyntax or ImplicitObjectCreationExpressionSyntax);

    /// <summary>Whether the WithCancellation extension (in System.Threading.Tasks) is visible at the collection, global usings included.</summary>
    private static async Task<bool> SeesWithCancellationAsync(Document document, ExpressionSyntax collection, CancellationToken cancellationToken)
    {
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (model?.GetTypeInfo(collection, cancellationToken).Type is not { } type)
        {
            return true;
        }

        return !model.LookupSymbols(collection.SpanStart, type, "WithCancellation", includeReducedExtensionMethods: true).IsEmpty;
    }

    private static string Escape(string name) =>
        SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None || SyntaxFacts.GetContextualKeywordKind(name) is SyntaxKind.AwaitKeyword
            ? "@" + name
            : name;
}
