using System.Collections.Concurrent;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

using Vet.Analyzers.Engine;

namespace Vet.Analyzers.Cancellation;

/// <summary>VET104: a CancellationToken parameter stored in instance state outlives the call it belongs to.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class TokenCapturedInStateAnalyzer : DiagnosticAnalyzer
{
    private static readonly DiagnosticDescriptor Rule = Descriptors.VET104_TokenCapturedInState;

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Rule);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(static start =>
        {
            if (TokenTypes.Create(start.Compilation) is not { } tokens)
            {
                return;
            }

            var types = new Types(start.Compilation, tokens);
            start.RegisterOperationAction(ctx => AnalyzeAssignment(ctx, types), OperationKind.SimpleAssignment);
            start.RegisterOperationAction(ctx => AnalyzeInitializer(ctx, types), OperationKind.FieldInitializer, OperationKind.PropertyInitializer);
            start.RegisterOperationAction(ctx => AnalyzeCapture(ctx, types), OperationKind.ParameterReference);
            start.RegisterSymbolAction(ctx => AnalyzeRecord(ctx, types), SymbolKind.NamedType);
        });
    }

    private static void AnalyzeAssignment(OperationAnalysisContext context, Types types)
    {
        var assignment = (ISimpleAssignmentOperation)context.Operation;
        ISymbol? member = assignment.Target switch
        {
            IFieldReferenceOperation { Field.IsStatic: false, Instance: IInstanceReferenceOperation } field => field.Field,
            IPropertyReferenceOperation { Property.IsStatic: false, Instance: IInstanceReferenceOperation } property => property.Property,
            _ => null,
        };
        if (member is null
            || !types.Tokens.IsToken(assignment.Target.Type)
            || Operations.WithoutConversions(assignment.Value) is not IParameterReferenceOperation { Parameter: var parameter }
            || !IsRequestToken(parameter, types))
        {
            return;
        }

        context.ReportDiagnostic(Diagnostic.Create(Rule, assignment.Syntax.GetLocation(), member.Name, parameter.Name));
    }

    private static void AnalyzeInitializer(OperationAnalysisContext context, Types types)
    {
        var initializer = (ISymbolInitializerOperation)context.Operation;
        ISymbol? member = initializer switch
        {
            IFieldInitializerOperation { InitializedFields.Length: > 0 } field when !field.InitializedFields[0].IsStatic => field.InitializedFields[0],
            IPropertyInitializerOperation { InitializedProperties.Length: > 0 } property when !property.InitializedProperties[0].IsStatic => property.InitializedProperties[0],
            _ => null,
        };
        if (member is null
            || !types.Tokens.IsToken(initializer.Value.Type)
            || Operations.WithoutConversions(initializer.Value) is not IParameterReferenceOperation { Parameter: var parameter }
            || !IsRequestToken(parameter, types))
        {
            return;
        }

        context.ReportDiagnostic(Diagnostic.Create(Rule, initializer.Value.Syntax.GetLocation(), member.Name, parameter.Name));
    }

    /// <summary>A primary-constructor token read in a member body: the compiler keeps it in a hidden field.</summary>
    private static void AnalyzeCapture(OperationAnalysisContext context, Types types)
    {
        var parameter = ((IParameterReferenceOperation)context.Operation).Parameter;
        if (!types.Tokens.IsToken(parameter.Type)
            || parameter.ContainingSymbol is not IMethodSymbol { MethodKind: MethodKind.Constructor } constructor
            || SymbolEqualityComparer.Default.Equals(context.ContainingSymbol, constructor)
            || context.ContainingSymbol is not IMethodSymbol
            || !IsPrimaryConstructor(constructor, context.CancellationToken)
            || constructor.ContainingType.IsRecord
            || !IsRequestToken(parameter, types)
            || !types.Reported.TryAdd(parameter, true))
        {
            return;
        }

        context.ReportDiagnostic(Diagnostic.Create(Rule, parameter.Locations[0], constructor.ContainingType.Name, parameter.Name));
    }

    private static void AnalyzeRecord(SymbolAnalysisContext context, Types types)
    {
        var type = (INamedTypeSymbol)context.Symbol;
        if (!type.IsRecord || IsExemptType(type, types))
        {
            return;
        }

        foreach (var constructor in type.InstanceConstructors)
        {
            if (!IsPrimaryConstructor(constructor, context.CancellationToken))
            {
                continue;
            }

            foreach (var parameter in constructor.Parameters)
            {
                if (types.Tokens.IsToken(parameter.Type) && parameter.Name.Length > 0 && parameter.Locations.Length > 0)
                {
                    context.ReportDiagnostic(Diagnostic.Create(Rule, parameter.Locations[0], type.Name, parameter.Name));
                }
            }
        }
    }

    private static bool IsPrimaryConstructor(IMethodSymbol constructor, System.Threading.CancellationToken cancellationToken)
    {
        foreach (var reference in constructor.DeclaringSyntaxReferences)
        {
            if (reference.GetSyntax(cancellationToken) is TypeDeclarationSyntax)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A token parameter of an ordinary call, not a lifetime token and not owned by a per-call type.</summary>
    private static bool IsRequestToken(IParameterSymbol parameter, Types types)
    {
        if (!types.Tokens.IsToken(parameter.Type)
            || parameter.Name is "stoppingToken" or ""
            || parameter.ContainingSymbol is not IMethodSymbol method
            || method.Name == "GetAsyncEnumerator")
        {
            return false;
        }

        // A (non-record) struct is a value: a scope, an awaiter or an options bag copied into one call.
        return !(method.ContainingType.IsValueType && !method.ContainingType.IsRecord) && !IsExemptType(method.ContainingType, types);
    }

    /// <summary>Types whose whole purpose is one call: async enumerables and enumerators, awaiters, value-task sources.</summary>
    private static bool IsExemptType(INamedTypeSymbol type, Types types)
    {
        foreach (var implemented in type.AllInterfaces)
        {
            var definition = implemented.OriginalDefinition;
            if (SymbolEqualityComparer.Default.Equals(definition, types.AsyncEnumerator)
                || SymbolEqualityComparer.Default.Equals(definition, types.Tokens.AsyncEnumerable)
                || SymbolEqualityComparer.Default.Equals(definition, types.NotifyCompletion)
                || SymbolEqualityComparer.Default.Equals(definition, types.ValueTaskSource)
                || SymbolEqualityComparer.Default.Equals(definition, types.ValueTaskSourceOfT))
            {
                return true;
            }
        }

        return false;
    }

    private sealed class Types
    {
        public Types(Compilation compilation, TokenTypes tokens)
        {
            Tokens = tokens;
            AsyncEnumerator = compilation.GetTypeByMetadataName("System.Collections.Generic.IAsyncEnumerator`1");
            NotifyCompletion = compilation.GetTypeByMetadataName("System.Runtime.CompilerServices.INotifyCompletion");
            ValueTaskSource = compilation.GetTypeByMetadataName("System.Threading.Tasks.Sources.IValueTaskSource");
            ValueTaskSourceOfT = compilation.GetTypeByMetadataName("System.Threading.Tasks.Sources.IValueTaskSource`1");
        }

        public TokenTypes Tokens { get; }

        public INamedTypeSymbol? AsyncEnumerator { get; }

        public INamedTypeSymbol? NotifyCompletion { get; }

        public INamedTypeSymbol? ValueTaskSource { get; }

        public INamedTypeSymbol? ValueTaskSourceOfT { get; }

        /// <summary>Primary-constructor parameters already reported, so each is reported once however often it is read.</summary>
        public ConcurrentDictionary<IParameterSymbol, bool> Reported { get; } = new(SymbolEqualityComparer.Default);
    }
}
