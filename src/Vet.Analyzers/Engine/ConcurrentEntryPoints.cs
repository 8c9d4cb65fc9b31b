using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Vet.Analyzers.Engine;

/// <summary>
/// The framework calls that run a delegate concurrently (<c>Parallel.*</c>, PLINQ, <c>Task.Run</c>,
/// <c>Task.Factory.StartNew</c>, <c>new Thread</c>, <c>ThreadPool.QueueUserWorkItem</c>, <c>System.Threading.Timer</c>)
/// or later on another thread (<c>ContinueWith</c>, <c>CancellationToken.Register</c>, a registered wait), resolved
/// once per compilation: the one definition of "runs concurrently" for every rule.
/// </summary>
internal sealed class ConcurrentEntryPoints
{
    private readonly INamedTypeSymbol? _parallel;
    private readonly INamedTypeSymbol? _parallelEnumerable;
    private readonly INamedTypeSymbol? _task;
    private readonly INamedTypeSymbol? _taskFactory;
    private readonly INamedTypeSymbol? _taskFactoryOfT;
    private readonly INamedTypeSymbol? _thread;
    private readonly INamedTypeSymbol? _threadPool;
    private readonly INamedTypeSymbol? _timer;
    private readonly INamedTypeSymbol? _taskOfT;
    private readonly INamedTypeSymbol? _cancellationToken;

    private ConcurrentEntryPoints(Compilation compilation)
    {
        _parallel = WellKnownTypes.Get(compilation, "System.Threading.Tasks.Parallel");
        _parallelEnumerable = WellKnownTypes.Get(compilation, "System.Linq.ParallelEnumerable");
        _task = WellKnownTypes.Get(compilation, "System.Threading.Tasks.Task");
        _taskFactory = WellKnownTypes.Get(compilation, "System.Threading.Tasks.TaskFactory");
        _taskFactoryOfT = WellKnownTypes.Get(compilation, "System.Threading.Tasks.TaskFactory`1");
        _thread = WellKnownTypes.Get(compilation, "System.Threading.Thread");
        _threadPool = WellKnownTypes.Get(compilation, "System.Threading.ThreadPool");
        _timer = WellKnownTypes.Get(compilation, "System.Threading.Timer");
        _taskOfT = WellKnownTypes.Get(compilation, "System.Threading.Tasks.Task`1");
        _cancellationToken = WellKnownTypes.Get(compilation, "System.Threading.CancellationToken");
    }

    /// <summary>The entry points of the compilation, or null when it has none of them.</summary>
    internal static ConcurrentEntryPoints? Create(Compilation compilation)
    {
        var points = new ConcurrentEntryPoints(compilation);
        return points._parallel is null && points._parallelEnumerable is null && points._task is null
            && points._thread is null && points._threadPool is null && points._timer is null && points._cancellationToken is null
            ? null
            : points;
    }

    /// <summary>
    /// How <paramref name="method"/> runs the delegate passed as <paramref name="parameter"/>:
    /// <see cref="Concurrency.None"/> when it is not an entry point (or that parameter is not run concurrently).
    /// </summary>
    internal Concurrency Classify(IMethodSymbol method, IParameterSymbol? parameter)
    {
        if (parameter is null || parameter.Type.TypeKind is not (TypeKind.Delegate or TypeKind.Array))
        {
            return Concurrency.None;
        }

        var type = method.ContainingType?.OriginalDefinition;
        if (type is null)
        {
            return Concurrency.None;
        }

        if (Is(type, _parallel) || Is(type, _parallelEnumerable))
        {
            // Every delegate of Parallel.For/ForEach/Invoke/ForEachAsync and PLINQ may run on several threads at once.
            return Concurrency.WithItself;
        }

        if (method.MethodKind == MethodKind.Constructor)
        {
            if (Is(type, _timer))
            {
                // A timer callback can overlap itself when it runs longer than the period.
                return Concurrency.WithItself;
            }

            return Is(type, _thread) ? Concurrency.WithCaller : Concurrency.None;
        }

        if ((Is(type, _task) && method.Name == "Run")
            || ((Is(type, _taskFactory) || Is(type, _taskFactoryOfT)) && method.Name == "StartNew")
            || (Is(type, _threadPool) && method.Name is "QueueUserWorkItem" or "UnsafeQueueUserWorkItem"))
        {
            return Concurrency.WithCaller;
        }

        if (((Is(type, _task) || Is(type, _taskOfT)) && method.Name == "ContinueWith")
            || ((Is(type, _taskFactory) || Is(type, _taskFactoryOfT)) && method.Name is "ContinueWhenAll" or "ContinueWhenAny")
            || (Is(type, _cancellationToken) && method.Name is "Register" or "UnsafeRegister")
            || (Is(type, _threadPool) && method.Name is "RegisterWaitForSingleObject" or "UnsafeRegisterWaitForSingleObject"))
        {
            return Concurrency.Later;
        }

        return Concurrency.None;
    }

