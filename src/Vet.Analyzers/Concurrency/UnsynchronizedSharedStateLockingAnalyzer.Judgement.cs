using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using Vet.Analyzers.Engine;

namespace Vet.Analyzers.Concurrency;

public sealed partial class UnsynchronizedSharedStateLockingAnalyzer
{
    private sealed partial class TypeState
    {
        /// <summary>The locks that the members of the type hold when they run, from their call sites, and the verdict per field.</summary>
        private sealed class Judgement
        {
            private readonly TypeState _state;
            private readonly SymbolAnalysisContext _context;

            /// <summary>Locks every call of a private helper or local function holds: its accesses are locked evidence.</summary>
            private readonly Dictionary<IMethodSymbol, HeldLocks?> _lockedBy;

            /// <summary>Locks every known call of a method holds (any accessibility): its accesses are not reported.</summary>
            private readonly Dictionary<IMethodSymbol, HeldLocks?> _coveredBy;

            /// <summary>Locks some call of a private helper holds: the lock is needed on some paths only, the author's choice.</summary>
            private readonly Dictionary<IMethodSymbol, HeldLocks?> _sometimesBy;

            private static readonly List<Call> NoCalls = new();

            private readonly HashSet<IMethodSymbol> _phaseOnly;

            /// <summary>The methods whose callers matter: those called here, and overrides (their base class calls them).</summary>
            private readonly List<IMethodSymbol> _methods = new();

            private readonly Dictionary<IMethodSymbol, List<HeldLocks?>?> _baseCalls = new(SymbolEqualityComparer.Default);

            internal Judgement(TypeState state, SymbolAnalysisContext context, HashSet<IFieldSymbol> reportable)
            {
                _state = state;
                _context = context;
                var matters = PhaseMatters(state, reportable);
                _phaseOnly = PhaseOnly(
                    state._calls,
                    method => matters.Contains(method.OriginalDefinition) && state._mentions.IsMentionedOutside(method, state._type, context.CancellationToken));
                var seen = new HashSet<IMethodSymbol>(SymbolEqualityComparer.Default);
                foreach (var callee in state._calls.Keys)
                {
                    if (seen.Add(callee))
                    {
                        _methods.Add(callee);
                    }
                }

                foreach (var access in state._accesses)
                {
                    if (access.Body.IsOverride && seen.Add(access.Body.OriginalDefinition))
                    {
                        _methods.Add(access.Body.OriginalDefinition);
                    }
                }

                _lockedBy = CalledUnderLock(strict: true);
                _coveredBy = CalledUnderLock(strict: false);
                _sometimesBy = SometimesCalledUnderLock();
                foreach (var pair in state._asserted)
                {
                    _lockedBy[pair.Key] = HeldLocks.Combine(pair.Value, _lockedBy.TryGetValue(pair.Key, out var helper) ? helper : null);
                    _coveredBy[pair.Key] = HeldLocks.Combine(pair.Value, _coveredBy.TryGetValue(pair.Key, out var covered) ? covered : null);
                }

            }

            internal bool IsPhaseOnly(IMethodSymbol body) => _phaseOnly.Contains(body.OriginalDefinition);

            /// <summary>
            /// The methods whose being construction or teardown can change a verdict: those that access a reportable field
            /// (their accesses are dropped) or call own methods (their calls are ignored). For any other method the search
            /// for callers outside the type is skipped: either answer judges the fields alike.
            /// </summary>
            private static HashSet<IMethodSymbol> PhaseMatters(TypeState state, HashSet<IFieldSymbol> reportable)
            {
                var matters = new HashSet<IMethodSymbol>(SymbolEqualityComparer.Default);
                foreach (var access in state._accesses)
                {
                    if (reportable.Contains(access.Field))
                    {
                        matters.Add(access.Body.OriginalDefinition);
                    }
                }

                foreach (var calls in state._calls.Values)
                {
                    foreach (var call in calls)
                    {
                        matters.Add(call.Caller.OriginalDefinition);
                    }
                }

                return matters;
            }

