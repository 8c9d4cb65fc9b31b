using Microsoft.CodeAnalysis;

namespace Vet.Analyzers;

/// <summary>Every diagnostic Vet reports, built by one helper so IDs, categories and help links stay consistent.</summary>
internal static class Descriptors
{
    /// <summary>Where the rule pages live; a diagnostic's help link is this plus "VETnnn.md".</summary>
    internal const string HelpLinkBase = "https://github.com/vet-analyzers/vet/blob/main/docs/rules/";

    /// <summary>
    /// Custom tag of a rule whose findings on code it was not tuned on were worth changing at least 7 times in 10 (at least
    /// 10 read, docs/precision.md): the <c>recommended</c> analysis mode raises such rules, when they have a fix, to warnings.
    /// </summary>
    internal const string PreciseTag = "PreciseOnUnseenCode";

    internal static class Categories
    {
        internal const string Cancellation = "Cancellation";
        internal const string Concurrency = "Concurrency";
        internal const string Errors = "Errors";
        internal const string Interfaces = "Interfaces";
        internal const string Resources = "Resources";
        internal const string Testing = "Testing";
    }

    internal static readonly DiagnosticDescriptor VET101_CancellationTokenPosition = Create(
        "VET101",
        "CancellationToken parameter in the middle of the parameter list",
        "'{0}' should be the {1} parameter of '{2}'",
        Categories.Cancellation,
        DiagnosticSeverity.Info,
        "A cancellation token goes first (Go's ctx) or last (the .NET convention), never in the middle: callers find it in one place, and tools such as CA2016 and MA0040 only forward tokens to a parameter in the last position.");

    internal static readonly DiagnosticDescriptor VET102_CancellationTokenSourceNotDisposed = Create(
        "VET102",
        "CancellationTokenSource is never disposed",
        "{0} is {1}; dispose it with 'using' or in 'finally'",
        Categories.Cancellation,
        DiagnosticSeverity.Info,
        "A linked CancellationTokenSource registers callbacks on its parent tokens and a timed one holds a timer; both leak until the source is disposed. Dispose every source you create on every path (Go's 'always defer cancel()'), or hand it to an owner that does.");

    internal static readonly DiagnosticDescriptor VET103_TokenNotPassedOn = Create(
        "VET103",
        "Cancellation token in scope is not passed on",
        "Pass '{0}' to '{1}': the token in scope is not passed on",
        Categories.Cancellation,
        DiagnosticSeverity.Info,
        "A method that was given a cancellation token should hand that token to the work it starts, as Go passes ctx on. This rule finds what CA2016/MA0040 miss: CancellationToken.None or default passed explicitly, a lambda or method that passes an outer token or a token field instead of its own, await foreach without WithCancellation, and a token parameter in the first position left out. Off by default: on code it was not tuned on, fewer than 1 in 3 of its findings were changes the maintainers would make; enable it where you want the review.",
        isEnabledByDefault: false);

    internal static readonly DiagnosticDescriptor VET104_TokenCapturedInState = Create(
        "VET104",
        "Request token captured into a long-lived object",
        "'{0}' stores the per-call token '{1}' in instance state; pass the token to each call instead",
        Categories.Cancellation,
        DiagnosticSeverity.Info,
        "A CancellationToken parameter belongs to one call. Stored in a field or a property by an ordinary method, it outlives that call: later operations are cancelled by a request that has already finished, or never by their own caller (Go's containedctx).");

    internal static readonly DiagnosticDescriptor VET105_WhenAnyDelayTimeout = Create(
        "VET105",
        "Timeout built from Task.WhenAny and Task.Delay",
        "This timeout leaves the losing Task.Delay's timer running and never stops the work; use WaitAsync or a CancellationTokenSource with CancelAfter",
        Categories.Cancellation,
        DiagnosticSeverity.Info,
        "Task.WhenAny(work, Task.Delay(t)) returns at the timeout but cancels nothing: the work keeps running unobserved and, when the work wins, the delay's timer stays alive until it fires. Task.WaitAsync(timeout, token) (.NET 6+) or a linked CancellationTokenSource with CancelAfter, cancelled in finally, release both.");

    internal static readonly DiagnosticDescriptor VET201_UnsynchronizedSharedState = Create(
        "VET201",
        "Unsynchronized shared state",
        "'{0}' {1}; {2}",
        Categories.Concurrency,
        DiagnosticSeverity.Info,
        "State that several threads change needs one synchronization discipline (Go: the race detector's 'counter++ from many goroutines'). A read-modify-write (++, +=, x = f(x)) or a List/Dictionary mutation in a delegate that Parallel, PLINQ, Task.Run in a loop, a thread or a timer runs concurrently loses updates or corrupts the collection; a field written under a lock in some members and accessed without it in another is a data race. Use Interlocked for counters and the same lock everywhere else. Off by default: on code it was not tuned on, fewer than 1 in 3 of its findings were changes the maintainers would make; enable it where you want the review.",
        isEnabledByDefault: false);

