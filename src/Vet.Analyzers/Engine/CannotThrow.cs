using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace Vet.Analyzers.Engine;

/// <summary>
/// Whether code cannot throw: plain copies and unchecked arithmetic on locals, parameters, the object's own fields and
/// constants, comparisons and tests, calls of the type's own non-virtual methods and properties whose bodies are
/// made of the same (two calls deep, in the same file), a few framework members that never throw (clocks, new
/// identifiers, atomic accesses) and <c>[Conditional]</c> calls such as <c>Debug.Assert</c>.
/// Division, checked arithmetic, casts that may fail, element access, allocation of strings, and any other call count
/// as "can throw".
/// </summary>
internal static class CannotThrow
{
    private const int MaxCallDepth = 2;

    /// <summary>Whether <paramref name="operation"/> (a statement or an expression) cannot throw; an exit (return, break) counts as "can".</summary>
    internal static bool Is(IOperation operation, INamedTypeSymbol? type) => Check(operation, type, allowExit: false, MaxCallDepth);

    private static bool Check(IOperation operation, INamedTypeSymbol? type, bool allowExit, int depth)
    {
        switch (operation)
        {
            case IExpressionStatementOperation:
            case IVariableDeclarationGroupOperation:
            case IVariableDeclarationOperation:
            case IVariableDeclaratorOperation:
            case IVariableInitializerOperation:
            case IBlockOperation:
            case IEmptyOperation:
            case ILiteralOperation:
            case IDefaultValueOperation:
            case ILocalReferenceOperation:
            case IParameterReferenceOperation:
            case IInstanceReferenceOperation:
            case IConditionalOperation:
            case IIsTypeOperation:
            case IIsPatternOperation:
            case IConstantPatternOperation:
            case ITypePatternOperation:
            case IDeclarationPatternOperation:
            case IDiscardOperation:
            case IArgumentOperation:
                break;
            case IReturnOperation or IBranchOperation when allowExit:
                break;
            case IFieldReferenceOperation { Instance: null or IInstanceReferenceOperation }:
                break;
            case ISimpleAssignmentOperation assignment when IsPlainTarget(assignment.Target, type, depth):
                break;
            case IIncrementOrDecrementOperation { IsChecked: false, OperatorMethod: null } increment when IsPlainTarget(increment.Target, type, depth: 0):
                break;
            case ICompoundAssignmentOperation { IsChecked: false, OperatorMethod: null, InConversion.IsUserDefined: false, OutConversion.IsUserDefined: false } compound
                when IsPlainTarget(compound.Target, type, depth: 0) && !Divides(compound.OperatorKind, compound.Target.Type, compound.Value):
                break;
            case IBinaryOperation { OperatorMethod: null } binary when !(binary.IsChecked && IsArithmetic(binary.OperatorKind))
                && !Divides(binary.OperatorKind, binary.Type, binary.RightOperand)
                && binary.LeftOperand.Type?.SpecialType != SpecialType.System_String:
                break;
            case IUnaryOperation { OperatorMethod: null, IsChecked: false }:
                break;
            case IConversionOperation conversion when IsSafeConversion(conversion):
                break;
            case IPropertyReferenceOperation property when IsOwn(property.Property, property.Instance, type)
                && property.Property.GetMethod is { } getter
                && (IsAutoAccessor(getter) || BodyCannotThrow(getter, operation, type, depth)):
                break;
            case IPropertyReferenceOperation { Property: var property } when NeverThrows(property):
                break;
            case IInvocationOperation invocation when IsOwn(invocation.TargetMethod, invocation.Instance, type)
                && BodyCannotThrow(invocation.TargetMethod, operation, type, depth):
                break;
            case IInvocationOperation invocation when NeverThrows(invocation.TargetMethod) || IsConditional(invocation.TargetMethod):
                break;
            default:
                return false;
        }

        foreach (var child in operation.ChildOperations)
        {
            if (!Check(child, type, allowExit, depth))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Framework members that do not throw: reading a clock or a new identifier, formatting a <c>Guid</c> (a value, never
    /// null), atomic and volatile accesses (what they are given is checked like any operand). Only members without a
    /// receiver that could be null. Matched by containing type and name, so a polyfill's copy counts too.
    /// </summary>
    private static bool NeverThrows(ISymbol member)
    {
        var type = member.ContainingType;
        var name = member.Name;

        // The namespace under System the type lives in ("" for System itself), when the member is one of the list.
        var space = type?.Name switch
        {
            "Guid" when name is "NewGuid" or "ToString" or "Empty" => string.Empty,
            "DateTime" or "DateTimeOffset" when name is "UtcNow" or "Now" or "Ticks" => string.Empty,
            "TimeSpan" when name == "Ticks" => string.Empty,
            "Environment" when name is "TickCount" or "TickCount64" or "CurrentManagedThreadId" or "ProcessorCount" => string.Empty,
            "Stopwatch" when name == "GetTimestamp" => "Diagnostics",
            "Interlocked" or "Volatile" => "Threading",
            _ => null,
        };
        var system = space switch
        {
            null => null,
            "" => type!.ContainingNamespace,
            _ => type!.ContainingNamespace is { } inner && inner.Name == space ? inner.ContainingNamespace : null,
        };
        return system is { Name: "System", ContainingNamespace.IsGlobalNamespace: true };
    }

    /// <summary>A <c>[Conditional]</c> method (<c>Debug.Assert</c>): a release build leaves the call out.</summary>
    private static bool IsConditional(IMethodSymbol method)
    {
        foreach (var attribute in method.GetAttributes())
        {
            if (attribute.AttributeClass is { Name: "ConditionalAttribute", ContainingNamespace: { Name: "Diagnostics", ContainingNamespace.Name: "System" } })
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A local, a parameter, the object's own field (or an own auto-property, whose setter cannot throw).</summary>
    private static bool IsPlainTarget(IOperation target, INamedTypeSymbol? type, int depth) => target switch
    {
        ILocalReferenceOperation or IParameterReferenceOperation or IDiscardOperation => true,
        IFieldReferenceOperation { Instance: null or IInstanceReferenceOperation } => true,
        IPropertyReferenceOperation property => depth >= 0 && IsOwn(property.Property, property.Instance, type)
            && property.Property.SetMethod is { } setter && IsAutoAccessor(setter),
        _ => false,
    };

    /// <summary>A member of <paramref name="type"/>, called on this object (or static), that no override can replace.</summary>
    private static bool IsOwn(ISymbol member, IOperation? instance, INamedTypeSymbol? type) =>
        type is not null
        && SymbolEqualityComparer.Default.Equals(member.ContainingType?.OriginalDefinition, type.OriginalDefinition)
        && instance is null or IInstanceReferenceOperation
        && !member.IsVirtual && !member.IsAbstract && !member.IsOverride && !member.IsExtern;

    private static bool IsAutoAccessor(IMethodSymbol accessor)
    {
        foreach (var reference in accessor.DeclaringSyntaxReferences)
        {
            return reference.GetSyntax() is AccessorDeclarationSyntax { Body: null, ExpressionBody: null };
        }

        return false;
    }

    /// <summary>The body of an own method or accessor, declared in the same file, cannot throw (its returns are fine).</summary>
    private static bool BodyCannotThrow(IMethodSymbol method, IOperation site, INamedTypeSymbol? type, int depth)
    {
        if (depth == 0 || site.SemanticModel is not { } model || method.DeclaringSyntaxReferences.Length != 1)
        {
            return false;
        }

        var reference = method.DeclaringSyntaxReferences[0];
        if (reference.SyntaxTree != model.SyntaxTree)
        {
            return false;
        }

        SyntaxNode? body = reference.GetSyntax() switch
        {
            MethodDeclarationSyntax declaration => (SyntaxNode?)declaration.Body ?? declaration.ExpressionBody,
            AccessorDeclarationSyntax accessor => (SyntaxNode?)accessor.Body ?? accessor.ExpressionBody,
            ArrowExpressionClauseSyntax arrow => arrow,
            _ => null,
        };
        if (body is ArrowExpressionClauseSyntax arrowBody)
        {
            body = arrowBody.Expression;
        }

        return body is not null && model.GetOperation(body) is { } operation && Check(operation, type, allowExit: true, depth - 1);
    }

    private static bool IsArithmetic(BinaryOperatorKind kind) =>
        kind is BinaryOperatorKind.Add or BinaryOperatorKind.Subtract or BinaryOperatorKind.Multiply or BinaryOperatorKind.Divide or BinaryOperatorKind.Remainder;

    /// <summary>Integer division or remainder by something that may be zero.</summary>
    private static bool Divides(BinaryOperatorKind kind, ITypeSymbol? type, IOperation divisor) =>
        kind is BinaryOperatorKind.Divide or BinaryOperatorKind.Remainder
        && type?.SpecialType is not (SpecialType.System_Single or SpecialType.System_Double)
        && divisor.ConstantValue is not { HasValue: true, Value: not 0 and not 0L };

    /// <summary>Implicit conversions, and unchecked explicit ones between numbers and enums (they truncate, never throw).</summary>
    private static bool IsSafeConversion(IConversionOperation conversion)
    {
        if (conversion.OperatorMethod is not null || conversion.Conversion.IsUserDefined)
        {
            return false;
        }

        if (conversion.Conversion.IsImplicit || conversion.Conversion.IsIdentity)
        {
            return true;
        }

        return !conversion.IsChecked && IsNumberOrEnum(conversion.Type) && IsNumberOrEnum(conversion.Operand.Type);
    }

    private static bool IsNumberOrEnum(ITypeSymbol? type) =>
        type?.TypeKind == TypeKind.Enum
        || type?.SpecialType is SpecialType.System_SByte or SpecialType.System_Byte or SpecialType.System_Int16 or SpecialType.System_UInt16
            or SpecialType.System_Int32 or SpecialType.System_UInt32 or SpecialType.System_Int64 or SpecialType.System_UInt64
            or SpecialType.System_Char or SpecialType.System_Single or SpecialType.System_Double;
}