            /// <summary>
            /// Members only construction or disposal calls (any accessibility: a public Configure that only the
            /// constructor calls, unless other types' code may call it too), found by <see cref="Lifecycle"/> from the
            /// type's call graph.
            /// </summary>
            private static HashSet<IMethodSymbol> PhaseOnly(Dictionary<IMethodSymbol, List<Call>> calls, System.Func<IMethodSymbol, bool> calledElsewhere)
            {
                var callers = new Dictionary<IMethodSymbol, List<IMethodSymbol?>>(SymbolEqualityComparer.Default);
                foreach (var pair in calls)
                {
                    var list = new List<IMethodSymbol?>(pair.Value.Count);
                    foreach (var call in pair.Value)
                    {
                        // A call in a lambda runs whenever the lambda does, not while the object is built.
                        list.Add(call.Operation is null || InLambda(call.Operation) ? null : call.Caller.OriginalDefinition);
                    }

                    callers.Add(pair.Key, list);
                }

                var found = Lifecycle.ReachedOnlyFrom(LifecyclePhase.Construction, callers, calledElsewhere);
                found.UnionWith(Lifecycle.ReachedOnlyFrom(LifecyclePhase.Disposal, callers, calledElsewhere));
                return found;
            }

            private static bool InLambda(IOperation operation)
            {
                for (var current = operation.Parent; current is not null; current = current.Parent)
                {
                    if (current is IAnonymousFunctionOperation)
                    {
                        return true;
                    }
                }

                return false;
            }

            /// <summary>A call made while the object is built or taken down says nothing about how shared code calls the method.</summary>
            private bool IsIgnored(Call call) => call.FromIgnored || _phaseOnly.Contains(call.Caller.OriginalDefinition);

            /// <summary>
            /// The locks every call of each method holds, including locks its callers hold because they run under a
            /// lock too: the intersection over the call sites, iterated to a fixed point. <paramref name="strict"/> keeps
            /// to private helpers and local functions, whose calls are all here; otherwise any own method whose every
            /// call here holds the lock, and an override whose base class calls it only under the lock.
            /// </summary>
            private Dictionary<IMethodSymbol, HeldLocks?> CalledUnderLock(bool strict)
            {
                var result = new Dictionary<IMethodSymbol, HeldLocks?>(SymbolEqualityComparer.Default);
                var changed = true;
                for (var round = 0; changed && round < MaxRounds; round++)
                {
                    changed = false;
                    foreach (var method in _methods)
                    {
                        if (strict ? !IsPrivateHelper(method) : !MayBeCoverable(method))
                        {
                            continue;
                        }

                        HeldLocks? common = null;
                        var first = true;
                        var calls = _state._calls.TryGetValue(method, out var known) ? known : NoCalls;
                        foreach (var call in calls)
                        {
                            if (IsIgnored(call))
                            {
                                continue;
                            }

                            var held = AtCall(call, result);
                            common = first ? HeldLocks.Distinct(held) : HeldLocks.Intersect(common, held);
                            first = false;
                        }

                        if (!strict && method.IsOverride && BaseCallGates(method) is { } fromBase)
                        {
                            foreach (var gates in fromBase)
                            {
                                common = first ? HeldLocks.Distinct(gates) : HeldLocks.Intersect(common, gates);
                                first = false;
                            }
                        }
                        else if (!strict && method.IsOverride)
                        {
                            // Called by a base class this compilation does not show.
                            common = null;
                        }

                        // Whether other code may call the method is asked last, and only when every call seen here holds a lock.
                        if (!strict && common is not null && !IsCoverable(method))
                        {
                            continue;
                        }

                        result.TryGetValue(method, out var previous);
                        if (HeldLocks.Count(common) != HeldLocks.Count(previous))
                        {
                            result[method] = common;
                            changed = true;
                        }
                    }
                }

                return result;
            }

            private List<HeldLocks?>? BaseCallGates(IMethodSymbol method)
            {
                if (!_baseCalls.TryGetValue(method, out var gates))
                {
                    _baseCalls[method] = gates = _state.BaseCallGates(method, _context.CancellationToken);
                }

                return gates;
            }

