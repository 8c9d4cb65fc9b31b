using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

using Vet.Analyzers.Engine;

namespace Vet.Analyzers.Concurrency;

/// <summary>
/// VET203: a lock acquired by a call (<c>Monitor.Enter</c>, <c>SemaphoreSlim.Wait</c>/<c>WaitAsync</c>,
/// <c>ReaderWriterLockSlim.Enter*Lock</c>, <c>Mutex.WaitOne</c>, <c>SpinLock.Enter</c>, <c>Lock.Enter</c>) whose release in
/// the same method is not in the <c>finally</c> of a <c>try</c> that starts right after the acquire (or of the try that
/// holds a lockTaken-style acquire); also an acquire immediately followed by its release.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class LockReleasedOutsideFinallyAnalyzer : DiagnosticAnalyzer
{
    /// <summary>Diagnostic property: which shape was found (one of the <c>Shape*</c> values).</summary>
    public const string ShapeProperty = "Shape";

    /// <summary>The release runs outside any finally; the fix wraps the code between in try/finally.</summary>
    public const string ShapeReleasedOutsideFinally = "ReleasedOutsideFinally";

    /// <summary>The acquire is inside the try whose finally releases it; the fix moves it before the try.</summary>
    public const string ShapeAcquiredInsideTry = "AcquiredInsideTry";

    /// <summary>Statements run between the acquire and the try; the fix moves them into the try.</summary>
    public const string ShapeStatementsBeforeTry = "StatementsBeforeTry";

    /// <summary>The acquire is followed at once by the release.</summary>
    public const string ShapeEmptyCriticalSection = "EmptyCriticalSection";

    /// <summary>Diagnostic property present when the fix can rewrite the shape without changing what compiles.</summary>
    public const string FixableProperty = "Fixable";

    private static readonly DiagnosticDescriptor Rule = Descriptors.VET203_LockReleasedOutsideFinally;

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
        Rule,
        Descriptors.Shapes.VET203_AcquiredInsideTry,
        Descriptors.Shapes.VET203_StatementsBeforeTry,
        Descriptors.Shapes.VET203_EmptyCriticalSection);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(
            static start =>
            {
                if (TestCode.SkipsCompilation(start.Compilation, start.Options, Rule.Id))
                {
                    return;
                }

                if (WellKnownTypes.Get(start.Compilation, "System.Threading.Monitor") is null)
                {
                    return;
                }

                // One action per file: acquires are rare, and an invocation action would be paid for every call of the
                // compilation.
                start.RegisterSemanticModelAction(static ctx =>
                {
                    foreach (var name in LockPrimitive.PairedAcquireNames)
                    {
                        foreach (var (call, owner) in WrittenCode.Calls(ctx.SemanticModel, name, ctx.CancellationToken))
                        {
                            AnalyzeInvocation(ctx, call, owner);
                        }
                    }
                });
            });
    }

    private static void AnalyzeInvocation(SemanticModelAnalysisContext context, IInvocationOperation invocation, ISymbol owner)
    {
        if (LockPrimitive.Acquire(invocation) is not { } acquire)
        {
            return;
        }

        var statement = StatementOf(invocation);
        if (statement is null)
        {
            // A result kept for later (a Task awaited elsewhere, a bool used as a guard) is not a plain acquire.
            return;
        }

        var function = EnclosingFunction(invocation);
        var releases = new List<IInvocationOperation>();
        if (!CollectReleases(function, acquire, releases, out var nextAcquire))
        {
            // A nested function releases the lock: ownership is handed to a callback.
            return;
        }

        if (releases.Count == 0)
        {
            // Never released here: the caller owns the lock (an Acquire/LockAsync method).
            return;
        }

        var diagnostic = Classify(invocation, acquire, statement, releases, nextAcquire, owner.ContainingType);
        if (diagnostic is not { } found || IsExplainedBetweenAcquireAndRelease(found, invocation, statement, releases, nextAcquire, function, acquire))
        {
            return;
        }

        var properties = ImmutableDictionary<string, string?>.Empty.Add(ShapeProperty, found.Shape);
        if (found.Fixable)
        {
            properties = properties.Add(FixableProperty, "true");
        }

        context.ReportDiagnostic(Diagnostic.Create(
            MessageFor(found.Shape),
            invocation.Syntax.GetLocation(),
            found.Evidence,
            properties,
            acquire.GateName));
    }

    /// <summary>
    /// A reason comment between the acquire and its last release: for an empty critical section any comment there (it
    /// can only be about the wait and the release); otherwise one that speaks of the release, a finally or the gate
    /// (why the release sits where it does).
    /// </summary>
    private static bool IsExplainedBetweenAcquireAndRelease(
        Finding found, IInvocationOperation invocation, IOperation statement, List<IInvocationOperation> releases, int nextAcquire, IOperation function, LockPrimitive acquire)
    {
        if (found.Shape == ShapeAcquiredInsideTry)
        {
            return false;
        }

        // The releases after this acquire and before the next one of the same lock, in a finally or not.
        var end = -1;
        foreach (var release in releases)
        {
            if (release.Syntax.SpanStart > invocation.Syntax.SpanStart && release.Syntax.SpanStart < nextAcquire)
            {
                end = System.Math.Max(end, release.Syntax.Span.End);
            }
        }

        var start = statement.Syntax.SpanStart;
        return end > start
            && (found.Shape == ShapeEmptyCriticalSection
                ? StatedIntent.IsExplainedBetween(function.Syntax, start, end)
                : StatedIntent.IsExplainedBetween(function.Syntax, start, end, "releas", "finally", acquire.GateText));
    }

    private readonly struct Finding
    {
        internal Finding(string shape, bool fixable, IEnumerable<Location>? evidence = null)
        {
            Shape = shape;
            Fixable = fixable;
            Evidence = evidence;
        }

        internal string Shape { get; }

        internal bool Fixable { get; }

        internal IEnumerable<Location>? Evidence { get; }
    }

    private static Finding? Classify(IInvocationOperation invocation, LockPrimitive acquire, IOperation statement, List<IInvocationOperation> releases, int nextAcquire, INamedTypeSymbol? type)
    {
        // 1. The try that starts right after the acquire (or after the statement that ends with it) releases in its finally.
        if (ProtectingTryAfter(statement, releases) is { } next)
        {
            return next.Body.Operations.IsEmpty && next.Catches.IsEmpty
                ? EmptyCriticalSection(statement)
                : null;
        }

        // 2. The acquire sits inside a try whose finally releases it.
        if (EnclosingProtectingTry(invocation, releases) is { } enclosing)
        {
            var release = ReleaseIn(enclosing.Finally, releases)!;
            var first = enclosing.Body.Operations.Length > 0 && enclosing.Body.Operations[0] == statement;

            // A token-less semaphore wait first in the try throws only once the semaphore is disposed, and then the
            // finally's Release throws the same ObjectDisposedException: moving it before the try changes nothing.
            if (acquire.TakesLockTakenFlag
                || IsConditional(release, enclosing.Finally!)
                || IsReacquire(invocation, enclosing, releases)
                || (first && acquire.IsTokenlessSemaphoreWait))
            {
                return null;
            }

            var movable = enclosing.Catches.IsEmpty
                && enclosing.Body.Operations.Length > 1
                && first
                && enclosing.Parent is IBlockOperation;
            return new Finding(ShapeAcquiredInsideTry, movable);
        }

        var relevant = RelevantReleases(invocation, releases, nextAcquire);
        if (relevant.Count == 0)
        {
            return null;
        }

        var span = new LockSpan(relevant, type);

        // 3. The acquire is released at once, as the next statement or in the returned expression (a capacity probe).
        if (NextStatement(statement) is { } following && span.IsImmediateRelease(following))
        {
            return EmptyCriticalSection(statement);
        }

        var outsideFinally = new List<Location>();
        var outsideReleases = new List<IInvocationOperation>();
        var inCatchOnly = true;
        var onGuardsOnly = true;
        foreach (var release in relevant)
        {
            var region = RegionOf(release);
            if (region == Region.Finally)
            {
                continue;
            }

            outsideFinally.Add(release.Syntax.GetLocation());
            outsideReleases.Add(release);
            inCatchOnly &= region == Region.Catch;
            onGuardsOnly &= LockSpan.IsGuardRelease(release);
        }

        if (outsideFinally.Count > 0 && inCatchOnly)
        {
            // Released only when something fails: on success the lock is handed on by design.
            return null;
        }

        if (outsideFinally.Count > 0 && HandsOff(statement, acquire, type))
        {
            // The lock (a semaphore slot) goes to a continuation that releases it; the release here is the path where
            // nothing was handed on, like a release in a catch.
            return null;
        }

        // 4. A later try in the same block releases it, after statements that can throw (or after early-exit guards).
        var laterTry = LaterProtectingTry(statement, releases, out var between);
        if (outsideFinally.Count == 0 || (laterTry is not null && LockSpan.AllWithin(outsideReleases, between)))
        {
            if (laterTry is null)
            {
                return new Finding(ShapeStatementsBeforeTry, fixable: false);
            }

            if (span.IsSafe(between))
            {
                return null;
            }

            if (outsideFinally.Count == 0)
            {
                var movable = laterTry.Catches.IsEmpty && !UsedOutside(between, laterTry);
                return new Finding(ShapeStatementsBeforeTry, movable);
            }
        }
        else if (outsideFinally.Count > 0 && onGuardsOnly && !HasFinallyRelease(relevant))
        {
            // Released only on early-exit paths, and held when the method returns normally: the caller owns the lock,
            // as with a method that never releases it.
            return null;
        }

        // 5. Nothing between the acquire and its last release can throw: every path reaches a release.
        if (span.IsSafeUpToLastRelease(statement))
        {
            return null;
        }

        return new Finding(ShapeReleasedOutsideFinally, IsWrappable(statement, relevant), outsideFinally);
    }

    /// <summary>An empty critical section, unless a comment by the acquire says why (waiting for the current holder, a capacity probe).</summary>
    private static Finding? EmptyCriticalSection(IOperation statement) =>
        StatedIntent.IsExplainedByStatement(statement.Syntax) ? null : new Finding(ShapeEmptyCriticalSection, fixable: false);

    private static bool HasFinallyRelease(List<IInvocationOperation> relevant)
    {
        foreach (var release in relevant)
        {
            if (RegionOf(release) == Region.Finally)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Whether code after the acquire passes a delegate that releases the lock: a method group of the type, or a
    /// delegate field the type sets to one (a lambda written here is seen by <see cref="CollectReleases"/>).
    /// </summary>
    private static bool HandsOff(IOperation statement, LockPrimitive acquire, INamedTypeSymbol? type)
    {
        var function = EnclosingFunction(statement);
        var start = statement.Syntax.Span.End;
        foreach (var operation in function.Descendants())
        {
            if (operation.Syntax.SpanStart < start || operation.Parent is not IArgumentOperation and not IDelegateCreationOperation)
            {
                continue;
            }

            switch (operation)
            {
                case IMethodReferenceOperation { Method: var method } when SymbolEqualityComparer.Default.Equals(method.ContainingType?.OriginalDefinition, type?.OriginalDefinition):
                    if (ReleasesIn(method, acquire))
                    {
                        return true;
                    }

                    break;
                case IFieldReferenceOperation { Field: { Type.TypeKind: TypeKind.Delegate } field, Instance: null or IInstanceReferenceOperation }:
                    if (DelegateFieldReleases(field, acquire))
                    {
                        return true;
                    }

                    break;
            }
        }

        return false;
    }

    /// <summary>The method's own syntax calls the release on the same gate (written the same way).</summary>
    private static bool ReleasesIn(IMethodSymbol method, LockPrimitive acquire)
    {
        foreach (var reference in method.DeclaringSyntaxReferences)
        {
            if (ReleasesIn(reference.GetSyntax(), acquire))
            {
                return true;
            }
        }

        return false;
    }

    private static bool ReleasesIn(SyntaxNode node, LockPrimitive acquire)
    {
        var gate = GateName(Operations.WithoutConversions(acquire.Gate).Syntax);
        if (gate is null)
        {
            return false;
        }

        foreach (var descendant in node.DescendantNodes())
        {
            if (descendant is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax access } call
                && access.Name.Identifier.ValueText == acquire.ReleaseName
                && (acquire.IsMonitor
                    ? call.ArgumentList.Arguments.Count > 0 && GateName(call.ArgumentList.Arguments[0].Expression) == gate
                    : GateName(access.Expression) == gate))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The name a gate is written with: <c>_gate</c>, <c>this._gate</c>; null for other expressions.</summary>
    private static string? GateName(SyntaxNode expression) => expression switch
    {
        IdentifierNameSyntax identifier => identifier.Identifier.ValueText,
        MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax, Name: IdentifierNameSyntax name } => name.Identifier.ValueText,
        _ => null,
    };

    /// <summary>A delegate field the type sets (anywhere) to a method of its own or a lambda that releases the lock.</summary>
    private static bool DelegateFieldReleases(IFieldSymbol field, LockPrimitive acquire)
    {
        foreach (var reference in field.ContainingType.DeclaringSyntaxReferences)
        {
            foreach (var node in reference.GetSyntax().DescendantNodes())
            {
                if (node is not AssignmentExpressionSyntax { Left: var left, Right: var right } || GateName(left) != field.Name)
                {
                    continue;
                }

                if (right is AnonymousFunctionExpressionSyntax lambda && ReleasesIn(lambda, acquire))
                {
                    return true;
                }

                if (GateName(right) is { } methodName)
                {
                    foreach (var member in field.ContainingType.GetMembers(methodName))
                    {
                        if (member is IMethodSymbol method && ReleasesIn(method, acquire))
                        {
                            return true;
                        }
                    }
                }
            }
        }

        return false;
    }

    private static DiagnosticDescriptor MessageFor(string shape) => shape switch
    {
        ShapeAcquiredInsideTry => Descriptors.Shapes.VET203_AcquiredInsideTry,
        ShapeStatementsBeforeTry => Descriptors.Shapes.VET203_StatementsBeforeTry,
        ShapeEmptyCriticalSection => Descriptors.Shapes.VET203_EmptyCriticalSection,
        _ => Rule,
    };

    /// <summary>
    /// Every release of the lock in the function, outside nested functions, and where the next acquire of the same
    /// lock after this one starts (int.MaxValue when there is none). False when a nested function (a continuation, a
    /// callback) releases it, which hands ownership on.
    /// </summary>
    private static bool CollectReleases(IOperation function, LockPrimitive acquire, List<IInvocationOperation> releases, out int nextAcquire)
    {
        nextAcquire = int.MaxValue;
        var start = acquire.Call.Syntax.SpanStart;
        var pending = new Stack<(IOperation Operation, bool Nested)>();
        pending.Push((function, false));
        while (pending.Count > 0)
        {
            var (operation, nested) = pending.Pop();
            if (operation is IInvocationOperation invocation)
            {
                if (acquire.IsReleasedBy(invocation))
                {
                    if (nested)
                    {
                        return false;
                    }

                    releases.Add(invocation);
                }
                else if (!nested
                    && invocation.Syntax.SpanStart > start
                    && invocation.Syntax.SpanStart < nextAcquire
                    && LockPrimitive.Acquire(invocation) is { } other
                    && other.ReleaseName == acquire.ReleaseName
                    && acquire.IsReleasedByGate(other.Gate))
                {
                    nextAcquire = invocation.Syntax.SpanStart;
                }
            }

            var childNested = nested || (operation != function && operation is IAnonymousFunctionOperation or ILocalFunctionOperation);
            foreach (var child in operation.ChildOperations)
            {
                pending.Push((child, childNested));
            }
        }

        releases.Sort(static (a, b) => a.Syntax.SpanStart.CompareTo(b.Syntax.SpanStart));
        return true;
    }

    // ---- Where the acquire and the releases sit -----------------------------------------------------------------

    /// <summary>The statement the acquire call is: <c>x.Wait();</c>, <c>await x.WaitAsync(..)[.ConfigureAwait(..)];</c>.</summary>
    private static IOperation? StatementOf(IInvocationOperation invocation)
    {
        IOperation current = invocation;
        if (current.Parent is IInvocationOperation { TargetMethod.Name: "ConfigureAwait" } configureAwait && configureAwait.Instance == current)
        {
            current = configureAwait;
        }

        if (current.Parent is IAwaitOperation awaited)
        {
            current = awaited;
        }

        return current.Parent as IExpressionStatementOperation;
    }

    /// <summary>
    /// The try whose finally releases the lock and that runs right after the acquire: the next statement, or the
    /// next statement after a lock, try, if (either branch) or block that the acquire ends (hand-over-hand locking takes the next
    /// lock as the last step inside the previous one).
    /// </summary>
    private static ITryOperation? ProtectingTryAfter(IOperation statement, List<IInvocationOperation> releases)
    {
        var current = statement;
        while (true)
        {
            if (NextStatement(current) is ITryOperation next && ReleaseIn(next.Finally, releases) is not null)
            {
                return next;
            }

            if (current.Parent is IConditionalOperation embedded && (embedded.WhenTrue == current || embedded.WhenFalse == current))
            {
                // `if (b) x.Enter();` without braces, or either branch of an if/else (`if (b) await x.WaitAsync(); else
                // x.Wait();`): on that path the if ends with the acquire.
                current = embedded;
                continue;
            }

            if (current.Parent is not IBlockOperation block || block.Operations[block.Operations.Length - 1] != current)
            {
                return null;
            }

            var owner = block.Parent is ILockOperation or IConditionalOperation || block.Parent is ITryOperation { Body: var body } && body == block
                ? block.Parent
                : block.Parent is IBlockOperation ? block : null;
            if (owner is null)
            {
                return null;
            }

            current = owner;
        }
    }

    private static IOperation? NextStatement(IOperation statement)
    {
        if (statement.Parent is not IBlockOperation block)
        {
            return null;
        }

        var operations = block.Operations;
        for (var i = 0; i < operations.Length - 1; i++)
        {
            if (operations[i] == statement)
            {
                return operations[i + 1];
            }
        }

        return null;
    }

    private static IInvocationOperation? ReleaseIn(IBlockOperation? block, List<IInvocationOperation> releases)
    {
        if (block is null)
        {
            return null;
        }

        foreach (var release in releases)
        {
            if (block.Syntax.Span.Contains(release.Syntax.Span))
            {
                return release;
            }
        }

        return null;
    }

    /// <summary>The nearest try around the acquire (in its body) whose finally releases the lock.</summary>
    private static ITryOperation? EnclosingProtectingTry(IOperation acquire, List<IInvocationOperation> releases)
    {
        for (var current = acquire; current.Parent is { } parent; current = parent)
        {
            if (parent is IAnonymousFunctionOperation or ILocalFunctionOperation)
            {
                return null;
            }

            if (parent is ITryOperation @try && @try.Body == current && ReleaseIn(@try.Finally, releases) is not null)
            {
                return @try;
            }
        }

        return null;
    }

    /// <summary>The release sits under an <c>if</c> in the finally: the code tracks whether it holds the lock.</summary>
    private static bool IsConditional(IOperation release, IBlockOperation @finally)
    {
        for (var current = release.Parent; current is not null && current != @finally; current = current.Parent)
        {
            if (current is IConditionalOperation or IConditionalAccessOperation or ICoalesceOperation)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>An acquire after a release in the same protected body: the code lets go for a while and takes it back.</summary>
    private static bool IsReacquire(IOperation acquire, ITryOperation @try, List<IInvocationOperation> releases)
    {
        foreach (var release in releases)
        {
            if (release.Syntax.SpanStart < acquire.Syntax.SpanStart && @try.Body.Syntax.Span.Contains(release.Syntax.Span))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The releases that end this acquire: after it and before the next acquire of the same lock, and not a
    /// temporary release inside a protected body that the code re-acquires before the finally.
    /// </summary>
    private static List<IInvocationOperation> RelevantReleases(IOperation acquire, List<IInvocationOperation> releases, int nextAcquire)
    {
        var relevant = new List<IInvocationOperation>(releases.Count);
        foreach (var release in releases)
        {
            var position = release.Syntax.SpanStart;
            if (position > acquire.Syntax.SpanStart && position < nextAcquire && EnclosingProtectingTry(release, releases) is null)
            {
                relevant.Add(release);
            }
        }

        return relevant;
    }

    private enum Region
    {
        Straight,
        Catch,
        Finally,
    }

    /// <summary>Whether the release runs in a finally, only in a catch, or on the ordinary path.</summary>
    private static Region RegionOf(IOperation release)
    {
        for (var current = release; current.Parent is { } parent; current = parent)
        {
            if (parent is IAnonymousFunctionOperation or ILocalFunctionOperation)
            {
                break;
            }

            if (parent is ITryOperation @try && @try.Finally == current)
            {
                return Region.Finally;
            }

            if (parent is ICatchClauseOperation)
            {
                return Region.Catch;
            }
        }

        return Region.Straight;
    }

    /// <summary>A try later in the acquire's block whose finally releases the lock, and the statements before it.</summary>
    private static ITryOperation? LaterProtectingTry(IOperation statement, List<IInvocationOperation> releases, out List<IOperation> between)
    {
        between = new List<IOperation>();
        if (statement.Parent is not IBlockOperation block)
        {
            return null;
        }

        var seen = false;
        foreach (var operation in block.Operations)
        {
            if (operation == statement)
            {
                seen = true;
                continue;
            }

            if (!seen)
            {
                continue;
            }

            if (operation is ITryOperation @try && ReleaseIn(@try.Finally, releases) is not null)
            {
                return @try;
            }

            between.Add(operation);
        }

        return null;
    }

    /// <summary>A local declared by <paramref name="statements"/> is read outside them and outside the try's body.</summary>
    private static bool UsedOutside(List<IOperation> statements, ITryOperation @try)
    {
        var declared = DeclaredLocals(statements);
        if (declared.Count == 0)
        {
            return false;
        }

        var block = (IBlockOperation)@try.Parent!;
        var tryIndex = block.Operations.IndexOf(@try);
        for (var i = tryIndex; i < block.Operations.Length; i++)
        {
            foreach (var operation in block.Operations[i].DescendantsAndSelf())
            {
                if (operation is ILocalReferenceOperation local
                    && declared.Contains(local.Local)
                    && !@try.Body.Syntax.Span.Contains(operation.Syntax.Span))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>
    /// The ordinary release can become a finally: the acquire and its single release are statements of one block,
    /// and nothing declared between them is used after the release.
    /// </summary>
    private static bool IsWrappable(IOperation statement, List<IInvocationOperation> relevant)
    {
        if (relevant.Count != 1
            || statement.Parent is not IBlockOperation block
            || relevant[0].Parent is not IExpressionStatementOperation releaseStatement
            || releaseStatement.Parent != block)
        {
            return false;
        }

        var operations = block.Operations;
        var start = operations.IndexOf(statement);
        var end = operations.IndexOf(releaseStatement);
        if (start < 0 || end <= start + 1)
        {
            return false;
        }

        var between = new List<IOperation>(end - start - 1);
        for (var i = start + 1; i < end; i++)
        {
            if (operations[i] is ILabeledOperation or ILocalFunctionOperation)
            {
                return false;
            }

            between.Add(operations[i]);
        }

        var declared = DeclaredLocals(between);
        for (var i = end + 1; i < operations.Length && declared.Count > 0; i++)
        {
            foreach (var operation in operations[i].DescendantsAndSelf())
            {
                if (operation is ILocalReferenceOperation local && declared.Contains(local.Local))
                {
                    return false;
                }
            }
        }

        return true;
    }

    private static HashSet<ILocalSymbol> DeclaredLocals(List<IOperation> statements)
    {
        var declared = new HashSet<ILocalSymbol>(SymbolEqualityComparer.Default);
        foreach (var statement in statements)
        {
            foreach (var operation in statement.DescendantsAndSelf())
            {
                if (operation is IVariableDeclaratorOperation declarator)
                {
                    declared.Add(declarator.Symbol);
                }
                else if (operation is IDeclarationExpressionOperation or IPatternOperation)
                {
                    // `out var x` and `is T x` declare locals too.
                    foreach (var local in LocalsDeclaredBy(operation))
                    {
                        declared.Add(local);
                    }
                }
            }
        }

        return declared;
    }

    private static IEnumerable<ILocalSymbol> LocalsDeclaredBy(IOperation operation)
    {
        switch (operation)
        {
            case IDeclarationExpressionOperation { Expression: ILocalReferenceOperation local }:
                yield return local.Local;
                break;
            case IDeclarationPatternOperation { DeclaredSymbol: ILocalSymbol local }:
                yield return local;
                break;
            case IRecursivePatternOperation { DeclaredSymbol: ILocalSymbol local }:
                yield return local;
                break;
        }
    }

    private static IOperation EnclosingFunction(IOperation operation)
    {
        var current = operation;
        while (current.Parent is { } parent)
        {
            if (parent is IAnonymousFunctionOperation or ILocalFunctionOperation)
            {
                return parent;
            }

            current = parent;
        }

        return current;
    }
}
