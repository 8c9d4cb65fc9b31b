using System;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using Vet.Analyzers.Engine;

namespace Vet.Analyzers.Errors;

/// <summary>
/// VET301: <c>throw new X(...)</c> in a catch (the innermost one; not in a lambda written there) whose arguments do not
/// pass the caught exception or anything taken from it other than its text (<c>ex.Message</c>, <c>ex.ToString()</c>,
/// <c>ex.GetType()</c>).
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class CauseNotWrappedAnalyzer : DiagnosticAnalyzer
{
    /// <summary>Diagnostic property: the name of the constructor parameter that takes the cause; absent when none does.</summary>
    public const string ParameterProperty = "Parameter";

    /// <summary>Diagnostic property: the position of that parameter in the constructor.</summary>
    public const string OrdinalProperty = "Ordinal";

    private static readonly DiagnosticDescriptor Rule = Descriptors.VET301_CauseNotWrapped;

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Rule);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(static start =>
        {
            if (start.Compilation.GetTypeByMetadataName("System.Exception") is { } exception)
            {
                start.RegisterOperationAction(ctx => AnalyzeThrow(ctx, exception), OperationKind.Throw);
            }
        });
    }

    private static void AnalyzeThrow(OperationAnalysisContext context, INamedTypeSymbol exception)
    {
        var @throw = (IThrowOperation)context.Operation;
        if (@throw.Exception is null
            || Operations.WithoutConversions(@throw.Exception) is not IObjectCreationOperation { Constructor: { } constructor, Type: INamedTypeSymbol thrown } creation
            || EnclosingCatch(@throw) is not { } @catch)
        {
            return;
        }

        var caught = @catch.ExceptionDeclarationOrExpression is IVariableDeclaratorOperation { Symbol: { } local } ? local : null;
        if (caught is not null && PassesCause(creation, caught))
        {
            return;
        }

        if (IsBoundary(thrown, context.Options, @throw.Syntax.SyntaxTree) || PassesAnotherException(creation, exception))
        {
            return;
        }

        // `catch { }` catches object; the fix declares it as Exception.
        var caughtType = @catch.ExceptionType is INamedTypeSymbol { TypeKind: not TypeKind.Error } type && BaseTypes.IsOrDerivesFrom(type, exception) ? type : exception;
        var target = WrappingOverload(thrown, constructor, caughtType, exception, context.Compilation, context.ContainingSymbol.ContainingType);
        var properties = ImmutableDictionary<string, string?>.Empty;
        string advice;
        if (target is { } parameter)
        {
            properties = properties.Add(ParameterProperty, parameter.Name).Add(OrdinalProperty, parameter.Ordinal.ToString(System.Globalization.CultureInfo.InvariantCulture));
            advice = $"pass {(caught is null ? "the caught exception" : "'" + caught.Name + "'")} as its inner exception";
        }
        else
        {
            advice = thrown.Locations.Length > 0 && thrown.Locations[0].IsInSource
                ? $"'{thrown.Name}' has no constructor that takes the caught exception besides these arguments; add one (VET306)"
                : $"use a constructor of '{thrown.Name}' that takes a message and the inner exception";
        }

        context.ReportDiagnostic(Diagnostic.Create(Rule, creation.Syntax.GetLocation(), properties, thrown.Name, advice));
    }

    /// <summary>The catch whose handler the throw is in, stopping at lambdas and local functions written there.</summary>
    private static ICatchClauseOperation? EnclosingCatch(IOperation operation)
    {
        for (var current = operation; current.Parent is { } parent; current = parent)
        {
            switch (parent)
            {
                case IAnonymousFunctionOperation or ILocalFunctionOperation:
                    return null;
                case ICatchClauseOperation @catch:
                    return @catch.Handler == current ? @catch : null;
            }
        }

        return null;
    }

    /// <summary>The arguments (or initializer) use the caught exception, other than only for its text.</summary>
    private static bool PassesCause(IObjectCreationOperation creation, ILocalSymbol caught)
    {
        foreach (var operation in creation.DescendantsAndSelf())
        {
            if (operation is ILocalReferenceOperation reference
                && SymbolEqualityComparer.Default.Equals(reference.Local, caught)
                && !IsTextOnly(reference))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsTextOnly(ILocalReferenceOperation reference)
    {
        var parent = reference.Parent is IConversionOperation conversion ? conversion.Parent : reference.Parent;
        return parent switch
        {
            IPropertyReferenceOperation { Property.Name: "Message" or "StackTrace" or "Source" or "HelpLink" } => true,
            IInvocationOperation { TargetMethod.Name: "ToString" or "GetType" } => true,
            IInterpolationOperation => true,
            IBinaryOperation { OperatorKind: BinaryOperatorKind.Add, Type.SpecialType: SpecialType.System_String } => true,
            _ => false,
        };
    }

    /// <summary>An argument is already an exception (<c>new X("pool exhausted", new TimeoutException())</c>): a cause was chosen.</summary>
    private static bool PassesAnotherException(IObjectCreationOperation creation, INamedTypeSymbol exception)
    {
        foreach (var argument in creation.Arguments)
        {
            if (!argument.IsImplicit && BaseTypes.IsOrDerivesFrom(Operations.WithoutConversions(argument.Value).Type, exception))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The parameter of an accessible overload of the thrown type's constructors that takes everything the current
    /// call passes, in the same order, plus one parameter that accepts the caught exception.
    /// </summary>
    private static IParameterSymbol? WrappingOverload(INamedTypeSymbol thrown, IMethodSymbol current, INamedTypeSymbol caughtType, INamedTypeSymbol exception, Compilation compilation, INamedTypeSymbol? within)
    {
        foreach (var candidate in thrown.InstanceConstructors)
        {
            if (candidate.Parameters.Length != current.Parameters.Length + 1
                || (within is null ? candidate.DeclaredAccessibility != Accessibility.Public : !compilation.IsSymbolAccessibleWithin(candidate, within)))
            {
                continue;
            }

            for (var skip = 0; skip < candidate.Parameters.Length; skip++)
            {
                var parameter = candidate.Parameters[skip];
                if (!BaseTypes.IsOrDerivesFrom(caughtType, parameter.Type as INamedTypeSymbol) || !BaseTypes.IsOrDerivesFrom(parameter.Type, exception))
                {
                    continue;
                }

                var same = true;
                for (int i = 0, j = 0; i < current.Parameters.Length && same; i++, j++)
                {
                    if (j == skip)
                    {
                        j++;
                    }

                    same = SymbolEqualityComparer.Default.Equals(current.Parameters[i].Type, candidate.Parameters[j].Type);
                }

                if (same)
                {
                    return parameter;
                }
            }
        }

        return null;
    }

    /// <summary>The thrown type is listed in <c>vet.VET301.boundary_types</c> (simple or full names, comma-separated).</summary>
    private static bool IsBoundary(INamedTypeSymbol thrown, AnalyzerOptions options, SyntaxTree tree)
    {
        var listed = RuleOptions.GetString(options, tree, "VET301", "boundary_types");
        if (string.IsNullOrWhiteSpace(listed))
        {
            return false;
        }

        var fullName = thrown.ToDisplayString();
        foreach (var entry in listed!.Split(','))
        {
            var name = entry.Trim();
            if (name.Length > 0 && (string.Equals(name, thrown.Name, StringComparison.OrdinalIgnoreCase) || string.Equals(name, fullName, StringComparison.OrdinalIgnoreCase)))
            {
                return true;
            }
        }

        return false;
    }
}