            /// <summary>The locks held at a call: its own, and its caller's from the caller's callers until the caller's first await.</summary>
            private HeldLocks? AtCall(Call call, Dictionary<IMethodSymbol, HeldLocks?> inherited)
            {
                if (call.Operation is not null && inherited.TryGetValue(call.Caller.OriginalDefinition, out var callerHeld)
                    && !(call.Caller.IsAsync && _state.IsAfterFirstAwait(call.Operation)))
                {
                    return HeldLocks.Combine(callerHeld, call.HeldHere);
                }

                return call.HeldHere;
            }

            internal static bool IsPrivateHelper(IMethodSymbol method) =>
                method.MethodKind == MethodKind.LocalFunction
                || (method.MethodKind is MethodKind.Ordinary or MethodKind.PropertyGet or MethodKind.PropertySet
                    && method.DeclaredAccessibility == Accessibility.Private && (method.AssociatedSymbol ?? method).DeclaredAccessibility == Accessibility.Private);

            /// <summary>
            /// A method whose callers are the type itself and its derived types (private, protected but not internal, or an
            /// override of such a member), or whose every call is in this compilation and in this type: a member other
            /// assemblies cannot see, not virtual and not implementing an interface, that no other type's code names.
            /// Other internal and public members may be called from code this type does not show.
            /// </summary>
            private bool IsCoverable(IMethodSymbol method) =>
                IsCalledByTypeOnly(method)
                || (MayBeCoverable(method) && !_state._mentions.IsMentionedOutside(method, _state._type, _context.CancellationToken));

            /// <summary>The part of <see cref="IsCoverable"/> the symbol answers: false when no search can make it true.</summary>
            private static bool MayBeCoverable(IMethodSymbol method) =>
                IsCalledByTypeOnly(method)
                || (!method.IsVirtual && !method.IsAbstract && !method.IsOverride
                    && !ApiContracts.IsOverrideOrImplementation(method)
                    && !ApiContracts.IsVisibleOutsideAssembly(method));

            /// <summary>A local function, or a member only the type and its derived types can name (private, protected but not internal, or an override of one).</summary>
            private static bool IsCalledByTypeOnly(IMethodSymbol method)
            {
                var declared = method;
                while (declared.OverriddenMethod is { } overridden)
                {
                    declared = overridden;
                }

                var symbol = declared.AssociatedSymbol ?? declared;
                return method.MethodKind == MethodKind.LocalFunction
                    || symbol.DeclaredAccessibility is Accessibility.Private or Accessibility.Protected or Accessibility.ProtectedAndInternal;
            }

            /// <summary>
            /// The locks some call of each private helper holds (directly or through its callers). A helper that is called
            /// under the lock in one place and without it in another is the author's choice (the lock is only needed on
            /// some paths): its accesses are not reported.
            /// </summary>
            private Dictionary<IMethodSymbol, HeldLocks?> SometimesCalledUnderLock()
            {
                var some = new Dictionary<IMethodSymbol, HeldLocks?>(SymbolEqualityComparer.Default);
                var changed = true;
                for (var round = 0; changed && round < MaxRounds; round++)
                {
                    changed = false;
                    foreach (var pair in _state._calls)
                    {
                        if (!IsPrivateHelper(pair.Key))
                        {
                            continue;
                        }

                        some.TryGetValue(pair.Key, out var union);
                        var before = HeldLocks.Count(union);
                        foreach (var call in pair.Value)
                        {
                            for (var held = AtCall(call, some); held is not null; held = held.Next)
                            {
                                if (held.Gate is not null && !HeldLocks.Contains(union, held.Gate))
                                {
                                    union = new HeldLocks(held.Gate, union);
                                }
                            }
                        }

                        if (HeldLocks.Count(union) != before)
                        {
                            some[pair.Key] = union;
                            changed = true;
                        }
                    }
                }

                return some;
            }

            /// <summary>The locks held at an access, counting those of the callers of a helper every caller calls under them.</summary>
            private HeldLocks? Effective(Access access) => WithCallers(access, _lockedBy);

            private HeldLocks? WithCallers(Access access, Dictionary<IMethodSymbol, HeldLocks?> inherited)
            {
                if (inherited.TryGetValue(access.Body.OriginalDefinition, out var callers) && callers is not null
                    && !(access.Body.IsAsync && _state.IsAfterFirstAwait(access.Operation)))
                {
                    return HeldLocks.Combine(callers, access.HeldHere);
                }

                return access.HeldHere;
            }

