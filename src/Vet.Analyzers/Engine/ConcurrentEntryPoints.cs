using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Vet.Analyzers.Engine;

/// <summary>
/// The framework calls that run a delegate concurrently (<c>Parallel.*</c>, PLINQ, <c>Task.Run</c>,
/// <c>Task.Factory.StartNew</c>, <c>new Thread</c>, <c>ThreadPool.QueueUserWorkItem</c>, <c>System.Threading.Timer</c>),
/// resolved once per compilation.
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

    private ConcurrentEntryPoints(Compilation compilation)
    {
        _parallel = compilation.GetTypeByMetadataName("System.Threading.Tasks.Parallel");
        _parallelEnumerable = compilation.GetTypeByMetadataName("System.Linq.ParallelEnumerable");
        _task = compilation.GetTypeByMetadataName("System.Threading.Tasks.Task");
        _taskFactory = compilation.GetTypeByMetadataName("System.Threading.Tasks.TaskFactory");
        _taskFactoryOfT = compilation.GetTypeByMetadataName("System.Threading.Tasks.TaskFactory`1");
        _thread = compilation.GetTypeByMetadataName("System.Threading.Thread");
        _threadPool = compilation.GetTypeByMetadataName("System.Threading.ThreadPool");
        _timer = compilation.GetTypeByMetadataName("System.Threading.Timer");
    }

    /// <summary>The entry points of the compilation, or null when it has none of them.</summary>
    internal static ConcurrentEntryPoints? Create(Compilation compilation)
    {
        var points = new ConcurrentEntryPoints(compilation);
        return points._parallel is null && points._parallelEnumerable is null && points._task is null
            && points._thread is null && points._threadPool is null && points._timer is null
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

        return Concurrency.None;
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
    }
}
