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
/// then logs, falls back, retries or reports the failure through a result, which is a decision, not silence. Exempt, where
/// the swallowing is the decision: a reason comment in the catch or on the line above it (<see cref="StatedIntent"/>); a
/// filter that reads the exception; cancellation where a token is in play; types in <c>vet.VET302.expected_types</c>
/// (by default the teardown types <c>ObjectDisposedException</c>, <c>PlatformNotSupportedException</c>,
/// <c>ChannelClosedException</c>); a specific type carved out of a later catch that handles its base; teardown code
/// (<see cref="Lifecycle"/>); best-effort cleanup; a fallback after a failed attempt; an inner try whose failure gives
/// way to the enclosing catch's <c>throw;</c>; a fault kept on a task the caller holds; the error-reporting path itself;
/// the expected-exception test idiom.
/// </remarks>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ExceptionSwallowedAnalyzer : DiagnosticAnalyzer
{
    /// <summary>The option listing exception types that may be swallowed (comma-separated, full or simple names).</summary>
    public const string ExpectedTypesOption = "expected_types";

    /// <summary>
    /// The expected types when the option is not set: failures of teardown, where the work is over anyway, and
    /// <c>AbandonedMutexException</c>, thrown by a wait that succeeded (the mutex is acquired; its last owner died holding it).
    /// </summary>
    internal const string DefaultExpectedTypes = "System.ObjectDisposedException, System.PlatformNotSupportedException, System.Threading.Channels.ChannelClosedException, System.Threading.AbandonedMutexException";

    private static readonly DiagnosticDescriptor Rule = Descriptors.VET302_ExceptionSwallowed;

    // Peers' rules about swallowing everything: CA1031 (catch a general type), RCS1075 (empty catch of Exception),
    // S2486 (generic exception ignored).
    private static readonly string[] CatchAllPeers = { "CA1031", "RCS1075", "S2486" };

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
        Rule,
        Descriptors.Shapes.VET302_EveryException);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(static start =>
        {
            if (TestCode.SkipsCompilation(start.Compilation, start.Options, Rule.Id))
            {
                return;
            }

            var exception = WellKnownTypes.Get(start.Compilation, "System.Exception");
            if (exception is null)
            {
                return;
            }

            var types = new KnownTypes(
                exception,
                WellKnownTypes.Get(start.Compilation, "System.OperationCanceledException"),
                WellKnownTypes.Get(start.Compilation, "System.Threading.CancellationToken"),
                WellKnownTypes.Get(start.Compilation, "System.Threading.CancellationTokenSource"));
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
            || !DoesNothing(block)
            || clause.Parent is not TryStatementSyntax tryStatement
            || IsDeliberate(clause, block, tryStatement))
        {
            return;
        }

        var cancellationToken = context.CancellationToken;
        // The declared type is bound on its own (speculatively, as a type): asking the model about a node inside the
        // method body would bind the whole body again, for a question about one type name.
        ITypeSymbol? caught = null;
        if (clause.Declaration is { } declaration)
        {
            caught = BindType(context.SemanticModel, declaration.Type);
            if (caught is null)
            {
                return;
            }

            // C# forbids another local of the same name in the filter's scope, so the name alone identifies the variable.
            if (clause.Filter is { } filter && declaration.Identifier.ValueText.Length > 0 && WrittenCode.Mentions(filter.FilterExpression, declaration.Identifier.ValueText))
            {
                return;
            }
        }

        var catchAll = caught is null || SymbolEqualityComparer.Default.Equals(caught, types.Exception);
        if (!catchAll
            && ((IsCanceledException(caught!, types) && TokenInPlay(clause, types, context.SemanticModel, cancellationToken))
                || IsExpected(caught!, context.Options, clause.SyntaxTree)
                || DeliberateSwallowing.IsAnswer(caught!)
                || IsCarvedOut(clause, caught!, tryStatement, context.SemanticModel)
                || EndsLikeShutdown(clause, block, tryStatement, types, context)))
        {
            return;
        }

        if (BuildsAnException(clause, types, context.SemanticModel)
            || DeliberateSwallowing.IsInHelperOnlyFinallyCalls(clause, context.SemanticModel, cancellationToken)
            || IsPeerSuppressed(clause, catchAll, context.ContainingSymbol))
        {
            return;
        }

        var end = clause.Declaration?.Span.End ?? clause.CatchKeyword.Span.End;
        var location = Location.Create(clause.SyntaxTree, Microsoft.CodeAnalysis.Text.TextSpan.FromBounds(clause.CatchKeyword.SpanStart, end));
        context.ReportDiagnostic(catchAll
            ? Diagnostic.Create(Descriptors.Shapes.VET302_EveryException, location, context.ContainingSymbol is { } owner ? MessageNames.Of(owner) : string.Empty)
            : Diagnostic.Create(Rule, location, DiagnosticSeverity.Info, null, null, caught!.Name));
    }

    /// <summary>
    /// A peer's rule about catching everything is suppressed at this catch-all (a <c>#pragma</c> or
    /// <c>[SuppressMessage]</c> for CA1031, RCS1075 or S2486; a <c>// ReSharper disable EmptyGeneralCatchClause</c>
    /// comment): the team has already decided about it.
    /// </summary>
    private static bool IsPeerSuppressed(CatchClauseSyntax clause, bool catchAll, ISymbol? member)
    {
        if (!catchAll)
        {
            return false;
        }

        // `disable once` above the try covers the whole statement, its catches included.
        return StatedIntent.SuppressesPeer(clause.SyntaxTree, clause.SpanStart, member, CatchAllPeers)
            || StatedIntent.DisablesReSharperInspection(clause, "EmptyGeneralCatchClause");
    }

    /// <summary>The syntax alone shows that swallowing is the author's decision (see the type's remarks).</summary>
    private static bool IsDeliberate(CatchClauseSyntax clause, BlockSyntax block, TryStatementSyntax tryStatement) =>
        StatedIntent.IsExplained(clause)
        || StatedIntent.IsExplainedOnLineAbove(clause)
        || StatedIntent.IsExplainedOnTry(tryStatement)
        || DeliberateSwallowing.IsCleanup(tryStatement.Block)
        || DeliberateSwallowing.ExpectsTheThrow(tryStatement, block)
        || DeliberateSwallowing.IsProvokedInTest(tryStatement, block)
        || DeliberateSwallowing.IsFallback(tryStatement)
        || DeliberateSwallowing.FallsBackToDefaultResult(tryStatement)
        || DeliberateSwallowing.GivesWayToRethrow(tryStatement)
        || DeliberateSwallowing.TestsAssignedLocalAfterwards(tryStatement)
        || DeliberateSwallowing.ReturnsWhatTheAttemptBuilt(tryStatement)
        || DeliberateSwallowing.KeepsFaultOnTask(tryStatement)
        || DeliberateSwallowing.IsErrorReportingPath(tryStatement)
        || DeliberateSwallowing.IsInFinally(tryStatement)
        || DeliberateSwallowing.SwallowsOnlyDuringTeardown(clause)
        || DeliberateSwallowing.SkipsTheItem(tryStatement, block)
        || Lifecycle.IsInPhase(clause, LifecyclePhase.Teardown);

    private static ITypeSymbol? BindType(SemanticModel model, TypeSyntax type) =>
        model.GetSpeculativeTypeInfo(type.SpanStart, type, SpeculativeBindingOption.BindAsTypeOrNamespace).Type;

    /// <summary>
    /// A later catch of the same try takes a base of the caught type (or everything) and handles it: the empty catch
    /// carves this type out of that handling on purpose (<c>catch (ChannelClosedException) { } catch (Exception ex) { Log(ex); }</c>).
    /// </summary>
    private static bool IsCarvedOut(CatchClauseSyntax clause, ITypeSymbol caught, TryStatementSyntax tryStatement, SemanticModel model)
    {
        var after = false;
        foreach (var later in tryStatement.Catches)
        {
            if (later == clause)
            {
                after = true;
                continue;
            }

            if (!after || later.Block is not { } handler || DoesNothing(handler))
            {
                continue;
            }

            if (later.Declaration is null || BaseTypes.IsOrDerivesFrom(caught, BindType(model, later.Declaration.Type)))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The catch leaves (<c>return;</c>, <c>break;</c>) exactly as a sibling catch of cancellation or of an expected
    /// teardown type does: the author treats this failure as the same end of the work (an accept loop that stops on
    /// <c>OperationCanceledException</c>, <c>ObjectDisposedException</c> and <c>SocketException</c> alike). An empty body
    /// is not such an exit: listing types that are each ignored says nothing about shutdown.
    /// </summary>
    private static bool EndsLikeShutdown(CatchClauseSyntax clause, BlockSyntax block, TryStatementSyntax tryStatement, KnownTypes types, SyntaxNodeAnalysisContext context)
    {
        var leaves = false;
        foreach (var statement in block.Statements)
        {
            leaves |= statement is ReturnStatementSyntax or BreakStatementSyntax or YieldStatementSyntax;
        }

        if (!leaves)
        {
            return false;
        }

        foreach (var sibling in tryStatement.Catches)
        {
            if (sibling == clause || sibling.Declaration is null || sibling.Filter is not null || sibling.Block is not { } other
                || !other.IsEquivalentTo(block, topLevel: false))
            {
                continue;
            }

            if (BindType(context.SemanticModel, sibling.Declaration.Type) is { } type
                && !SymbolEqualityComparer.Default.Equals(type, types.Exception)
                && (IsCanceledException(type, types) || IsExpected(type, context.Options, clause.SyntaxTree)))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The catch is in a member that builds an exception (its return type is an exception): while describing one failure,
    /// a second must not replace it.
    /// </summary>
    private static bool BuildsAnException(CatchClauseSyntax clause, KnownTypes types, SemanticModel model)
    {
        for (SyntaxNode? node = clause.Parent; node is not null; node = node.Parent)
        {
            switch (node)
            {
                case AnonymousFunctionExpressionSyntax:
                    return false;
                case LocalFunctionStatementSyntax local:
                    return BaseTypes.IsOrDerivesFrom(BindType(model, local.ReturnType), types.Exception);
                case MethodDeclarationSyntax method:
                    return BaseTypes.IsOrDerivesFrom(BindType(model, method.ReturnType), types.Exception);
                case MemberDeclarationSyntax:
                    return false;
            }
        }

        return false;
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
        var listed = RuleOptions.GetString(options, tree, Rule.Id, ExpectedTypesOption) ?? DefaultExpectedTypes;

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