            /// <summary>The member an access counts for as evidence: a property for its accessors, a method for its local functions.</summary>
            internal static ISymbol EvidenceMember(IMethodSymbol body)
            {
                ISymbol current = body;
                while (current is IMethodSymbol { MethodKind: MethodKind.LocalFunction or MethodKind.AnonymousFunction } && current.ContainingSymbol is IMethodSymbol outer)
                {
                    current = outer;
                }

                return current is IMethodSymbol { AssociatedSymbol: { } associated } ? associated : current;
            }

            internal void Field(IFieldSymbol field, List<Access> accesses)
            {
                // The locks held at each access, once: choosing the gate compares every access with every candidate.
                var effective = new HeldLocks?[accesses.Count];
                for (var i = 0; i < accesses.Count; i++)
                {
                    effective[i] = Effective(accesses[i]);
                }

                var gate = ChooseGate(accesses, effective);
                if (gate is null)
                {
                    return;
                }

                var locked = 0;
                var unlocked = 0;
                List<Access>? reported = null;
                var evidence = new List<Location>();
                var members = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
                string? change = null;
                for (var i = 0; i < accesses.Count; i++)
                {
                    var access = accesses[i];
                    var held = effective[i];
                    var changes = FieldUses.ChangesInPlace(access.Operation, _state._collections, out var what);
                    var weight = access.IsWrite || changes ? 2 : 1;
                    if (HeldLocks.Contains(held, gate))
                    {
                        locked += weight;
                        evidence.Add(access.Operation.Syntax.GetLocation());
                        members.Add(EvidenceMember(access.Body));
                        if (changes && !IsBuildingAfterPublishing(access))
                        {
                            change ??= what;
                        }
                    }
                    else if (held is null)
                    {
                        // Accesses under another lock or a semaphore are neither evidence nor reported.
                        unlocked += weight;
                        (reported ??= new()).Add(access);
                    }
                }

                // One member that locks around the field is not yet a discipline.
                if (reported is null || members.Count < 2)
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
                var ratio = MinLockedRatio(_context.Options, tree);
                var readsCount = locked >= ratio * (locked + unlocked) - 1e-9;
                var gateName = GateName(gate);
                var gateText = gateName ?? gate.Name;
                var shapes = new Shapes(field, gate, accesses, this);
                foreach (var access in reported)
                {
                    if (IsExempt(access, accesses, gate) || ReportedAsConcurrentUpdate(access.Operation))
                    {
                        continue;
                    }

                    if (!access.IsWrite && change is not null && ChangesCollection(access, field, out var how))
                    {
                        // Two changes of a collection that is not thread-safe at once can corrupt it: reported like a write.
                        _context.ReportDiagnostic(Diagnostic.Create(
                            Descriptors.Shapes.VET201_CollectionChanged,
                            access.Operation.Syntax.GetLocation(),
                            evidence,
                            FixProperties(gateName, access, field),
                            field.Name,
                            how,
                            gateText,
                            change));
                        continue;
                    }

                    if (!access.IsWrite)
                    {
                        // A delegate field is an immutable snapshot (the event pattern).
                        if (!readsCount || field.Type.TypeKind == TypeKind.Delegate)
                        {
                            continue;
                        }

                        var use = FieldUses.Classify(access.Operation, out var through);
                        if (shapes.IsBenignRead(access, use, change is not null))
                        {
                            continue;
                        }

                        if (change is not null && _state._collections.IsUnsafeCollection(field.Type))
                        {
                            if (use == ReadUse.Returned)
                            {
                                _context.ReportDiagnostic(Diagnostic.Create(
                                    Descriptors.Shapes.VET201_CollectionReturned,
                                    access.Operation.Syntax.GetLocation(),
                                    evidence,
                                    ImmutableDictionary<string, string?>.Empty.Add(NoFixProperty, "true"),
                                    field.Name,
                                    gateText,
                                    change));
                                continue;
                            }

                            if (use == ReadUse.Content)
                            {
                                _context.ReportDiagnostic(through.Length == 0
                                    ? Diagnostic.Create(Descriptors.Shapes.VET201_CollectionRead, access.Operation.Syntax.GetLocation(), evidence, FixProperties(gateName, access, field), field.Name, gateText, change)
                                    : Diagnostic.Create(Descriptors.Shapes.VET201_CollectionReadThrough, access.Operation.Syntax.GetLocation(), evidence, FixProperties(gateName, access, field), field.Name, through, gateText, change));
                                continue;
                            }
                        }
                    }

                    _context.ReportDiagnostic(Diagnostic.Create(
                        access.IsWrite ? Descriptors.Shapes.VET201_Written : Descriptors.Shapes.VET201_Read,
                        access.Operation.Syntax.GetLocation(),
                        evidence,
                        FixProperties(gateName, access, field),
                        field.Name,
                        gateText));
                }
            }

