using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using Vet.Analyzers.Engine;

namespace Vet.Analyzers.Concurrency;

/// <summary>Which gate a fix would put in place of a public lock target.</summary>
internal enum LockGate
{
    None,
    Instance,
    Static,

    /// <summary>Not a new gate: the field itself becomes readonly.</summary>
    MakeReadonly,
}

/// <summary>Why a lock target can be locked by other code (null when it cannot) and which gate can replace it.</summary>
internal readonly struct LockTarget
{
    public LockTarget(DiagnosticDescriptor? message, LockGate gate, bool isHousekeeping = false, bool oncePerField = false)
    {
        Message = message;
        Gate = gate;
        IsHousekeeping = isHousekeeping;
        OncePerField = isHousekeeping || oncePerField;
    }

    /// <summary>The VET202 message for this kind of target: why other code can lock it, and what to lock instead.</summary>
    public DiagnosticDescriptor? Message { get; }

    public LockGate Gate { get; }

    /// <summary>Safe as the code stands (a field nothing reassigns that lacks <c>readonly</c>): reported as Info.</summary>
    public bool IsHousekeeping { get; }

    /// <summary>The finding is about the field, not the lock site: reported once, at the field's first lock in its type.</summary>
    public bool OncePerField { get; }
}

/// <summary>The types VET202 classifies lock targets with, resolved once per compilation.</summary>
internal sealed class LockTargets
{

    // Resolved on first use: most code never locks a Type, Thread or MemberInfo, and these types live outside the core
    // library, where a lookup asks every reference.
    private readonly System.Lazy<INamedTypeSymbol?> _type;
    private readonly System.Lazy<INamedTypeSymbol?> _thread;
    private readonly System.Lazy<INamedTypeSymbol?> _memberInfo;
    private readonly System.Lazy<INamedTypeSymbol?> _spinLock;
    private readonly FieldWrites _fieldWrites = new();
    private readonly System.Collections.Concurrent.ConcurrentDictionary<IFieldSymbol, bool> _sharedObjects = new(SymbolEqualityComparer.Default);
    private readonly System.Collections.Concurrent.ConcurrentDictionary<IFieldSymbol, bool> _publishedOnce = new(SymbolEqualityComparer.Default);
    private readonly System.Collections.Concurrent.ConcurrentDictionary<SyntaxTree, ImmutableHashSet<ITypeSymbol>> _lockedFromOtherTypes = new();

    /// <summary>At least this many <c>lock (this)</c> statements, in at least two types, make a convention (with a majority).</summary>
    private const int ConventionMinSites = 5;

    private readonly Compilation _compilation;
    private readonly bool _isProgram;

    /// <summary>0 not yet known, 1 yes, 2 no.</summary>
    private int _thisConvention;

    private LockTargets(INamedTypeSymbol monitor, Compilation compilation, AnalyzerOptions options)
    {
        _compilation = compilation;
        _isProgram = !ApiContracts.IsLibrary(compilation, options);
        Monitor = monitor;
        _type = new(() => WellKnownTypes.Get(compilation, "System.Type"));
        _thread = new(() => WellKnownTypes.Get(compilation, "System.Threading.Thread"));
        _memberInfo = new(() => WellKnownTypes.Get(compilation, "System.Reflection.MemberInfo"));
        _spinLock = new(() => WellKnownTypes.Get(compilation, "System.Threading.SpinLock"));
    }

    public INamedTypeSymbol Monitor { get; }

    public INamedTypeSymbol? SpinLock => _spinLock.Value;

    public static LockTargets? Create(Compilation compilation, AnalyzerOptions options) =>
        WellKnownTypes.Get(compilation, "System.Threading.Monitor") is { } monitor ? new LockTargets(monitor, compilation, options) : null;

