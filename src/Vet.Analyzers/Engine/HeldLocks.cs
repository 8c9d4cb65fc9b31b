using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace Vet.Analyzers.Engine;

/// <summary>
/// The locks held at a point, innermost first; a null gate stands for a non-monitor primitive (semaphore...). Walking a
/// body, <see cref="After"/> gives the locks held after each statement; <see cref="SyntacticGatesAt"/> answers the same
/// question from syntax alone, for code the caller has no semantic model of.
/// </summary>
internal sealed class HeldLocks
{
    internal HeldLocks(ISymbol? gate, HeldLocks? next)
    {
        Gate = gate?.OriginalDefinition;
        Next = next;
    }

    internal ISymbol? Gate { get; }

    internal HeldLocks? Next { get; }

    internal static bool Contains(HeldLocks? held, ISymbol? gate)
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

    internal static HeldLocks? Without(HeldLocks? held, ISymbol gate)
    {
        if (held is null)
        {
            return null;
        }

        return SymbolEqualityComparer.Default.Equals(held.Gate, gate.OriginalDefinition) ? held.Next : new HeldLocks(held.Gate, Without(held.Next, gate));
    }

    internal static HeldLocks? Combine(HeldLocks? a, HeldLocks? b)
    {
        for (; a is not null; a = a.Next)
        {
            b = new HeldLocks(a.Gate, b);
        }

        return b;
    }

    /// <summary>Whether <paramref name="held"/> includes a monitor (a gate, not a semaphore).</summary>
    internal static bool AnyMonitor(HeldLocks? held)
    {
        for (; held is not null; held = held.Next)
        {
            if (held.Gate is not null)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The monitor gates of <paramref name="held"/>, each once.</summary>
    internal static HeldLocks? Distinct(HeldLocks? held)
    {
        HeldLocks? result = null;
        for (; held is not null; held = held.Next)
        {
            if (held.Gate is not null && !Contains(result, held.Gate))
            {
                result = new HeldLocks(held.Gate, result);
            }
        }

        return result;
    }

    internal static HeldLocks? Intersect(HeldLocks? a, HeldLocks? b)
    {
        HeldLocks? result = null;
        for (; a is not null; a = a.Next)
        {
            if (Contains(b, a.Gate))
            {
                result = new HeldLocks(a.Gate, result);
            }
        }

        return result;
    }

    internal static int Count(HeldLocks? held)
    {
        var count = 0;
        for (; held is not null; held = held.Next)
        {
            count++;
        }

        return count;
    }

    /// <summary>The locks held after <paramref name="statement"/>: it may acquire or release one as a statement.</summary>
    internal static HeldLocks? After(IOperation statement, HeldLocks? held)
    {
        if (statement is IConditionalOperation { WhenTrue: { } whenTrue } conditional)
        {
            // if (...) Monitor.Enter(gate, ref taken); else Monitor.TryEnter(gate, timeout, ref taken);
            var afterTrue = After(Single(whenTrue), held);
            if (afterTrue != held)
            {
                return afterTrue;
            }

            return conditional.WhenFalse is { } whenFalse ? After(Single(whenFalse), held) : held;
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
            return new HeldLocks(entered, held);
        }

        if (LockScope.MonitorExitGate(call) is { } exited)
        {
            return HeldLocks.Without(held, exited);
        }

        return LockPrimitive.IsNonMonitorAcquire(call) || LockScope.IsLockHelper(call.TargetMethod) ? new HeldLocks(null, held) : held;
    }

    private static IOperation Single(IOperation statement) =>
        statement is IBlockOperation { Operations.Length: 1 } block ? block.Operations[0] : statement;

    /// <summary>
    /// The monitors held at <paramref name="node"/>, read from its member's syntax alone (for code whose semantic model the
    /// caller does not have, such as a base class in another file): the <c>lock</c> statements around it, the true branch
    /// of an <c>if (Monitor.TryEnter(x, ...))</c>, and <c>Monitor.Enter(x)</c> statements earlier in an enclosing block
    /// that no <c>Monitor.Exit(x)</c> has ended. A gate is resolved by name among the members of <paramref name="type"/>
    /// and its base types; <c>this</c> stands for <paramref name="instance"/>. Gates that cannot be resolved are left out.
    /// </summary>
    internal static List<ISymbol> SyntacticGatesAt(SyntaxNode node, INamedTypeSymbol type, ISymbol instance)
    {
        var gates = new List<ISymbol>();
        for (var current = node; current.Parent is { } parent; current = parent)
        {
            switch (parent)
            {
                case MemberDeclarationSyntax or AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax:
                    return gates;
                case LockStatementSyntax @lock when @lock.Statement == current:
                    AddGate(gates, @lock.Expression, type, instance);
                    break;
                case IfStatementSyntax { Condition: InvocationExpressionSyntax condition } @if when @if.Statement == current
                    && MonitorCall(condition) == "TryEnter":
                    AddGate(gates, condition.ArgumentList.Arguments[0].Expression, type, instance);
                    break;
                case BlockSyntax block:
                    var entered = new List<ISymbol>();
                    foreach (var statement in block.Statements)
                    {
                        if (statement == current)
                        {
                            break;
                        }

                        if (statement is ExpressionStatementSyntax { Expression: InvocationExpressionSyntax call }
                            && MonitorCall(call) is { } name
                            && Resolve(call.ArgumentList.Arguments[0].Expression, type, instance) is { } gate)
                        {
                            if (name is "Enter" or "TryEnter")
                            {
                                entered.Add(gate);
                            }
                            else if (name == "Exit")
                            {
                                entered.Remove(gate);
                            }
                        }
                    }

                    gates.AddRange(entered);
                    break;
            }
        }

        return gates;
    }

    /// <summary>"Enter", "TryEnter" or "Exit" for a <c>Monitor.X(gate, ...)</c> call written with the type's name, else null.</summary>
    private static string? MonitorCall(InvocationExpressionSyntax call) =>
        call.Expression is MemberAccessExpressionSyntax
        {
            Expression: IdentifierNameSyntax { Identifier.ValueText: "Monitor" } or MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Monitor" },
            Name.Identifier.ValueText: var name,
        } && name is "Enter" or "TryEnter" or "Exit" && call.ArgumentList.Arguments.Count > 0
            ? name
            : null;

    private static void AddGate(List<ISymbol> gates, ExpressionSyntax expression, INamedTypeSymbol type, ISymbol instance)
    {
        if (Resolve(expression, type, instance) is { } gate)
        {
            gates.Add(gate);
        }
    }

    private static ISymbol? Resolve(ExpressionSyntax expression, INamedTypeSymbol type, ISymbol instance)
    {
        while (expression is ParenthesizedExpressionSyntax or CastExpressionSyntax)
        {
            expression = expression is ParenthesizedExpressionSyntax parenthesized ? parenthesized.Expression : ((CastExpressionSyntax)expression).Expression;
        }

        var name = expression switch
        {
            ThisExpressionSyntax => null,
            IdentifierNameSyntax identifier => identifier.Identifier.ValueText,
            MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax, Name: IdentifierNameSyntax member } => member.Identifier.ValueText,
            _ => string.Empty,
        };
        if (name is null)
        {
            return instance;
        }

        if (name.Length == 0)
        {
            return null;
        }

        for (var current = type; current is not null; current = current.BaseType)
        {
            foreach (var member in current.GetMembers(name))
            {
                if (member is IFieldSymbol or IPropertySymbol)
                {
                    return member.OriginalDefinition;
                }
            }
        }

        return null;
    }
}