            /// <summary>A change of a collection that is not thread-safe through the field (<c>_list.Add(x)</c>, <c>_map[k] = v</c>).</summary>
            private bool ChangesCollection(Access access, IFieldSymbol field, out string how) =>
                FieldUses.ChangesInPlace(access.Operation, _state._collections, out how) && _state._collections.IsUnsafeCollection(field.Type);

            private static bool IsIn(List<ISymbol> symbols, ISymbol symbol)
            {
                foreach (var candidate in symbols)
                {
                    if (SymbolEqualityComparer.Default.Equals(candidate, symbol))
                    {
                        return true;
                    }
                }

                return false;
            }

            /// <summary>
            /// The gate: the lock the most (weighted) accesses hold, among the locks some write holds. Lazy creation with
            /// <c>??=</c> under a lock is double-checked locking (VET204's domain) and does not make the lock a guard.
            /// </summary>
            private static ISymbol? ChooseGate(List<Access> accesses, HeldLocks?[] effective)
            {
                // The candidate gates, each once and in the order the writes hold them: the monitors some write holds.
                var candidates = new List<ISymbol>();
                for (var i = 0; i < accesses.Count; i++)
                {
                    if (accesses[i].IsWrite && !FieldUses.IsCoalescingWrite(accesses[i].Operation))
                    {
                        for (var held = effective[i]; held is not null; held = held.Next)
                        {
                            if (held.Gate is not null && !IsIn(candidates, held.Gate))
                            {
                                candidates.Add(held.Gate);
                            }
                        }
                    }
                }

                ISymbol? gate = null;
                var best = 0;
                foreach (var candidate in candidates)
                {
                    var weight = 0;
                    for (var i = 0; i < accesses.Count; i++)
                    {
                        if (HeldLocks.Contains(effective[i], candidate))
                        {
                            weight += accesses[i].IsWrite ? 2 : 1;
                        }
                    }

                    if (weight > best)
                    {
                        best = weight;
                        gate = candidate;
                    }
                }

                return gate;
            }

            /// <summary>
            /// Accesses whose member runs under the lock although the access is not inside it: a member every known
            /// call of which holds the lock (a protected helper, an override its base calls under the lock), a private
            /// helper some caller calls under it, or a member that takes the lock around the field itself and touches
            /// it outside only on purpose (a double-checked fast path, a lock taken only when needed).
            /// </summary>
            private bool IsExempt(Access access, List<Access> accesses, ISymbol gate)
            {
                if (HeldLocks.Contains(WithCallers(access, _coveredBy), gate)
                    || (_sometimesBy.TryGetValue(access.Body.OriginalDefinition, out var some) && HeldLocks.Contains(some, gate)))
                {
                    return true;
                }

                foreach (var other in accesses)
                {
                    if (SymbolEqualityComparer.Default.Equals(other.Body, access.Body) && HeldLocks.Contains(other.HeldHere, gate))
                    {
                        return true;
                    }
                }

                return false;
            }

            /// <summary>The own methods <paramref name="body"/> calls directly.</summary>
            internal IEnumerable<IMethodSymbol> Callees(IMethodSymbol body)
            {
                foreach (var pair in _state._calls)
                {
                    foreach (var call in pair.Value)
                    {
                        if (call.Operation is not null && SymbolEqualityComparer.Default.Equals(call.Caller, body))
                        {
                            yield return pair.Key;
                            break;
                        }
                    }
                }
            }

