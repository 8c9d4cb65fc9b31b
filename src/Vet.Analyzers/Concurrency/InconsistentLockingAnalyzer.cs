using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using Vet.Analyzers.Engine;

namespace Vet.Analyzers.Concurrency;

/// <summary>
/// VET201 (b): a private (non-public, non-readonly, non-volatile) instance field written under <c>lock (gate)</c>
/// in some members and accessed without that lock in another, in a type that synchronizes at all.
/// Works per type with symbol-start/end actions, so it reports while typing.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class InconsistentLockingAnalyzer : DiagnosticAnalyzer
{
    internal const string MinLockedRatioOption = "min_locked_ratio";

    /// <summary>Diagnostic property: the gate to lock on in the fix ("this" or a field name).</summary>
    internal const string GateProperty = "Gate";

    /// <summary>The default share of locked accesses (writes counted twice) above which an unlocked read is reported.</summary>
    internal const double DefaultMinLockedRatio = 0.8;

    /// <summary>At most this many locked accesses are attached to a diagnostic as evidence.</summary>
    private const int MaxEvidence = 10;

    private static readonly DiagnosticDescriptor Rule = Descriptors.VET201_UnsynchronizedSharedState;

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Rule);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(static start =>
        {
            if (start.Compilation.GetTypeByMetadataName("System.Threading.Monitor") is null)
            {
                return;
            }

            start.RegisterSymbolStartAction(OnType, SymbolKind.NamedType);
        });
    }

    private static void OnType(SymbolStartAnalysisContext context)
    {
        var type = (INamedTypeSymbol)context.Symbol;
        if (type.TypeKind is not (TypeKind.Class or TypeKind.Struct) || !HasCandidateField(type) || !MentionsSynchronization(type, context.CancellationToken))
        {
            return;
        }

        var state = new TypeState(type);
        context.RegisterOperationBlockAction(state.OnBlock);
        context.RegisterSymbolEndAction(state.OnEnd);
    }

    private static bool HasCandidateField(INamedTypeSymbol type)
    {
        foreach (var member in type.GetMembers())
        {
            if (member is IFieldSymbol field && IsCandidate(field))
            {
                return true;
            }
        }

        return false;
    }

    internal static bool IsCandidate(IFieldSymbol field) =>
        !field.IsStatic && !field.IsReadOnly && !field.IsConst && !field.IsVolatile && !field.IsImplicitlyDeclared
        && field.DeclaredAccessibility != Accessibility.Public;

    /// <summary>A cheap syntactic intent gate: the type's text has a lock statement or names Monitor or Interlocked.</summary>
    private static bool MentionsSynchronization(INamedTypeSymbol type, System.Threading.CancellationToken cancellationToken)
    {
        foreach (var reference in type.DeclaringSyntaxReferences)
        {
            foreach (var token in reference.GetSyntax(cancellationToken).DescendantTokens())
            {
                if (token.IsKind(SyntaxKind.LockKeyword)
                    || (token.IsKind(SyntaxKind.IdentifierToken) && token.ValueText is "Monitor" or "Interlocked"))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>The locks held at a point, innermost first; a null gate stands for a non-monitor primitive (semaphore...).</summary>
    private sealed class Held
    {
        internal Held(ISymbol? gate, Held? next)
        {
            Gate = gate;
            Next = next;
        }

        internal ISymbol? Gate { get; }

        internal Held? Next { get; }

        internal static bool Contains(Held? held, ISymbol? gate)
        {
            for (; held is not null; held = held.Next)
            {
                if (SymbolEqualityComparer.Default.Equals(held.Gate, gate))
                {
                    return true;
                }
            }

            return false;
        }

        internal static Held? Without(Held? held, ISymbol gate)
        {
            if (held is null)
            {
                return null;
            }

            return SymbolEqualityComparer.Default.Equals(held.Gate, gate) ? held.Next : new Held(held.Gate, Without(held.Next, gate));
        }
    }

    private readonly struct Access
    {
        internal Access(IFieldSymbol field, IOperation operation, bool isWrite, Held? held, IMethodSymbol member)
        {
            Field = field;
            Operation = operation;
            IsWrite = isWrite;
            HeldHere = held;
            Member = member;
        }

        internal IFieldSymbol Field { get; }

        internal IOperation Operation { get; }

        internal bool IsWrite { get; }

        internal Held? HeldHere { get; }

        /// <summary>The method (or local function) whose body the access is in.</summary>
        internal IMethodSymbol Member { get; }
    }

    private readonly struct Call
    {
        internal Call(IMethodSymbol caller, Held? held)
        {
            Caller = caller;
            HeldHere = held;
        }

        internal IMethodSymbol Caller { get; }

        internal Held? HeldHere { get; }
    }

    /// <summary>Everything one type's members say about its fields, gathered block by block and judged at the end.</summary>
    private sealed class TypeState
    {
        private readonly INamedTypeSymbol _type;
        private readonly object _sync = new();
        private readonly List<Access> _accesses = new();
        private readonly Dictionary<IMethodSymbol, List<Call>> _calls = new(SymbolEqualityComparer.Default);
        private readonly HashSet<IFieldSymbol> _excluded = new(SymbolEqualityComparer.Default);
        private readonly Dictionary<IMethodSymbol, Held?> _asserted = new(SymbolEqualityComparer.Default);
        private bool _synchronizes;

        internal TypeState(INamedTypeSymbol type) => _type = type;

        internal void OnBlock(OperationBlockAnalysisContext context)
        {
            if (context.OwningSymbol is not IMethodSymbol member)
            {
                // Field and property initializers run during construction.
                return;
            }

            var ignored = IsConstructionOrTeardown(member) || IsForDebugger(member);
            var accesses = new List<Access>();
            var calls = new List<(IMethodSymbol Callee, Call Call)>();
            var excluded = new List<IFieldSymbol>();
            var asserts = new List<(IMethodSymbol Member, ISymbol Gate)>();
            var synchronizes = false;

            var stack = new Stack<(IOperation Operation, Held? Held, IMethodSymbol Member)>();
            foreach (var block in context.OperationBlocks)
            {
                stack.Push((block, null, member));
            }

            while (stack.Count > 0)
            {
                var (operation, held, current) = stack.Pop();
                switch (operation)
                {
                    case ILockOperation @lock:
                        synchronizes = true;
                        var gate = LockScope.Gate(@lock.LockedValue);
                        if (Operations.WithoutConversions(@lock.LockedValue) is IFieldReferenceOperation gateField)
                        {
                            excluded.Add(gateField.Field);
                        }

                        stack.Push((@lock.LockedValue, held, current));
                        stack.Push((@lock.Body, new Held(gate ?? (ISymbol)_type, held), current));
                        continue;
                    case IBlockOperation block:
                        PushBlock(stack, block, held, current);
                        continue;
                    case ILocalFunctionOperation localFunction:
                        // Its body runs where it is called: judged like a private helper.
                        if ((localFunction.Body ?? localFunction.IgnoredBody) is { } body)
                        {
                            stack.Push((body, null, localFunction.Symbol));
                        }

                        continue;
                    case IAnonymousFunctionOperation lambda when IsStartedConcurrently(lambda):
                        stack.Push((lambda.Body, null, current));
                        continue;
                    case IInvocationOperation invocation when IsDebugCall(invocation.TargetMethod):
                        // Debug-only code; Debug.Assert(Monitor.IsEntered(gate)) documents that the member holds gate.
                        if (invocation.Arguments.Length > 0
                            && Operations.WithoutConversions(invocation.Arguments[0].Value) is IInvocationOperation { TargetMethod.Name: "IsEntered" } entered
                            && LockScope.IsSynchronizationCall(entered.TargetMethod)
                            && entered.Arguments.Length == 1
                            && LockScope.Gate(entered.Arguments[0].Value) is { } asserted)
                        {
                            asserts.Add((current, asserted));
                        }

                        continue;
                    case IArgumentOperation { Parameter.RefKind: RefKind.Ref or RefKind.Out } byRef
                        when Operations.WithoutConversions(byRef.Value) is IFieldReferenceOperation:
                        // The callee accesses the field, under whatever lock it takes; Interlocked/Volatile are seen below.
                        if (byRef.Parent is IInvocationOperation { TargetMethod: var callee } && LockScope.IsAtomicAccess(callee)
                            && Operations.WithoutConversions(byRef.Value) is IFieldReferenceOperation atomicField)
                        {
                            excluded.Add(atomicField.Field);
                        }

                        continue;
                    case IConditionalOperation { WhenTrue: { } whenTrue } conditional
                        when Operations.WithoutConversions(conditional.Condition) is IInvocationOperation tryEnter
                            && LockScope.MonitorTryEnterGate(tryEnter) is { } tried:
                        // if (Monitor.TryEnter(gate, ...)) { locked }
                        synchronizes = true;
                        stack.Push((conditional.Condition, held, current));
                        stack.Push((whenTrue, new Held(tried, held), current));
                        if (conditional.WhenFalse is { } whenFalse)
                        {
                            stack.Push((whenFalse, held, current));
                        }

                        continue;
                    case IPropertyReferenceOperation { Instance: IInstanceReferenceOperation } property when !ignored
                        && property.Property.DeclaredAccessibility == Accessibility.Private
                        && SymbolEqualityComparer.Default.Equals(property.Property.ContainingType?.OriginalDefinition, _type.OriginalDefinition):
                        // A private property is a helper too: its accessors run where it is used.
                        if (property.Property.GetMethod is { } getter)
                        {
                            calls.Add((getter.OriginalDefinition, new Call(current, held)));
                        }

                        if (property.Property.SetMethod is { } setter)
                        {
                            calls.Add((setter.OriginalDefinition, new Call(current, held)));
                        }

                        break;
                    case IInvocationOperation invocation:
                        if (LockScope.IsSynchronizationCall(invocation.TargetMethod))
                        {
                            synchronizes = true;
                        }

                        if (LockScope.IsAtomicAccess(invocation.TargetMethod))
                        {
                            foreach (var argument in invocation.Arguments)
                            {
                                if (Operations.WithoutConversions(argument.Value) is IFieldReferenceOperation atomic)
                                {
                                    excluded.Add(atomic.Field);
                                }
                            }
                        }

                        if (!ignored && IsOwnHelper(invocation.TargetMethod))
                        {
                            calls.Add((invocation.TargetMethod.OriginalDefinition, new Call(current, held)));
                        }

                        break;
                    case IMethodReferenceOperation reference when !ignored && IsOwnHelper(reference.Method):
                        // A delegate to the helper can be invoked anywhere.
                        calls.Add((reference.Method.OriginalDefinition, new Call(current, null)));
                        break;
                    case IFieldReferenceOperation field when !ignored
                        && field.Instance is IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.ContainingTypeInstance }
                        && IsCandidate(field.Field)
                        && SymbolEqualityComparer.Default.Equals(field.Field.ContainingType.OriginalDefinition, _type.OriginalDefinition):
                        accesses.Add(new Access(field.Field.OriginalDefinition, field, IsWrite(field), held, current));
                        break;
                }

                foreach (var child in operation.ChildOperations)
                {
                    stack.Push((child, held, current));
                }
            }

            lock (_sync)
            {
                _synchronizes |= synchronizes;
                _accesses.AddRange(accesses);
                foreach (var field in excluded)
                {
                    _excluded.Add(field.OriginalDefinition);
                }

                foreach (var (assertingMember, gate) in asserts)
                {
                    _asserted[assertingMember] = new Held(gate, _asserted.TryGetValue(assertingMember, out var already) ? already : null);
                }

                foreach (var (callee, call) in calls)
                {
                    if (!_calls.TryGetValue(callee, out var list))
                    {
                        _calls.Add(callee, list = new List<Call>());
                    }

                    list.Add(call);
                }
            }
        }

        /// <summary>
        /// A block's statements in order, so that <c>Monitor.Enter(gate)</c> and the other acquire calls hold for the
        /// statements after them (including a following <c>try</c>) until the matching exit.
        /// </summary>
        private static void PushBlock(Stack<(IOperation, Held?, IMethodSymbol)> stack, IBlockOperation block, Held? held, IMethodSymbol member)
        {
            foreach (var statement in block.Operations)
            {
                stack.Push((statement, held, member));
                held = AfterStatement(statement, held);
            }
        }

        /// <summary>The locks held after <paramref name="statement"/>: it may acquire or release one as a statement.</summary>
        private static Held? AfterStatement(IOperation statement, Held? held)
        {
            if (statement is IConditionalOperation { WhenTrue: { } whenTrue } conditional)
            {
                // if (...) Monitor.Enter(gate, ref taken); else Monitor.TryEnter(gate, timeout, ref taken);
                var afterTrue = AfterStatement(Single(whenTrue), held);
                if (afterTrue != held)
                {
                    return afterTrue;
                }

                return conditional.WhenFalse is { } whenFalse ? AfterStatement(Single(whenFalse), held) : held;
            }

            var call = statement is IExpressionStatementOperation { Operation: var expression }
                ? Operations.WithoutConversions(expression is IAwaitOperation awaited ? awaited.Operation : expression) as IInvocationOperation
                : null;
            if (call is null)
            {
                return held;
            }

            if ((LockScope.MonitorEnterGate(call) ?? LockScope.MonitorTryEnterGate(call)) is { } entered)
            {
                return new Held(entered, held);
            }

            if (LockScope.MonitorExitGate(call) is { } exited)
            {
                return Held.Without(held, exited);
            }

            return LockScope.IsOtherAcquire(call.TargetMethod) || IsLockHelper(call.TargetMethod) ? new Held(null, held) : held;
        }

        /// <summary>A call of a lock helper of the code's own (TakeLock, AcquireLock, EnterWriteLock...): some lock is held after it.</summary>
        private static bool IsLockHelper(IMethodSymbol method)
        {
            var name = method.Name;
            return (name.StartsWith("Take", System.StringComparison.Ordinal) || name.StartsWith("Acquire", System.StringComparison.Ordinal)
                    || name.StartsWith("Enter", System.StringComparison.Ordinal))
                && name.EndsWith("Lock", System.StringComparison.Ordinal);
        }

        private static IOperation Single(IOperation statement) =>
            statement is IBlockOperation { Operations.Length: 1 } block ? block.Operations[0] : statement;

        private static bool IsDebugCall(IMethodSymbol method) =>
            method.ContainingType is { Name: "Debug" or "Trace" or "Debugger", ContainingNamespace: { Name: "Diagnostics", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } } };

        private bool IsOwnHelper(IMethodSymbol method) =>
            (method.MethodKind == MethodKind.LocalFunction
                || (method.MethodKind == MethodKind.Ordinary && method.DeclaredAccessibility == Accessibility.Private
                    && method.ExplicitInterfaceImplementations.IsEmpty && !method.IsStatic
                    && SymbolEqualityComparer.Default.Equals(method.ContainingType?.OriginalDefinition, _type.OriginalDefinition)))
            && !method.IsImplicitlyDeclared;

        private static bool IsStartedConcurrently(IAnonymousFunctionOperation lambda)
        {
            var parent = lambda.Parent is IDelegateCreationOperation creation ? creation.Parent : lambda.Parent;
            while (parent is IConversionOperation)
            {
                parent = parent.Parent;
            }

            if (parent is not IArgumentOperation argument)
            {
                return false;
            }

            var method = argument.Parent switch
            {
                IInvocationOperation invocation => invocation.TargetMethod,
                IObjectCreationOperation creationCall => creationCall.Constructor,
                _ => null,
            };
            var type = method?.ContainingType;
            if (type?.ContainingNamespace is not { } ns
                || !(ns is { Name: "Threading", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } }
                    || ns is { Name: "Tasks", ContainingNamespace: { Name: "Threading", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } } }))
            {
                return false;
            }

            return type.Name is "Task" or "TaskFactory" or "Parallel" or "Thread" or "ThreadPool" or "Timer"
                || method!.Name is "ContinueWith" or "Register";
        }

        /// <summary>
        /// Construction and teardown, where the object is not shared: constructors, finalizers, and by name the
        /// Dispose*, Close* and Initialize* lifecycle methods (their calls do not count against a helper either).
        /// </summary>
        private static bool IsConstructionOrTeardown(IMethodSymbol member)
        {
            if (member.MethodKind is MethodKind.Constructor or MethodKind.StaticConstructor or MethodKind.Destructor)
            {
                return true;
            }

            var name = member.MethodKind is MethodKind.PropertyGet or MethodKind.PropertySet ? string.Empty : member.Name;
            return name.StartsWith("Dispose", System.StringComparison.Ordinal)
                || name.StartsWith("Close", System.StringComparison.Ordinal)
                || name.StartsWith("Initialize", System.StringComparison.Ordinal);
        }

        /// <summary>ToString and debugger views ([DebuggerNonUserCode], "...ForDebugger", DebuggerToString) may read racily.</summary>
        private static bool IsForDebugger(IMethodSymbol member)
        {
            var named = member.AssociatedSymbol ?? member;
            if (named.Name == "ToString" || named.Name.IndexOf("Debugger", System.StringComparison.Ordinal) >= 0)
            {
                return true;
            }

            return HasDebuggerAttribute(member) || (member.AssociatedSymbol is { } property && HasDebuggerAttribute(property));
        }

        private static bool HasDebuggerAttribute(ISymbol symbol)
        {
            foreach (var attribute in symbol.GetAttributes())
            {
                if (attribute.AttributeClass?.Name is "DebuggerNonUserCodeAttribute" or "DebuggerHiddenAttribute")
                {
                    return true;
                }
            }

            return false;
        }

        private static bool IsWrite(IOperation field)
        {
            var current = field;

            // A field of a struct field: writing it writes the outer field.
            while (current.Parent is IFieldReferenceOperation outer && outer.Instance == current && current.Type?.IsValueType == true)
            {
                current = outer;
            }

            return current.Parent switch
            {
                IAssignmentOperation assignment => assignment.Target == current,
                IIncrementOrDecrementOperation => true,
                IArgumentOperation { Parameter.RefKind: RefKind.Ref or RefKind.Out } => true,
                _ => false,
            };
        }

        internal void OnEnd(SymbolAnalysisContext context)
        {
            if (!_synchronizes || _accesses.Count == 0)
            {
                return;
            }

            var lockedBy = HelpersCalledUnderLock();
            var sometimesLocked = HelpersSometimesCalledUnderLock();
            foreach (var pair in _asserted)
            {
                lockedBy[pair.Key] = Combine(pair.Value, lockedBy.TryGetValue(pair.Key, out var helper) ? helper : null);
            }

            var byField = new Dictionary<IFieldSymbol, List<Access>>(SymbolEqualityComparer.Default);
            foreach (var access in _accesses)
            {
                if (_excluded.Contains(access.Field) || IsNamedAsLocked(access.Member))
                {
                    continue;
                }

                if (!byField.TryGetValue(access.Field, out var list))
                {
                    byField.Add(access.Field, list = new List<Access>());
                }

                list.Add(access);
            }

            foreach (var pair in byField)
            {
                Judge(context, pair.Key, pair.Value, lockedBy, sometimesLocked);
            }
        }

        /// <summary>Private helpers by convention named "...Locked" (not "...Unlocked") document that the caller holds the lock.</summary>
        private static bool IsNamedAsLocked(IMethodSymbol member) =>
            (member.Name.EndsWith("Locked", System.StringComparison.Ordinal) || member.Name.EndsWith("UnderLock", System.StringComparison.Ordinal)
                || member.Name.EndsWith("NoLock", System.StringComparison.Ordinal))
            && !member.Name.EndsWith("Unlocked", System.StringComparison.Ordinal);

        private void Judge(SymbolAnalysisContext context, IFieldSymbol field, List<Access> accesses, Dictionary<IMethodSymbol, Held?> lockedBy, Dictionary<IMethodSymbol, Held?> sometimesLocked)
        {
            // The gate: the lock the most (weighted) accesses hold, among the locks some write holds.
            ISymbol? gate = null;
            var best = 0;
            foreach (var access in accesses)
            {
                if (!access.IsWrite)
                {
                    continue;
                }

                for (var held = Effective(access, lockedBy); held is not null; held = held.Next)
                {
                    if (held.Gate is null || SymbolEqualityComparer.Default.Equals(held.Gate, gate))
                    {
                        continue;
                    }

                    var weight = 0;
                    foreach (var other in accesses)
                    {
                        if (Held.Contains(Effective(other, lockedBy), held.Gate))
                        {
                            weight += other.IsWrite ? 2 : 1;
                        }
                    }

                    if (weight > best)
                    {
                        best = weight;
                        gate = held.Gate;
                    }
                }
            }

            if (gate is null)
            {
                return;
            }

            var locked = 0;
            var unlocked = 0;
            List<Access>? reported = null;
            var evidence = new List<Location>();
            foreach (var access in accesses)
            {
                var held = Effective(access, lockedBy);
                var weight = access.IsWrite ? 2 : 1;
                if (Held.Contains(held, gate))
                {
                    locked += weight;
                    evidence.Add(access.Operation.Syntax.GetLocation());
                }
                else if (held is null)
                {
                    // Accesses under another lock or a semaphore are neither evidence nor reported.
                    unlocked += weight;
                    (reported ??= new()).Add(access);
                }
            }

            if (reported is null)
            {
                return;
            }

            evidence.Sort(static (a, b) => a.SourceTree == b.SourceTree
                ? a.SourceSpan.Start.CompareTo(b.SourceSpan.Start)
                : string.CompareOrdinal(a.SourceTree?.FilePath, b.SourceTree?.FilePath));
            if (evidence.Count > MaxEvidence)
            {
                evidence.RemoveRange(MaxEvidence, evidence.Count - MaxEvidence);
            }

            var tree = reported[0].Operation.Syntax.SyntaxTree;
            var ratio = MinLockedRatio(context.Options, tree);
            var readsCount = locked >= ratio * (locked + unlocked) - 1e-9;
            var gateName = GateName(gate);
            var properties = gateName is null
                ? ImmutableDictionary<string, string?>.Empty
                : ImmutableDictionary<string, string?>.Empty.Add(GateProperty, gateName);
            var gateText = gateName ?? gate.Name;
            var isDelegate = field.Type.TypeKind == TypeKind.Delegate;
            foreach (var access in reported)
            {
                // Reads are reported above the ratio only; a delegate field is an immutable snapshot (the event pattern).
                if ((!access.IsWrite && (!readsCount || isDelegate))
                    || LockedInSameMember(access, accesses, gate)
                    || ReportedAsConcurrentUpdate(access.Operation)
                    || (sometimesLocked.TryGetValue(access.Member, out var some) && Held.Contains(some, gate)))
                {
                    continue;
                }

                context.ReportDiagnostic(Diagnostic.Create(
                    Rule,
                    access.Operation.Syntax.GetLocation(),
                    evidence,
                    properties,
                    field.Name,
                    string.Format(CultureInfo.InvariantCulture, "is {0} without the lock on '{1}' that guards it elsewhere", access.IsWrite ? "written" : "read", gateText),
                    "take the lock here too"));
            }
        }

        /// <summary>
        /// The catalogue's "accessed without it in another member": a member that itself takes the lock around the field
        /// and also touches it outside (a double-checked fast path, a lock taken only when needed) made that choice.
        /// </summary>
        private static bool LockedInSameMember(Access access, List<Access> accesses, ISymbol gate)
        {
            foreach (var other in accesses)
            {
                if (SymbolEqualityComparer.Default.Equals(other.Member, access.Member) && Held.Contains(other.HeldHere, gate))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>A counter update inside a delegate started concurrently: the concurrent-delegate part of VET201 reports it.</summary>
        private static bool ReportedAsConcurrentUpdate(IOperation access)
        {
            if (access.Parent is not (IIncrementOrDecrementOperation or ICompoundAssignmentOperation))
            {
                return false;
            }

            for (var current = access.Parent; current is not null; current = current.Parent)
            {
                if (current is IAnonymousFunctionOperation lambda && IsStartedConcurrently(lambda))
                {
                    return true;
                }
            }

            return false;
        }

        private string? GateName(ISymbol gate) => gate switch
        {
            INamedTypeSymbol => "this",
            IFieldSymbol or IPropertySymbol when SymbolEqualityComparer.Default.Equals(gate.ContainingType?.OriginalDefinition, _type.OriginalDefinition) => gate.Name,
            _ => null,
        };

        private static double MinLockedRatio(AnalyzerOptions options, SyntaxTree tree)
        {
            var text = RuleOptions.GetString(options, tree, Rule.Id, MinLockedRatioOption);
            return text is not null && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value >= 0 && value <= 1
                ? value
                : DefaultMinLockedRatio;
        }

        private static Held? Effective(Access access, Dictionary<IMethodSymbol, Held?> lockedBy)
        {
            var held = access.HeldHere;
            if (lockedBy.TryGetValue(access.Member, out var helper))
            {
                for (; helper is not null; helper = helper.Next)
                {
                    held = new Held(helper.Gate, held);
                }
            }

            return held;
        }

        /// <summary>
        /// The locks every call of each private helper (and local function) holds, including locks its callers hold
        /// because they are helpers too: the intersection over all call sites, iterated to a fixed point.
        /// </summary>
        private Dictionary<IMethodSymbol, Held?> HelpersCalledUnderLock()
        {
            var lockedBy = new Dictionary<IMethodSymbol, Held?>(SymbolEqualityComparer.Default);
            if (_calls.Count == 0)
            {
                return lockedBy;
            }

            var changed = true;
            for (var round = 0; changed && round < 8; round++)
            {
                changed = false;
                foreach (var pair in _calls)
                {
                    Held? common = null;
                    var first = true;
                    foreach (var call in pair.Value)
                    {
                        var held = call.HeldHere;
                        if (lockedBy.TryGetValue(call.Caller, out var callerHeld))
                        {
                            for (; callerHeld is not null; callerHeld = callerHeld.Next)
                            {
                                held = new Held(callerHeld.Gate, held);
                            }
                        }

                        common = first ? Distinct(held) : Intersect(common, held);
                        first = false;
                    }

                    lockedBy.TryGetValue(pair.Key, out var previous);
                    if (Count(common) != Count(previous))
                    {
                        lockedBy[pair.Key] = common;
                        changed = true;
                    }
                }
            }

            return lockedBy;
        }

        /// <summary>
        /// The locks some call of each private helper holds (directly or through its callers). A helper that is called
        /// under the lock in one place and without it in another is the author's choice (the lock is only needed on
        /// some paths): its accesses are not reported.
        /// </summary>
        private Dictionary<IMethodSymbol, Held?> HelpersSometimesCalledUnderLock()
        {
            var some = new Dictionary<IMethodSymbol, Held?>(SymbolEqualityComparer.Default);
            var changed = true;
            for (var round = 0; changed && round < 8; round++)
            {
                changed = false;
                foreach (var pair in _calls)
                {
                    some.TryGetValue(pair.Key, out var union);
                    var before = Count(union);
                    foreach (var call in pair.Value)
                    {
                        some.TryGetValue(call.Caller, out var callerHeld);
                        for (var held = Combine(call.HeldHere, callerHeld); held is not null; held = held.Next)
                        {
                            if (held.Gate is not null && !Held.Contains(union, held.Gate))
                            {
                                union = new Held(held.Gate, union);
                            }
                        }
                    }

                    if (Count(union) != before)
                    {
                        some[pair.Key] = union;
                        changed = true;
                    }
                }
            }

            return some;
        }

        private static Held? Combine(Held? a, Held? b)
        {
            for (; a is not null; a = a.Next)
            {
                b = new Held(a.Gate, b);
            }

            return b;
        }

        private static Held? Distinct(Held? held)
        {
            Held? result = null;
            for (; held is not null; held = held.Next)
            {
                if (held.Gate is not null && !Held.Contains(result, held.Gate))
                {
                    result = new Held(held.Gate, result);
                }
            }

            return result;
        }

        private static Held? Intersect(Held? a, Held? b)
        {
            Held? result = null;
            for (; a is not null; a = a.Next)
            {
                if (Held.Contains(b, a.Gate))
                {
                    result = new Held(a.Gate, result);
                }
            }

            return result;
        }

        private static int Count(Held? held)
        {
            var count = 0;
            for (; held is not null; held = held.Next)
            {
                count++;
            }

            return count;
        }
    }
}