    /// <summary>Classifies the value a <c>lock</c> or <c>Monitor.Enter</c> in <paramref name="member"/> locks on.</summary>
    public LockTarget Classify(IOperation value, ISymbol member, System.Threading.CancellationToken cancellationToken)
    {
        var containingType = member.ContainingType;
        // An explicit cast of a value type boxes: a new object every time, so the lock excludes nobody.
        if (value is IConversionOperation { IsImplicit: false, Operand.Type.IsValueType: true } boxing
            && boxing.Type?.SpecialType == SpecialType.System_Object)
        {
            return new LockTarget(Descriptors.Shapes.VET202_BoxedValue, member.IsStatic ? LockGate.Static : LockGate.Instance);
        }

        var operation = Operations.WithoutConversions(value);
        switch (operation)
        {
            case IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.ContainingTypeInstance }:
                // An instance of a type the assembly keeps to itself is often the monitor its classes share by design.
                if (!IsVisibleOutsideAssembly(containingType) || ApiContracts.InstancesStayInAssembly(containingType))
                {
                    // Other assemblies cannot hold an instance of a nested type they cannot construct or receive.
                    return default;
                }

                if (IsSharedMonitor(containingType, operation))
                {
                    return new LockTarget(Descriptors.Shapes.VET202_SharedMonitor, LockGate.None);
                }

                // A codebase whose locks mostly lock `this` (a port of Java's synchronized methods) has chosen it as its
                // convention; one site moved to a private gate would only stand out.
                return LocksThisByConvention(cancellationToken)
                    ? default
                    : new LockTarget(Descriptors.VET202_PublicLockTarget, LockGate.Instance);

            case ITypeOfOperation typeOf:
                return new LockTarget(
                    Descriptors.Shapes.VET202_TypeObject,
                    SymbolEqualityComparer.Default.Equals(typeOf.TypeOperand.OriginalDefinition, containingType.OriginalDefinition) ? LockGate.Static : LockGate.None);

            case IInvocationOperation { TargetMethod.Name: "GetType", Arguments.Length: 0, TargetMethod.ContainingType.SpecialType: SpecialType.System_Object } getType:
                return new LockTarget(
                    Descriptors.Shapes.VET202_TypeObject,
                    getType.Instance is null or IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.ContainingTypeInstance } ? LockGate.Static : LockGate.None);
        }

        var type = operation.Type;
        if (type is null)
        {
            return default;
        }

        if (type.SpecialType == SpecialType.System_String)
        {
            return new LockTarget(Descriptors.Shapes.VET202_String, LockGate.None);
        }

        if (BaseTypes.IsOrDerivesFrom(type, _type.Value) || BaseTypes.IsOrDerivesFrom(type, _memberInfo.Value))
        {
            return new LockTarget(Descriptors.Shapes.VET202_ReflectionObject, LockGate.None);
        }

        if (BaseTypes.IsOrDerivesFrom(type, _thread.Value))
        {
            return new LockTarget(Descriptors.Shapes.VET202_Thread, LockGate.None);
        }

        if (operation is IFieldReferenceOperation { Field: { } field } reference && !field.IsConst)
        {
            // What the type's code writes to a field holds for every instance: another object of the same type
            // (`other._sync` in a static helper) is judged like this one; only the fix needs this instance's own field.
            var sameType = SymbolEqualityComparer.Default.Equals(field.ContainingType.OriginalDefinition, containingType.OriginalDefinition);
            var own = sameType
                && (field.IsStatic || reference.Instance is IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.ContainingTypeInstance });
            if (IsVisibleOutsideAssembly(field))
            {
                // A readonly field that other assemblies can reach is a gate exposed on purpose (a SyncRoot, a protected
                // lock for derived types): its only use to them is to lock it with this type. A non-readonly one can also
                // be swapped by them. Replacing only this lock would split it from theirs: no fix either way.
                // Reported once, where its own type locks it: other types locking it share the owner's monitor.
                return field.IsReadOnly || !own
                    ? default
                    : new LockTarget(Descriptors.Shapes.VET202_ReachableField, LockGate.None, oncePerField: true);
            }

            // A field's writes are known when they are all in one outermost type's code: a field of this type or of a
            // type nested with it (a nested holder's lock that the type around it takes), or another top-level type's
            // field (`owner._sessions`, internal); an internal field that code elsewhere in the assembly writes is not.
            var sameFamily = sameType || SymbolEqualityComparer.Default.Equals(field.ContainingType.OutermostType().OriginalDefinition, containingType.OutermostType().OriginalDefinition);
            var ownersField = !sameFamily && field.ContainingType.ContainingType is null;
            var writesKnown = !field.IsReadOnly
                && (sameFamily || ownersField)
                && (field.DeclaredAccessibility == Accessibility.Private || _fieldWrites.IsWrittenOnlyByItsOwnCode(field.OriginalDefinition, _compilation, cancellationToken));

            // The checks below scan the field's own type: a nested holder's writes are in the type around it.
            var ownTypeKnown = writesKnown && (sameType || ownersField);
            if (writesKnown && !field.IsVolatile && _fieldWrites.IsOnlyInitialized(field))
            {
                return new LockTarget(
                    Descriptors.Shapes.VET202_OnlyInitialized,
                    IsDeclaredIn(field, operation.Syntax.SyntaxTree) ? LockGate.MakeReadonly : LockGate.None,
                    isHousekeeping: true);
            }

            if (writesKnown && _fieldWrites.IsWrittenOnlyDuringConstruction(field))
            {
                // Assigned by Initialize… (or a helper only construction calls) before the object is shared; it cannot
                // be readonly, and no thread holds the lock while it changes.
                return default;
            }

            if (ownTypeKnown && _sharedObjects.GetOrAdd(field.OriginalDefinition, f => LockScope.HoldsSharedObject(f, cancellationToken)))
            {
                // An object the type shares with other owners (handed in, or looked up in a shared registry): the lock
                // serializes them, and a private gate would stop them excluding each other.
                return default;
            }

            if (ownTypeKnown && _publishedOnce.GetOrAdd(field.OriginalDefinition, f => LockScope.IsPublishedOnce(f, cancellationToken)))
            {
                // Created once, while still null, by code that cannot race with another creation: never swapped.
                return default;
            }

            if (!field.IsReadOnly)
            {
                return new LockTarget(
                    Descriptors.Shapes.VET202_SwappableField,
                    own ? (field.IsStatic ? LockGate.Static : LockGate.Instance) : LockGate.None);
            }
        }

        return default;
    }

    /// <summary>
    /// Whether the compilation locks <c>this</c> by convention: more than half of its <c>lock</c> statements lock
    /// <c>this</c>, at least <see cref="ConventionMinSites"/> of them, in at least two types. Answered once per compilation
    /// from its syntax, the first time a <c>lock (this)</c> of a public type is met.
    /// </summary>
    private bool LocksThisByConvention(System.Threading.CancellationToken cancellationToken)
    {
        var known = System.Threading.Volatile.Read(ref _thisConvention);
        if (known != 0)
        {
            return known == 1;
        }

        var all = 0;
        var onThis = 0;
        TypeDeclarationSyntax? firstType = null;
        var types = 0;
        foreach (var tree in _compilation.SyntaxTrees)
        {
            if (!LockScope.MayLock(tree, cancellationToken))
            {
                continue;
            }

            foreach (var @lock in LockScope.LockStatements(tree.GetRoot(cancellationToken), cancellationToken))
            {
                all++;
                if (@lock.Expression is ThisExpressionSyntax)
                {
                    onThis++;
                    var type = @lock.FirstAncestorOrSelf<TypeDeclarationSyntax>();
                    if (types < 2 && type is not null && type != firstType)
                    {
                        firstType ??= type;
                        types = type == firstType ? 1 : 2;
                    }
                }
            }
        }

        var convention = onThis >= ConventionMinSites && types >= 2 && onThis * 2 > all;
        System.Threading.Volatile.Write(ref _thisConvention, convention ? 1 : 2);
        return convention;
    }

    /// <summary>
    /// Whether another type in the same file locks, enters, waits on or pulses a value of <paramref name="type"/> (or of a
    /// type derived from it): then the instance is a monitor those types share, and a private gate would split it.
    /// Answered once per file, from the locks and Monitor calls found in its syntax.
    /// </summary>
    private bool IsSharedMonitor(INamedTypeSymbol type, IOperation operation)
    {
        if (operation.SemanticModel is not { } model)
        {
            return false;
        }

        var locked = _lockedFromOtherTypes.GetOrAdd(operation.Syntax.SyntaxTree, _ => LockedFromOtherTypes(model));
        foreach (var lockedType in locked)
        {
            if (BaseTypes.IsOrDerivesFrom(lockedType, type))
            {
                return true;
            }
        }

        return false;
    }

    private static ImmutableHashSet<ITypeSymbol> LockedFromOtherTypes(SemanticModel model)
    {
        var found = ImmutableHashSet.CreateBuilder<ITypeSymbol>(SymbolEqualityComparer.Default);
        foreach (var (node, target) in LockedValues(model.SyntaxTree))
        {
            if (target is ThisExpressionSyntax
                || model.GetTypeInfo(target).Type is not INamedTypeSymbol { TypeKind: TypeKind.Class } lockedType
                || lockedType.DeclaringSyntaxReferences.IsEmpty)
            {
                continue;
            }

            var site = node.FirstAncestorOrSelf<BaseTypeDeclarationSyntax>();
            if (site is not null && !SymbolEqualityComparer.Default.Equals(model.GetDeclaredSymbol(site)?.OriginalDefinition, lockedType.OriginalDefinition))
            {
                found.Add(lockedType.OriginalDefinition);
            }
        }

        return found.ToImmutable();
    }

    /// <summary>The values a file locks (<c>lock (x)</c>) or hands to a <c>Monitor</c> method (<c>Monitor.Wait(x)</c>), found from its text.</summary>
    private static IEnumerable<(SyntaxNode Site, ExpressionSyntax Target)> LockedValues(SyntaxTree tree)
    {
        foreach (var @lock in LockScope.LockStatements(tree.GetRoot(), System.Threading.CancellationToken.None))
        {
            yield return (@lock, @lock.Expression);
        }

        foreach (var token in FileText.Written(tree, "Monitor", System.Threading.CancellationToken.None))
        {
            if (token.Parent is not IdentifierNameSyntax monitor)
            {
                continue;
            }

            // Monitor.Wait(x) or System.Threading.Monitor.Wait(x)
            SyntaxNode receiver = monitor.Parent is MemberAccessExpressionSyntax qualified && qualified.Name == monitor ? qualified : monitor;
            if (receiver.Parent is MemberAccessExpressionSyntax access && access.Expression == receiver
                && access.Parent is InvocationExpressionSyntax { ArgumentList.Arguments.Count: > 0 } call && call.Expression == access)
            {
                yield return (call, call.ArgumentList.Arguments[0].Expression);
            }
        }
    }

    /// <summary>The field is declared alone (<c>object _a = new();</c>, not <c>object _a, _b;</c>) in <paramref name="tree"/>.</summary>
    private static bool IsDeclaredIn(IFieldSymbol field, SyntaxTree tree) =>
        field.DeclaringSyntaxReferences.Length == 1
        && field.DeclaringSyntaxReferences[0].SyntaxTree == tree
        && field.DeclaringSyntaxReferences[0].GetSyntax() is VariableDeclaratorSyntax { Parent: VariableDeclarationSyntax { Variables.Count: 1 } };

    /// <summary>
    /// Code in other assemblies can reach <paramref name="symbol"/>. A program's public types are not referenced by other
    /// assemblies: they are as private to it as internal ones.
    /// </summary>
    private bool IsVisibleOutsideAssembly(ISymbol symbol) => !_isProgram && ApiContracts.IsVisibleOutsideAssembly(symbol);
}
