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
using Microsoft.CodeAnalysis.Formatting;
using Vet.Analyzers;
using Vet.Analyzers.Cancellation;

namespace Vet.CodeFixes.Cancellation;

/// <summary>
/// VET102: dispose the source with <c>using</c>. A local declaration becomes <c>using var</c> (or a <c>using</c>
/// block before C# 8 and in switch sections); an inline <c>new CancellationTokenSource(..).Token</c> gets a
/// <c>using var cts</c> local. Fields get no fix.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(CancellationTokenSourceNotDisposedCodeFix)), Shared]
public sealed class CancellationTokenSourceNotDisposedCodeFix : CodeFixProvider
{
    public const string UsingKey = "VET102.Using";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } =
        ImmutableArray.Create(Descriptors.VET102_CancellationTokenSourceNotDisposed.Id);

    public override FixAllProvider GetFixAllProvider() => FixAllProvider.Create(FixAllInDocumentAsync);

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
            if (Plan(root, model, diagnostic, context.CancellationToken) is null)
            {
                continue;
            }

            context.RegisterCodeFix(
                CodeAction.Create("Dispose the source with 'using'", ct => ApplyAsync(context.Document, diagnostic, ct), UsingKey),
                diagnostic);
        }
    }

    private static async Task<Document?> FixAllInDocumentAsync(FixAllContext context, Document document, ImmutableArray<Diagnostic> diagnostics)
    {
        var root = await document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null)
        {
            return document;
        }

        // First to last, as fixing one at a time would: mark each reported node so it can be found again after edits.
        var ordered = diagnostics.OrderBy(d => d.Location.SourceSpan.Start).ToList();
        var marks = new SyntaxAnnotation[ordered.Count];
        var nodes = new SyntaxNode[ordered.Count];
        for (var i = 0; i < ordered.Count; i++)
        {
            marks[i] = new SyntaxAnnotation();
            nodes[i] = root.FindNode(ordered[i].Location.SourceSpan, getInnermostNodeForTie: true);
        }

        root = root.ReplaceNodes(nodes, (original, rewritten) => rewritten.WithAdditionalAnnotations(marks[System.Array.IndexOf(nodes, original)]));
        document = document.WithSyntaxRoot(root);
        for (var i = 0; i < ordered.Count; i++)
        {
            root = (await document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false))!;
            var model = await document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
            var node = root.GetAnnotatedNodes(marks[i]).FirstOrDefault();
            if (model is null || node is null || Plan(root, model, ordered[i], node, context.CancellationToken) is not { } edit)
            {
                continue;
            }

            document = document.WithSyntaxRoot(edit(root));
        }

        return document;
    }

    private static async Task<Document> ApplyAsync(Document document, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (root is null || model is null || Plan(root, model, diagnostic, cancellationToken) is not { } edit)
        {
            return document;
        }

        return document.WithSyntaxRoot(edit(root));
    }

    private delegate SyntaxNode Edit(SyntaxNode root);

    private static Edit? Plan(SyntaxNode root, SemanticModel model, Diagnostic diagnostic, CancellationToken cancellationToken) =>
        Plan(root, model, diagnostic, root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true), cancellationToken);

    private static Edit? Plan(SyntaxNode root, SemanticModel model, Diagnostic diagnostic, SyntaxNode node, CancellationToken cancellationToken)
    {
        if (!diagnostic.Properties.TryGetValue(CancellationTokenSourceNotDisposedAnalyzer.KindProperty, out var kind)
            || node is not ExpressionSyntax creation)
        {
            return null;
        }

        var modern = ((CSharpParseOptions)root.SyntaxTree.Options).LanguageVersion >= LanguageVersion.CSharp8;
        return kind switch
        {
            CancellationTokenSourceNotDisposedAnalyzer.LocalKind => PlanLocal(creation, model, modern, cancellationToken),
            CancellationTokenSourceNotDisposedAnalyzer.InlineKind when modern => PlanInline(creation, model, cancellationToken),
            _ => null,
        };
    }

    private static Edit? PlanLocal(ExpressionSyntax creation, SemanticModel model, bool modern, CancellationToken cancellationToken)
    {
        if (creation.Parent is not EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax declarator }
            || declarator.Parent is not VariableDeclarationSyntax { Variables.Count: 1 } declaration
            || declaration.Parent is not LocalDeclarationStatementSyntax statement
            || !statement.UsingKeyword.IsKind(SyntaxKind.None)
            || model.GetDeclaredSymbol(declarator, cancellationToken) is not ILocalSymbol local
            || Function(statement) is not { } function
            || IsIterator(function)
            || !OnlyMemberUses(function, local, model, cancellationToken))
        {
            return null;
        }

        if (modern && statement.Parent is BlockSyntax)
        {
            return root => root.ReplaceNode(statement, ToUsingDeclaration(statement));
        }

        SyntaxList<StatementSyntax> statements;
        if (statement.Parent is BlockSyntax block)
        {
            statements = block.Statements;
        }
        else if (statement.Parent is SwitchSectionSyntax section)
        {
            statements = section.Statements;
        }
        else
        {
            return null;
        }

        var index = statements.IndexOf(statement);
        var rest = statements.Skip(index + 1).ToList();
        var usingBlock = SyntaxFactory.UsingStatement(
                declaration.WithoutTrivia(),
                null,
                SyntaxFactory.Block(rest))
            .WithLeadingTrivia(statement.GetLeadingTrivia())
            .WithAdditionalAnnotations(Formatter.Annotation);
        var replaced = statements.Take(index).Concat(new StatementSyntax[] { usingBlock });
        var list = SyntaxFactory.List(replaced);
        SyntaxNode parent = statement.Parent;
        return root => root.ReplaceNode(parent, parent switch
        {
            BlockSyntax b => b.WithStatements(list),
            SwitchSectionSyntax s => s.WithStatements(list),
            _ => parent,
        });
    }

    private static LocalDeclarationStatementSyntax ToUsingDeclaration(LocalDeclarationStatementSyntax statement)
    {
        var leading = statement.GetLeadingTrivia();
        return statement
            .WithoutLeadingTrivia()
            .WithUsingKeyword(SyntaxFactory.Token(SyntaxKind.UsingKeyword).WithTrailingTrivia(SyntaxFactory.Space))
            .WithLeadingTrivia(leading);
    }

    private static Edit? PlanInline(ExpressionSyntax creation, SemanticModel model, CancellationToken cancellationToken)
    {
        if (creation.Parent is not MemberAccessExpressionSyntax access
            || creation.FirstAncestorOrSelf<StatementSyntax>() is not { } statement
            || statement.Parent is not BlockSyntax
            || statement is ReturnStatementSyntax or LocalFunctionStatementSyntax
            || Function(statement) is not { } function
            || IsIterator(function)
            || HasNestedFunctionBetween(creation, statement)
            || TokenEscapes(access, function, model, cancellationToken))
        {
            return null;
        }

        var name = FreeName(model, statement.SpanStart, "cts");
        var leading = statement.GetLeadingTrivia();
        var indentation = leading.Where(t => t.IsKind(SyntaxKind.WhitespaceTrivia)).LastOrDefault();
        var local = SyntaxFactory.LocalDeclarationStatement(
                SyntaxFactory.VariableDeclaration(
                    SyntaxFactory.IdentifierName(SyntaxFactory.Identifier(SyntaxFactory.TriviaList(), SyntaxKind.VarKeyword, "var", "var", SyntaxFactory.TriviaList(SyntaxFactory.Space))),
                    SyntaxFactory.SingletonSeparatedList(
                        SyntaxFactory.VariableDeclarator(SyntaxFactory.Identifier(name).WithTrailingTrivia(SyntaxFactory.Space))
                            .WithInitializer(SyntaxFactory.EqualsValueClause(
                                SyntaxFactory.Token(SyntaxKind.EqualsToken).WithTrailingTrivia(SyntaxFactory.Space),
                                creation.WithoutTrivia())))))
            .WithUsingKeyword(SyntaxFactory.Token(SyntaxKind.UsingKeyword).WithTrailingTrivia(SyntaxFactory.Space))
            .WithLeadingTrivia(leading)
            .WithTrailingTrivia(SyntaxFactory.ElasticCarriageReturnLineFeed);
        var rewritten = statement.ReplaceNode(creation, SyntaxFactory.IdentifierName(name).WithTriviaFrom(creation));
        rewritten = rewritten.WithLeadingTrivia(indentation == default ? SyntaxFactory.TriviaList() : SyntaxFactory.TriviaList(indentation));
        var newline = statement.SyntaxTree.GetText().ToString().Contains("\r\n") ? "\r\n" : "\n";
        local = local.WithTrailingTrivia(SyntaxFactory.EndOfLine(newline));
        return root => root.ReplaceNode(statement, new SyntaxNode[] { local, rewritten });
    }

    /// <summary>
    /// Whether the token read by <paramref name="token"/> outlives the block, so that disposing the source at its end
    /// would stop the timer or links that the token's later users rely on: the token is stored, returned, captured by a
    /// nested function, given to a constructor, or given to work that is not awaited in the same statement.
    /// </summary>
    private static bool TokenEscapes(ExpressionSyntax token, SyntaxNode function, SemanticModel model, CancellationToken cancellationToken)
    {
        if (HasNestedFunctionBetween(token, function))
        {
            return true;
        }

        SyntaxNode current = token;
        while (current.Parent is ParenthesizedExpressionSyntax or CastExpressionSyntax)
        {
            current = current.Parent;
        }

        switch (current.Parent)
        {
            case AssignmentExpressionSyntax or EqualsValueClauseSyntax or ReturnStatementSyntax or ArrowExpressionClauseSyntax:
                return true;
            case ArgumentSyntax { Parent: ArgumentListSyntax { Parent: { } call } }:
                if (call is BaseObjectCreationExpressionSyntax)
                {
                    return true;
                }

                if (call is not InvocationExpressionSyntax invocation)
                {
                    return false;
                }

                // Work handed the token and left running (a task nobody awaits here) uses it after the block ends.
                return IsTaskLike(model.GetTypeInfo(invocation, cancellationToken).Type) && !IsAwaited(invocation);
            default:
                return false;
        }
    }

    private static bool IsTaskLike(ITypeSymbol? type) =>
        type is INamedTypeSymbol { Name: "Task" or "ValueTask", ContainingNamespace: { Name: "Tasks", ContainingNamespace.Name: "Threading" } };

    /// <summary><c>await Call(...)</c>, also through <c>.ConfigureAwait(...)</c>.</summary>
    private static bool IsAwaited(InvocationExpressionSyntax invocation)
    {
        SyntaxNode current = invocation;
        while (true)
        {
            if (current.Parent is AwaitExpressionSyntax)
            {
                return true;
            }

            if (current.Parent is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "ConfigureAwait" } member
                && member.Expression == current
                && member.Parent is InvocationExpressionSyntax configured)
            {
                current = configured;
                continue;
            }

            if (current.Parent is ParenthesizedExpressionSyntax parenthesized)
            {
                current = parenthesized;
                continue;
            }

            return false;
        }
    }

    private static bool HasNestedFunctionBetween(SyntaxNode node, SyntaxNode statement)
    {
        for (var current = node.Parent; current is not null && current != statement; current = current.Parent)
        {
            if (current is AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax)
            {
                return true;
            }
        }

        return false;
    }

    private static string FreeName(SemanticModel model, int position, string baseName)
    {
        var name = baseName;
        for (var i = 2; !model.LookupSymbols(position, name: name).IsEmpty; i++)
        {
            name = baseName + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return name;
    }

    private static SyntaxNode? Function(SyntaxNode node) =>
        node.FirstAncestorOrSelf<SyntaxNode>(n => n is BaseMethodDeclarationSyntax or AccessorDeclarationSyntax or LocalFunctionStatementSyntax or AnonymousFunctionExpressionSyntax);

    private static bool IsIterator(SyntaxNode function)
    {
        foreach (var node in function.DescendantNodes(n => n == function || n is not (AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax)))
        {
            if (node is YieldStatementSyntax)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Only member uses (<c>cts.Token</c>, <c>cts.Cancel()</c>) and no <c>return</c> mentioning it: disposing at the end
    /// of the block then cannot cut short someone else's use of the source or its token.
    /// </summary>
    private static bool OnlyMemberUses(SyntaxNode function, ILocalSymbol local, SemanticModel model, CancellationToken cancellationToken)
    {
        foreach (var identifier in function.DescendantNodes().OfType<IdentifierNameSyntax>())
        {
            if (identifier.Identifier.ValueText != local.Name
                || !SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(identifier, cancellationToken).Symbol, local))
            {
                continue;
            }

            var isMemberUse = identifier.Parent is MemberAccessExpressionSyntax access && access.Expression == identifier
                || identifier.Parent is ConditionalAccessExpressionSyntax conditional && conditional.Expression == identifier;
            if (!isMemberUse || identifier.FirstAncestorOrSelf<ReturnStatementSyntax>() is not null
                || identifier.FirstAncestorOrSelf<ArrowExpressionClauseSyntax>() is not null
                || (identifier.Parent is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Token" } token && TokenEscapes(token, function, model, cancellationToken)))
            {
                return false;
            }
        }

        return true;
    }
}
