using System.Collections.Concurrent;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

using Vet.Analyzers.Engine;

namespace Vet.Analyzers.Concurrency;

/// <summary>
/// VET205: a <c>while</c>/<c>do</c> loop whose condition reads a non-volatile bool field that another member or a lambda
/// of the type writes, and whose body contains nothing that synchronizes (no call, await, lock, property or object
/// creation): the JIT may read the field once and spin forever.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class PolledFieldNotVolatileAnalyzer : DiagnosticAnalyzer
{
    private static readonly DiagnosticDescriptor Rule = Descriptors.VET205_PolledFieldNotVolatile;

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Rule);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(static compilationStart =>
        {
            if (TestCode.SkipsCompilation(compilationStart.Compilation, compilationStart.Options, Rule.Id))
            {
                return;
            }

            compilationStart.RegisterSymbolStartAction(
                static start =>
                {
                    // Only a loop is reported, and only a type whose code writes a `while` loop that can be a bare spin has
                    // one to report: most loops call something, and their type's assignments need not be collected.
                    if (!HasSpinCandidate(start.Symbol, start.CancellationToken))
                    {
                        return;
                    }

                    var state = new State();
                    start.RegisterOperationAction(ctx => CollectLoop(ctx, state), OperationKind.Loop);
                    start.RegisterOperationAction(ctx => CollectWrite(ctx, state), OperationKind.SimpleAssignment);
                    start.RegisterSymbolEndAction(ctx => Report(ctx, state));
                },
                SymbolKind.NamedType);
        });
    }

    /// <summary>
    /// Whether a declaration of <paramref name="type"/> (nested types included, as its symbol's actions see them) writes a
    /// <c>while</c> or <c>do</c>-<c>while</c> loop whose syntax allows what <see cref="PolledField"/> and
    /// <see cref="IsBareSpin"/> ask of it: the condition names something and calls nothing, and the body calls, awaits,
    /// locks, throws and yields nothing and makes no lambda. A loop that fails this can never be reported.
    /// </summary>
    private static bool HasSpinCandidate(ISymbol type, System.Threading.CancellationToken cancellationToken)
    {
        foreach (var reference in type.DeclaringSyntaxReferences)
        {
            foreach (var keyword in FileText.WrittenInside(reference.GetSyntax(cancellationToken), "while", SyntaxKind.WhileKeyword, cancellationToken))
            {
                var (condition, body) = keyword.Parent switch
                {
                    WhileStatementSyntax loop => (loop.Condition, (SyntaxNode)loop.Statement),
                    DoStatementSyntax loop => (loop.Condition, loop.Statement),
                    _ => (null, null),
                };
                if (condition is not null && body is not null && MayBePolled(condition) && MayBeBareSpin(body))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static bool MayBePolled(ExpressionSyntax condition)
    {
        var names = false;
        foreach (var node in condition.DescendantNodesAndSelf())
        {
            if (node is AwaitExpressionSyntax || IsCall(node))
            {
                return false;
            }

            names |= node is IdentifierNameSyntax;
        }

        return names;
    }

    private static bool MayBeBareSpin(SyntaxNode body)
    {
        foreach (var node in body.DescendantNodesAndSelf())
        {
            if (IsCall(node) || node is AwaitExpressionSyntax or LockStatementSyntax or UsingStatementSyntax or YieldStatementSyntax
                or ThrowStatementSyntax or ThrowExpressionSyntax or AnonymousFunctionExpressionSyntax)
            {
                return false;
            }
        }

        return true;
    }

    // nameof(x) is written as a call but is a constant.
    private static bool IsCall(SyntaxNode node) =>
        node is InvocationExpressionSyntax { Expression: not IdentifierNameSyntax { Identifier.ValueText: "nameof" } };

    private static void CollectLoop(OperationAnalysisContext context, State state)
    {
        if (context.Operation is not IWhileLoopOperation { Condition: { } condition, Body: var body } loop
            || PolledField(condition) is not { } polled
            || !IsBareSpin(body, polled.Field))
        {
            return;
        }

        state.Loops.Add(new Site(polled.Field, context.ContainingSymbol, EnclosingFunction(loop), polled.Syntax));
    }

    private static void CollectWrite(OperationAnalysisContext context, State state)
    {
        var assignment = (ISimpleAssignmentOperation)context.Operation;
        if (OwnFields.PlainShared(assignment.Target) is not { Type.SpecialType: SpecialType.System_Boolean } field)
        {
            return;
        }

        var function = EnclosingFunction(assignment);
        if (function is null && context.ContainingSymbol is IMethodSymbol { MethodKind: MethodKind.Constructor or MethodKind.StaticConstructor })
        {
            // The constructor's value is set before any thread can poll it.
            return;
        }

        state.Writes.Add(new Site(field, context.ContainingSymbol, function, assignment.Syntax));
    }

    private static void Report(SymbolAnalysisContext context, State state)
    {
        foreach (var loop in state.Loops)
        {
            foreach (var write in state.Writes)
            {
                if (SymbolEqualityComparer.Default.Equals(loop.Field, write.Field)
                    && (!SymbolEqualityComparer.Default.Equals(loop.Member, write.Member) || loop.Function != write.Function))
                {
                    context.ReportDiagnostic(Diagnostic.Create(Rule, loop.Syntax.GetLocation(), loop.Field.Name));
                    break;
                }
            }
        }
    }

    /// <summary>
    /// The first plain shared bool field the condition reads, when the condition itself calls nothing
    /// (a call such as Volatile.Read, or a property, is a synchronization point the rule does not judge).
    /// </summary>
    private static IFieldReferenceOperation? PolledField(IOperation condition)
    {
        IFieldReferenceOperation? found = null;
        foreach (var operation in condition.DescendantsAndSelf())
        {
            switch (operation)
            {
                case IFieldReferenceOperation reference when found is null
                    && reference.Type?.SpecialType == SpecialType.System_Boolean
                    && OwnFields.PlainShared(reference) is not null:
                    found = reference;
                    break;
                case IInvocationOperation or IPropertyReferenceOperation or IObjectCreationOperation or IAwaitOperation
                    or IDynamicInvocationOperation or IDynamicMemberReferenceOperation or IEventReferenceOperation:
                    return null;
                case IUnaryOperation { OperatorMethod: not null } or IBinaryOperation { OperatorMethod: not null } or IConversionOperation { OperatorMethod: not null }:
                    return null;
                case IInvalidOperation:
                    return null;
            }
        }

        return found;
    }

    /// <summary>
    /// True when the body neither synchronizes nor leaves the loop's thread: no call, property, object creation, await,
    /// lock, user-defined operator, yield or invalid code; and it does not write the polled field itself.
    /// </summary>
    private static bool IsBareSpin(IOperation? body, IFieldSymbol field)
    {
        if (body is null)
        {
            return true;
        }

        foreach (var operation in body.DescendantsAndSelf())
        {
            switch (operation)
            {
                case IInvocationOperation or IPropertyReferenceOperation or IObjectCreationOperation or IAwaitOperation
                    or ILockOperation or IUsingOperation or IReturnOperation { Kind: OperationKind.YieldReturn or OperationKind.YieldBreak }
                    or IDynamicInvocationOperation or IDynamicMemberReferenceOperation or IDynamicObjectCreationOperation
                    or IEventReferenceOperation or IAnonymousFunctionOperation or IDelegateCreationOperation
                    or IInvalidOperation or IThrowOperation:
                    return false;
                case IUnaryOperation { OperatorMethod: not null } or IBinaryOperation { OperatorMethod: not null }
                    or ICompoundAssignmentOperation { OperatorMethod: not null } or IIncrementOrDecrementOperation { OperatorMethod: not null }
                    or IConversionOperation { OperatorMethod: not null }:
                    return false;
                case IAssignmentOperation assignment when SymbolEqualityComparer.Default.Equals(OwnFields.PlainShared(assignment.Target), field):
                    return false;
            }
        }

        return true;
    }

    /// <summary>The lambda or local function the operation is written in, or null for the member body itself.</summary>
    private static IOperation? EnclosingFunction(IOperation operation)
    {
        for (var current = operation.Parent; current is not null; current = current.Parent)
        {
            if (current is IAnonymousFunctionOperation or ILocalFunctionOperation)
            {
                return current;
            }
        }

        return null;
    }

    private sealed class Site
    {
        public Site(IFieldSymbol field, ISymbol member, IOperation? function, SyntaxNode syntax)
        {
            Field = field;
            Member = member;
            Function = function?.Syntax;
            Syntax = syntax;
        }

        public IFieldSymbol Field { get; }

        public ISymbol Member { get; }

        public SyntaxNode? Function { get; }

        public SyntaxNode Syntax { get; }
    }

    private sealed class State
    {
        public ConcurrentBag<Site> Loops { get; } = new();

        public ConcurrentBag<Site> Writes { get; } = new();
    }
}
