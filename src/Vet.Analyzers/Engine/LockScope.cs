using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.Text;

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

    /// <summary>The gate of a <c>Monitor.Exit</c> call, else null.</summary>
    internal static ISymbol? MonitorExitGate(IInvocationOperation invocation) =>
        IsMonitor(invocation.TargetMethod, "Exit") && invocation.Arguments.Length > 0 ? Gate(invocation.Arguments[0].Value) : null;

    /// <summary>
    /// A lock helper of the code's own, by its name (TakeLock, AcquireLock, EnterWriteLock...): some lock is held after a
    /// call of it, though which one cannot be told.
    /// </summary>
    internal static bool IsLockHelper(IMethodSymbol method)
    {
        var name = method.Name;
        return (name.StartsWith("Take", System.StringComparison.Ordinal) || name.StartsWith("Acquire", System.StringComparison.Ordinal)
                || name.StartsWith("Enter", System.StringComparison.Ordinal))
            && name.EndsWith("Lock", System.StringComparison.Ordinal);
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

    internal static bool IsInSystemThreading(INamedTypeSymbol type) =>
        type.ContainingNamespace is { Name: "Threading", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } };

    /// <summary>
    /// Whether <paramref name="field"/> holds an object the type shares with other owners rather than one it made: every
    /// value any part of the type stores in it (its initializer included) is a parameter of the storing member, or what a
    /// call on another object or type answers (<c>_subscribers = _registry.GetOrAdd(channel, _ => new())</c>), and not
    /// null; at least one such store exists. A lock on it serializes that shared object among its owners: it is not the
    /// type's private gate, and a private gate would stop the owners excluding each other.
    /// </summary>
    internal static bool HoldsSharedObject(IFieldSymbol field, System.Threading.CancellationToken cancellationToken)
    {
        var shared = false;
        foreach (var reference in field.DeclaringSyntaxReferences)
        {
            if (reference.GetSyntax(cancellationToken) is VariableDeclaratorSyntax { Initializer.Value: { } initial })
            {
                if (!IsFromElsewhere(initial, initial))
                {
                    return false;
                }

                shared = true;
            }
        }

        foreach (var part in field.ContainingType.DeclaringSyntaxReferences)
        {
            foreach (var node in part.GetSyntax(cancellationToken).DescendantNodes())
            {
                if (node is not AssignmentExpressionSyntax assignment || !NamesOwnField(assignment.Left, field))
                {
                    continue;
                }

                var value = assignment.Right;
                if (value.IsKind(SyntaxKind.NullLiteralExpression) || value.IsKind(SyntaxKind.DefaultLiteralExpression))
                {
                    continue;
                }

                if (!assignment.IsKind(SyntaxKind.SimpleAssignmentExpression) || !IsFromElsewhere(value, assignment))
                {
                    return false;
                }

                shared = true;
            }
        }

        return shared;
    }

    /// <summary>
    /// Whether <paramref name="field"/> is set once and never replaced: outside the constructors, every store into it
    /// creates it only while it is still null and cannot race with another creation: <c>_f ??= new()</c> inside a
    /// <c>lock</c>, <c>if (_f == null) _f = new();</c> inside a <c>lock</c>,
    /// <c>Interlocked.CompareExchange(ref _f, new(), null)</c> or <c>LazyInitializer.EnsureInitialized(ref _f, …)</c>;
    /// at least one such store exists. Every thread that locks it locks the one object it was first set to.
    /// </summary>
    internal static bool IsPublishedOnce(IFieldSymbol field, System.Threading.CancellationToken cancellationToken)
    {
        var once = false;
        foreach (var part in field.ContainingType.DeclaringSyntaxReferences)
        {
            foreach (var token in FileText.WrittenInside(part.GetSyntax(cancellationToken), field.Name, SyntaxKind.IdentifierToken, cancellationToken))
            {
                if (token.Parent is not IdentifierNameSyntax name)
                {
                    continue;
                }

                ExpressionSyntax written = name.Parent is MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax } access && access.Name == name ? access : name;
                if (!NamesOwnField(written, field))
                {
                    continue;
                }

                switch (written.Parent)
                {
                    case AssignmentExpressionSyntax assignment when assignment.Left == written:
                        if (IsInConstructor(assignment))
                        {
                            continue;
                        }

                        if (!InsideLock(assignment)
                            || !(assignment.IsKind(SyntaxKind.CoalesceAssignmentExpression) || (assignment.IsKind(SyntaxKind.SimpleAssignmentExpression) && UnderNullTest(assignment, field))))
                        {
                            return false;
                        }

                        once = true;
                        break;
                    case ArgumentSyntax { RefKindKeyword.RawKind: (int)SyntaxKind.RefKeyword or (int)SyntaxKind.OutKeyword } argument:
                        if (argument.Parent is not ArgumentListSyntax { Parent: InvocationExpressionSyntax call } list
                            || !(IsCreateIfNull(call, list) || WrittenCode.CalledName(call) == "EnsureInitialized"))
                        {
                            return false;
                        }

                        once = true;
                        break;
                    case PostfixUnaryExpressionSyntax or PrefixUnaryExpressionSyntax:
                        return false;
                }
            }
        }

        return once;

        static bool IsCreateIfNull(InvocationExpressionSyntax call, ArgumentListSyntax list) =>
            WrittenCode.CalledName(call) == "CompareExchange"
            && list.Arguments.Count == 3
            && list.Arguments[2].Expression.IsKind(SyntaxKind.NullLiteralExpression);

        static bool IsInConstructor(SyntaxNode node) =>
            node.FirstAncestorOrSelf<SyntaxNode>(static n => n is MemberDeclarationSyntax or AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax) is ConstructorDeclarationSyntax;

        static bool InsideLock(SyntaxNode node)
        {
            for (var current = node.Parent; current is not null and not MemberDeclarationSyntax and not AnonymousFunctionExpressionSyntax and not LocalFunctionStatementSyntax; current = current.Parent)
            {
                if (current is LockStatementSyntax)
                {
                    return true;
                }
            }

            return false;
        }

        static bool UnderNullTest(SyntaxNode node, IFieldSymbol field)
        {
            for (var current = node.Parent; current is not null and not LockStatementSyntax; current = current.Parent)
            {
                if (current is IfStatementSyntax { Condition: var condition } && TestsNull(condition, field))
                {
                    return true;
                }
            }

            return false;
        }

        static bool TestsNull(ExpressionSyntax condition, IFieldSymbol field) => condition switch
        {
            BinaryExpressionSyntax { RawKind: (int)SyntaxKind.EqualsExpression } equals =>
                (equals.Right.IsKind(SyntaxKind.NullLiteralExpression) && NamesOwnField(equals.Left, field))
                || (equals.Left.IsKind(SyntaxKind.NullLiteralExpression) && NamesOwnField(equals.Right, field)),
            IsPatternExpressionSyntax { Pattern: ConstantPatternSyntax { Expression: var constant }, Expression: var tested } =>
                constant.IsKind(SyntaxKind.NullLiteralExpression) && NamesOwnField(tested, field),
            _ => false,
        };
    }

    /// <summary>
    /// Whether <paramref name="expression"/> names <paramref name="field"/> of this instance or type, by syntax:
    /// <c>_sync</c>, <c>this._sync</c>, <c>Ledger.s_sync</c>; not <c>other._sync</c>.
    /// </summary>
    internal static bool NamesOwnField(ExpressionSyntax expression, IFieldSymbol field) => expression switch
    {
        IdentifierNameSyntax identifier => identifier.Identifier.ValueText == field.Name,
        MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax, Name: IdentifierNameSyntax member } => member.Identifier.ValueText == field.Name,
        MemberAccessExpressionSyntax { Expression: IdentifierNameSyntax owner, Name: IdentifierNameSyntax member } =>
            field.IsStatic && owner.Identifier.ValueText == field.ContainingType.Name && member.Identifier.ValueText == field.Name,
        _ => false,
    };

    /// <summary>
    /// A parameter of the member (a setter's <c>value</c> included), another object's member (<c>data.Instance</c>,
    /// <c>other._project</c> in a copy constructor), or the answer of a call on another object or type.
    /// </summary>
    private static bool IsFromElsewhere(ExpressionSyntax value, SyntaxNode site)
    {
        switch (value)
        {
            case IdentifierNameSyntax identifier:
                return IsParameter(identifier.Identifier.ValueText, site) || IsLocalFromElsewhere(identifier.Identifier.ValueText, site);
            case InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Expression: var receiver } }:
                return receiver is not (ThisExpressionSyntax or BaseExpressionSyntax);
            case MemberAccessExpressionSyntax { Expression: var owner }:
                return owner is not (ThisExpressionSyntax or BaseExpressionSyntax);
            default:
                return false;
        }
    }

    /// <summary>
    /// A local of the member around <paramref name="site"/> declared with a value from elsewhere
    /// (<c>var session = parser.GetSession(this); … _session = session;</c>); one level, not followed further.
    /// </summary>
    private static bool IsLocalFromElsewhere(string name, SyntaxNode site)
    {
        var body = site.FirstAncestorOrSelf<SyntaxNode>(static n => n is BaseMethodDeclarationSyntax or AccessorDeclarationSyntax or LocalFunctionStatementSyntax or AnonymousFunctionExpressionSyntax);
        if (body is null)
        {
            return false;
        }

        foreach (var node in body.DescendantNodes())
        {
            if (node is VariableDeclaratorSyntax { Initializer.Value: { } value } declarator
                && declarator.Identifier.ValueText == name
                && declarator.Parent?.Parent is LocalDeclarationStatementSyntax)
            {
                return value is not IdentifierNameSyntax && IsFromElsewhere(value, declarator);
            }
        }

        return false;
    }

    private static bool IsParameter(string name, SyntaxNode node)
    {
        foreach (var ancestor in node.Ancestors())
        {
            switch (ancestor)
            {
                case BaseMethodDeclarationSyntax method:
                    foreach (var parameter in method.ParameterList.Parameters)
                    {
                        if (parameter.Identifier.ValueText == name)
                        {
                            return true;
                        }
                    }

                    return false;
                case AccessorDeclarationSyntax accessor:
                    return name == "value" && (accessor.IsKind(SyntaxKind.SetAccessorDeclaration) || accessor.IsKind(SyntaxKind.InitAccessorDeclaration));
                case MemberDeclarationSyntax or AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax:
                    return false;
            }
        }

        return false;
    }

    /// <summary>
    /// Whether the file's text has the word <c>lock</c>, or names <c>Monitor</c> or <c>Interlocked</c>: a file without
    /// them has no lock to look at. Read once per file (a text search), so a rule can skip a file without walking it.
    /// </summary>
    internal static bool MayLock(SyntaxTree tree, System.Threading.CancellationToken cancellationToken) =>
        FileText.MayLock.Holds(tree, cancellationToken);

    /// <summary>
    /// Whether the code in <paramref name="span"/> has a <c>lock</c> statement or names <c>Monitor</c> or
    /// <c>Interlocked</c>: evidence its author synchronizes. The words' positions are found once per file from its
    /// text (<see cref="FileText.WrittenWithin"/>), so a type is answered without walking its syntax.
    /// </summary>
    internal static bool MentionsSynchronization(SyntaxTree tree, TextSpan span, System.Threading.CancellationToken cancellationToken) =>
        MayLock(tree, cancellationToken)
        && (FileText.WrittenWithin(tree, "lock", SyntaxKind.LockKeyword, span, cancellationToken)
            || FileText.WrittenWithin(tree, "Monitor", SyntaxKind.IdentifierToken, span, cancellationToken)
            || FileText.WrittenWithin(tree, "Interlocked", SyntaxKind.IdentifierToken, span, cancellationToken));

    /// <summary>The <c>lock</c> statements inside <paramref name="scope"/>, found from the file's text without walking the scope.</summary>
    internal static IEnumerable<LockStatementSyntax> LockStatements(SyntaxNode scope, System.Threading.CancellationToken cancellationToken)
    {
        if (!MayLock(scope.SyntaxTree, cancellationToken))
        {
            yield break;
        }

        foreach (var keyword in FileText.WrittenInside(scope, "lock", SyntaxKind.LockKeyword, cancellationToken))
        {
            if (keyword.Parent is LockStatementSyntax lockStatement)
            {
                yield return lockStatement;
            }
        }
    }
}
