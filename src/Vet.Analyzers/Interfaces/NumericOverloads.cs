using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace Vet.Analyzers.Interfaces;

/// <summary>Finds overloads that are one method written out per numeric type; shared with the fix.</summary>
internal static class NumericOverloads
{
    /// <summary>The single numeric primitive type the method's signature uses (in any position, arrays and type arguments included), or null.</summary>
    public static ITypeSymbol? NumericTypeOf(IMethodSymbol method)
    {
        ITypeSymbol? found = null;
        var consistent = true;
        Visit(method.ReturnType);
        foreach (var parameter in method.Parameters)
        {
            Visit(parameter.Type);
        }

        return consistent ? found : null;

        void Visit(ITypeSymbol type)
        {
            switch (type)
            {
                case IArrayTypeSymbol array:
                    Visit(array.ElementType);
                    break;
                case INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T }:
                    consistent = false; // 'int?' would become an unconstrained 'T?', which is not Nullable<T>
                    break;
                case INamedTypeSymbol { IsGenericType: true } generic:
                    foreach (var argument in generic.TypeArguments)
                    {
                        Visit(argument);
                    }

                    break;
                default:
                    if (IsNumeric(type))
                    {
                        if (found is not null && !SymbolEqualityComparer.Default.Equals(found, type))
                        {
                            consistent = false;
                        }

                        found = type;
                    }

                    break;
            }
        }
    }

    public static bool IsNumeric(ITypeSymbol type) => type.SpecialType is
        SpecialType.System_SByte or SpecialType.System_Byte or SpecialType.System_Int16 or SpecialType.System_UInt16 or
        SpecialType.System_Int32 or SpecialType.System_UInt32 or SpecialType.System_Int64 or SpecialType.System_UInt64 or
        SpecialType.System_Single or SpecialType.System_Double or SpecialType.System_Decimal;

    /// <summary>Groups (two or more) of overloads with the same shape and the same normalized body.</summary>
    public static List<List<IMethodSymbol>> Groups(List<IMethodSymbol> overloads, SemanticModel model, CancellationToken cancellationToken)
    {
        var groups = new List<List<IMethodSymbol>>();
        var keys = new Dictionary<string, List<IMethodSymbol>>(System.StringComparer.Ordinal);
        foreach (var method in overloads)
        {
            if (method.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken) is not MethodDeclarationSyntax declaration
                || (declaration.Body is null && declaration.ExpressionBody is null)
                || ((CSharpParseOptions)declaration.SyntaxTree.Options).LanguageVersion < LanguageVersion.CSharp11
                || NumericTypeOf(method) is not { } numeric)
            {
                continue;
            }

            var key = Shape(method, numeric) + "\n" + NormalizedBody(declaration, numeric);
            if (!keys.TryGetValue(key, out var list))
            {
                list = new List<IMethodSymbol>();
                keys.Add(key, list);
            }

            list.Add(method);
        }

        foreach (var list in keys.Values)
        {
            if (list.Count >= 2 && AllDistinctTypes(list) && list.TrueForAll(m => IsGenericMathBody(m, model, cancellationToken)))
            {
                list.Sort(static (a, b) => a.Locations[0].SourceSpan.Start.CompareTo(b.Locations[0].SourceSpan.Start));
                groups.Add(list);
            }
        }

        return groups;
    }

    private static bool AllDistinctTypes(List<IMethodSymbol> methods)
    {
        var seen = new HashSet<ITypeSymbol>(SymbolEqualityComparer.Default);
        foreach (var method in methods)
        {
            if (!seen.Add(NumericTypeOf(method)!))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The signature with the numeric type written as T, plus the modifiers and parameter names.</summary>
    private static string Shape(IMethodSymbol method, ITypeSymbol numeric)
    {
        var text = new StringBuilder();
        text.Append(method.IsStatic ? "static " : string.Empty).Append(method.DeclaredAccessibility).Append(' ');
        text.Append(Rename(method.ReturnType, numeric)).Append('(');
        foreach (var parameter in method.Parameters)
        {
            text.Append(parameter.RefKind).Append(' ').Append(parameter.IsParams ? "params " : string.Empty)
                .Append(Rename(parameter.Type, numeric)).Append(' ').Append(parameter.Name).Append(',');
        }

        return text.Append(')').ToString();
    }

    /// <summary>The type written with the numeric type as T, walking arrays and type arguments (not renaming text).</summary>
    private static string Rename(ITypeSymbol type, ITypeSymbol numeric) => type switch
    {
        _ when SymbolEqualityComparer.Default.Equals(type, numeric) => "T",
        IArrayTypeSymbol array => Rename(array.ElementType, numeric) + "[" + new string(',', array.Rank - 1) + "]",
        INamedTypeSymbol { IsGenericType: true } generic => generic.ConstructedFrom.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat)
            + "(" + string.Join(",", generic.TypeArguments.Select(argument => Rename(argument, numeric))) + ")",
        _ => type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat),
    };

    /// <summary>Whether <paramref name="type"/> is, or contains as an element or type argument, the numeric type.</summary>
    public static bool Mentions(ITypeSymbol type, ITypeSymbol numeric) => type switch
    {
        IArrayTypeSymbol array => Mentions(array.ElementType, numeric),
        INamedTypeSymbol { IsGenericType: true } generic => generic.TypeArguments.Any(argument => Mentions(argument, numeric)),
        _ => SymbolEqualityComparer.Default.Equals(type, numeric),
    };

    /// <summary>The body's tokens with the numeric keyword as T and numeric literals as their value.</summary>
    private static string NormalizedBody(MethodDeclarationSyntax declaration, ITypeSymbol numeric)
    {
        var keyword = numeric.ToDisplayString();
        var text = new StringBuilder();
        SyntaxNode body = (SyntaxNode?)declaration.Body ?? declaration.ExpressionBody!;
        foreach (var token in body.DescendantTokens())
        {
            if (token.IsKind(SyntaxKind.NumericLiteralToken))
            {
                text.Append('#').Append(LiteralValue(token));
            }
            else if (SyntaxFacts.IsPredefinedType(token.Kind()) && token.ValueText == keyword)
            {
                text.Append('T');
            }
            else
            {
                text.Append(token.ValueText);
            }

            text.Append(' ');
        }

        return text.ToString();
    }

    public static string LiteralValue(SyntaxToken literal)
    {
        var digits = literal.ValueText;
        return decimal.TryParse(digits, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            ? value.ToString(CultureInfo.InvariantCulture)
            : literal.Text;
    }

    /// <summary>
    /// Whether every use of the numeric type in the body has a generic-math twin. Checked for each overload: the same
    /// tokens can mean a widening in one (an int added to a long field) and plain arithmetic in another.
    /// </summary>
    /// <remarks>Operators, literals, Math.Max/Min/Abs.</remarks>
    public static bool IsGenericMathBody(IMethodSymbol method, SemanticModel model, CancellationToken cancellationToken)
    {
        var declaration = (MethodDeclarationSyntax)method.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken);
        var numeric = NumericTypeOf(method)!;
        SyntaxNode body = (SyntaxNode?)declaration.Body ?? declaration.ExpressionBody!;
        if (model.GetOperation(body, cancellationToken) is not { } root)
        {
            return false;
        }

        // Overloads that only pass the value on (boxing it for formatting, say) are there to spare callers a
        // conversion or to keep a binary contract, not copies of a computation: generic math has nothing to offer them.
        var computes = false;
        foreach (var operation in root.DescendantsAndSelf())
        {
            if (!Allowed(operation, numeric))
            {
                return false;
            }

            computes |= Computes(operation, numeric);
        }

        return computes;
    }

    private static bool Computes(IOperation operation, ITypeSymbol numeric) => operation switch
    {
        IBinaryOperation binary => SymbolEqualityComparer.Default.Equals(binary.LeftOperand.Type, numeric) || SymbolEqualityComparer.Default.Equals(binary.RightOperand.Type, numeric),
        ICompoundAssignmentOperation compound => SymbolEqualityComparer.Default.Equals(compound.Target.Type, numeric),
        IIncrementOrDecrementOperation step => SymbolEqualityComparer.Default.Equals(step.Target.Type, numeric),
        IUnaryOperation unary => SymbolEqualityComparer.Default.Equals(unary.Operand.Type, numeric),
        IInvocationOperation invocation => SymbolEqualityComparer.Default.Equals(invocation.Type, numeric),
        _ => false,
    };

    private static bool Allowed(IOperation operation, ITypeSymbol numeric)
    {
        bool IsN(ITypeSymbol? type) => SymbolEqualityComparer.Default.Equals(type, numeric);

        switch (operation)
        {
            case IBinaryOperation binary when IsN(binary.LeftOperand.Type) || IsN(binary.RightOperand.Type) || IsN(binary.Type):
                return binary.OperatorMethod is null && binary.OperatorKind is
                    BinaryOperatorKind.Add or BinaryOperatorKind.Subtract or BinaryOperatorKind.Multiply or BinaryOperatorKind.Divide or BinaryOperatorKind.Remainder or
                    BinaryOperatorKind.Equals or BinaryOperatorKind.NotEquals or BinaryOperatorKind.LessThan or BinaryOperatorKind.LessThanOrEqual or
                    BinaryOperatorKind.GreaterThan or BinaryOperatorKind.GreaterThanOrEqual;
            case ICompoundAssignmentOperation compound when IsN(compound.Target.Type):
                return compound.OperatorKind is BinaryOperatorKind.Add or BinaryOperatorKind.Subtract or BinaryOperatorKind.Multiply or BinaryOperatorKind.Divide or BinaryOperatorKind.Remainder;
            case IUnaryOperation unary when IsN(unary.Operand.Type):
                return unary.OperatorKind is UnaryOperatorKind.Minus or UnaryOperatorKind.Plus;
            case IConversionOperation conversion when IsN(conversion.Type) && !IsN(conversion.Operand.Type):
                // Only literals become the numeric type (rewritten T.Zero / T.One / T.CreateChecked).
                return conversion.Operand.ConstantValue.HasValue && conversion.Operand.Syntax is LiteralExpressionSyntax;
            case IConversionOperation conversion when IsN(conversion.Operand.Type) && !IsN(conversion.Type):
                // Boxing for formatting is fine for a struct T; widening to another number is not.
                return conversion.Type?.SpecialType == SpecialType.System_Object || conversion.Type?.TypeKind == TypeKind.Interface;
            case IInvocationOperation invocation when TouchesNumeric(invocation, numeric):
                return invocation.TargetMethod.ContainingType?.ToDisplayString() == "System.Math"
                    && invocation.TargetMethod.Name is "Max" or "Min" or "Abs"
                    && IsN(invocation.Type);
            case IObjectCreationOperation creation when ArgumentsTouch(creation.Arguments, numeric):
                return false; // each overload may pick a different constructor (Color(byte, …) and Color(float, …) differ)
            case IFieldReferenceOperation field when IsN(field.Field.ContainingType):
            case IPropertyReferenceOperation property when IsN(property.Property.ContainingType):
                return false; // int.MaxValue and the like need more than INumber<T>
            default:
                return true;
        }
    }

    private static bool TouchesNumeric(IInvocationOperation invocation, ITypeSymbol numeric)
    {
        if (SymbolEqualityComparer.Default.Equals(invocation.Type, numeric)
            || (invocation.Instance is { } instance && SymbolEqualityComparer.Default.Equals(instance.Type, numeric)))
        {
            return true;
        }

        return ArgumentsTouch(invocation.Arguments, numeric);
    }

    private static bool ArgumentsTouch(ImmutableArray<IArgumentOperation> arguments, ITypeSymbol numeric)
    {
        foreach (var argument in arguments)
        {
            var value = argument.Value is IConversionOperation { IsImplicit: true } conversion ? conversion.Operand : argument.Value;
            if (SymbolEqualityComparer.Default.Equals(value.Type, numeric) || SymbolEqualityComparer.Default.Equals(argument.Parameter?.Type, numeric))
            {
                return true;
            }
        }

        return false;
    }
}
