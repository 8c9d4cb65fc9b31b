using System;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

using Vet.Analyzers.Engine;

namespace Vet.Analyzers.Errors;

/// <summary>
/// VET302: a catch whose body does nothing (empty, or only <c>return;</c> / <c>continue;</c> / <c>break;</c>) and whose
/// filter, if any, does not look at the exception. Catching every exception is a Warning; a specific type is reported with
/// the effective severity Info.
/// </summary>
/// <remarks>
/// Any statement that does something (a call, an assignment, a <c>return</c> with a value, a throw) is handling: the catch
/// then logs, falls back, retries or reports the failure through a result, which is a decision, not silence. Exempt:
/// an <c>// ignore:</c> or <c>// expected:</c> comment in the catch; a filter that reads the exception; an
/// <see cref="OperationCanceledException"/> caught where a cancellation token is in play; types listed in
/// <c>vet.VET302.expected_types</c>; finalizers and <c>Dispose</c>/<c>DisposeAsync</c>, which must not throw;
/// a try that returns and is followed by a constant <c>return</c> (<c>catch { } return false;</c>), which reports the
/// failure through the result as <c>catch { return false; }</c> does.
/// </remarks>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class SwallowedExceptionAnalyzer : DiagnosticAnalyzer
{
    /// <summary>The option listing exception types that may be swallowed (comma-separated, full or simple names).</summary>
    public const string ExpectedTypesOption = "expected_types";

    private const string EveryException = "every exception";

    private static readonly DiagnosticDescriptor Rule = Descriptors.VET302_ExceptionSwallowed;

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Rule);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(static start =>
        {
            var exception = start.Compilation.GetTypeByMetadataName("System.Exception");
            if (exception is null)
            {
                return;
            }

            var types = new KnownTypes(
                exception,
                start.Compilation.GetTypeByMetadataName("System.OperationCanceledException"),
                start.Compilation.GetTypeByMetadataName("System.Threading.CancellationToken"),
                start.Compilation.GetTypeByMetadataName("System.Threading.CancellationTokenSource"));
            start.RegisterSyntaxNodeAction(context => AnalyzeCatch(context, types), SyntaxKind.CatchClause);
        });
    }

    private sealed class KnownTypes
    {
        public KnownTypes(INamedTypeSymbol exception, INamedTypeSymbol? canceled, INamedTypeSymbol? token, INamedTypeSymbol? tokenSource)
        {
            Exception = exception;
            Canceled = canceled;
            Token = token;
            TokenSource = tokenSource;
        }

        public INamedTypeSymbol Exception { get; }

        public INamedTypeSymbol? Canceled { get; }

        public INamedTypeSymbol? Token { get; }

        public INamedTypeSymbol? TokenSource { get; }
    }

    private static void AnalyzeCatch(SyntaxNodeAnalysisContext context, KnownTypes types)
    {
        var clause = (CatchClauseSyntax)context.Node;
        if (clause.Block is not { } block || block.OpenBraceToken.IsMissing || block.CloseBraceToken.IsMissing
            || !DoesNothing(block) || HasIntentComment(clause) || IsExemptMember(clause)
            || clause.Parent is not TryStatementSyntax { Block: var tried } tryStatement
            || IsCleanup(tried) || ExpectsTheThrow(tried) || ReturnsFailureAfter(tryStatement))
        {
            return;
        }

        var cancellationToken = context.CancellationToken;
        // The declared type is bound on its own (speculatively, as a type): asking the model about a node inside the
        // method body would bind the whole body again, for a question about one type name.
        ITypeSymbol? caught = null;
        if (clause.Declaration is { } declaration)
        {
            caught = context.SemanticModel.GetSpeculativeTypeInfo(declaration.Type.SpanStart, declaration.Type, SpeculativeBindingOption.BindAsTypeOrNamespace).Type;
            if (caught is null)
            {
                return;
            }

            // C# forbids another local of the same name in the filter's scope, so the name alone identifies the variable.
            if (clause.Filter is { } filter && declaration.Identifier.ValueText.Length > 0 && Mentions(filter.FilterExpression, declaration.Identifier.ValueText))
            {
                return;
            }
        }

        var catchAll = caught is null || SymbolEqualityComparer.Default.Equals(caught, types.Exception);
        if (!catchAll
            && ((IsCanceledException(caught!, types) && TokenInPlay(clause, types, context.SemanticModel, cancellationToken))
                || IsExpected(caught!, context.Options, clause.SyntaxTree)))
        {
            return;
        }

        var end = clause.Declaration?.Span.End ?? clause.CatchKeyword.Span.End;
        var location = Location.Create(clause.SyntaxTree, Microsoft.CodeAnalysis.Text.TextSpan.FromBounds(clause.CatchKeyword.SpanStart, end));
        context.ReportDiagnostic(catchAll
            ? Diagnostic.Create(Rule, location, EveryException)
            : Diagnostic.Create(Rule, location, DiagnosticSeverity.Info, null, null, "'" + caught!.Name + "'"));
    }

    /// <summary>
    /// True when the catch body runs nothing: no statements, empty statements or blocks, and bare <c>return;</c>,
    /// <c>continue;</c>, <c>break;</c> or <c>yield break;</c>, which leave without a word.
    /// </summary>
    private static bool DoesNothing(BlockSyntax block)
    {
        foreach (var statement in block.Statements)
        {
            switch (statement)
            {
                case EmptyStatementSyntax:
                case ReturnStatementSyntax { Expression: null }:
                case ContinueStatementSyntax:
                case BreakStatementSyntax:
                case YieldStatementSyntax { RawKind: (int)SyntaxKind.YieldBreakStatement }:
                    continue;
                case BlockSyntax { Statements.Count: 0 }:
                    continue;
                default:
                    return false;
            }
        }

        return true;
    }

    /// <summary>A <c>// ignore:</c> or <c>// expected:</c> comment anywhere in the catch clause (body or header).</summary>
    private static bool HasIntentComment(CatchClauseSyntax clause)
    {
        foreach (var trivia in clause.DescendantTrivia())
        {
            if ((trivia.IsKind(SyntaxKind.SingleLineCommentTrivia) || trivia.IsKind(SyntaxKind.MultiLineCommentTrivia)) && IsIntent(trivia.ToString()))
            {
                return true;
            }
        }

        // A comment on the catch line itself: `catch (IOException) // expected: the file may be locked`.
        foreach (var trivia in clause.GetLastToken().TrailingTrivia)
        {
            if ((trivia.IsKind(SyntaxKind.SingleLineCommentTrivia) || trivia.IsKind(SyntaxKind.MultiLineCommentTrivia)) && IsIntent(trivia.ToString()))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The comment's first word is <c>ignore</c>, <c>ignored</c> or <c>expected</c> (any case), alone or followed by a
    /// reason: <c>// ignore: the file may be gone</c>, <c>// expected</c>, <c>/* ignored */</c>.
    /// </summary>
    private static bool IsIntent(string comment)
    {
        var i = 2;
        while (i < comment.Length && (comment[i] == ' ' || comment[i] == '\t' || comment[i] == '/' || comment[i] == '*'))
        {
            i++;
        }

        return Word(comment, i, "ignore") || Word(comment, i, "ignored") || Word(comment, i, "expected");
    }

    private static bool Word(string text, int index, string word)
    {
        if (!StartsWithAt(text, index, word))
        {
            return false;
        }

        var end = index + word.Length;
        return end == text.Length || !char.IsLetterOrDigit(text[end]);
    }

    private static bool StartsWithAt(string text, int index, string word) =>
        text.Length - index >= word.Length && string.Compare(text, index, word, 0, word.Length, StringComparison.OrdinalIgnoreCase) == 0;

    /// <summary>
    /// Finalizers and Dispose must not throw, so swallowing there is the documented practice.
    /// </summary>
    private static bool IsExemptMember(CatchClauseSyntax clause)
    {
        for (SyntaxNode? node = clause.Parent; node is not null; node = node.Parent)
        {
            switch (node)
            {
                case AnonymousFunctionExpressionSyntax:
                    return false;
                case LocalFunctionStatementSyntax:
                    return false;
                case DestructorDeclarationSyntax:
                    return true;
                case MethodDeclarationSyntax method:
                    var name = method.Identifier.ValueText;
                    return name == "Dispose" || name == "DisposeAsync";
                case MemberDeclarationSyntax:
                    return false;
            }
        }

        return false;
    }

    /// <summary>
    /// The failure is reported through the result, as <c>catch { return false; }</c> would: the try block ends by returning,
    /// so only a failure reaches the code after it, and that code (after plain assignments such as resetting an
    /// <c>out</c> parameter) returns a constant: <c>try { value = Parse(s); return true; } catch { } value = 0; return false;</c>.
    /// </summary>
    private static bool ReturnsFailureAfter(TryStatementSyntax tryStatement)
    {
        if (tryStatement.Block.Statements.Count == 0
            || tryStatement.Block.Statements[tryStatement.Block.Statements.Count - 1] is not ReturnStatementSyntax { Expression: not null }
            || tryStatement.Finally is not null)
        {
            return false;
        }

        // Falling off the end of an `if` body or a nested block continues after it:
        // `if (ok) { try { ...; return true; } catch { } } value = default; return false;`.
        StatementSyntax current = tryStatement;
        for (var level = 0; level < 4; level++)
        {
            if (current.Parent is IfStatementSyntax { Else: null } ifStatement && ifStatement.Statement == current)
            {
                current = ifStatement;
                continue;
            }

            if (current.Parent is not BlockSyntax block)
            {
                return false;
            }

            var index = block.Statements.IndexOf(current);
            for (var i = index + 1; i < block.Statements.Count; i++)
            {
                switch (block.Statements[i])
                {
                    case ExpressionStatementSyntax { Expression: AssignmentExpressionSyntax }:
                        continue;
                    case ReturnStatementSyntax { Expression: LiteralExpressionSyntax or DefaultExpressionSyntax }:
                        return true;
                    default:
                        return false;
                }
            }

            if (block.Parent is IfStatementSyntax { Else: null } owner && owner.Statement == block)
            {
                current = owner;
                continue;
            }

            if (block.Parent is BlockSyntax)
            {
                current = block;
                continue;
            }

            return false;
        }

        return false;
    }

    /// <summary>
    /// Best-effort cleanup: every statement of the try block only releases something (<c>x.Dispose()</c>,
    /// <c>await s.DisposeAsync()</c>, <c>socket.Close()</c>, <c>File.Delete(p)</c>, <c>cts.Cancel()</c>, ...), possibly
    /// chosen by an <c>if</c>. A failure to clean up must not replace the work's own outcome, so swallowing it is the norm.
    /// </summary>
    private static bool IsCleanup(BlockSyntax tried)
    {
        if (tried.Statements.Count == 0)
        {
            return false;
        }

        foreach (var statement in tried.Statements)
        {
            if (!IsCleanupStatement(statement, 0))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsCleanupStatement(StatementSyntax statement, int depth)
    {
        if (depth > 8)
        {
            return false;
        }

        switch (statement)
        {
            case ExpressionStatementSyntax { Expression: var expression }:
                return IsCleanupCall(expression);
            case IfStatementSyntax { Statement: var then, Else: var otherwise }:
                return IsCleanupStatement(then, depth + 1) && (otherwise is null || IsCleanupStatement(otherwise.Statement, depth + 1));
            case ForEachStatementSyntax { Statement: var body }:
                return IsCleanupStatement(body, depth + 1);
            case BlockSyntax { Statements: var statements } when statements.Count > 0:
                foreach (var inner in statements)
                {
                    if (!IsCleanupStatement(inner, depth + 1))
                    {
                        return false;
                    }
                }

                return true;
            default:
                return false;
        }
    }

    /// <summary>A call to a releasing method, under <c>await</c>, <c>?.</c>, <c>ConfigureAwait</c> or <c>GetAwaiter().GetResult()</c>.</summary>
    private static bool IsCleanupCall(ExpressionSyntax expression)
    {
        for (var i = 0; i < 8; i++)
        {
            switch (expression)
            {
                case AwaitExpressionSyntax { Expression: var awaited }:
                    expression = awaited;
                    continue;
                case ConditionalAccessExpressionSyntax { WhenNotNull: var whenNotNull }:
                    expression = whenNotNull;
                    continue;
                case InvocationExpressionSyntax { Expression: var callee }:
                    var name = callee switch
                    {
                        MemberAccessExpressionSyntax member => member.Name.Identifier.ValueText,
                        MemberBindingExpressionSyntax binding => binding.Name.Identifier.ValueText,
                        IdentifierNameSyntax identifier => identifier.Identifier.ValueText,
                        _ => null,
                    };

                    if (name is not null && IsReleaseName(name))
                    {
                        return true;
                    }

                    // `s.DisposeAsync().ConfigureAwait(false)`, `t.GetAwaiter().GetResult()`, `s.DisposeAsync().AsTask().Forget()`:
                    // calls chained on the release without arguments of their own (ConfigureAwait's flag aside).
                    if (callee is MemberAccessExpressionSyntax { Expression: InvocationExpressionSyntax inner }
                        && (name == "ConfigureAwait" || ((InvocationExpressionSyntax)expression).ArgumentList.Arguments.Count == 0))
                    {
                        expression = inner;
                        continue;
                    }

                    return false;
                default:
                    return false;
            }
        }

        return false;
    }

    private static bool IsReleaseName(string name) => name switch
    {
        "Dispose" or "DisposeAsync" or "Close" or "CloseAsync" or "Flush" or "FlushAsync" or "Shutdown" or "ShutdownAsync"
            or "Abort" or "Cancel" or "CancelAsync" or "Complete" or "CompleteAsync" or "Release" or "Delete" or "Kill"
            or "Stop" or "StopAsync" or "Unregister" or "Unsubscribe" => true,
        _ => false,
    };

    /// <summary>
    /// The test idiom for an expected exception: the try block ends by failing (<c>Assert.Fail(...)</c>, any <c>Fail</c>
    /// call, or a throw), so reaching the empty catch is the success path.
    /// </summary>
    private static bool ExpectsTheThrow(BlockSyntax tried)
    {
        if (tried.Statements.Count == 0)
        {
            return false;
        }

        return tried.Statements[tried.Statements.Count - 1] switch
        {
            ThrowStatementSyntax => true,
            ExpressionStatementSyntax { Expression: InvocationExpressionSyntax { Expression: var callee } } => callee switch
            {
                MemberAccessExpressionSyntax member => member.Name.Identifier.ValueText == "Fail",
                IdentifierNameSyntax identifier => identifier.Identifier.ValueText == "Fail",
                _ => false,
            },
            _ => false,
        };
    }

    private static bool Mentions(ExpressionSyntax expression, string name)
    {
        foreach (var node in expression.DescendantNodesAndSelf())
        {
            if (node is IdentifierNameSyntax identifier
                && identifier.Identifier.ValueText == name
                && !(identifier.Parent is MemberAccessExpressionSyntax member && member.Name == identifier))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsCanceledException(ITypeSymbol caught, KnownTypes types) => BaseTypes.IsOrDerivesFrom(caught, types.Canceled);

    /// <summary>
    /// Cancellation is expected when the filter asks <c>IsCancellationRequested</c>, or the enclosing method, lambda or
    /// local function uses a <c>CancellationToken</c> or <c>CancellationTokenSource</c> (it asked for the cancellation).
    /// </summary>
    private static bool TokenInPlay(CatchClauseSyntax clause, KnownTypes types, SemanticModel model, System.Threading.CancellationToken cancellationToken)
    {
        if (clause.Filter is { } filter)
        {
            foreach (var node in filter.FilterExpression.DescendantNodesAndSelf())
            {
                if (node is IdentifierNameSyntax { Identifier.ValueText: "IsCancellationRequested" })
                {
                    return true;
                }
            }
        }

        SyntaxNode? body = null;
        for (SyntaxNode? node = clause.Parent; node is not null; node = node.Parent)
        {
            if (node is AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax or BaseMethodDeclarationSyntax or AccessorDeclarationSyntax)
            {
                body = node;
                break;
            }
        }

        if (body is null)
        {
            return false;
        }

        foreach (var node in body.DescendantNodes())
        {
            if (node is IdentifierNameSyntax identifier
                && model.GetSymbolInfo(identifier, cancellationToken).Symbol is { } symbol
                && ValueType(symbol) is { } type
                && (SymbolEqualityComparer.Default.Equals(type, types.Token) || SymbolEqualityComparer.Default.Equals(type, types.TokenSource)))
            {
                return true;
            }
        }

        return false;
    }

    private static ITypeSymbol? ValueType(ISymbol symbol) => symbol switch
    {
        ILocalSymbol local => local.Type,
        IParameterSymbol parameter => parameter.Type,
        IFieldSymbol field => field.Type,
        IPropertySymbol property => property.Type,
        _ => null,
    };

    /// <summary>The caught type, or a base of it, is listed in <c>vet.VET302.expected_types</c> (full or simple name).</summary>
    private static bool IsExpected(ITypeSymbol caught, AnalyzerOptions options, SyntaxTree tree)
    {
        var listed = RuleOptions.GetString(options, tree, Rule.Id, ExpectedTypesOption);
        if (listed is null)
        {
            return false;
        }

        foreach (var entry in listed.Split(',', ';', ' '))
        {
            var name = entry.Trim();
            if (name.Length == 0)
            {
                continue;
            }

            if (name.StartsWith("global::", StringComparison.Ordinal))
            {
                name = name.Substring("global::".Length);
            }

            for (var type = caught; type is not null; type = type.BaseType)
            {
                if (string.Equals(type.Name, name, StringComparison.OrdinalIgnoreCase)
                    || string.Equals(type.ToDisplayString(SymbolDisplayFormat.CSharpErrorMessageFormat), name, StringComparison.OrdinalIgnoreCase))
                {
                    return true;
                }
            }
        }

        return false;
    }
}
