using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Vet.Analyzers.Engine;

/// <summary>
/// Which lock guards code: the gate a <c>lock</c> statement or <c>Monitor.Enter</c> takes, and the other
/// synchronization calls (Interlocked, Volatile, semaphores, reader-writer locks, mutexes, spin locks) a rule
/// must not mistake for unsynchronized code.
/// </summary>
internal static class LockScope
{
    /// <summary>
    /// The symbol a lock is taken on: the field, local or parameter, or the containing type for <c>lock (this)</c>;
    /// null when the gate is an expression no other lock can be matched with.
    /// </summary>
    internal static ISymbol? Gate(IOperation lockedValue)
    {
        lockedValue = Operations.WithoutConversions(lockedValue);
        return lockedValue switch
        {
            IFieldReferenceOperation field when field.Instance is null or IInstanceReferenceOperation => field.Field,
            ILocalReferenceOperation local => local.Local,
            IParameterReferenceOperation parameter => parameter.Parameter,
            IInstanceReferenceOperation instance => instance.Type,
            IPropertyReferenceOperation { Instance: null or IInstanceReferenceOperation } property => property.Property,
            _ => null,
        };
    }

    /// <summary>The gate of a <c>Monitor.Enter</c> call, else null.</summary>
    internal static ISymbol? MonitorEnterGate(IInvocationOperation invocation) =>
        IsMonitor(invocation.TargetMethod, "Enter") && invocation.Arguments.Length > 0 ? Gate(invocation.Arguments[0].Value) : null;

    /// <summary>The gate of a <c>Monitor.TryEnter</c> call, else null.</summary>
    internal static ISymbol? MonitorTryEnterGate(IInvocationOperation invocation) =>
        IsMonitor(invocation.TargetMethod, "TryEnter") && invocation.Arguments.Length > 0 ? Gate(invocation.Arguments[0].Value) : null;

    /// <summary><c>Monitor.Enter</c> or <c>Monitor.TryEnter</c>.</summary>
    internal static bool IsMonitorAcquire(IMethodSymbol method) =>
        IsMonitor(method, "Enter") || IsMonitor(method, "TryEnter");

    /// <summary>The gate of a <c>Monitor.Exit</c> call, else null.</summary>
    internal static ISymbol? MonitorExitGate(IInvocationOperation invocation) =>
        IsMonitor(invocation.TargetMethod, "Exit") && invocation.Arguments.Length > 0 ? Gate(invocation.Arguments[0].Value) : null;

    /// <summary>
    /// A call that acquires a synchronization primitive other than a monitor (<c>SemaphoreSlim.Wait</c>,
    /// <c>ReaderWriterLockSlim.Enter*Lock</c>, <c>Mutex.WaitOne</c>, <c>SpinLock.Enter</c>, <c>Lock.Enter</c>...).
    /// </summary>
    internal static bool IsOtherAcquire(IMethodSymbol method)
    {
        var type = method.ContainingType;
        if (type is null || !IsInSystemThreading(type))
        {
            return false;
        }

        return type.Name switch
        {
            "SemaphoreSlim" or "Semaphore" => method.Name is "Wait" or "WaitAsync" or "WaitOne",
            "ReaderWriterLockSlim" or "ReaderWriterLock" => method.Name.StartsWith("Enter", System.StringComparison.Ordinal)
                || method.Name.StartsWith("TryEnter", System.StringComparison.Ordinal)
                || method.Name.StartsWith("Acquire", System.StringComparison.Ordinal),
            "Mutex" => method.Name == "WaitOne",
            "SpinLock" or "Lock" => method.Name is "Enter" or "TryEnter" or "EnterScope",
            _ => false,
        };
    }

    /// <summary><c>Interlocked.*</c> or <c>Volatile.*</c>: an atomic access of the variable passed by reference.</summary>
    internal static bool IsAtomicAccess(IMethodSymbol method) =>
        method.ContainingType is { Name: "Interlocked" or "Volatile" } type && IsInSystemThreading(type);

    /// <summary>Any use of <c>lock</c>'s runtime helpers or <c>Interlocked</c>: evidence the author synchronizes.</summary>
    internal static bool IsSynchronizationCall(IMethodSymbol method) =>
        method.ContainingType is { Name: "Monitor" or "Interlocked" } type && IsInSystemThreading(type);

    private static bool IsMonitor(IMethodSymbol method, string name) =>
        method.Name == name && method.ContainingType is { Name: "Monitor" } type && IsInSystemThreading(type);

    /// <summary>The type <paramref name="name"/> of System.Threading.</summary>
    internal static bool IsThreadingType(INamedTypeSymbol? type, string name) =>
        type is not null && type.Name == name && IsInSystemThreading(type);

    private static bool IsInSystemThreading(INamedTypeSymbol type) =>
        type.ContainingNamespace is { Name: "Threading", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } };
}
