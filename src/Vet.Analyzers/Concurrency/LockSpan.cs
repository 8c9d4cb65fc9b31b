using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using Vet.Analyzers.Engine;

namespace Vet.Analyzers.Concurrency;

/// <summary>
/// The code between an acquire and its releases (VET203): whether every path through it reaches a release without an
/// exception. Statements that cannot throw are safe; so is an <c>if</c> whose test cannot throw and whose branches are
/// safe, or are an early-exit guard (safe statements, the release, then a return or throw).
/// </summary>
internal sealed class LockSpan
{
    private readonly List<IInvocationOperation> _releases;
    private readonly INamedTypeSymbol? _type;

    internal LockSpan(List<IInvocationOperation> releases, INamedTypeSymbol? type)
    {
        _releases = releases;
        _type = type;
    }

    /// <summary>
    /// The statement right after the acquire releases it: <c>x.Release();</c>, or a return whose value calls the release
    /// and nothing else that can throw (<c>return 1 + x.Release();</c>).
    /// </summary>
    internal bool IsImmediateRelease(IOperation statement)
    {
        if (statement is IExpressionStatementOperation { Operation: IInvocationOperation call } && _releases.Contains(call))
        {
            return true;
        }

        if (statement is not IReturnOperation { ReturnedValue: { } value })
        {
            return false;
        }

        var released = false;
        return ReleasesSafely(value, ref released) && released;
    }

    private bool ReleasesSafely(IOperation operation, ref bool released)
    {
        if (operation is IInvocationOperation call && _releases.Contains(call))
        {
            released = true;
            return true;
        }

        if (operation is IBinaryOperation or IConversionOperation)
        {
            foreach (var child in operation.ChildOperations)
            {
                if (!ReleasesSafely(child, ref released))
                {
                    return false;
                }
            }

            return CannotThrowHere(operation, released);
        }

        return CannotThrow.Is(operation, _type);
    }

    private bool CannotThrowHere(IOperation operation, bool released) => operation switch
    {
        IBinaryOperation { OperatorMethod: null, IsChecked: false } => true,
        IConversionOperation { OperatorMethod: null, IsChecked: false } => true,
        _ => released && CannotThrow.Is(operation, _type),
    };

    /// <summary>
    /// A release in an early-exit branch: the last statement of its block is a return, a throw or a jump, and the
    /// block is a branch of an <c>if</c>.
    /// </summary>
    internal static bool IsGuardRelease(IInvocationOperation release)
    {
        if (release.Parent is not IExpressionStatementOperation statement
            || statement.Parent is not IBlockOperation { Parent: IConditionalOperation } block
            || block.Operations.IsEmpty)
        {
            return false;
        }

        return IsExit(block.Operations[block.Operations.Length - 1]);
    }

    /// <summary>Whether every release lies inside one of <paramref name="statements"/>.</summary>
    internal static bool AllWithin(List<IInvocationOperation> releases, List<IOperation> statements)
    {
        foreach (var release in releases)
        {
            var inside = false;
            foreach (var statement in statements)
            {
                if (statement.Syntax.Span.Contains(release.Syntax.Span))
                {
                    inside = true;
                    break;
                }
            }

            if (!inside)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Whether <paramref name="statements"/> cannot leave the lock held: no exception, and every exit releases first.</summary>
    internal bool IsSafe(List<IOperation> statements)
    {
        foreach (var statement in statements)
        {
            if (!IsSafe(statement))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Whether the statements from the acquire up to the one holding its last release cannot leave the lock held, when
    /// they are statements of the acquire's block.
    /// </summary>
    internal bool IsSafeUpToLastRelease(IOperation acquire)
    {
        if (acquire.Parent is not IBlockOperation block || _releases.Count == 0)
        {
            return false;
        }

        var last = _releases[_releases.Count - 1];
        var operations = block.Operations;
        var started = false;
        foreach (var statement in operations)
        {
            if (statement == acquire)
            {
                started = true;
                continue;
            }

            if (!started)
            {
                continue;
            }

            if (!IsSafe(statement))
            {
                return false;
            }

            if (statement.Syntax.Span.Contains(last.Syntax.Span))
            {
                return true;
            }
        }

        return false;
    }

    private bool IsSafe(IOperation statement)
    {
        if (IsReleaseStatement(statement) || CannotThrow.Is(statement, _type))
        {
            return true;
        }

        return statement is IConditionalOperation conditional
            && CannotThrow.Is(conditional.Condition, _type)
            && IsSafeBranch(conditional.WhenTrue)
            && (conditional.WhenFalse is null || IsSafeBranch(conditional.WhenFalse));
    }

    /// <summary><c>x.Release();</c>, or <c>if (taken) x.Exit();</c> with a test that cannot throw.</summary>
    private bool IsReleaseStatement(IOperation statement)
    {
        if (statement is IExpressionStatementOperation { Operation: IInvocationOperation call } && _releases.Contains(call))
        {
            return true;
        }

        return statement is IConditionalOperation { WhenFalse: null } conditional
            && CannotThrow.Is(conditional.Condition, _type)
            && Statements(conditional.WhenTrue) is { Length: 1 } single
            && IsReleaseStatement(single[0]);
    }

    private bool IsSafeBranch(IOperation branch)
    {
        var statements = Statements(branch);
        foreach (var statement in statements)
        {
            // A guard: safe statements, then the release; whatever follows runs without the lock.
            if (IsReleaseStatement(statement))
            {
                return true;
            }

            if (IsExit(statement) || !IsSafe(statement))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsExit(IOperation statement) =>
        statement is IReturnOperation or IBranchOperation or IExpressionStatementOperation { Operation: IThrowOperation };

    private static ImmutableArray<IOperation> Statements(IOperation branch) =>
        branch is IBlockOperation block ? block.Operations : ImmutableArray.Create(branch);
}
