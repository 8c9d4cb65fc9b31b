using Microsoft.CodeAnalysis;

namespace Vet.Analyzers;

/// <summary>
/// Every diagnostic Vet reports, built by one helper so IDs, categories and help links stay consistent. A message is one
/// sentence without a final period: the quoted name of what the finding is about, what is wrong with it, then "; " and
/// what to do. Its arguments are names (of symbols, types, members, or code normalized to one line), never sentences.
/// </summary>
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
        "'{0}' should be the last parameter of '{1}'",
        Categories.Cancellation,
        DiagnosticSeverity.Info,
        "A CancellationToken parameter goes last, the .NET convention that CA1068 enforces, or first, never in the middle, so that callers always find it in one place.",
        isEnabledByDefault: true,
        PreciseTag);

    internal static readonly DiagnosticDescriptor VET102_CancellationTokenSourceNotDisposed = Create(
        "VET102",
        "CancellationTokenSource is never disposed",
        "'{0}' is never disposed; dispose it with 'using' or in 'finally'",
        Categories.Cancellation,
        DiagnosticSeverity.Info,
        "A linked CancellationTokenSource stays registered on its parent tokens, and a timed one holds a timer, until the source is disposed: both leak when it is not. Dispose every linked or timed source on every path, or hand it to an owner that does.",
        isEnabledByDefault: true,
        PreciseTag);

    internal static readonly DiagnosticDescriptor VET103_TokenNotPassedOn = Create(
        "VET103",
        "Cancellation token in scope is not passed on",
        "'{0}' is in scope but not passed to '{1}'; pass it on",
        Categories.Cancellation,
        DiagnosticSeverity.Info,
        "A method that was given a CancellationToken should hand it to the work it starts, or that work keeps running after the caller gave up. This rule finds what CA2016 and MA0040 do not report, CancellationToken.None or default passed explicitly and a lambda or method that passes an outer token or a token field instead of its own, and also reports await foreach without WithCancellation (as MA0079 does) and a token parameter in the first position left out (as MA0040 does). Off by default: on code it was not tuned on, fewer than 1 in 3 of its findings were changes the maintainers would make; enable it where you want the review.",
        isEnabledByDefault: false);

    internal static readonly DiagnosticDescriptor VET104_TokenCapturedInState = Create(
        "VET104",
        "Per-call cancellation token stored in instance state",
        "'{0}' stores the per-call token '{1}' in instance state; pass the token to each call instead",
        Categories.Cancellation,
        DiagnosticSeverity.Info,
        "A CancellationToken parameter belongs to one call. Stored in a field or a property by an ordinary method, it outlives that call: later operations are cancelled by a request that has already finished, or never by their own caller. Off by default: on code it was not tuned on, fewer than 1 in 3 of its findings were changes the maintainers would make; enable it where you want the review.",
        isEnabledByDefault: false);

    internal static readonly DiagnosticDescriptor VET105_WhenAnyDelayTimeout = Create(
        "VET105",
        "Timeout built from Task.WhenAny and Task.Delay",
        "'{0}' builds a timeout from Task.WhenAny and Task.Delay, which never stops the work and leaves the delay's timer running; use WaitAsync or a CancellationTokenSource with CancelAfter",
        Categories.Cancellation,
        DiagnosticSeverity.Info,
        "Task.WhenAny(work, Task.Delay(t)) returns at the timeout but cancels nothing: the work keeps running unobserved and, when the work wins, the delay's timer stays alive until it fires. Task.WaitAsync(timeout, token) (.NET 6+) or a linked CancellationTokenSource with CancelAfter, cancelled in finally, release both. Off by default: on code it was not tuned on, fewer than 1 in 3 of its findings were changes the maintainers would make; enable it where you want the review.",
        isEnabledByDefault: false);

    internal static readonly DiagnosticDescriptor VET201_UnsynchronizedSharedState = Create(
        "VET201",
        "Unsynchronized shared state",
        "'{0}' is changed by a delegate that '{1}' runs concurrently; use Interlocked or a lock",
        Categories.Concurrency,
        DiagnosticSeverity.Info,
        "State that several threads change needs one synchronization discipline. A read-modify-write (++, +=, x = f(x)) or a List/Dictionary mutation in a delegate that Parallel, PLINQ, Task.Run in a loop, a thread or a timer runs concurrently loses updates or corrupts the collection; a field written under a lock in some members and accessed without it in another is a data race. Use Interlocked for counters and the same lock everywhere else. Off by default: on code it was not tuned on, fewer than 1 in 3 of its findings were changes the maintainers would make; enable it where you want the review.",
        isEnabledByDefault: false);

    internal static readonly DiagnosticDescriptor VET202_PublicLockTarget = Create(
        "VET202",
        "Lock on an object other code can lock",
        "'{0}' is the instance of a public type, which any code holding it can lock; lock on a private readonly object instead",
        Categories.Concurrency,
        DiagnosticSeverity.Info,
        "Lock on a private readonly object that only this type can reach. 'this' of a visible type, typeof(...), GetType(), strings, Type/Thread/MemberInfo objects and non-readonly fields other assemblies can reach can be locked by unrelated code (deadlocks and contention you cannot see); a non-readonly field can be swapped between two locks; a boxed value is a new object on every lock; a readonly or by-value SpinLock is entered on a copy.",
        isEnabledByDefault: true,
        PreciseTag);

    internal static readonly DiagnosticDescriptor VET203_LockReleasedOutsideFinally = Create(
        "VET203",
        "Lock released outside finally",
        "'{0}' is released outside a finally block, so an exception or early return before the release leaves it held; release it in the finally of a try that starts right after the acquire",
        Categories.Concurrency,
        DiagnosticSeverity.Info,
        "A lock taken by a call (Monitor.Enter, SemaphoreSlim.Wait/WaitAsync, ReaderWriterLockSlim.Enter*Lock, Mutex.WaitOne, SpinLock.Enter, Lock.Enter) must be released in the finally of a try that starts right after the acquire. A release on the ordinary path is skipped by an exception or an early return and the lock stays held; an acquire inside the try lets the finally release a lock that was never taken when the wait throws or is canceled. Off by default: on code it was not tuned on, fewer than 1 in 3 of its findings were changes the maintainers would make; enable it where you want the review.",
        isEnabledByDefault: false);

    internal static readonly DiagnosticDescriptor VET204_DoubleCheckedLocking = Create(
        "VET204",
        "Double-checked locking without a safe publication",
        "'{0}' is a non-volatile flag checked outside the lock, and another thread can see it set before the state it guards; use LazyInitializer.EnsureInitialized or Lazy<T>, or declare it volatile",
        Categories.Concurrency,
        DiagnosticSeverity.Info,
        "Checking a non-volatile field outside a lock and again inside it publishes the value without a memory barrier on the reading side. A separate bool flag can be seen set before the value it guards, and a value assigned before its initialization ends is seen half-built, on any runtime. A reference tested for null and assigned last is safe under the .NET memory model but not by the ECMA-335 model (reported as Info only with vet.VET204.strict_memory_model = true). LazyInitializer.EnsureInitialized and Lazy<T> publish safely.");

    internal static readonly DiagnosticDescriptor VET205_PolledFieldNotVolatile = Create(
        "VET205",
        "Loop polls a field that another thread sets",
        "'{0}' is polled by a loop with a plain read and no synchronization in its body while another member sets it; read it with Volatile.Read",
        Categories.Concurrency,
        DiagnosticSeverity.Info,
        "A loop whose condition reads a non-volatile bool field and whose body calls nothing, awaits nothing and takes no lock lets the JIT read the field once and spin forever: nothing in the loop makes another thread's write visible. Read the flag with Volatile.Read, declare it volatile, or replace it with a CancellationToken.");

    internal static readonly DiagnosticDescriptor VET301_CauseNotWrapped = Create(
        "VET301",
        "Caught exception is not passed on as the inner exception",
        "'{0}' is thrown from a catch without the caught exception '{1}'; pass '{1}' as its inner exception",
        Categories.Errors,
        DiagnosticSeverity.Info,
        "A new exception thrown from a catch without the caught one as its InnerException drops the original type, message and stack trace from logs and from every check further up; copying ex.Message keeps the words and loses the rest. Pass the caught exception to the constructor overload that takes it.");

    internal static readonly DiagnosticDescriptor VET302_ExceptionSwallowed = Create(
        "VET302",
        "Exception silently swallowed",
        "'{0}' is caught and swallowed without a trace; handle, log or rethrow it, or state the intent with '// ignore: <reason>'",
        Categories.Errors,
        DiagnosticSeverity.Info,
        "A catch whose body does nothing (empty, or only 'return;', 'continue;' or 'break;') and whose filter does not look at the exception hides the failure from callers, logs and tests. Deliberate swallowing states its reason in a comment in the catch or on the line above it; '// ignore: <reason>' is the recommended form. Off by default: on code it was not tuned on, fewer than 1 in 3 of its findings were changes the maintainers would make; enable it where you want the review.",
        isEnabledByDefault: false);

    internal static readonly DiagnosticDescriptor VET304_ExceptionIdentity = Create(
        "VET304",
        "Exception identified by its exact type or its message",
        "'{0}' is identified by its exact type '{1}'; use a typed catch or '{0} is {1}', which also matches derived types",
        Categories.Errors,
        DiagnosticSeverity.Info,
        "An exception tested with GetType() == typeof(X) misses every type derived from X; one matched by its type name matches any type of that name and breaks on renames; one matched by its Message breaks when the text changes with culture, version or platform. Select exceptions with a typed catch, an 'is' test or a 'when' filter, and distinguish causes by typed codes (HResult, SocketException.SocketErrorCode, HttpRequestException.StatusCode, SqlException.Number). Off by default: on code it was not tuned on, fewer than 1 in 3 of its findings were changes the maintainers would make; enable it where you want the review.",
        isEnabledByDefault: false);

    internal static readonly DiagnosticDescriptor VET305_ConditionalRethrow = Create(
        "VET305",
        "Catch and conditional rethrow instead of a filter",
        "'{0}' is caught, then rethrown when '{1}'; move the condition into an exception filter on the catch, so exceptions it does not handle are never caught",
        Categories.Errors,
        DiagnosticSeverity.Info,
        "A catch that starts with 'if (cond) throw;' catches, unwinds and rethrows exceptions it does not want. An exception filter, 'catch (...) when (!cond)', selects without unwinding: the exception passes by untouched, finally blocks and debuggers see the original throw point, and the catch body keeps only the handling.",
        isEnabledByDefault: true,
        PreciseTag);

    internal static readonly DiagnosticDescriptor VET306_ExceptionCannotWrap = Create(
        "VET306",
        "Exception type cannot wrap a cause",
        "'{0}' is thrown from a catch in '{1}' and cannot carry the caught exception; add a constructor that takes an inner exception",
        Categories.Errors,
        DiagnosticSeverity.Info,
        "An exception type whose constructors take no inner exception forces the catch that throws it to drop the original failure: its type, message and stack trace. Reported for types that some catch of the compilation throws, when the whole compilation has been seen (builds and full-solution analysis). Add a constructor that takes the message and the inner exception (keeping the type's own required parameters) and pass the cause to the base class.",
        isEnabledByDefault: true,
        WellKnownDiagnosticTags.CompilationEnd);

    internal static readonly DiagnosticDescriptor VET401_BroadInterface = Create(
        "VET401",
        "Broad interface declared beside its only implementation",
        "'{0}' declares {1} members for its only implementation in this project, '{2}', and its busiest consumer, '{3}', uses {4} of them; declare small interfaces where they are used",
        Categories.Interfaces,
        DiagnosticSeverity.Info,
        "An interface with many members written next to its single implementation mirrors that class: every consumer depends on all of it, and every test double must implement all of it. Small interfaces declared by the code that uses them let each consumer depend on what it calls, and let any type with those members fit. Split it by what its consumers use. Reported when the whole compilation has been seen (builds and full-solution analysis).",
        isEnabledByDefault: true,
        WellKnownDiagnosticTags.CompilationEnd);

    internal static readonly DiagnosticDescriptor VET402_ParameterBroaderThanUsed = Create(
        "VET402",
        "Public parameter accepts more than the method uses",
        "'{0}' of '{1}' only uses what '{2}' offers; accept '{2}' instead of '{3}'",
        Categories.Interfaces,
        DiagnosticSeverity.Info,
        "A parameter should ask for what the method needs, not the concrete type a caller happens to have. A public or protected parameter typed List<T>, an array, Dictionary<K,V>, FileStream or a project class whose every use is covered by an existing, meaningful abstraction (IEnumerable<T>, IReadOnlyCollection<T>, IReadOnlyList<T>, IReadOnlyDictionary<K,V>, Stream, TextReader, a project interface of two or more members) forces callers to convert and ties the API to an implementation. Overrides, interface implementations, event handlers and overloads that differ only in that parameter are not reported. Off by default: on code it was not tuned on, few of its suggestions were changes the maintainers would make; enable it where you want the API review.",
        isEnabledByDefault: false);

    internal static readonly DiagnosticDescriptor VET411_NumericOverloads = Create(
        "VET411",
        "Overloads duplicated per numeric type",
        "'{0}' is written out for {1}; make it one generic method over INumber<T>",
        Categories.Interfaces,
        DiagnosticSeverity.Info,
        "Overloads that differ only by the numeric type and repeat the same body are the same method written several times: a fix to one copy misses the others. With generic math (.NET 7, C# 11) one method constrained to INumber<T> covers every numeric type, with T.Zero, T.One and T.CreateChecked for literals.");

    internal static readonly DiagnosticDescriptor VET412_NonGenericCollection = Create(
        "VET412",
        "Non-generic collection",
        "'{0}' stores its elements as object; use '{1}'",
        Categories.Interfaces,
        DiagnosticSeverity.Info,
        "ArrayList, Hashtable and the non-generic Queue, Stack and SortedList hold object: every element is cast back on the way out, value types are boxed on the way in, and nothing stops a wrong type from going in. Their generic replacements (List<T>, Dictionary<TKey, TValue>, Queue<T>, Stack<T>, SortedList<TKey, TValue>) check element types at compile time.",
        isEnabledByDefault: true);

    /// <summary>
    /// The messages of rules whose finding takes several shapes with different advice: each is its rule's descriptor (same
    /// ID, title, severity, description and help link) with the message for that shape, so every message is a format with
    /// names as its arguments. An analyzer lists its rule's descriptor first in SupportedDiagnostics (the one tools show for
    /// the ID), then the shapes it reports.
    /// </summary>
    internal static class Shapes
    {
        internal static readonly DiagnosticDescriptor VET101_First = Shape(VET101_CancellationTokenPosition,
            "'{0}' should be the first parameter of '{1}'");

        internal static readonly DiagnosticDescriptor VET101_FirstOrLast = Shape(VET101_CancellationTokenPosition,
            "'{0}' should be the first or the last parameter of '{1}'");

        internal static readonly DiagnosticDescriptor VET102_NotOnEveryPath = Shape(VET102_CancellationTokenSourceNotDisposed,
            "'{0}' is not disposed on every path; dispose it with 'using' or in 'finally'");

        internal static readonly DiagnosticDescriptor VET102_Field = Shape(VET102_CancellationTokenSourceNotDisposed,
            "'{0}' is never disposed, and '{1}' is not IDisposable; make '{1}' IDisposable and dispose the source in Dispose");

        internal static readonly DiagnosticDescriptor VET102_Inline = Shape(VET102_CancellationTokenSourceNotDisposed,
            "'{0}' takes the Token of a CancellationTokenSource that nothing can dispose; keep the source in a 'using' variable and pass its Token");

        internal static readonly DiagnosticDescriptor VET103_AwaitForeach = Shape(VET103_TokenNotPassedOn,
            "'{0}' is in scope but not passed to the 'await foreach' loop; add '.WithCancellation({0})'");

        internal static readonly DiagnosticDescriptor VET201_ConcurrentUpdate = Shape(VET201_UnsynchronizedSharedState,
            "'{0}' is changed by a delegate that '{1}' runs concurrently; use a lock");

        internal static readonly DiagnosticDescriptor VET201_ConcurrentCollection = Shape(VET201_UnsynchronizedSharedState,
            "'{0}' is changed through '{1}' by a delegate that '{2}' runs concurrently; use a lock or a concurrent collection");

        internal static readonly DiagnosticDescriptor VET201_Written = Shape(VET201_UnsynchronizedSharedState,
            "'{0}' is written without the lock on '{1}' that guards it elsewhere; take the lock here too");

        internal static readonly DiagnosticDescriptor VET201_Read = Shape(VET201_UnsynchronizedSharedState,
            "'{0}' is read without the lock on '{1}' that guards it elsewhere; take the lock here too");

        internal static readonly DiagnosticDescriptor VET201_CollectionChanged = Shape(VET201_UnsynchronizedSharedState,
            "'{0}' is changed through '{1}' without the lock on '{2}' while locked code changes it through '{3}', and two changes at once can corrupt it; take the lock here too");

        internal static readonly DiagnosticDescriptor VET201_CollectionRead = Shape(VET201_UnsynchronizedSharedState,
            "'{0}' is read without the lock on '{1}' while locked code changes it through '{2}', and a read racing a change can see it half-updated; take the lock here too");

        internal static readonly DiagnosticDescriptor VET201_CollectionReadThrough = Shape(VET201_UnsynchronizedSharedState,
            "'{0}' is read through '{1}' without the lock on '{2}' while locked code changes it through '{3}', and a read racing a change can see it half-updated; take the lock here too");

        internal static readonly DiagnosticDescriptor VET201_CollectionReturned = Shape(VET201_UnsynchronizedSharedState,
            "'{0}' is returned without the lock on '{1}' while locked code changes it through '{2}', and callers use the live collection; return a copy made under the lock");

        internal static readonly DiagnosticDescriptor VET202_SharedMonitor = Shape(VET202_PublicLockTarget,
            "'{0}' is the instance of a public type that other types here also lock or wait on, and code outside the assembly can lock it too; share a dedicated lock object with those types instead");

        internal static readonly DiagnosticDescriptor VET202_TypeObject = Shape(VET202_PublicLockTarget,
            "'{0}' is a Type object shared by the whole process, which any code can lock; lock on a private readonly object instead");

        internal static readonly DiagnosticDescriptor VET202_String = Shape(VET202_PublicLockTarget,
            "'{0}' is a string, and equal strings can be one interned object that any code can lock; lock on a private readonly object instead");

        internal static readonly DiagnosticDescriptor VET202_ReflectionObject = Shape(VET202_PublicLockTarget,
            "'{0}' is a reflection object shared by the whole process, which any code can lock; lock on a private readonly object instead");

        internal static readonly DiagnosticDescriptor VET202_Thread = Shape(VET202_PublicLockTarget,
            "'{0}' is a Thread object that the runtime and other code can lock; lock on a private readonly object instead");

        internal static readonly DiagnosticDescriptor VET202_BoxedValue = Shape(VET202_PublicLockTarget,
            "'{0}' is a boxed value, so every lock boxes a new object and excludes nobody; lock on a private readonly object instead");

        internal static readonly DiagnosticDescriptor VET202_ReachableField = Shape(VET202_PublicLockTarget,
            "'{0}' is a non-readonly field other assemblies can reach, so code outside this type can lock it or swap it; lock on a private readonly object instead");

        internal static readonly DiagnosticDescriptor VET202_SwappableField = Shape(VET202_PublicLockTarget,
            "'{0}' is a non-readonly field, and assigning it while a thread holds the lock lets a second thread in; lock on a private readonly object instead");

        internal static readonly DiagnosticDescriptor VET202_OnlyInitialized = Shape(VET202_PublicLockTarget,
            "'{0}' is not readonly, although nothing assigns it after construction; declare it readonly so it can never be swapped while a thread holds the lock");

        internal static readonly DiagnosticDescriptor VET202_ReadonlySpinLock = Shape(VET202_PublicLockTarget,
            "'{0}' is a readonly SpinLock field, so every Enter and Exit runs on a copy and locks nothing; remove 'readonly'");

        internal static readonly DiagnosticDescriptor VET202_SpinLockByValue = Shape(VET202_PublicLockTarget,
            "'{0}' is a SpinLock passed by value, so the method enters a copy, not the caller's lock; pass it by 'ref'");

        internal static readonly DiagnosticDescriptor VET203_AcquiredInsideTry = Shape(VET203_LockReleasedOutsideFinally,
            "'{0}' is acquired inside the try whose finally releases it, so a wait that throws or is canceled releases a lock this code never took; acquire it just before the try");

        internal static readonly DiagnosticDescriptor VET203_StatementsBeforeTry = Shape(VET203_LockReleasedOutsideFinally,
            "'{0}' is acquired, then other code runs before the try whose finally releases it, and an exception there leaves it held; start the try right after the acquire");

        internal static readonly DiagnosticDescriptor VET203_EmptyCriticalSection = Shape(VET203_LockReleasedOutsideFinally,
            "'{0}' is released right after it is acquired, so the critical section is empty; move the work it guards between the acquire and the release");

        internal static readonly DiagnosticDescriptor VET204_EarlyPublication = Shape(VET204_DoubleCheckedLocking,
            "'{0}' is checked outside the lock and assigned before the statements that finish initializing it, so another thread can use it half-built; use LazyInitializer.EnsureInitialized or Lazy<T>");

        internal static readonly DiagnosticDescriptor VET204_ReferenceNull = Shape(VET204_DoubleCheckedLocking,
            "'{0}' is checked for null outside the lock without a barrier, which is safe on CoreCLR but not by the ECMA-335 memory model; use LazyInitializer.EnsureInitialized or Lazy<T>");

        internal static readonly DiagnosticDescriptor VET301_NoVariable = Shape(VET301_CauseNotWrapped,
            "'{0}' is thrown from a catch without the caught exception; pass the caught exception as its inner exception");

        internal static readonly DiagnosticDescriptor VET302_EveryException = Shape(VET302_ExceptionSwallowed,
            "'{0}' catches every exception and swallows it without a trace; handle, log or rethrow it, or state the intent with '// ignore: <reason>'");

        internal static readonly DiagnosticDescriptor VET304_SealedExactType = Shape(VET304_ExceptionIdentity,
            "'{0}' is identified by its exact type '{1}'; use '{0} is {1}', which means the same for a sealed type");

        internal static readonly DiagnosticDescriptor VET304_TypeName = Shape(VET304_ExceptionIdentity,
            "'{0}' is identified by its type name, which matches any type of that name and breaks on renames; use a typed catch or an 'is' test");

        internal static readonly DiagnosticDescriptor VET304_Message = Shape(VET304_ExceptionIdentity,
            "'{0}' is identified by its message text, which changes with culture and versions; catch a specific type, or test a typed code such as HResult, SocketException.SocketErrorCode or HttpRequestException.StatusCode");

        private static DiagnosticDescriptor Shape(DiagnosticDescriptor rule, string messageFormat) => new(
            rule.Id,
            rule.Title,
            messageFormat,
            rule.Category,
            rule.DefaultSeverity,
            rule.IsEnabledByDefault,
            rule.Description,
            rule.HelpLinkUri,
            System.Linq.Enumerable.ToArray(rule.CustomTags));
    }

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
