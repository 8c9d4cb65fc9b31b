using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

using Vet.Analyzers.Engine;

namespace Vet.Analyzers.Errors;

/// <summary>
/// VET305: a catch whose first statement is <c>if (cond) throw;</c> with a condition that reads state and calls nothing
/// (see <see cref="IsPure"/>), so it can become the filter <c>when (!cond)</c>. Not reported when a later catch clause of
/// the same try could take the exception the filter lets through: today it never sees the rethrown one.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ConditionalRethrowAnalyzer : DiagnosticAnalyzer
{
    private const int MaxDepth = 32;

    private static readonly DiagnosticDescriptor Rule = Descriptors.VET305_ConditionalRethrow;

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Rule);

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

            start.RegisterSyntaxNodeAction(context => AnalyzeCatch(context, exception), SyntaxKind.CatchClause);
        });
    }

    private static void AnalyzeCatch(SyntaxNodeAnalysisContext context, INamedTypeSymbol exception)
    {
        var clause = (CatchClauseSyntax)context.Node;
        if (ConditionalRethrow(clause) is not { } statement
            || clause.Parent is not TryStatementSyntax tryStatement)
        {
            return;
        }

        // Asking for the condition's operation binds the whole body and builds its operation tree: first rule out from
        // the syntax the conditions IsPure rejects anyway (NLog opens most catches with `if (ex.MustBeRethrown()) throw;`).
        if (!MayBePure(statement.Condition))
        {
            return;
        }

        var model = context.SemanticModel;
        var cancellationToken = context.CancellationToken;
        if (model.GetOperation(statement.Condition, cancellationToken) is not { } condition
            || condition.Type?.SpecialType != SpecialType.System_Boolean
            || condition.ConstantValue.HasValue
            || !IsPure(condition, exception, 0))
        {
            return;
        }

        // The if alone, on a condition about other state: the filtered catch would be empty and swallow on that
        // condition without looking at the exception, which VET302 reports. Keep the explicit rethrow then.
        if (clause.Block!.Statements.Count == 1 && !ReadsCaughtException(clause, condition, model, cancellationToken))
        {
            return;
        }

        var caught = clause.Declaration is { } declaration ? model.GetTypeInfo(declaration.Type, cancellationToken).Type : exception;
        if (caught is null || caught.TypeKind == TypeKind.Error || LaterClauseCouldCatch(tryStatement, clause, caught, model, cancellationToken))
        {
            return;
        }

        context.ReportDiagnostic(Diagnostic.Create(Rule, statement.IfKeyword.GetLocation(), caught.Name, MessageNames.Code(statement.Condition)));
    }

    private static bool ReadsCaughtException(CatchClauseSyntax clause, IOperation condition, SemanticModel model, System.Threading.CancellationToken cancellationToken)
    {
        if (clause.Declaration is not { } declaration || declaration.Identifier.ValueText.Length == 0
            || model.GetDeclaredSymbol(declaration, cancellationToken) is not { } variable)
        {
            return false;
        }

        foreach (var operation in condition.DescendantsAndSelf())
        {
            if (operation is ILocalReferenceOperation reference && SymbolEqualityComparer.Default.Equals(reference.Local, variable))
            {
                return true;
            }
        }

        if (clause.Filter is { } filter)
        {
            foreach (var node in filter.FilterExpression.DescendantNodesAndSelf())
            {
                if (node is IdentifierNameSyntax identifier && identifier.Identifier.ValueText == variable.Name)
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>The catch's first statement when it is <c>if (cond) throw;</c> or <c>if (cond) { throw; }</c> without an else.</summary>
    internal static IfStatementSyntax? ConditionalRethrow(CatchClauseSyntax clause)
    {
        if (clause.Block is not { Statements.Count: > 0 } block
            || block.Statements[0] is not IfStatementSyntax { Else: null } statement
            || statement.Condition.IsMissing)
        {
            return null;
        }

        var body = statement.Statement;
        if (body is BlockSyntax { Statements.Count: 1 } inner)
        {
            body = inner.Statements[0];
        }

        return body is ThrowStatementSyntax { Expression: null } ? statement : null;
    }

    /// <summary>
    /// A later clause whose type is related to the caught one (either way), or a catch without a type, would receive what
    /// the new filter lets through; the rethrow skips it today, so the change would not be a refactoring.
    /// </summary>
    private static bool LaterClauseCouldCatch(TryStatementSyntax tryStatement, CatchClauseSyntax clause, ITypeSymbol caught, SemanticModel model, System.Threading.CancellationToken cancellationToken)
    {
        var after = false;
        foreach (var other in tryStatement.Catches)
        {
            if (other == clause)
            {
                after = true;
                continue;
            }

            if (!after)
            {
                continue;
            }

            if (other.Declaration is null)
            {
                return true;
            }

            var type = model.GetTypeInfo(other.Declaration.Type, cancellationToken).Type;
            if (type is null || type.TypeKind == TypeKind.Error || BaseTypes.IsOrDerivesFrom(type, caught) || BaseTypes.IsOrDerivesFrom(caught, type))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Reads and tests only: constants, locals, parameters, fields, properties of exceptions (<c>e.HResult</c>,
    /// <c>e.InnerException.Message</c>), <c>HasValue</c>/<c>Value</c> of a nullable, <c>string.Length</c>; built-in
    /// comparisons and logic, <c>is</c> and patterns, <c>?.</c>, <c>??</c>, <c>?:</c>, safe conversions; and calls to a few
    /// known-pure methods (<c>string.IsNullOrEmpty</c>, <c>IsNullOrWhiteSpace</c>, <c>string.Equals</c>,
    /// <c>object.ReferenceEquals</c>, <c>GetType()</c>). Anything else (other calls, other properties, await,
    /// assignments, user-defined operators) may have effects and stays in the body.
    /// </summary>
    internal static bool IsPure(IOperation operation, INamedTypeSymbol exception, int depth)
    {
        if (depth > MaxDepth)
        {
            return false;
        }

        if (operation.ConstantValue.HasValue)
        {
            return true;
        }

        switch (operation)
        {
            case ILiteralOperation:
            case IDefaultValueOperation:
            case ITypeOfOperation:
            case ILocalReferenceOperation:
            case IParameterReferenceOperation:
            case IInstanceReferenceOperation:
            case IConditionalAccessInstanceOperation:
            case IDiscardPatternOperation:
            case ITypePatternOperation:
            case IConstantPatternOperation:
            case IRelationalPatternOperation:
            case INegatedPatternOperation:
            case IBinaryPatternOperation:
            case IDeclarationPatternOperation:
            case IIsTypeOperation:
            case IIsPatternOperation:
            case IConditionalAccessOperation:
            case ICoalesceOperation:
            case IConditionalOperation:
                break;
            case IFieldReferenceOperation:
                break;
            case IPropertyReferenceOperation property:
                if (!IsReadableProperty(property.Property, exception))
                {
                    return false;
                }

                break;
            case IRecursivePatternOperation recursive:
                if (recursive.DeconstructSymbol is not null)
                {
                    return false;
                }

                break;
            case IPropertySubpatternOperation:
                break;
            case IBinaryOperation binary:
                if (binary.OperatorMethod is { ContainingType.SpecialType: SpecialType.None })
                {
                    return false;
                }

                break;
            case IUnaryOperation unary:
                if (unary.OperatorMethod is { ContainingType.SpecialType: SpecialType.None })
                {
                    return false;
                }

                break;
            case IConversionOperation conversion:
                if (conversion.OperatorMethod is not null
                    || !(conversion.Conversion.IsImplicit || conversion.Conversion.IsNumeric || conversion.Type?.TypeKind == TypeKind.Enum || conversion.Operand.Type?.TypeKind == TypeKind.Enum || conversion.Conversion.IsNullable || conversion.IsTryCast))
                {
                    return false;
                }

                break;
            case IInvocationOperation invocation:
                if (!IsKnownPure(invocation.TargetMethod))
                {
                    return false;
                }

                break;
            case IArgumentOperation:
                break;
            default:
                return false;
        }

        foreach (var child in operation.ChildOperations)
        {
            if (!IsPure(child, exception, depth + 1))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// False when the syntax alone shows something <see cref="IsPure"/> rejects: a call of a method other than the few
    /// known-pure ones (by name; <c>nameof</c> is a constant), <c>await</c>, an assignment, <c>++</c>/<c>--</c>, an object
    /// creation, an element access or a lambda.
    /// </summary>
    internal static bool MayBePure(ExpressionSyntax condition)
    {
        foreach (var node in condition.DescendantNodesAndSelf())
        {
            switch (node)
            {
                case InvocationExpressionSyntax call when WrittenCode.CalledName(call) is not ("IsNullOrEmpty" or "IsNullOrWhiteSpace" or "Equals" or "ReferenceEquals" or "GetType" or "nameof"):
                case AwaitExpressionSyntax:
                case AssignmentExpressionSyntax:
                case BaseObjectCreationExpressionSyntax:
                case ElementAccessExpressionSyntax:
                case ElementBindingExpressionSyntax:
                case AnonymousFunctionExpressionSyntax:
                case PrefixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.PreIncrementExpression or (int)SyntaxKind.PreDecrementExpression }:
                case PostfixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.PostIncrementExpression or (int)SyntaxKind.PostDecrementExpression }:
                    return false;
            }
        }

        return true;
    }

    private static bool IsReadableProperty(IPropertySymbol property, INamedTypeSymbol exception)
    {
        if (property.IsIndexer || property.GetMethod is null)
        {
            return false;
        }

        var owner = property.ContainingType;
        if (owner.OriginalDefinition.SpecialType == SpecialType.System_Nullable_T)
        {
            return true;
        }

        if (owner.SpecialType == SpecialType.System_String)
        {
            return property.Name == "Length";
        }

        return BaseTypes.IsOrDerivesFrom(owner, exception);
    }

    private static bool IsKnownPure(IMethodSymbol method)
    {
        var owner = method.ContainingType?.SpecialType ?? SpecialType.None;
        return owner switch
        {
            SpecialType.System_String => method.Name is "IsNullOrEmpty" or "IsNullOrWhiteSpace" or "Equals",
            SpecialType.System_Object => method.Name is "ReferenceEquals" or "GetType",
            _ => false,
        };
    }
}
