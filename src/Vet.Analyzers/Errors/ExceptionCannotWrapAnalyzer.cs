using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Vet.Analyzers.Engine;

namespace Vet.Analyzers.Errors;

/// <summary>
/// VET306: a public or internal, non-abstract exception type with no constructor that takes an inner exception, so
/// code that catches a failure and throws this type cannot keep the cause (Go's <c>%w</c>).
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ExceptionCannotWrapAnalyzer : DiagnosticAnalyzer
{
    private static readonly DiagnosticDescriptor Rule = Descriptors.VET306_ExceptionCannotWrap;

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Rule);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(static start =>
        {
            if (start.Compilation.GetTypeByMetadataName("System.Exception") is { } exception)
            {
                start.RegisterSymbolAction(ctx => AnalyzeType(ctx, exception), SymbolKind.NamedType);
            }
        });
    }

    private static void AnalyzeType(SymbolAnalysisContext context, INamedTypeSymbol exception)
    {
        var type = (INamedTypeSymbol)context.Symbol;
        if (type.TypeKind != TypeKind.Class
            || type.IsAbstract
            || type.IsStatic
            || !IsPublicOrInternal(type)
            || SymbolEqualityComparer.Default.Equals(type, exception)
            || !BaseTypes.IsOrDerivesFrom(type.BaseType, exception)
            || type.Locations.IsEmpty
            || !type.Locations[0].IsInSource)
        {
            return;
        }

        foreach (var constructor in type.InstanceConstructors)
        {
            if (TakesException(constructor, exception))
            {
                return;
            }
        }

        // Only when the base type can take the cause: otherwise there is nothing to pass it to.
        var canWrap = false;
        foreach (var constructor in type.BaseType!.InstanceConstructors)
        {
            if (constructor.DeclaredAccessibility is not Accessibility.Private && TakesException(constructor, exception))
            {
                canWrap = true;
                break;
            }
        }

        if (canWrap)
        {
            context.ReportDiagnostic(Diagnostic.Create(Rule, type.Locations[0], type.Name));
        }
    }

    private static bool TakesException(IMethodSymbol constructor, INamedTypeSymbol exception)
    {
        foreach (var parameter in constructor.Parameters)
        {
            if (BaseTypes.IsOrDerivesFrom(parameter.Type, exception))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsPublicOrInternal(INamedTypeSymbol type)
    {
        for (ISymbol? current = type; current is INamedTypeSymbol named; current = named.ContainingType)
        {
            if (named.DeclaredAccessibility is not (Accessibility.Public or Accessibility.Internal or Accessibility.ProtectedOrInternal))
            {
                return false;
            }
        }

        return true;
    }
}
