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
            if (TestCode.SkipsCompilation(start.Compilation, start.Options, Rule.Id))
            {
                return;
            }

            var task = WellKnownTypes.Get(start.Compilation, "System.Threading.Tasks.Task");
            var source = WellKnownTypes.Get(start.Compilation, "System.Threading.CancellationTokenSource");
            if (task is null || source is null)
            {
                return;
            }

            var types = new Types(task, source);

            // One action per file: WhenAny is rare, and an invocation action would be paid for every call of the compilation.
            start.RegisterSemanticModelAction(ctx =>
            {
                foreach (var (call, owner) in WrittenCode.Calls(ctx.SemanticModel, "WhenAny", ctx.CancellationToken))
                {
                    Analyze(ctx, call, owner, types);
                }
            });
        });
    }

    private static void Analyze(SemanticModelAnalysisContext context, IInvocationOperation invocation, ISymbol owner, Types types)
    {
        var method = invocation.TargetMethod;
        if (method.Name != "WhenAny" || !SymbolEqualityComparer.Default.Equals(method.ContainingType, types.Task))
        {
            return;
        }

        if (FindDelay(invocation, types) is not { } delay
            || IsInfinite(delay)
            || IsCancelledByTheMethod(delay, invocation, types)
            || IsKeptInState(delay, invocation)
            || IsWorkCarriedOn(invocation, delay)
            || IsGraceWait(invocation, delay)
            || TestCode.IsInTestMethod(owner))
        {
            return;
        }

        context.ReportDiagnostic(Diagnostic.Create(Rule, invocation.Syntax.GetLocation(), MessageNames.Of(owner)));
    }

    /// <summary>
    /// A grace wait: the winner is not read (<c>await Task.WhenAny(work, Task.Delay(grace));</c> as a statement) and no
    /// later <c>if</c> on the work gives up (<c>return</c>, <c>throw</c>, <c>break</c>) when it is unfinished. The code waits
    /// at most that long and carries on either way, leaving the work running on purpose (a start-up probe, a stop
    /// path's grace period); there is no timeout to report, and the delay's timer ends on its own.
    /// </summary>
    private static bool IsGraceWait(IInvocationOperation whenAny, IInvocationOperation delay)
    {
        IOperation current = whenAny;
        while (current.Parent is IConversionOperation or IAwaitOperation
            or IInvocationOperation { TargetMethod.Name: "ConfigureAwait" or "Wait" or "GetAwaiter" or "GetResult" }
            or IArgumentOperation { Parent: IInvocationOperation { TargetMethod.Name: "Await" or "Wait" } })
        {
            current = current.Parent is IArgumentOperation argument ? argument.Parent! : current.Parent;
        }

        if (current.Parent is not IExpressionStatementOperation)
        {
            return false;
        }

        if (WorkOperand(whenAny, delay) is not { } work || ReferencedSymbol(work) is not { } workSymbol)
        {
            return true;
        }

        var end = whenAny.Syntax.Span.End;
        foreach (var node in Root(whenAny).Descendants())
        {
            if (node.Syntax.SpanStart >= end
                && node is IConditionalOperation guard
                && (Leaves(guard.WhenTrue) || Leaves(guard.WhenFalse))
                && LooksAtTheRace(guard.Condition, workSymbol, winner: null, whenAny))
            {
                return false;
            }
        }

        return true;
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

    /// <summary><c>Task.Delay(Timeout.Infinite, token)</c>, <c>-1</c> or <c>Timeout.InfiniteTimeSpan</c>: no timer, it waits for the token.</summary>
    private static bool IsInfinite(IInvocationOperation delay)
    {
        if (delay.Arguments.IsEmpty)
        {
            return false;
        }

        var duration = Operations.WithoutConversions(delay.Arguments[0].Value);
        return duration.ConstantValue is { HasValue: true, Value: -1 }
            || duration is IFieldReferenceOperation { Field.Name: "InfiniteTimeSpan" }
            || duration is IPropertyReferenceOperation { Property.Name: "InfiniteTimeSpan" }
            || IsParameterDefaultingToInfinite(duration);
    }

    /// <summary>
    /// <c>int timeout = -1</c> (or <c>= Timeout.Infinite</c>): the method is written to wait without a timer, and a bound
    /// is its caller's choice.
    /// </summary>
    private static bool IsParameterDefaultingToInfinite(IOperation duration) =>
        duration is IParameterReferenceOperation { Parameter: { HasExplicitDefaultValue: true } parameter }
        && parameter.ExplicitDefaultValue is -1;

    /// <summary>The delay is a local that is also stored in a field or property: its owner keeps and observes it.</summary>
    private static bool IsKeptInState(IInvocationOperation delay, IOperation whenAny)
    {
        if (delay.Parent is not IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator })
        {
            return false;
        }

        foreach (var node in Root(whenAny).Descendants())
        {
            if (node is ISimpleAssignmentOperation { Target: IFieldReferenceOperation or IPropertyReferenceOperation } assignment
                && Operations.WithoutConversions(assignment.Value) is ILocalReferenceOperation stored
                && SymbolEqualityComparer.Default.Equals(stored.Local, declarator.Symbol))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The work goes on being owned after the race: it is a field or property (the type carries it on), or a local or
    /// parameter that is awaited, handed on, stored or explicitly discarded after the <c>WhenAny</c>, other than
    /// reading the winner inside a branch that tests who won (<c>winner == work ? await work : …</c>).
    /// </summary>
    private static bool IsWorkCarriedOn(IInvocationOperation whenAny, IInvocationOperation delay)
    {
        var work = WorkOperand(whenAny, delay);
        switch (work)
        {
            case IFieldReferenceOperation:
            case IPropertyReferenceOperation:
                return true;
            case ILocalReferenceOperation:
            case IParameterReferenceOperation:
                break;
            default:
                return false;
        }

        var workSymbol = ReferencedSymbol(work)!;
        var winner = WinnerLocal(whenAny);
        var end = whenAny.Syntax.Span.End;
        foreach (var node in Root(whenAny).Descendants())
        {
            if (node.Syntax.SpanStart < end
                || node is not (ILocalReferenceOperation or IParameterReferenceOperation)
                || !SymbolEqualityComparer.Default.Equals(ReferencedSymbol(node), workSymbol)
                || IsComparedOrProbed(node))
            {
                continue;
            }

            // Where the code depends on who won, reading the work's result reads the winner; handing it on still owns the loser.
            if (IsResultRead(node) && DependsOnTheRace(node, workSymbol, winner, whenAny))
            {
                continue;
            }

            return true;
        }

        return false;
    }

    private static IOperation? WorkOperand(IInvocationOperation whenAny, IInvocationOperation delay)
    {
        var arguments = whenAny.Arguments;
        var elements = arguments.Length == 1
            && Operations.WithoutConversions(arguments[0].Value) is IArrayCreationOperation { Initializer: { } initializer }
            ? initializer.ElementValues
            : ImmutableArray.CreateRange(arguments, a => a.Value);
        foreach (var element in elements)
        {
            var value = Operations.WithoutConversions(element);
            if (value != delay && !(value is ILocalReferenceOperation local && InitializerOf(local.Local, whenAny) == delay))
            {
                return value;
            }
        }

        return null;
    }

    /// <summary>The local that receives <c>await Task.WhenAny(...)</c> (through <c>ConfigureAwait</c>), if any.</summary>
    private static ILocalSymbol? WinnerLocal(IOperation whenAny)
    {
        var current = whenAny;
        while (current.Parent is IInvocationOperation { TargetMethod.Name: "ConfigureAwait" } or IAwaitOperation or IConversionOperation)
        {
            current = current.Parent;
        }

        return current.Parent switch
        {
            IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator } => declarator.Symbol,
            ISimpleAssignmentOperation { Target: ILocalReferenceOperation target } => target.Local,
            _ => null,
        };
    }

    /// <summary><c>winner == work</c>, <c>work.IsCompleted</c>, <c>work.Status</c>: looking at the race, not owning the work.</summary>
    private static bool IsComparedOrProbed(IOperation reference)
    {
        var parent = reference.Parent;
        while (parent is IConversionOperation)
        {
            parent = parent.Parent;
        }

        return parent is IBinaryOperation { OperatorKind: BinaryOperatorKind.Equals or BinaryOperatorKind.NotEquals }
            || parent is IPropertyReferenceOperation { Property.Name: "IsCompleted" or "IsCompletedSuccessfully" or "IsFaulted" or "IsCanceled" or "Status" or "Id" };
    }

    /// <summary><c>await work</c> (also through <c>ConfigureAwait</c>), <c>work.Result</c>, <c>work.GetAwaiter()</c>.</summary>
    private static bool IsResultRead(IOperation reference)
    {
        var current = reference;
        while (current.Parent is IConversionOperation or IInvocationOperation { TargetMethod.Name: "ConfigureAwait" })
        {
            current = current.Parent;
        }

        return current.Parent is IAwaitOperation
            || current.Parent is IPropertyReferenceOperation { Property.Name: "Result" }
            || current.Parent is IInvocationOperation { TargetMethod.Name: "GetAwaiter" };
    }

    /// <summary>
    /// Inside an <c>if</c>, <c>?:</c> or <c>switch</c> whose condition looks at who won, or after an <c>if</c> on the race
    /// one of whose branches leaves (<c>if (winner == delay) return false;</c>): only one side of the race gets there.
    /// </summary>
    private static bool DependsOnTheRace(IOperation reference, ISymbol work, ILocalSymbol? winner, IOperation whenAny)
    {
        for (var current = reference; current.Parent is { } parent; current = parent)
        {
            IOperation? condition = parent switch
            {
                IConditionalOperation conditional when conditional.Condition != current => conditional.Condition,
                ISwitchOperation @switch when @switch.Value != current => @switch.Value,
                ISwitchExpressionOperation @switch when @switch.Value != current => @switch.Value,
                _ => null,
            };
            if (condition is not null && LooksAtTheRace(condition, work, winner, whenAny))
            {
                return true;
            }

            if (parent is IBlockOperation block)
            {
                foreach (var earlier in block.Operations)
                {
                    if (earlier == current)
                    {
                        break;
                    }

                    if (earlier is IConditionalOperation guard
                        && (Leaves(guard.WhenTrue) || Leaves(guard.WhenFalse))
                        && LooksAtTheRace(guard.Condition, work, winner, whenAny))
                    {
                        return true;
                    }
                }
            }
        }

        return false;
    }

    private static bool Leaves(IOperation? branch) => branch switch
    {
        IReturnOperation or IBranchOperation or IThrowOperation => true,
        IExpressionStatementOperation { Operation: IThrowOperation } => true,
        IBlockOperation { Operations.Length: > 0 } block => Leaves(block.Operations[block.Operations.Length - 1]),
        _ => false,
    };

    private static bool LooksAtTheRace(IOperation condition, ISymbol work, ILocalSymbol? winner, IOperation whenAny)
    {
        foreach (var node in condition.DescendantsAndSelf())
        {
            if (node == whenAny)
            {
                return true;
            }

            var symbol = ReferencedSymbol(node);
            if (symbol is not null && (SymbolEqualityComparer.Default.Equals(symbol, work) || SymbolEqualityComparer.Default.Equals(symbol, winner)))
            {
                return true;
            }
        }

        return false;
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