    internal static readonly DiagnosticDescriptor VET202_PublicLockTarget = Create(
        "VET202",
        "Lock on an object other code can lock",
        "'{0}' {1}",
        Categories.Concurrency,
        DiagnosticSeverity.Info,
        "Lock on a private readonly object that only this type can reach, as Go keeps its mutex unexported next to the state it guards. 'this' of a visible type, typeof(...), GetType(), strings, Type/Thread/MemberInfo objects and non-readonly fields other assemblies can reach can be locked by unrelated code (deadlocks and contention you cannot see); a non-readonly field can be swapped between two locks; a boxed value is a new object on every lock; a readonly or by-value SpinLock is entered on a copy.");

    internal static readonly DiagnosticDescriptor VET203_LockReleasedOutsideFinally = Create(
        "VET203",
        "Lock released outside finally",
        "'{0}' {1}",
        Categories.Concurrency,
        DiagnosticSeverity.Info,
        "A lock taken by a call (Monitor.Enter, SemaphoreSlim.Wait/WaitAsync, ReaderWriterLockSlim.Enter*Lock, Mutex.WaitOne, SpinLock.Enter, Lock.Enter) must be released in the finally of a try that starts right after the acquire, as Go writes mu.Lock(); defer mu.Unlock(). A release on the ordinary path is skipped by an exception or an early return and the lock stays held; an acquire inside the try lets the finally release a lock that was never taken when the wait throws or is canceled.");

    internal static readonly DiagnosticDescriptor VET204_DoubleCheckedLocking = Create(
        "VET204",
        "Double-checked locking without a safe publication",
        "Double-checked locking on '{0}': {1}; use LazyInitializer.EnsureInitialized or Lazy<T>",
        Categories.Concurrency,
        DiagnosticSeverity.Info,
        "Checking a non-volatile field outside a lock and again inside it (Go's hand-rolled sync.Once) publishes the value without a memory barrier on the reading side. A separate bool flag can be seen set before the value it guards, and a value assigned before its initialization ends is seen half-built, on any runtime. A reference tested for null and assigned last is safe under the .NET memory model but not by the ECMA-335 model (reported as Info only with vet.VET204.strict_memory_model = true). LazyInitializer.EnsureInitialized and Lazy<T> publish safely.");

    internal static readonly DiagnosticDescriptor VET205_PolledFieldNotVolatile = Create(
        "VET205",
        "Loop polls a field that another thread sets",
        "The loop polls '{0}', which another member sets, with a plain read and no synchronization in its body; read it with Volatile.Read",
        Categories.Concurrency,
        DiagnosticSeverity.Info,
        "A loop whose condition reads a non-volatile bool field and whose body calls nothing, awaits nothing and takes no lock gives the JIT license to read the field once and spin forever (Go's memory model: no visibility without synchronization). Read the flag with Volatile.Read, declare it volatile, or replace it with a CancellationToken.");

    internal static readonly DiagnosticDescriptor VET301_CauseNotWrapped = Create(
        "VET301",
        "Caught exception is not passed on as the inner exception",
        "'{0}' is thrown from a catch without the caught exception; {1}",
        Categories.Errors,
        DiagnosticSeverity.Info,
        "Go wraps an error with %w so the chain survives. A new exception thrown from a catch without the caught one as its InnerException drops the original type, message and stack trace from logs and from every check further up; copying ex.Message keeps the words and loses the rest. Pass the caught exception to the constructor overload that takes it.");

    internal static readonly DiagnosticDescriptor VET302_ExceptionSwallowed = Create(
        "VET302",
        "Exception silently swallowed",
        "This catch swallows {0} without a trace; handle, log or rethrow it, or state the intent with '// ignore: <reason>'",
        Categories.Errors,
        DiagnosticSeverity.Info,
        "A catch whose body does nothing (empty, or only 'return;', 'continue;' or 'break;') and whose filter does not look at the exception hides the failure from callers, logs and tests, as ignoring an err does in Go. Deliberate swallowing states its reason in a comment in the catch or on the line above it; '// ignore: <reason>' is the recommended form. Off by default: on code it was not tuned on, fewer than 1 in 3 of its findings were changes the maintainers would make; enable it where you want the review.",
        isEnabledByDefault: false);

    internal static readonly DiagnosticDescriptor VET304_ExceptionIdentity = Create(
        "VET304",
        "Exception identified by its exact type or its message",
        "'{0}' identifies the exception by {1}; {2}",
        Categories.Errors,
        DiagnosticSeverity.Info,
        "Go compares errors with errors.Is/errors.As, never by their text. An exception tested with GetType() == typeof(X) misses every type derived from X; one matched by its type name matches any type of that name and breaks on renames; one matched by its Message breaks when the text changes with culture, version or platform. Select exceptions with a typed catch, an 'is' test or a 'when' filter, and distinguish causes by typed codes (HResult, SocketException.SocketErrorCode, HttpRequestException.StatusCode, SqlException.Number).");

