using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Operations;

namespace Vet.Analyzers.Engine;

/// <summary>
/// An acquire call of a lock primitive (Monitor, SpinLock, Lock, SemaphoreSlim, ReaderWriterLockSlim, Mutex): which
/// primitive, the object locked, and the name of the call that releases it. <see cref="LockScope"/> answers the wider
/// question of whether some lock is held after a call.
/// </summary>
internal sealed class LockPrimitive
{
    private LockPrimitive(IInvocationOperation call, IOperation gate, string releaseName, bool isMonitor, bool takesLockTakenFlag)
    {
        Call = call;
        Gate = gate;
        GateSymbol = LockScope.Gate(gate);
        ReleaseName = releaseName;
        IsMonitor = isMonitor;
        TakesLockTakenFlag = takesLockTakenFlag;
    }

    internal IInvocationOperation Call { get; }

    internal IOperation Gate { get; }

    internal ISymbol? GateSymbol { get; }

    internal string ReleaseName { get; }

    internal bool IsMonitor { get; }

    /// <summary><c>Monitor.Enter(o, ref taken)</c> and <c>SpinLock.Enter(ref taken)</c>: meant to sit inside the try.</summary>
    internal bool TakesLockTakenFlag { get; }

    internal string GateText => Operations.WithoutConversions(Gate).Syntax.ToString();

    /// <summary>The gate as a message names it: its code on one short line.</summary>
    internal string GateName => MessageNames.Code(Operations.WithoutConversions(Gate).Syntax);

    /// <summary>
    /// <c>SemaphoreSlim.Wait()</c> or <c>WaitAsync()</c> without a token (the only paired acquires released by
    /// <c>Release</c>): it cannot be canceled or time out, and throws only once the semaphore is disposed.
    /// </summary>
    internal bool IsTokenlessSemaphoreWait => ReleaseName == "Release" && Call.TargetMethod.Parameters.IsEmpty;

    /// <summary>
    /// An acquire that a release call pairs with (not <c>TryEnter</c>, a timed wait or a scope): the primitive, its gate
    /// and the name of its release; else null.
    /// </summary>
    internal static LockPrimitive? Acquire(IInvocationOperation invocation)
    {
        if (!Acquires(invocation, out var isMonitor, out var release) || release is null)
        {
            return null;
        }

        var method = invocation.TargetMethod;
        if (isMonitor)
        {
            return invocation.Arguments.Length > 0
                ? new LockPrimitive(invocation, invocation.Arguments[0].Value, release, isMonitor: true, takesLockTakenFlag: method.Parameters.Length == 2)
                : null;
        }

        return invocation.Instance is { } gate
            ? new LockPrimitive(invocation, gate, release, isMonitor: false, takesLockTakenFlag: method.ContainingType.Name == "SpinLock")
            : null;
    }

    /// <summary>The written names of the acquires <see cref="Acquire"/> pairs a release with, for finding them from a file's text.</summary>
    internal static readonly string[] PairedAcquireNames = { "Enter", "Wait", "WaitAsync", "EnterReadLock", "EnterWriteLock", "EnterUpgradeableReadLock", "WaitOne" };

    /// <summary>Whether <paramref name="invocation"/> acquires a System.Threading lock primitive, in any form.</summary>
    internal static bool IsAcquire(IInvocationOperation invocation) => Acquires(invocation, out _, out _);

    /// <summary>Whether <paramref name="invocation"/> acquires a lock primitive other than a monitor.</summary>
    internal static bool IsNonMonitorAcquire(IInvocationOperation invocation) => Acquires(invocation, out var isMonitor, out _) && !isMonitor;

    /// <summary>
    /// The one table of lock primitives: whether <paramref name="invocation"/> acquires one, and the release call that
    /// pairs with it when the acquire is unconditional (<paramref name="pairedRelease"/>, else null).
    /// </summary>
    private static bool Acquires(IInvocationOperation invocation, out bool isMonitor, out string? pairedRelease)
    {
        isMonitor = false;
        pairedRelease = null;
        var method = invocation.TargetMethod;
        var name = method.Name;

        // WaitOne is declared by WaitHandle: the receiver's type says which primitive waits.
        var type = name == "WaitOne" && invocation.Instance?.Type is INamedTypeSymbol receiver ? receiver : method.ContainingType;
        if (type is null || !LockScope.IsInSystemThreading(type))
        {
            return false;
        }

        switch (type.Name)
        {
            case "Monitor":
                isMonitor = true;
                pairedRelease = name == "Enter" ? "Exit" : null;
                return name is "Enter" or "TryEnter";
            case "SpinLock" or "Lock":
                pairedRelease = name == "Enter" && (type.Name == "SpinLock" || method.Parameters.IsEmpty) ? "Exit" : null;
                return name is "Enter" or "TryEnter" or "EnterScope";
            case "SemaphoreSlim":
                pairedRelease = (name == "Wait" && method.ReturnsVoid) || (name == "WaitAsync" && method.ReturnType is INamedTypeSymbol { Name: "Task", IsGenericType: false })
                    ? "Release"
                    : null;
                return name is "Wait" or "WaitAsync";
            case "Semaphore":
                return name == "WaitOne";
            case "ReaderWriterLockSlim" or "ReaderWriterLock":
                pairedRelease = type.Name == "ReaderWriterLockSlim" && name is "EnterReadLock" or "EnterWriteLock" or "EnterUpgradeableReadLock"
                    ? "Exit" + name.Substring("Enter".Length)
                    : null;
                return name.StartsWith("Enter", System.StringComparison.Ordinal)
                    || name.StartsWith("TryEnter", System.StringComparison.Ordinal)
                    || name.StartsWith("Acquire", System.StringComparison.Ordinal);
            case "Mutex":
                pairedRelease = name == "WaitOne" && method.Parameters.IsEmpty ? "ReleaseMutex" : null;
                return name == "WaitOne";
            default:
                return false;
        }
    }

    /// <summary>Whether <paramref name="invocation"/> releases this lock.</summary>
    internal bool IsReleasedBy(IInvocationOperation invocation)
    {
        var method = invocation.TargetMethod;
        if (method.Name != ReleaseName)
        {
            return false;
        }

        IOperation? gate = IsMonitor
            ? (LockScope.IsThreadingType(method.ContainingType, "Monitor") && invocation.Arguments.Length > 0 ? invocation.Arguments[0].Value : null)
            : invocation.Instance;
        return gate is not null && IsReleasedByGate(gate);
    }

    /// <summary>Whether <paramref name="other"/> denotes the same lock object as this acquire's gate.</summary>
    internal bool IsReleasedByGate(IOperation other)
    {
        if (GateSymbol is not null)
        {
            return SymbolEqualityComparer.Default.Equals(GateSymbol, LockScope.Gate(other));
        }

        return SyntaxFactory.AreEquivalent(Operations.WithoutConversions(Gate).Syntax, Operations.WithoutConversions(other).Syntax);
    }
}
