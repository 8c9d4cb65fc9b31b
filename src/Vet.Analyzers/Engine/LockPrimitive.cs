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

    internal static LockPrimitive? Acquire(IInvocationOperation invocation)
    {
        var method = invocation.TargetMethod;
        switch (method.Name)
        {
            case "Enter" when LockScope.IsThreadingType(method.ContainingType, "Monitor") && invocation.Arguments.Length > 0:
                return new LockPrimitive(invocation, invocation.Arguments[0].Value, "Exit", isMonitor: true, takesLockTakenFlag: method.Parameters.Length == 2);
            case "Enter" when invocation.Instance is { } spin && LockScope.IsThreadingType(method.ContainingType, "SpinLock"):
                return new LockPrimitive(invocation, spin, "Exit", isMonitor: false, takesLockTakenFlag: true);
            case "Enter" when invocation.Instance is { } gate && method.Parameters.IsEmpty && LockScope.IsThreadingType(method.ContainingType, "Lock"):
                return new LockPrimitive(invocation, gate, "Exit", isMonitor: false, takesLockTakenFlag: false);
            case "Wait" when invocation.Instance is { } semaphore && method.ReturnsVoid && LockScope.IsThreadingType(method.ContainingType, "SemaphoreSlim"):
                return new LockPrimitive(invocation, semaphore, "Release", isMonitor: false, takesLockTakenFlag: false);
            case "WaitAsync" when invocation.Instance is { } semaphore && method.ReturnType is INamedTypeSymbol { Name: "Task", IsGenericType: false } && LockScope.IsThreadingType(method.ContainingType, "SemaphoreSlim"):
                return new LockPrimitive(invocation, semaphore, "Release", isMonitor: false, takesLockTakenFlag: false);
            case "EnterReadLock" or "EnterWriteLock" or "EnterUpgradeableReadLock" when invocation.Instance is { } rw && LockScope.IsThreadingType(method.ContainingType, "ReaderWriterLockSlim"):
                return new LockPrimitive(invocation, rw, "Exit" + method.Name.Substring("Enter".Length), isMonitor: false, takesLockTakenFlag: false);
            case "WaitOne" when method.Parameters.IsEmpty && invocation.Instance is { Type: INamedTypeSymbol mutexType } mutex && LockScope.IsThreadingType(mutexType, "Mutex"):
                return new LockPrimitive(invocation, mutex, "ReleaseMutex", isMonitor: false, takesLockTakenFlag: false);
            default:
                return null;
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