    internal static readonly DiagnosticDescriptor VET305_ConditionalRethrow = Create(
        "VET305",
        "Catch and conditional rethrow instead of a filter",
        "Replace 'if ({0}) throw;' with an exception filter on the catch, so exceptions it does not handle are never caught and rethrown",
        Categories.Errors,
        DiagnosticSeverity.Info,
        "A catch that starts with 'if (cond) throw;' catches, unwinds and rethrows exceptions it does not want. An exception filter, 'catch (...) when (!cond)', selects without unwinding (Go's errors.As): the exception passes by untouched, finally blocks and debuggers see the original throw point, and the catch body keeps only the handling.",
        isEnabledByDefault: true,
        PreciseTag);

    internal static readonly DiagnosticDescriptor VET306_ExceptionCannotWrap = Create(
        "VET306",
        "Exception type cannot wrap a cause",
        "'{0}' is thrown from a catch in '{1}' and cannot carry the caught exception; add a constructor that takes an inner exception",
        Categories.Errors,
        DiagnosticSeverity.Info,
        "Go wraps an error with %w so the cause travels with it. An exception type whose constructors take no inner exception forces the catch that throws it to drop the original failure. Reported for types that some catch of the compilation throws, when the whole compilation has been seen (builds and full-solution analysis). Add a constructor that takes the message and the inner exception (keeping the type's own required parameters) and pass the cause to the base class.",
        isEnabledByDefault: true,
        WellKnownDiagnosticTags.CompilationEnd);

    internal static readonly DiagnosticDescriptor VET401_BroadInterface = Create(
        "VET401",
        "Broad interface declared beside its only implementation",
        "'{0}' declares {1} members for its only implementation in this project, '{2}'; {3}. Declare small interfaces where they are used.",
        Categories.Interfaces,
        DiagnosticSeverity.Info,
        "Go keeps interfaces small and defines them where they are consumed, so each consumer depends on what it calls and any type with those methods fits. An interface with many members written next to its single implementation mirrors that class instead: every consumer depends on all of it, and every test double must implement all of it. Split it by what its consumers use. Reported when the whole compilation has been seen (builds and full-solution analysis).",
        isEnabledByDefault: true,
        WellKnownDiagnosticTags.CompilationEnd);

    internal static readonly DiagnosticDescriptor VET402_ParameterBroaderThanUsed = Create(
        "VET402",
        "Public parameter accepts more than the method uses",
        "'{0}' of '{1}' only uses what {2} offers; accept {2} instead of {3}",
        Categories.Interfaces,
        DiagnosticSeverity.Info,
        "Go's advice is to accept interfaces: a parameter should ask for what the method needs, not the concrete type a caller happens to have. A public or protected parameter typed List<T>, an array, Dictionary<K,V>, FileStream or a project class whose every use is covered by an existing, meaningful abstraction (IEnumerable<T>, IReadOnlyCollection<T>, IReadOnlyList<T>, IReadOnlyDictionary<K,V>, Stream, TextReader, a project interface of two or more members) forces callers to convert and ties the API to an implementation. Overrides, interface implementations, event handlers and overloads that differ only in that parameter are not reported. Off by default: on code it was not tuned on, few of its suggestions were changes the maintainers would make; enable it where you want the API review.",
        isEnabledByDefault: false);

    internal static readonly DiagnosticDescriptor VET411_NumericOverloads = Create(
        "VET411",
        "Overloads duplicated per numeric type",
        "'{0}' is written out for {1}; make it one generic method over INumber<T>",
        Categories.Interfaces,
        DiagnosticSeverity.Info,
        "Go replaced per-type copies with one generic function (Go 1.18). Overloads that differ only by the numeric type and repeat the same body are the same function written several times: a fix to one copy misses the others. With generic math (.NET 7, C# 11) one method constrained to INumber<T> covers every numeric type, with T.Zero, T.One and T.CreateChecked for literals.");

    internal static readonly DiagnosticDescriptor VET412_NonGenericCollection = Create(
        "VET412",
        "Non-generic collection",
        "'{0}' stores its elements as object; use {1}",
        Categories.Interfaces,
        DiagnosticSeverity.Info,
        "ArrayList, Hashtable and the non-generic Queue, Stack and SortedList hold object: every element is cast back on the way out, value types are boxed on the way in, and nothing stops a wrong type from going in. Their generic replacements (List<T>, Dictionary<TKey, TValue>, Queue<T>, Stack<T>, SortedList<TKey, TValue>) check element types at compile time, as Go's generics replace interface{} containers.");

    private static DiagnosticDescriptor Create(
        string id,
        string title,
        string messageFormat,
        string category,
        DiagnosticSeverity severity,
        string description,
        bool isEnabledByDefault = true,
        params string[] customTags)
    {
        return new DiagnosticDescriptor(
            id,
            title,
            messageFormat,
            category,
            severity,
            isEnabledByDefault,
            description,
            HelpLinkBase + id + ".md",
            customTags);
    }
}
