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

            // A loop is the rule's subject, and a bare spin is rare: each loop is judged from its syntax first, and only a
            // candidate binds, then looks for the field's writes by name in its type's declarations. No per-type or
            // per-assignment action runs for the code that has no such loop.
            compilationStart.RegisterSyntaxNodeAction(AnalyzeLoop, SyntaxKind.WhileStatement, SyntaxKind.DoStatement);
        });
    }

    private static void AnalyzeLoop(SyntaxNodeAnalysisContext context)
    {
        var (conditionSyntax, bodySyntax) = context.Node switch
        {
            WhileStatementSyntax loop => (loop.Condition, (SyntaxNode)loop.Statement),
            DoStatementSyntax loop => (loop.Condition, loop.Statement),
            _ => (null, null),
        };
        if (conditionSyntax is null || bodySyntax is null || !MayBePolled(conditionSyntax) || !MayBeBareSpin(bodySyntax)
            || context.SemanticModel.GetOperation(context.Node, context.CancellationToken) is not IWhileLoopOperation { Condition: { } condition, Body: var body }
            || PolledField(condition) is not { } polled
            || !IsBareSpin(body, polled.Field)
            || (context.ContainingSymbol as INamedTypeSymbol ?? context.ContainingSymbol?.ContainingType)?.OutermostType() is not { } type)
        {
            return;
        }

        var loopOwner = WrittenCode.OwnerOf(context.SemanticModel, context.Node, context.CancellationToken);
        var loopFunction = WrittenCode.InnermostFunction(context.Node);
        if (IsWrittenElsewhere(context, type, polled.Field, loopOwner, loopFunction))
        {
            context.ReportDiagnostic(Diagnostic.Create(Rule, polled.Syntax.GetLocation(), polled.Field.Name));
        }
    }

    /// <summary>
    /// Whether code of <paramref name="type"/> (all its declarations, nested types included) assigns
    /// <paramref name="field"/> outside the constructors, in another member than the loop's or in another lambda or local
    /// function. Only the assignments whose target is written with the field's name are bound.
    /// </summary>
    private static bool IsWrittenElsewhere(SyntaxNodeAnalysisContext context, INamedTypeSymbol type, IFieldSymbol field, ISymbol? loopOwner, SyntaxNode? loopFunction)
    {
        foreach (var reference in type.DeclaringSyntaxReferences)
        {
            var declaration = reference.GetSyntax(context.CancellationToken);
            SemanticModel? model = null;
            foreach (var token in FileText.WrittenInside(declaration, field.Name, SyntaxKind.IdentifierToken, context.CancellationToken))
            {
                if (AssignedBy(token) is not { } assignment)
                {
                    continue;
                }

#pragma warning disable RS1030 // A partial type's other files have no model in this node's context; only written assignments of a candidate's field are bound.
                model ??= declaration.SyntaxTree == context.Node.SyntaxTree
                    ? context.SemanticModel
                    : context.SemanticModel.Compilation.GetSemanticModel(declaration.SyntaxTree);
#pragma warning restore RS1030
                if (model.GetOperation(assignment, context.CancellationToken) is not ISimpleAssignmentOperation write
                    || !SymbolEqualityComparer.Default.Equals(OwnFields.PlainShared(write.Target), field))
                {
                    continue;
                }

                var owner = WrittenCode.OwnerOf(model, assignment, context.CancellationToken);
                var function = WrittenCode.InnermostFunction(assignment);
                if (function is null && owner is IMethodSymbol { MethodKind: MethodKind.Constructor or MethodKind.StaticConstructor })
                {
                    // The constructor's value is set before any thread can poll it.
                    continue;
                }

                if (!SymbolEqualityComparer.Default.Equals(owner, loopOwner) || function != loopFunction)
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>The assignment <c>name = …</c> or <c>this.name = …</c> (or <c>X.name = …</c>) whose target is the token's name.</summary>
    private static AssignmentExpressionSyntax? AssignedBy(SyntaxToken token)
    {
        SyntaxNode? target = token.Parent as IdentifierNameSyntax;
        if (target?.Parent is MemberAccessExpressionSyntax access && access.Name == target)
        {
            target = access;
        }

        return target?.Parent is AssignmentExpressionSyntax assignment && assignment.IsKind(SyntaxKind.SimpleAssignmentExpression) && assignment.Left == target
            ? assignment
            : null;
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
}