    /// <summary>Whether the delegate runs at the same time as other code: <see cref="Concurrency.WithCaller"/> or <see cref="Concurrency.WithItself"/>.</summary>
    internal static bool IsConcurrent(Concurrency concurrency) =>
        concurrency is Concurrency.WithCaller or Concurrency.WithItself;

    /// <summary>How the entry point <paramref name="lambda"/> is passed to (directly, as an argument) runs it; None otherwise.</summary>
    internal Concurrency Classify(IAnonymousFunctionOperation lambda)
    {
        var parent = lambda.Parent is IDelegateCreationOperation creation ? creation.Parent : lambda.Parent;
        while (parent is IConversionOperation)
        {
            parent = parent.Parent;
        }

        return parent is IArgumentOperation argument ? Classify(argument) : Concurrency.None;
    }

    /// <summary>
    /// Whether more than one thread runs the delegate with the same <paramref name="symbol"/>: always for Parallel,
    /// PLINQ and timers; for Task.Run, StartNew, threads and the thread pool only when they are started in a loop or
    /// from another delegate (a Select lambda, an event handler) that the variable lives outside of. A field is shared
    /// by every run; a local declared inside the loop is a fresh variable per iteration.
    /// </summary>
    internal static bool RunsRepeatedly(IAnonymousFunctionOperation lambda, Concurrency concurrency, ISymbol symbol)
    {
        if (concurrency == Concurrency.WithItself)
        {
            return true;
        }

        if (concurrency != Concurrency.WithCaller)
        {
            return false;
        }

        var declaration = symbol is IFieldSymbol || symbol.DeclaringSyntaxReferences.IsEmpty ? default : symbol.DeclaringSyntaxReferences[0].Span;
        for (var current = lambda.Parent; current is not null; current = current.Parent)
        {
            if (current is ILoopOperation or IAnonymousFunctionOperation or ILocalFunctionOperation
                && (symbol is IFieldSymbol || !current.Syntax.Span.Contains(declaration)))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The entry point an argument's delegate is passed to, or <see cref="Concurrency.None"/>.</summary>
    internal Concurrency Classify(IArgumentOperation argument)
    {
        return argument.Parent switch
        {
            IInvocationOperation invocation => Classify(invocation.TargetMethod, argument.Parameter),
            IObjectCreationOperation { Constructor: { } constructor } => Classify(constructor, argument.Parameter),
            _ => Concurrency.None,
        };
    }

    /// <summary>A short name of the entry point, for messages ("Parallel.For", "Task.Run", "new Thread").</summary>
    internal static string DisplayName(IOperation call) => call switch
    {
        IInvocationOperation invocation => (invocation.TargetMethod.ContainingType?.Name == "TaskFactory" ? "Task.Factory" : invocation.TargetMethod.ContainingType?.Name) + "." + invocation.TargetMethod.Name,
        IObjectCreationOperation creation => "new " + creation.Type?.Name,
        _ => "a concurrent call",
    };

    private static bool Is(INamedTypeSymbol type, INamedTypeSymbol? expected) =>
        expected is not null && SymbolEqualityComparer.Default.Equals(type, expected);

    /// <summary>How a delegate handed to an entry point runs.</summary>
    internal enum Concurrency
    {
        /// <summary>Not run concurrently (or not an entry point).</summary>
        None,

        /// <summary>Runs once, concurrently with the code that started it (Task.Run, a thread).</summary>
        WithCaller,

        /// <summary>May run on several threads at the same time (Parallel, PLINQ, a timer).</summary>
        WithItself,

        /// <summary>
        /// Runs later, on another thread, once: a continuation, a cancellation callback, a registered wait. Not a
        /// concurrent start, but never under a lock its registering code holds.
        /// </summary>
        Later,
    }
}