            internal IOperation Root(IOperation operation)
            {
                var current = operation;
                while (current.Parent is { } parent)
                {
                    current = parent;
                }

                return current;
            }

            /// <summary>
            /// A change of the object right after the field was given a newly built one in the same block
            /// (<c>_f = new(); _f[k] = v;</c>): the object is still being built, not changed in place.
            /// </summary>
            private static bool IsBuildingAfterPublishing(Access access)
            {
                var statement = access.Operation;
                while (statement.Parent is not null and not IBlockOperation)
                {
                    statement = statement.Parent;
                }

                if (statement.Parent is not IBlockOperation block)
                {
                    return false;
                }

                foreach (var earlier in block.Operations)
                {
                    if (earlier == statement)
                    {
                        return false;
                    }

                    if (earlier is IExpressionStatementOperation { Operation: ISimpleAssignmentOperation { Target: IFieldReferenceOperation target } assignment }
                        && SymbolEqualityComparer.Default.Equals(target.Field.OriginalDefinition, access.Field)
                        && assignment.Value is var value
                        && Operations.WithoutConversions(value) is IObjectCreationOperation or IArrayCreationOperation)
                    {
                        return true;
                    }
                }

                return false;
            }

            /// <summary>A counter update inside a delegate the concurrent-delegate part of VET201 reports.</summary>
            private bool ReportedAsConcurrentUpdate(IOperation access)
            {
                if (_state._points is null || access.Parent is not (IIncrementOrDecrementOperation or ICompoundAssignmentOperation)
                    || access is not IFieldReferenceOperation field)
                {
                    return false;
                }

                for (var current = access.Parent; current is not null; current = current.Parent)
                {
                    if (current is IAnonymousFunctionOperation lambda)
                    {
                        var concurrency = _state._points.Classify(lambda);
                        if (concurrency != ConcurrentEntryPoints.Concurrency.None)
                        {
                            return ConcurrentEntryPoints.RunsRepeatedly(lambda, concurrency, field.Field);
                        }
                    }
                }

                return false;
            }

            /// <summary>
            /// The lock fix's gate and statement: the whole check-and-act <c>if</c> whose condition reads the field when the
            /// access is in its branches, so the check and the act happen under one lock.
            /// </summary>
            private static ImmutableDictionary<string, string?> FixProperties(string? gateName, Access access, IFieldSymbol field)
            {
                var properties = ImmutableDictionary<string, string?>.Empty;
                if (gateName is null)
                {
                    return properties;
                }

                properties = properties.Add(GateProperty, gateName);
                var statement = access.Operation.Syntax.FirstAncestorOrSelf<StatementSyntax>();
                var lifted = false;
                for (var node = statement?.Parent; node is not null and not MemberDeclarationSyntax and not AnonymousFunctionExpressionSyntax and not LocalFunctionStatementSyntax; node = node.Parent)
                {
                    if (node is IfStatementSyntax @if && ReadsField(@if.Condition, field))
                    {
                        statement = @if;
                        lifted = true;
                    }
                }

                return lifted && statement is not null
                    ? properties.Add(StatementProperty, statement.SpanStart.ToString(CultureInfo.InvariantCulture) + ":" + statement.Span.Length.ToString(CultureInfo.InvariantCulture))
                    : properties;
            }

            private static bool ReadsField(ExpressionSyntax condition, IFieldSymbol field)
            {
                foreach (var node in condition.DescendantNodesAndSelf())
                {
                    if (node is IdentifierNameSyntax identifier && identifier.Identifier.ValueText == field.Name)
                    {
                        return true;
                    }
                }

                return false;
            }

            private string? GateName(ISymbol gate) => gate switch
            {
                INamedTypeSymbol => "this",
                IFieldSymbol or IPropertySymbol when SymbolEqualityComparer.Default.Equals(gate.ContainingType?.OriginalDefinition, _state._type.OriginalDefinition) => gate.Name,
                _ => null,
            };

            private static double MinLockedRatio(AnalyzerOptions options, SyntaxTree tree)
            {
                var text = RuleOptions.GetString(options, tree, Rule.Id, MinLockedRatioOption);
                return text is not null && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value >= 0 && value <= 1
                    ? value
                    : DefaultMinLockedRatio;
            }
        }
    }
}
