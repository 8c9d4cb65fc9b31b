using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

using Vet.Analyzers.Engine;

namespace Vet.Analyzers.Cancellation;

/// <summary>VET105: a timeout made of Task.WhenAny(work, Task.Delay(t)) stops neither the work nor the timer.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class WhenAnyDelayTimeoutAnalyzer : DiagnosticAnalyzer
{
    private static readonly DiagnosticDescriptor Rule = Descriptors.VET105_WhenAnyDelayTimeout;

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Rule);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(static start =>
        {
            var task = start.Compilation.GetTypeByMetadataName("System.Threading.Tasks.Task");
            var source = start.Compilation.GetTypeByMetadataName("System.Threading.CancellationTokenSource");
            if (task is null || source is null)
            {
                return;
            }

            var types = new Types(task, source);
            start.RegisterOperationAction(ctx => Analyze(ctx, types), OperationKind.Invocation);
        });
    }

    private static void Analyze(OperationAnalysisContext context, Types types)
    {
        var invocation = (IInvocationOperation)context.Operation;
        var method = invocation.TargetMethod;
        if (method.Name != "WhenAny" || !SymbolEqualityComparer.Default.Equals(method.ContainingType, types.Task))
        {
            return;
        }

        if (FindDelay(invocation, types) is not { } delay || IsCancelledByTheMethod(delay, invocation, types))
        {
            return;
        }

        context.ReportDiagnostic(Diagnostic.Create(Rule, invocation.Syntax.GetLocation()));
    }

    /// <summary>The Task.Delay call among WhenAny's tasks (inline, or a local initialized with it), when there are exactly two tasks.</summary>
    internal static IInvocationOperation? FindDelay(IInvocationOperation whenAny, Types types)
    {
        var arguments = whenAny.Arguments;
        IOperation? first;
        IOperation? second;
        if (arguments.Length == 2)
        {
            first = arguments[0].Value;
            second = arguments[1].Value;
        }
        else if (arguments.Length == 1
            && Operations.WithoutConversions(arguments[0].Value) is IArrayCreationOperation { Initializer: { ElementValues.Length: 2 } initializer })
        {
            first = initializer.ElementValues[0];
            second = initializer.ElementValues[1];
        }
        else
        {
            return null;
        }

        var firstDelay = AsDelay(first, whenAny, types);
        var secondDelay = AsDelay(second, whenAny, types);

        // Two delays racing each other is not a timeout around work.
        return firstDelay is null ? secondDelay : secondDelay is null ? firstDelay : null;
    }


    private static IInvocationOperation? AsDelay(IOperation element, IOperation whenAny, Types types)
    {
        var value = Operations.WithoutConversions(element);
        if (value is ILocalReferenceOperation local)
        {
            value = InitializerOf(local.Local, whenAny);
        }

        return value is IInvocationOperation { TargetMethod.Name: "Delay" } call
            && SymbolEqualityComparer.Default.Equals(call.TargetMethod.ContainingType, types.Task)
            ? call
            : null;
    }

    /// <summary>The value a local is declared with, found in the body that holds <paramref name="user"/>.</summary>
    internal static IOperation? InitializerOf(ILocalSymbol local, IOperation user)
    {
        foreach (var node in Root(user).Descendants())
        {
            if (node is IVariableDeclaratorOperation declarator && SymbolEqualityComparer.Default.Equals(declarator.Symbol, local))
            {
                var initializer = declarator.Initializer ?? (declarator.Parent as IVariableDeclarationOperation)?.Initializer;
                return initializer is null ? null : Operations.WithoutConversions(initializer.Value);
            }
        }

        return null;
    }

    internal static IOperation Root(IOperation operation)
    {
        while (operation.Parent is { } parent)
        {
            operation = parent;
        }

        return operation;
    }

    /// <summary>
    /// True when the delay observes <c>source.Token</c> of a CancellationTokenSource the method itself cancels
    /// (the hand-written version of the right pattern): the timer is released when the method is done.
    /// </summary>
    private static bool IsCancelledByTheMethod(IInvocationOperation delay, IOperation whenAny, Types types)
    {
        ISymbol? owner = null;
        foreach (var argument in delay.Arguments)
        {
            if (argument.ArgumentKind == ArgumentKind.Explicit
                && Operations.WithoutConversions(argument.Value) is IPropertyReferenceOperation { Property.Name: "Token", Instance: { } instance }
                && SymbolEqualityComparer.Default.Equals(instance.Type, types.Source))
            {
                owner = ReferencedSymbol(instance);
            }
        }

        if (owner is null)
        {
            return false;
        }

        foreach (var node in Root(whenAny).Descendants())
        {
            if (node is IInvocationOperation { TargetMethod.Name: "Cancel" or "CancelAsync", Instance: { } target }
                && SymbolEqualityComparer.Default.Equals(target.Type, types.Source)
                && SymbolEqualityComparer.Default.Equals(ReferencedSymbol(target), owner))
            {
                return true;
            }
        }

        return false;
    }

    private static ISymbol? ReferencedSymbol(IOperation operation) => Operations.WithoutConversions(operation) switch
    {
        ILocalReferenceOperation local => local.Local,
        IFieldReferenceOperation field => field.Field,
        IParameterReferenceOperation parameter => parameter.Parameter,
        IPropertyReferenceOperation property => property.Property,
        _ => null,
    };

    internal sealed class Types
    {
        public Types(INamedTypeSymbol task, INamedTypeSymbol source)
        {
            Task = task;
            Source = source;
        }

        public INamedTypeSymbol Task { get; }

        public INamedTypeSymbol Source { get; }
    }
}
