using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
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
public sealed partial class UnsynchronizedSharedStateLockingAnalyzer : DiagnosticAnalyzer
{
    internal const string MinLockedRatioOption = "min_locked_ratio";

    /// <summary>Diagnostic property: the gate to lock on in the fix ("this" or a field name).</summary>
    internal const string GateProperty = "Gate";

    /// <summary>Diagnostic property: "start:length" of the statement the lock fix wraps (the whole check-and-act <c>if</c>).</summary>
    internal const string StatementProperty = "Statement";

    /// <summary>Diagnostic property present when taking the lock around the access would not fix the race: no lock fix.</summary>
    internal const string NoFixProperty = "NoFix";

    /// <summary>The default share of locked accesses (writes counted twice) above which an unlocked read is reported.</summary>
    internal const double DefaultMinLockedRatio = 0.8;

    /// <summary>At most this many locked accesses are attached to a diagnostic as evidence.</summary>
    private const int MaxEvidence = 10;

    /// <summary>Rounds of the fixed point that carries locks from callers to callees (helpers of helpers).</summary>
    private const int MaxRounds = 8;

    private static readonly DiagnosticDescriptor Rule = Descriptors.VET201_UnsynchronizedSharedState;

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
        Rule,
        Descriptors.Shapes.VET201_Written,
        Descriptors.Shapes.VET201_Read,
        Descriptors.Shapes.VET201_CollectionChanged,
        Descriptors.Shapes.VET201_CollectionRead,
        Descriptors.Shapes.VET201_CollectionReadThrough,
        Descriptors.Shapes.VET201_CollectionReturned);

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

            if (WellKnownTypes.Get(start.Compilation, "System.Threading.Monitor") is null)
            {
                return;
            }

            var points = ConcurrentEntryPoints.Create(start.Compilation);
            var collections = new CollectionTypes(start.Compilation);
            var mentions = new MemberMentions(start.Compilation);
            start.RegisterSymbolStartAction(context => OnType(context, points, collections, mentions), SymbolKind.NamedType);
        });
    }

    private static void OnType(SymbolStartAnalysisContext context, ConcurrentEntryPoints? points, CollectionTypes collections, MemberMentions mentions)
    {
        var type = (INamedTypeSymbol)context.Symbol;
        if (type.TypeKind is not (TypeKind.Class or TypeKind.Struct) || !DeclaresCandidateField(type, context.CancellationToken)
            || !MentionsSynchronization(type, context.CancellationToken)
            || StatedIntent.DeclaresNotThreadSafe(type, context.CancellationToken))
        {
            // A type documented as not thread-safe per instance leaves serializing its use to its callers.
            return;
        }

        var state = new TypeState(type, points, collections, mentions);

        // Each member body is bound only when it writes a word that can matter (see TypeState.MayMatter): an operation
        // block action would have the compiler bind every member of every such type for it.
        context.RegisterSyntaxNodeAction(
            state.OnMember,
            SyntaxKind.MethodDeclaration,
            SyntaxKind.ConstructorDeclaration,
            SyntaxKind.DestructorDeclaration,
            SyntaxKind.OperatorDeclaration,
            SyntaxKind.ConversionOperatorDeclaration,
            SyntaxKind.GetAccessorDeclaration,
            SyntaxKind.SetAccessorDeclaration,
            SyntaxKind.InitAccessorDeclaration,
            SyntaxKind.AddAccessorDeclaration,
            SyntaxKind.RemoveAccessorDeclaration,
            SyntaxKind.ArrowExpressionClause);
        context.RegisterSymbolEndAction(state.OnEnd);
    }

    /// <summary>
    /// Whether the type declares a field the rule may judge (see <see cref="IsCandidate"/>), read from its declarations'
    /// modifiers: asking the symbol for its members wraps every member of every type. A field whose type does not bind
    /// passes here and is left out where it is accessed.
    /// </summary>
    private static bool DeclaresCandidateField(INamedTypeSymbol type, System.Threading.CancellationToken cancellationToken)
    {
        foreach (var reference in type.DeclaringSyntaxReferences)
        {
            if (reference.GetSyntax(cancellationToken) is not TypeDeclarationSyntax declaration)
            {
                continue;
            }

            foreach (var member in declaration.Members)
            {
                if (member is FieldDeclarationSyntax field && !HasModifierRulingOut(field.Modifiers))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static bool HasModifierRulingOut(SyntaxTokenList modifiers)
    {
        foreach (var modifier in modifiers)
        {
            if (modifier.Kind() is SyntaxKind.StaticKeyword or SyntaxKind.ReadOnlyKeyword or SyntaxKind.ConstKeyword or SyntaxKind.VolatileKeyword
                or SyntaxKind.PublicKeyword)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// A field the rule judges. One whose type does not bind (a package the build did not restore) is left alone: whether
    /// it is an immutable map replaced whole (<c>_routes = _routes.AddOrUpdate(...)</c>) cannot be told.
    /// </summary>
    internal static bool IsCandidate(IFieldSymbol field) =>
        !field.IsStatic && !field.IsReadOnly && !field.IsConst && !field.IsVolatile && !field.IsImplicitlyDeclared
        && field.DeclaredAccessibility != Accessibility.Public
        && field.Type.TypeKind != TypeKind.Error;

    /// <summary>A cheap syntactic intent gate: the type's code has a lock statement or names Monitor or Interlocked.</summary>
    private static bool MentionsSynchronization(INamedTypeSymbol type, System.Threading.CancellationToken cancellationToken)
    {
        foreach (var reference in type.DeclaringSyntaxReferences)
        {
            if (LockScope.MentionsSynchronization(reference.SyntaxTree, reference.Span, cancellationToken))
            {
                return true;
            }
        }

        return false;
    }

    private readonly struct Access
    {
        internal Access(IFieldSymbol field, IOperation operation, bool isWrite, HeldLocks? held, IMethodSymbol body)
        {
            Field = field;
            Operation = operation;
            IsWrite = isWrite;
            HeldHere = held;
            Body = body;
        }

        internal IFieldSymbol Field { get; }

        internal IOperation Operation { get; }

        internal bool IsWrite { get; }

        internal HeldLocks? HeldHere { get; }

        /// <summary>The method (or local function) whose body the access is in.</summary>
        internal IMethodSymbol Body { get; }
    }

    private readonly struct Call
    {
        internal Call(IMethodSymbol caller, HeldLocks? held, IOperation? operation, bool fromIgnored)
        {
            Caller = caller;
            HeldHere = held;
            Operation = operation;
            FromIgnored = fromIgnored;
        }

        internal IMethodSymbol Caller { get; }

        internal HeldLocks? HeldHere { get; }

        /// <summary>The call, or null for a delegate to the method (which can be invoked anywhere).</summary>
        internal IOperation? Operation { get; }

        /// <summary>The call is in construction, teardown or a debugger view: it does not say how shared code calls the method.</summary>
        internal bool FromIgnored { get; }
    }

    /// <summary>What one operation block found, handed to its type's end action.</summary>
    private sealed class BlockFindings
    {
        internal BlockFindings(
            bool synchronizes,
            List<Access> accesses,
            List<IFieldSymbol> excluded,
            List<(IMethodSymbol Member, ISymbol Gate)> asserts,
            List<(IMethodSymbol Callee, Call Call)> calls)
        {
            Synchronizes = synchronizes;
            Accesses = accesses;
            Excluded = excluded;
            Asserts = asserts;
            Calls = calls;
        }

        internal bool Synchronizes { get; }

        internal List<Access> Accesses { get; }

        internal List<IFieldSymbol> Excluded { get; }

        internal List<(IMethodSymbol Member, ISymbol Gate)> Asserts { get; }

        internal List<(IMethodSymbol Callee, Call Call)> Calls { get; }
    }

    /// <summary>Everything one type's members say about its fields, gathered block by block and judged at the end.</summary>
    private sealed partial class TypeState
    {
        private readonly INamedTypeSymbol _type;
        private readonly ConcurrentEntryPoints? _points;
        private readonly MemberMentions _mentions;
        private readonly CollectionTypes _collections;
        private readonly System.Collections.Concurrent.ConcurrentQueue<BlockFindings> _blocks = new();
        private readonly List<Access> _accesses = new();
        private readonly Dictionary<IMethodSymbol, List<Call>> _calls = new(SymbolEqualityComparer.Default);
        private readonly HashSet<IFieldSymbol> _excluded = new(SymbolEqualityComparer.Default);
        private readonly Dictionary<IMethodSymbol, HeldLocks?> _asserted = new(SymbolEqualityComparer.Default);
        private readonly Dictionary<SyntaxNode, List<int>> _awaits = new();
        private readonly Dictionary<IFieldSymbol, bool> _sharedObjects = new(SymbolEqualityComparer.Default);
        private Dictionary<string, List<(INamedTypeSymbol Base, HeldLocks? HeldLocks)>>? _baseCalls;
        private bool _synchronizes;

        internal TypeState(INamedTypeSymbol type, ConcurrentEntryPoints? points, CollectionTypes collections, MemberMentions mentions)
        {
            _mentions = mentions;
            _type = type;
            _points = points;
            _collections = collections;
        }

        [System.ThreadStatic]
        private static Stack<(IOperation Operation, HeldLocks? HeldLocks, IMethodSymbol Member)>? t_stack;

        /// <summary>
        /// Walks one member's body (a method, constructor, operator, accessor, or a property's expression body) if it may
        /// matter. Field and property initializers are not walked: they run during construction.
        /// </summary>
        internal void OnMember(SyntaxNodeAnalysisContext context)
        {
            var node = context.Node;
            var hasBody = node switch
            {
                BaseMethodDeclarationSyntax method => method.Body is not null || method.ExpressionBody is not null,
                AccessorDeclarationSyntax accessor => accessor.Body is not null || accessor.ExpressionBody is not null,
                ArrowExpressionClauseSyntax arrow => arrow.Parent is PropertyDeclarationSyntax or IndexerDeclarationSyntax,
                _ => false,
            };
            if (!hasBody || !MayMatter(node, context.CancellationToken))
            {
                return;
            }

            var model = context.SemanticModel;
            var member = node is ArrowExpressionClauseSyntax
                ? (model.GetDeclaredSymbol(node.Parent!, context.CancellationToken) as IPropertySymbol)?.GetMethod
                : model.GetDeclaredSymbol(node, context.CancellationToken) as IMethodSymbol;
            if (member is not null && model.GetOperation(node, context.CancellationToken) is { } body)
            {
                Walk(member, body, context.CancellationToken);
            }
        }

        /// <summary>
        /// Whether <paramref name="member"/> writes a word without which its body records nothing: the name of one of the
        /// type's own members (a field access, an own call, a property, a method group), <c>lock</c>, <c>this</c> (an own
        /// indexer), or a name of Monitor, Interlocked, Volatile or the Debug classes (their methods too, for
        /// <c>using static</c>). A body without any of them accesses no field, calls nothing of the type and takes no lock.
        /// </summary>
        private bool MayMatter(SyntaxNode member, System.Threading.CancellationToken cancellationToken)
        {
            var tree = member.SyntaxTree;
            if (!_wordPositions.TryGetValue(tree, out var positions))
            {
                positions = _wordPositions.GetOrAdd(tree, WordPositions(tree, cancellationToken));
            }

            var index = FileText.FirstAtOrAfter(positions, member.SpanStart);
            return index < positions.Length && positions[index] < member.Span.End;
        }

        /// <summary>Where the type's words are written in one of its files, merged and sorted once: each member is then one search.</summary>
        private readonly System.Collections.Concurrent.ConcurrentDictionary<SyntaxTree, int[]> _wordPositions = new();

        private int[] WordPositions(SyntaxTree tree, System.Threading.CancellationToken cancellationToken)
        {
            var all = new List<int>();
            foreach (var (word, kind) in Words())
            {
                all.AddRange(FileText.WrittenAt(tree, word, kind, cancellationToken));
            }

            all.Sort();
            return all.ToArray();
        }

        private List<(string Word, SyntaxKind Kind)>? _words;

        private List<(string Word, SyntaxKind Kind)> Words()
        {
            var known = System.Threading.Volatile.Read(ref _words);
            if (known is not null)
            {
                return known;
            }

            var names = new HashSet<string>(System.StringComparer.Ordinal);
            var words = new List<(string, SyntaxKind)> { ("lock", SyntaxKind.LockKeyword), ("this", SyntaxKind.ThisKeyword) };
            foreach (var member in _type.GetMembers())
            {
                var name = member switch
                {
                    IFieldSymbol { IsImplicitlyDeclared: false } field => field.Name,
                    IPropertySymbol { IsIndexer: false } property => property.Name,
                    IEventSymbol @event => @event.Name,
                    IMethodSymbol { MethodKind: MethodKind.Ordinary } method => method.Name,
                    _ => null,
                };
                if (name is not null && names.Add(name))
                {
                    words.Add((name, SyntaxKind.IdentifierToken));
                }
            }

            foreach (var name in SynchronizationWords)
            {
                if (names.Add(name))
                {
                    words.Add((name, SyntaxKind.IdentifierToken));
                }
            }

            System.Threading.Interlocked.CompareExchange(ref _words, words, null);
            return _words!;
        }

        private static readonly string[] SynchronizationWords =
        {
            "Monitor", "Interlocked", "Volatile", "Debug", "Trace", "Debugger",
            "Enter", "Exit", "TryEnter", "IsEntered", "Wait", "Pulse", "PulseAll",
            "Increment", "Decrement", "Exchange", "CompareExchange", "Add", "And", "Or", "Read", "Write", "MemoryBarrier",
        };

        private void Walk(IMethodSymbol member, IOperation memberBody, System.Threading.CancellationToken cancellationToken)
        {

            // Members only construction or disposal calls are found at the end, from the type's call graph.
            var ignored = Lifecycle.Is(member, LifecyclePhase.Construction) || Lifecycle.Is(member, LifecyclePhase.Disposal) || IsForDebugger(member);
            var accesses = new List<Access>();
            var calls = new List<(IMethodSymbol Callee, Call Call)>();
            var excluded = new List<IFieldSymbol>();
            var asserts = new List<(IMethodSymbol Member, ISymbol Gate)>();
            var synchronizes = false;

            // One stack per thread, reused by every body it walks: a deep body grew a fresh one step by step.
            var stack = t_stack ??= new Stack<(IOperation Operation, HeldLocks? HeldLocks, IMethodSymbol Member)>(256);
            stack.Clear();
            stack.Push((memberBody, null, member));

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

                        // A lock on an object shared with other owners (handed in, or from a shared registry), used inside: it serializes that object
                        // among its owners and is no evidence about the own fields it touches (a null gate).
                        var guardsItself = Operations.WithoutConversions(@lock.LockedValue) is IFieldReferenceOperation { Instance: IInstanceReferenceOperation } lockedField
                            && HoldsSharedObject(lockedField.Field, cancellationToken)
                            && UsesInside(@lock.Body, lockedField.Field);
                        stack.Push((@lock.Body, new HeldLocks(guardsItself ? null : gate ?? (ISymbol)_type, held), current));
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
                    case IAnonymousFunctionOperation lambda when _points is not null && _points.Classify(lambda) != ConcurrentEntryPoints.Concurrency.None:
                        // Run by another thread, now or later: it does not hold the enclosing lock.
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
                        stack.Push((whenTrue, new HeldLocks(tried, held), current));
                        if (conditional.WhenFalse is { } whenFalse)
                        {
                            stack.Push((whenFalse, held, current));
                        }

                        continue;
                    case IPropertyReferenceOperation { Instance: IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.ContainingTypeInstance } } property
                        when IsOwn(property.Property) && !property.Property.IsStatic:
                        // A property's accessors run where it is used, like a method's body where it is called.
                        var assigned = property.Parent is ISimpleAssignmentOperation simple && simple.Target == property;
                        if (!assigned && property.Property.GetMethod is { } getter)
                        {
                            calls.Add((getter.OriginalDefinition, new Call(current, held, property, ignored)));
                        }

                        if ((assigned || IsWrite(property)) && property.Property.SetMethod is { } setter)
                        {
                            calls.Add((setter.OriginalDefinition, new Call(current, held, property, ignored)));
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

                        if (IsOwnCall(invocation))
                        {
                            calls.Add((invocation.TargetMethod.OriginalDefinition, new Call(current, held, invocation, ignored)));
                        }

                        break;
                    case IMethodReferenceOperation reference when IsOwnMethod(reference.Method):
                        // A delegate to the method can be invoked anywhere.
                        calls.Add((reference.Method.OriginalDefinition, new Call(current, null, null, ignored)));
                        break;
                    case IFieldReferenceOperation field when !ignored
                        && field.Instance is IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.ContainingTypeInstance }
                        && IsCandidate(field.Field)
                        && SymbolEqualityComparer.Default.Equals(field.Field.ContainingType.OriginalDefinition, _type.OriginalDefinition)
                        && !IsPassedByReference(field.Syntax)
                        && !(held is null && Lifecycle.IsInStartPrologue(field.Syntax)):
                        accesses.Add(new Access(field.Field.OriginalDefinition, field, IsWrite(field), held, current));
                        break;
                }

                foreach (var child in operation.ChildOperations)
                {
                    stack.Push((child, held, current));
                }
            }

            // Blocks of one type run on several threads at once: each hands its findings over without a lock, and the
            // type's end action, which runs once, merges them.
            _blocks.Enqueue(new BlockFindings(synchronizes, accesses, excluded, asserts, calls));
        }

        /// <summary>Merges what the blocks found, in the end action, before anything is judged.</summary>
        private void MergeBlocks()
        {
            while (_blocks.TryDequeue(out var block))
            {
                _synchronizes |= block.Synchronizes;
                _accesses.AddRange(block.Accesses);
                foreach (var field in block.Excluded)
                {
                    _excluded.Add(field.OriginalDefinition);
                }

                foreach (var (assertingMember, gate) in block.Asserts)
                {
                    _asserted[assertingMember] = new HeldLocks(gate, _asserted.TryGetValue(assertingMember, out var already) ? already : null);
                }

                foreach (var (callee, call) in block.Calls)
                {
                    if (!_calls.TryGetValue(callee, out var list))
                    {
                        _calls.Add(callee, list = new List<Call>());
                    }

                    list.Add(call);
                }
            }
        }

        /// <summary>Whether <paramref name="field"/> holds an object shared with other owners (<see cref="LockScope.HoldsSharedObject"/>), cached per field.</summary>
        private bool HoldsSharedObject(IFieldSymbol field, System.Threading.CancellationToken cancellationToken)
        {
            lock (_sharedObjects)
            {
                if (_sharedObjects.TryGetValue(field, out var known))
                {
                    return known;
                }
            }

            var result = LockScope.HoldsSharedObject(field, cancellationToken);
            lock (_sharedObjects)
            {
                _sharedObjects[field] = result;
            }

            return result;
        }

        /// <summary>Whether <paramref name="body"/> uses the object in <paramref name="field"/>: a member of it, or a call on it.</summary>
        private static bool UsesInside(IOperation body, IFieldSymbol field)
        {
            foreach (var operation in body.Descendants())
            {
                var instance = operation switch
                {
                    IMemberReferenceOperation member => member.Instance,
                    IInvocationOperation invocation => invocation.Instance,
                    _ => null,
                };
                if (instance is not null && Operations.WithoutConversions(instance) is IFieldReferenceOperation { Instance: IInstanceReferenceOperation } used
                    && SymbolEqualityComparer.Default.Equals(used.Field.OriginalDefinition, field.OriginalDefinition))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>A field passed by <c>ref</c>/<c>out</c>: the callee accesses it (also when the call does not bind).</summary>
        private static bool IsPassedByReference(SyntaxNode field)
        {
            var node = field.Parent is MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax } access && access.Name == field ? access : field;
            return node.Parent is ArgumentSyntax argument && !argument.RefKindKeyword.IsKind(SyntaxKind.None) && !argument.RefKindKeyword.IsKind(SyntaxKind.InKeyword);
        }

        /// <summary>
        /// A block's statements in order, so that <c>Monitor.Enter(gate)</c> and the other acquire calls hold for the
        /// statements after them (including a following <c>try</c>) until the matching exit.
        /// </summary>
        private static void PushBlock(Stack<(IOperation, HeldLocks?, IMethodSymbol)> stack, IBlockOperation block, HeldLocks? held, IMethodSymbol member)
        {
            foreach (var statement in block.Operations)
            {
                stack.Push((statement, held, member));
                held = HeldLocks.After(statement, held);
            }
        }

        private static bool IsDebugCall(IMethodSymbol method) =>
            method.ContainingType is { Name: "Debug" or "Trace" or "Debugger", ContainingNamespace: { Name: "Diagnostics", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } } };

        private bool IsOwn(ISymbol member) =>
            SymbolEqualityComparer.Default.Equals(member.ContainingType?.OriginalDefinition, _type.OriginalDefinition) && !member.IsImplicitlyDeclared;

        /// <summary>A local function, or an instance method of this type (any accessibility).</summary>
        private bool IsOwnMethod(IMethodSymbol method) =>
            method.MethodKind == MethodKind.LocalFunction
            || (method.MethodKind == MethodKind.Ordinary && !method.IsStatic && IsOwn(method) && method.ExplicitInterfaceImplementations.IsEmpty);

        /// <summary>A call of a local function, or of an own method on this instance (a virtual call may reach an override, which is judged in its own type).</summary>
        private bool IsOwnCall(IInvocationOperation invocation) =>
            IsOwnMethod(invocation.TargetMethod)
            && (invocation.TargetMethod.MethodKind == MethodKind.LocalFunction
                || invocation.Instance is IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.ContainingTypeInstance });

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

        // ---- Judging, at the end of the type ---------------------------------------------------------------------

        internal void OnEnd(SymbolAnalysisContext context)
        {
            MergeBlocks();
            if (!_synchronizes || _accesses.Count == 0 || !HasLockedEvidence())
            {
                return;
            }

            var reportable = ReportableFields();
            if (reportable is null)
            {
                return;
            }

            var judge = new Judgement(this, context, reportable);
            var byField = new Dictionary<IFieldSymbol, List<Access>>(SymbolEqualityComparer.Default);
            foreach (var access in _accesses)
            {
                if (!reportable.Contains(access.Field) || IsSetAside(access) || judge.IsPhaseOnly(access.Body))
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
                judge.Field(pair.Key, pair.Value);
            }
        }

        private bool IsSetAside(Access access) => _excluded.Contains(access.Field) || IsNamedAsLocked(access.Body);

        /// <summary>
        /// The fields that may be reported (null when none): accessed with no lock held, and in at least two members that
        /// hold a lock or may (a private helper or local function, whose callers may hold it, or a member asserting one).
        /// A reported field needs both, and judging drops accesses, never adds them: only these fields are judged, and a
        /// type without one is not, which spares the walk of its call graph and the search of the compilation for its
        /// members' callers.
        /// </summary>
        private HashSet<IFieldSymbol>? ReportableFields()
        {
            var unlocked = new HashSet<IFieldSymbol>(SymbolEqualityComparer.Default);
            var lockedIn = new Dictionary<IFieldSymbol, ISymbol?>(SymbolEqualityComparer.Default);
            foreach (var access in _accesses)
            {
                if (IsSetAside(access))
                {
                    continue;
                }

                if (access.HeldHere is null)
                {
                    unlocked.Add(access.Field);
                }

                if (access.HeldHere is null && !Judgement.IsPrivateHelper(access.Body.OriginalDefinition)
                    && !_asserted.ContainsKey(access.Body) && !_asserted.ContainsKey(access.Body.OriginalDefinition))
                {
                    continue;
                }

                // The one member seen so far, or null once a second one is.
                var member = Judgement.EvidenceMember(access.Body);
                if (!lockedIn.TryGetValue(access.Field, out var first))
                {
                    lockedIn.Add(access.Field, member);
                }
                else if (first is not null && !SymbolEqualityComparer.Default.Equals(first, member))
                {
                    lockedIn[access.Field] = null;
                }
            }

            HashSet<IFieldSymbol>? reportable = null;
            foreach (var pair in lockedIn)
            {
                if (pair.Value is null && unlocked.Contains(pair.Key))
                {
                    (reportable ??= new HashSet<IFieldSymbol>(SymbolEqualityComparer.Default)).Add(pair.Key);
                }
            }

            return reportable;
        }

        /// <summary>
        /// Whether some field access or own call is made under a monitor, or some member asserts that it holds one: locked
        /// evidence comes only from these, so without them no field can be judged.
        /// </summary>
        private bool HasLockedEvidence()
        {
            if (_asserted.Count > 0)
            {
                return true;
            }

            foreach (var access in _accesses)
            {
                if (HeldLocks.AnyMonitor(access.HeldHere))
                {
                    return true;
                }
            }

            foreach (var calls in _calls.Values)
            {
                foreach (var call in calls)
                {
                    if (HeldLocks.AnyMonitor(call.HeldHere))
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        /// <summary>Private helpers by convention named "...Locked" (not "...Unlocked") document that the caller holds the lock.</summary>
        private static bool IsNamedAsLocked(IMethodSymbol member) =>
            (member.Name.EndsWith("Locked", System.StringComparison.Ordinal) || member.Name.EndsWith("UnderLock", System.StringComparison.Ordinal)
                || member.Name.EndsWith("NoLock", System.StringComparison.Ordinal))
            && !member.Name.EndsWith("Unlocked", System.StringComparison.Ordinal);

        /// <summary>
        /// Whether <paramref name="operation"/> runs after the first <c>await</c> of its async function (or in a loop that
        /// awaits): from there on the function no longer holds a lock its caller held when it called it.
        /// </summary>
        private bool IsAfterFirstAwait(IOperation operation)
        {
            SyntaxNode? function = null;
            for (var node = operation.Syntax.Parent; node is not null; node = node.Parent)
            {
                if (node is AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax or BaseMethodDeclarationSyntax or AccessorDeclarationSyntax)
                {
                    function = node;
                    break;
                }
            }

            if (function is null || !IsAsync(function))
            {
                return false;
            }

            var awaits = Awaits(function);
            if (awaits.Count == 0)
            {
                return false;
            }

            // `_f = await x;` writes after the await its value holds.
            var position = operation.Syntax.SpanStart;
            if (operation.Parent is IAssignmentOperation assignment && assignment.Target == operation)
            {
                position = assignment.Syntax.Span.End;
            }

            if (position > awaits[0])
            {
                return true;
            }

            for (var node = operation.Syntax.Parent; node is not null && node != function; node = node.Parent)
            {
                if (node is ForStatementSyntax or CommonForEachStatementSyntax or WhileStatementSyntax or DoStatementSyntax)
                {
                    foreach (var awaitPosition in awaits)
                    {
                        if (node.Span.Contains(awaitPosition))
                        {
                            return true;
                        }
                    }
                }
            }

            return false;
        }

        private static bool IsAsync(SyntaxNode function) => function switch
        {
            AnonymousFunctionExpressionSyntax lambda => lambda.AsyncKeyword.IsKind(SyntaxKind.AsyncKeyword),
            LocalFunctionStatementSyntax local => local.Modifiers.Any(SyntaxKind.AsyncKeyword),
            MethodDeclarationSyntax method => method.Modifiers.Any(SyntaxKind.AsyncKeyword),
            _ => false,
        };

        /// <summary>The positions of the awaits of <paramref name="function"/>'s own body, in order (not of nested functions).</summary>
        private List<int> Awaits(SyntaxNode function)
        {
            lock (_awaits)
            {
                if (_awaits.TryGetValue(function, out var known))
                {
                    return known;
                }
            }

            var positions = new List<int>();
            foreach (var node in function.DescendantNodes(n => n == function || n is not (AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax)))
            {
                if (node is AwaitExpressionSyntax
                    || (node is CommonForEachStatementSyntax loop && loop.AwaitKeyword.IsKind(SyntaxKind.AwaitKeyword))
                    || (node is UsingStatementSyntax @using && @using.AwaitKeyword.IsKind(SyntaxKind.AwaitKeyword))
                    || (node is LocalDeclarationStatementSyntax declaration && declaration.AwaitKeyword.IsKind(SyntaxKind.AwaitKeyword)))
                {
                    positions.Add(node.SpanStart);
                }
            }

            positions.Sort();
            lock (_awaits)
            {
                _awaits[function] = positions;
            }

            return positions;
        }

        /// <summary>
        /// The locks the base classes (in source) hold at each of their calls of the virtual member that
        /// <paramref name="method"/> overrides, read from their syntax; null when the member is not declared in source
        /// or no base class calls it.
        /// </summary>
        private List<HeldLocks?>? BaseCallGates(IMethodSymbol method, System.Threading.CancellationToken cancellationToken)
        {
            var root = method;
            while (root.OverriddenMethod is { } overridden)
            {
                root = overridden;
            }

            var rootType = root.ContainingType?.OriginalDefinition;
            if (rootType is null || rootType.DeclaringSyntaxReferences.IsEmpty)
            {
                return null;
            }

            _baseCalls ??= BaseCalls(cancellationToken);
            if (!_baseCalls.TryGetValue(method.Name, out var found))
            {
                return null;
            }

            // Only the calls in the classes between this one and the member's declaration reach this override.
            var sites = new List<HeldLocks?>();
            foreach (var (baseType, held) in found)
            {
                if (BaseTypes.IsOrDerivesFrom(baseType, rootType))
                {
                    sites.Add(held);
                }
            }

            return sites.Count == 0 ? null : sites;
        }

        /// <summary>
        /// The calls on this instance of the members this type overrides, in the source base classes, with the locks held
        /// at each: one walk of each base class's declarations for all of them.
        /// </summary>
        private Dictionary<string, List<(INamedTypeSymbol Base, HeldLocks? HeldLocks)>> BaseCalls(System.Threading.CancellationToken cancellationToken)
        {
            var names = new HashSet<string>();
            foreach (var member in _type.GetMembers())
            {
                if (member is IMethodSymbol { IsOverride: true } overriding)
                {
                    names.Add(overriding.Name);
                }
            }

            var calls = new Dictionary<string, List<(INamedTypeSymbol, HeldLocks?)>>();
            for (var baseType = _type.BaseType; baseType is not null && names.Count > 0; baseType = baseType.BaseType)
            {
                var definition = baseType.OriginalDefinition;
                foreach (var reference in definition.DeclaringSyntaxReferences)
                {
                    if (reference.GetSyntax(cancellationToken) is not TypeDeclarationSyntax declaration)
                    {
                        continue;
                    }

                    // From where the names are written, not a walk of the whole base class (which every derived type would repeat).
                    foreach (var name in names)
                    {
                        foreach (var invocation in CallsOnThis(declaration, name, cancellationToken))
                        {
                            AddBaseCall(calls, name, definition, invocation);
                        }
                    }
                }
            }

            return calls;
        }

        private void AddBaseCall(Dictionary<string, List<(INamedTypeSymbol Base, HeldLocks? HeldLocks)>> calls, string name, INamedTypeSymbol baseType, InvocationExpressionSyntax invocation)
        {
            HeldLocks? held = null;
            foreach (var gate in HeldLocks.SyntacticGatesAt(invocation, baseType, _type.OriginalDefinition))
            {
                held = new HeldLocks(gate, held);
            }

            if (!calls.TryGetValue(name, out var list))
            {
                calls.Add(name, list = new List<(INamedTypeSymbol, HeldLocks?)>());
            }

            list.Add((baseType, held));
        }

        /// <summary>
        /// The calls of <paramref name="name"/> on this instance (<c>M(...)</c>, <c>this.M(...)</c>; not <c>base.M(...)</c> or
        /// another object's) in <paramref name="declaration"/>'s own code, found from where the name is written.
        /// </summary>
        private static IEnumerable<InvocationExpressionSyntax> CallsOnThis(TypeDeclarationSyntax declaration, string name, System.Threading.CancellationToken cancellationToken)
        {
            foreach (var written in FileText.WrittenInside(declaration, name, SyntaxKind.IdentifierToken, cancellationToken))
            {
                var invocation = written.Parent switch
                {
                    IdentifierNameSyntax { Parent: InvocationExpressionSyntax call } identifier when call.Expression == identifier => call,
                    IdentifierNameSyntax { Parent: MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax, Parent: InvocationExpressionSyntax call } access } identifier
                        when access.Name == identifier && call.Expression == access => call,
                    _ => null,
                };
                if (invocation is not null && invocation.FirstAncestorOrSelf<TypeDeclarationSyntax>() == declaration)
                {
                    yield return invocation;
                }
            }
        }
    }
}
