using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

using Vet.Analyzers.Engine;

namespace Vet.Analyzers.Cancellation;

/// <summary>
/// VET104: a token parameter of an ordinary method stored in an instance field or property outlives the call it belongs
/// to. Constructors, primary constructors and records are not reported: they build context and per-operation objects,
/// whose token is the operation's.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class TokenCapturedInStateAnalyzer : DiagnosticAnalyzer
{
    private static readonly DiagnosticDescriptor Rule = Descriptors.VET104_TokenCapturedInState;

    /// <summary>Words in a member's or parameter's name that mark a token for the object's whole life, not one call.</summary>
    private static readonly string[] LifetimeWords = { "stop", "shutdown", "lifetime", "closing", "closed", "dispos", "abort", "terminat" };

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

            if (TokenTypes.Create(start.Compilation) is not { } tokens)
            {
                return;
            }

            var types = new Types(start.Compilation, tokens);
            start.RegisterOperationAction(ctx => AnalyzeAssignment(ctx, types), OperationKind.SimpleAssignment);
        });
    }

    private static void AnalyzeAssignment(OperationAnalysisContext context, Types types)
    {
        var assignment = (ISimpleAssignmentOperation)context.Operation;

        // `this._ct = ct` or `_ct = ct`; not `new ParallelOptions { CancellationToken = ct }`, whose receiver is the new object.
        ISymbol? member = assignment.Target switch
        {
            IFieldReferenceOperation { Field.IsStatic: false, Instance: IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.ContainingTypeInstance } } field => field.Field,
            IPropertyReferenceOperation { Property.IsStatic: false, Instance: IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.ContainingTypeInstance } } property => property.Property,
            _ => null,
        };
        if (member is null
            || !types.Tokens.IsToken(assignment.Target.Type)
            || Operations.WithoutConversions(assignment.Value) is not IParameterReferenceOperation { Parameter: var parameter }
            || !IsRequestToken(parameter, types)
            || IsLifetimeName(member.Name)
            || ApiContracts.IsOverrideOrImplementation(member)
            || IsSetterByShape(assignment, parameter)
            || StartsAHeldRun(assignment, types))
        {
            return;
        }

        context.ReportDiagnostic(Diagnostic.Create(Rule, assignment.Syntax.GetLocation(), member.Name, parameter.Name));
    }

    /// <summary>
    /// A token parameter of an ordinary method (not a constructor, and not an <c>Initialize…</c> member that plays one
    /// for pooled objects), not named for a lifetime, and not owned by a per-call type.
    /// </summary>
    private static bool IsRequestToken(IParameterSymbol parameter, Types types)
    {
        if (!types.Tokens.IsToken(parameter.Type)
            || parameter.Name.Length == 0
            || IsLifetimeName(parameter.Name)
            || parameter.ContainingSymbol is not IMethodSymbol { MethodKind: MethodKind.Ordinary } method
            || Lifecycle.Is(method, LifecyclePhase.Construction)
            || IsSetter(method.Name)
            || method.Name == "GetAsyncEnumerator")
        {
            return false;
        }

        // A (non-record) struct is a value: a scope, an awaiter or an options bag copied into one call.
        return !(method.ContainingType.IsValueType && !method.ContainingType.IsRecord) && !IsExemptType(method.ContainingType, types);
    }

    /// <summary>
    /// The method also puts a new <c>TaskCompletionSource</c> in a field or property of this object: it starts a run the
    /// object holds and completes later, and the token stored beside it is that run's (the object is the operation;
    /// there is no later call to pass it to).
    /// </summary>
    private static bool StartsAHeldRun(IOperation assignment, Types types)
    {
        if (types.CompletionSource is null && types.CompletionSourceOfT is null)
        {
            return false;
        }

        var root = assignment;
        while (root.Parent is { } parent)
        {
            root = parent;
        }

        foreach (var node in root.Descendants())
        {
            if (node is ISimpleAssignmentOperation
                {
                    Target: IFieldReferenceOperation { Instance: IInstanceReferenceOperation } or IPropertyReferenceOperation { Instance: IInstanceReferenceOperation },
                } started
                && Operations.WithoutConversions(started.Value) is IObjectCreationOperation { Type: INamedTypeSymbol created }
                && (SymbolEqualityComparer.Default.Equals(created.OriginalDefinition, types.CompletionSourceOfT)
                    || SymbolEqualityComparer.Default.Equals(created, types.CompletionSource)))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// A method that takes only the token and does nothing but store it (and return <c>this</c>, as a fluent options
    /// builder does: <c>public GetOptions CancellationToken(CancellationToken token) { Token = token; return this; }</c>):
    /// a setter whatever its name, whose job is to give the object its token.
    /// </summary>
    private static bool IsSetterByShape(IOperation assignment, IParameterSymbol parameter)
    {
        if (parameter.ContainingSymbol is not IMethodSymbol { Parameters.Length: 1 })
        {
            return false;
        }

        var body = assignment.Parent;
        if (body is IExpressionStatementOperation statement)
        {
            body = statement.Parent;
        }

        // An expression body `=> _token = token` is a block with the assignment (and, for a void method, nothing else).
        if (body is not IBlockOperation { Parent: IMethodBodyOperation } block)
        {
            return false;
        }

        // Every statement is the assignment itself, or `return;` / `return this;`.
        foreach (var statementOrExpression in block.Operations)
        {
            var operation = statementOrExpression is IExpressionStatementOperation { Operation: var expression } ? expression : statementOrExpression;
            if (operation != assignment
                && operation is not IReturnOperation { ReturnedValue: null or IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.ContainingTypeInstance } })
            {
                return false;
            }
        }

        return true;
    }

    /// <summary><c>SetCancelToken(ct)</c>: a method whose job is to give the object its token, as a property setter would.</summary>
    private static bool IsSetter(string name) => name.Length > 3 && name.StartsWith("Set", System.StringComparison.Ordinal) && char.IsUpper(name[3]);

    private static bool IsLifetimeName(string name)
    {
        foreach (var word in LifetimeWords)
        {
            if (name.IndexOf(word, System.StringComparison.OrdinalIgnoreCase) >= 0)
            {
                return true;
            }
        }

        return false;
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
            AsyncEnumerator = WellKnownTypes.Get(compilation, "System.Collections.Generic.IAsyncEnumerator`1");
            NotifyCompletion = WellKnownTypes.Get(compilation, "System.Runtime.CompilerServices.INotifyCompletion");
            ValueTaskSource = WellKnownTypes.Get(compilation, "System.Threading.Tasks.Sources.IValueTaskSource");
            ValueTaskSourceOfT = WellKnownTypes.Get(compilation, "System.Threading.Tasks.Sources.IValueTaskSource`1");
            CompletionSource = WellKnownTypes.Get(compilation, "System.Threading.Tasks.TaskCompletionSource");
            CompletionSourceOfT = WellKnownTypes.Get(compilation, "System.Threading.Tasks.TaskCompletionSource`1");
        }

        public INamedTypeSymbol? CompletionSource { get; }

        public INamedTypeSymbol? CompletionSourceOfT { get; }

        public TokenTypes Tokens { get; }

        public INamedTypeSymbol? AsyncEnumerator { get; }

        public INamedTypeSymbol? NotifyCompletion { get; }

        public INamedTypeSymbol? ValueTaskSource { get; }

        public INamedTypeSymbol? ValueTaskSourceOfT { get; }
    }
}
