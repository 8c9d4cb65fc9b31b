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
using Vet.Analyzers.Errors;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace Vet.CodeFixes.Errors;

/// <summary>
/// VET305: turns <c>catch (E e) { if (cond) throw; rest }</c> into <c>catch (E e) when (!cond) { rest }</c>, negating
/// <c>cond</c> cleanly (a leading <c>!</c> removed, <c>==</c>/<c>!=</c> and integer comparisons flipped, <c>is</c> and
/// <c>is not</c> swapped) and joining an existing filter with <c>&amp;&amp;</c>.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(ConditionalRethrowCodeFix)), Shared]
public sealed class ConditionalRethrowCodeFix : CodeFixProvider
{
    public const string UseFilterKey = "VET305.UseFilter";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } =
        ImmutableArray.Create(Descriptors.VET305_ConditionalRethrow.Id);

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
            if (Find(root, diagnostic.Location.SourceSpan) is null)
            {
                continue;
            }

            var document = context.Document;
            var span = diagnostic.Location.SourceSpan;
            context.RegisterCodeFix(
                CodeAction.Create("Use an exception filter", ct => ApplyAsync(document, span, ct), UseFilterKey),
                diagnostic);
        }
    }

    private static CatchClauseSyntax? Find(SyntaxNode root, Microsoft.CodeAnalysis.Text.TextSpan span)
    {
        var token = root.FindToken(span.Start);
        return token.Parent is IfStatementSyntax { Parent: BlockSyntax { Parent: CatchClauseSyntax clause } } statement
            && ConditionalRethrowAnalyzer.ConditionalRethrow(clause) == statement
                ? clause
                : null;
    }

    private static async Task<Document> ApplyAsync(Document document, Microsoft.CodeAnalysis.Text.TextSpan span, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (root is null || model is null || Find(root, span) is not { Block: { } block } clause
            || ConditionalRethrowAnalyzer.ConditionalRethrow(clause) is not { } statement)
        {
            return document;
        }

        var notPatterns = ((CSharpParseOptions)root.SyntaxTree.Options).LanguageVersion >= LanguageVersion.CSharp9;
        var negated = Negate(statement.Condition, model, notPatterns, cancellationToken).WithoutTrivia();

        var newClause = clause.WithBlock(WithoutFirstStatement(block, statement));
        if (clause.Filter is { } existing)
        {
            var combined = BinaryExpression(
                SyntaxKind.LogicalAndExpression,
                ForAnd(existing.FilterExpression.WithoutTrivia()),
                Token(TriviaList(Space), SyntaxKind.AmpersandAmpersandToken, TriviaList(Space)),
                ForAnd(negated));
            newClause = newClause.WithFilter(existing.WithFilterExpression(combined.WithTriviaFrom(existing.FilterExpression)));
        }
        else if (newClause.Declaration is { } declaration)
        {
            var filter = Filter(negated).WithTrailingTrivia(declaration.GetTrailingTrivia());
            newClause = newClause.WithDeclaration(declaration.WithTrailingTrivia(Space)).WithFilter(filter);
        }
        else
        {
            var keyword = newClause.CatchKeyword;
            var filter = Filter(negated).WithTrailingTrivia(keyword.TrailingTrivia);
            newClause = newClause.WithCatchKeyword(keyword.WithTrailingTrivia(Space)).WithFilter(filter);
        }

        return document.WithSyntaxRoot(root.ReplaceNode(clause, newClause));
    }

    private static CatchFilterClauseSyntax Filter(ExpressionSyntax condition) =>
        CatchFilterClause(Token(SyntaxKind.WhenKeyword).WithTrailingTrivia(Space), Token(SyntaxKind.OpenParenToken), condition, Token(SyntaxKind.CloseParenToken));

    /// <summary>The block without the <c>if</c>; comments written above the <c>if</c> move to what follows it.</summary>
    private static BlockSyntax WithoutFirstStatement(BlockSyntax block, IfStatementSyntax statement)
    {
        var leading = statement.GetLeadingTrivia();
        var hasComment = false;
        foreach (var trivia in leading)
        {
            if (trivia.IsKind(SyntaxKind.SingleLineCommentTrivia) || trivia.IsKind(SyntaxKind.MultiLineCommentTrivia))
            {
                hasComment = true;
                break;
            }
        }

        var statements = block.Statements.RemoveAt(0);
        if (!hasComment)
        {
            return statements.Count > 0
                ? block.WithStatements(statements.Replace(statements[0], statements[0].WithLeadingTrivia(WithoutBlankLines(statements[0].GetLeadingTrivia()))))
                : block.WithStatements(statements);
        }

        if (statements.Count > 0)
        {
            var next = statements[0];
            var nextLeading = HasOnlyWhitespace(next.GetLeadingTrivia()) ? leading : leading.AddRange(next.GetLeadingTrivia());
            return block.WithStatements(statements.Replace(next, next.WithLeadingTrivia(nextLeading)));
        }

        var close = block.CloseBraceToken;
        return block.WithStatements(statements).WithCloseBraceToken(close.WithLeadingTrivia(leading.AddRange(close.LeadingTrivia)));
    }

    /// <summary>The trivia without the empty lines it starts with (the blank line that separated the removed if).</summary>
    private static SyntaxTriviaList WithoutBlankLines(SyntaxTriviaList trivia)
    {
        var start = 0;
        for (var i = 0; i < trivia.Count; i++)
        {
            if (trivia[i].IsKind(SyntaxKind.EndOfLineTrivia))
            {
                start = i + 1;
            }
            else if (!trivia[i].IsKind(SyntaxKind.WhitespaceTrivia))
            {
                break;
            }
        }

        var result = SyntaxTriviaList.Empty;
        for (var i = start; i < trivia.Count; i++)
        {
            result = result.Add(trivia[i]);
        }

        return result;
    }

    private static bool HasOnlyWhitespace(SyntaxTriviaList trivia)
    {
        foreach (var item in trivia)
        {
            if (!item.IsKind(SyntaxKind.WhitespaceTrivia) && !item.IsKind(SyntaxKind.EndOfLineTrivia))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The logical negation of <paramref name="condition"/>, written as a reader would write it.</summary>
    internal static ExpressionSyntax Negate(ExpressionSyntax condition, SemanticModel model, bool notPatterns, CancellationToken cancellationToken)
    {
        switch (condition)
        {
            case ParenthesizedExpressionSyntax parenthesized:
                return Negate(parenthesized.Expression, model, notPatterns, cancellationToken);

            case PrefixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.LogicalNotExpression, Operand: var operand }:
                return WithoutParentheses(operand);

            case LiteralExpressionSyntax { RawKind: (int)SyntaxKind.TrueLiteralExpression }:
                return LiteralExpression(SyntaxKind.FalseLiteralExpression);

            case LiteralExpressionSyntax { RawKind: (int)SyntaxKind.FalseLiteralExpression }:
                return LiteralExpression(SyntaxKind.TrueLiteralExpression);

            case BinaryExpressionSyntax binary:
                var flipped = Flipped((SyntaxKind)binary.RawKind);
                if (flipped != SyntaxKind.None
                    && (binary.IsKind(SyntaxKind.EqualsExpression) || binary.IsKind(SyntaxKind.NotEqualsExpression)
                        || (IsOrdered(binary.Left, model, cancellationToken) && IsOrdered(binary.Right, model, cancellationToken))))
                {
                    return BinaryExpression(flipped, binary.Left, Token(binary.OperatorToken.LeadingTrivia, OperatorToken(flipped), binary.OperatorToken.TrailingTrivia), binary.Right);
                }

                if (binary.IsKind(SyntaxKind.IsExpression) && notPatterns && binary.Right is TypeSyntax type)
                {
                    return IsPatternExpression(binary.Left, binary.OperatorToken, UnaryPattern(Token(SyntaxKind.NotKeyword).WithTrailingTrivia(Space), AsPattern(type)));
                }

                break;

            case IsPatternExpressionSyntax isPattern:
                if (isPattern.Pattern is UnaryPatternSyntax { RawKind: (int)SyntaxKind.NotPattern, Pattern: var inner })
                {
                    return isPattern.WithPattern(inner is ParenthesizedPatternSyntax parenthesizedPattern ? parenthesizedPattern.Pattern : inner);
                }

                if (notPatterns && !Declares(isPattern.Pattern))
                {
                    var pattern = isPattern.Pattern is BinaryPatternSyntax ? ParenthesizedPattern(isPattern.Pattern) : isPattern.Pattern;
                    return isPattern.WithPattern(UnaryPattern(Token(SyntaxKind.NotKeyword).WithTrailingTrivia(Space), pattern));
                }

                break;
        }

        return PrefixUnaryExpression(SyntaxKind.LogicalNotExpression, IsPrimary(condition) ? condition : ParenthesizedExpression(condition));
    }

    /// <summary>A type in a pattern, shaped as the parser reads it back: a name is a constant pattern that binds to the type.</summary>
    private static PatternSyntax AsPattern(TypeSyntax type) => type is NameSyntax name ? ConstantPattern(name) : TypePattern(type);

    private static ExpressionSyntax WithoutParentheses(ExpressionSyntax expression)
    {
        while (expression is ParenthesizedExpressionSyntax parenthesized)
        {
            expression = parenthesized.Expression;
        }

        return expression;
    }

    private static SyntaxKind Flipped(SyntaxKind kind) => kind switch
    {
        SyntaxKind.EqualsExpression => SyntaxKind.NotEqualsExpression,
        SyntaxKind.NotEqualsExpression => SyntaxKind.EqualsExpression,
        SyntaxKind.LessThanExpression => SyntaxKind.GreaterThanOrEqualExpression,
        SyntaxKind.GreaterThanOrEqualExpression => SyntaxKind.LessThanExpression,
        SyntaxKind.GreaterThanExpression => SyntaxKind.LessThanOrEqualExpression,
        SyntaxKind.LessThanOrEqualExpression => SyntaxKind.GreaterThanExpression,
        _ => SyntaxKind.None,
    };

    private static SyntaxKind OperatorToken(SyntaxKind expression) => expression switch
    {
        SyntaxKind.EqualsExpression => SyntaxKind.EqualsEqualsToken,
        SyntaxKind.NotEqualsExpression => SyntaxKind.ExclamationEqualsToken,
        SyntaxKind.LessThanExpression => SyntaxKind.LessThanToken,
        SyntaxKind.GreaterThanOrEqualExpression => SyntaxKind.GreaterThanEqualsToken,
        SyntaxKind.GreaterThanExpression => SyntaxKind.GreaterThanToken,
        _ => SyntaxKind.LessThanEqualsToken,
    };

    /// <summary>
    /// Integers, chars and enums, not nullable: for them <c>!(a &lt; b)</c> is <c>a &gt;= b</c>. Floating point (NaN) and
    /// lifted comparisons (null) are false both ways, so they keep the <c>!</c>.
    /// </summary>
    private static bool IsOrdered(ExpressionSyntax operand, SemanticModel model, CancellationToken cancellationToken)
    {
        var type = model.GetTypeInfo(operand, cancellationToken).ConvertedType;
        if (type is null)
        {
            return false;
        }

        if (type.TypeKind == TypeKind.Enum)
        {
            return true;
        }

        return type.SpecialType is SpecialType.System_SByte or SpecialType.System_Byte or SpecialType.System_Int16 or SpecialType.System_UInt16
            or SpecialType.System_Int32 or SpecialType.System_UInt32 or SpecialType.System_Int64 or SpecialType.System_UInt64
            or SpecialType.System_Char or SpecialType.System_Decimal;
    }

    private static bool Declares(PatternSyntax pattern)
    {
        foreach (var node in pattern.DescendantNodesAndSelf())
        {
            if (node is SingleVariableDesignationSyntax)
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsPrimary(ExpressionSyntax expression) =>
        expression is IdentifierNameSyntax or MemberAccessExpressionSyntax or InvocationExpressionSyntax or ElementAccessExpressionSyntax
            or ParenthesizedExpressionSyntax or LiteralExpressionSyntax or ThisExpressionSyntax;

    /// <summary>An operand of <c>&amp;&amp;</c>, parenthesized when it binds more loosely (<c>||</c>, <c>??</c>, <c>?:</c>).</summary>
    private static ExpressionSyntax ForAnd(ExpressionSyntax expression) =>
        expression is BinaryExpressionSyntax { RawKind: (int)SyntaxKind.LogicalOrExpression or (int)SyntaxKind.CoalesceExpression }
            or ConditionalExpressionSyntax or AssignmentExpressionSyntax or LambdaExpressionSyntax
            ? ParenthesizedExpression(expression)
            : expression;
}
