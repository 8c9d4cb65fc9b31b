using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace Vet.Analyzers.Engine;

/// <summary>
/// Which constructors of an exception type take an inner exception, and which overload keeps a given call's arguments
/// and adds the caught exception (VET301 reports and fixes with it; VET306 reports the types that have none).
/// </summary>
internal static class ExceptionConstructors
{
    /// <summary>A parameter of the constructor accepts an exception (<c>Exception</c> or a derived type).</summary>
    internal static bool TakesException(IMethodSymbol constructor, INamedTypeSymbol exception)
    {
        foreach (var parameter in constructor.Parameters)
        {
            if (BaseTypes.IsOrDerivesFrom(parameter.Type, exception))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Some instance constructor of <paramref name="type"/> (a private one only when <paramref name="includePrivate"/>) takes an exception.</summary>
    internal static bool CanTakeCause(INamedTypeSymbol type, INamedTypeSymbol exception, bool includePrivate)
    {
        foreach (var constructor in type.InstanceConstructors)
        {
            if ((includePrivate || constructor.DeclaredAccessibility != Accessibility.Private) && TakesException(constructor, exception))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Some instance constructor takes text (a <c>string</c> parameter): the type can say what went wrong.</summary>
    internal static bool HasMessageConstructor(INamedTypeSymbol type)
    {
        foreach (var constructor in type.InstanceConstructors)
        {
            foreach (var parameter in constructor.Parameters)
            {
                if (parameter.Type.SpecialType == SpecialType.System_String)
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>A parameter name that holds the message (<c>message</c>, <c>errorMessage</c>, <c>msg</c>).</summary>
    internal static bool IsMessageName(string name) =>
        name.IndexOf("message", StringComparison.OrdinalIgnoreCase) >= 0 || string.Equals(name, "msg", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// The accessible overload of the created type that takes every argument the call passes (same type and parameter
    /// name, in the same order; two message parameters may differ in name), one parameter that accepts
    /// <paramref name="caughtType"/>, and at most one more: a <c>string</c> message parameter the call does not pass.
    /// Other parameters of the overload must be optional. Among several, the one with the fewest extra parameters wins.
    /// Null when the call passes a <c>params</c> array or no overload keeps every argument (an overload that would drop
    /// <c>paramName</c>, <c>actualValue</c> or a token is never offered).
    /// </summary>
    internal static WrappingOverload? FindWrappingOverload(IObjectCreationOperation creation, ITypeSymbol caughtType, INamedTypeSymbol exception, Compilation compilation, INamedTypeSymbol? within)
    {
        if (creation.Constructor is not { } current || creation.Type is not INamedTypeSymbol thrown)
        {
            return null;
        }

        // The arguments the call passes, in the order of the current constructor's parameters.
        var passed = ImmutableArray.CreateBuilder<IArgumentOperation>(creation.Arguments.Length);
        foreach (var argument in creation.Arguments)
        {
            switch (argument.ArgumentKind)
            {
                case ArgumentKind.DefaultValue:
                    continue;
                case ArgumentKind.Explicit when argument.Parameter is not null:
                    passed.Add(argument);
                    continue;
                default:
                    return null;
            }
        }

        passed.Sort(static (a, b) => a.Parameter!.Ordinal.CompareTo(b.Parameter!.Ordinal));

        WrappingOverload? best = null;
        foreach (var candidate in thrown.InstanceConstructors)
        {
            if (SymbolEqualityComparer.Default.Equals(candidate, current)
                || candidate.Parameters.Length <= passed.Count
                || (within is null ? candidate.DeclaredAccessibility != Accessibility.Public : !compilation.IsSymbolAccessibleWithin(candidate, within)))
            {
                continue;
            }

            if (Match(candidate, passed, caughtType, exception) is { } match && (best is null || match.Extra < best.Extra))
            {
                best = match;
            }
        }

        return best;
    }

    private static WrappingOverload? Match(IMethodSymbol candidate, ImmutableArray<IArgumentOperation>.Builder passed, ITypeSymbol caughtType, INamedTypeSymbol exception)
    {
        var slots = new IArgumentOperation?[candidate.Parameters.Length];
        IParameterSymbol? cause = null;
        IParameterSymbol? message = null;
        var extra = 0;
        var next = 0;
        foreach (var parameter in candidate.Parameters)
        {
            if (next < passed.Count && Keeps(passed[next].Parameter!, parameter))
            {
                slots[parameter.Ordinal] = passed[next++];
            }
            else if (cause is null && BaseTypes.IsOrDerivesFrom(parameter.Type, exception) && BaseTypes.IsOrDerivesFrom(caughtType, parameter.Type))
            {
                cause = parameter;
            }
            else if (message is null && parameter.Type.SpecialType == SpecialType.System_String && IsMessageName(parameter.Name) && !parameter.IsOptional)
            {
                message = parameter;
                extra++;
            }
            else if (parameter.IsOptional)
            {
                extra++;
            }
            else
            {
                return null;
            }
        }

        return next == passed.Count && cause is not null
            ? new WrappingOverload(candidate, cause, message, ImmutableArray.Create(slots), extra)
            : null;
    }

    /// <summary>The overload's parameter takes the argument passed for <paramref name="passed"/>, with the same meaning.</summary>
    private static bool Keeps(IParameterSymbol passed, IParameterSymbol parameter) =>
        SymbolEqualityComparer.Default.Equals(passed.Type, parameter.Type)
        && passed.RefKind == parameter.RefKind
        && (string.Equals(passed.Name, parameter.Name, StringComparison.OrdinalIgnoreCase) || (IsMessageName(passed.Name) && IsMessageName(parameter.Name)));

    /// <summary>
    /// The message to give <paramref name="thrown"/> when a wrapping overload needs one the call does not pass, if the
    /// caught exception's own message would say the wrong thing: a cancellation (<c>"The operation was canceled."</c>)
    /// translated into another failure (a translation into a timeout is not reported: VET301 leaves it alone). Null when
    /// <c>caught.Message</c> fits.
    /// </summary>
    internal static string? OwnMessage(INamedTypeSymbol thrown, ITypeSymbol caught, Compilation compilation)
    {
        var canceled = WellKnownTypes.Get(compilation, "System.OperationCanceledException");
        if (canceled is null || !BaseTypes.IsOrDerivesFrom(caught, canceled) || BaseTypes.IsOrDerivesFrom(thrown, canceled))
        {
            return null;
        }

        return "The operation did not complete.";
    }

    private static readonly FileText MayCatch = FileText.Naming("catch");

    /// <summary>
    /// The throws of a new exception (<c>throw new X(…)</c>) written in the catch blocks of the model's file (not in a
    /// lambda or local function written there), each with its catch and the member whose code it is in, found from the
    /// file's text: only the bodies that hold one are bound for their operations (binding one throw builds its whole
    /// member's operations). An operation action on throws would make the compiler bind every body of the compilation
    /// again. <paramref name="mayMatter"/>, when given, rules out more creations from their syntax before any binding.
    /// </summary>
    internal static IEnumerable<(IThrowOperation Throw, ICatchClauseOperation Catch, ISymbol Member)> ThrowsInCatches(
        SemanticModel model,
        System.Threading.CancellationToken cancellationToken,
        System.Func<BaseObjectCreationExpressionSyntax, CatchClauseSyntax, bool>? mayMatter = null)
    {
        foreach (var (throwSyntax, creation, catchClause) in CreationsThrownInCatches(model.SyntaxTree, cancellationToken))
        {
            if (mayMatter is not null && !mayMatter(creation, catchClause))
            {
                continue;
            }

            var operation = model.GetOperation(throwSyntax, cancellationToken);
            var @throw = operation as IThrowOperation ?? (operation as IExpressionStatementOperation)?.Operation as IThrowOperation;
            if (@throw is not null && EnclosingCatch(@throw) is { } @catch
                && WrittenCode.OwnerOf(model, throwSyntax, cancellationToken) is { } member)
            {
                yield return (@throw, @catch, member);
            }
        }
    }

    /// <summary>
    /// The syntax of <see cref="ThrowsInCatches"/>, nothing bound: each <c>throw new X(…)</c> in a catch block of the file,
    /// with the creation and the catch. For a rule that needs only the thrown type, which binds one statement, not the
    /// member's operations.
    /// </summary>
    internal static IEnumerable<(SyntaxNode Throw, BaseObjectCreationExpressionSyntax Creation, CatchClauseSyntax Catch)> CreationsThrownInCatches(
        SyntaxTree tree,
        System.Threading.CancellationToken cancellationToken)
    {
        if (!MayCatch.Holds(tree, cancellationToken))
        {
            yield break;
        }

        foreach (var token in FileText.Written(tree, "throw", cancellationToken))
        {
            if (token.IsKind(SyntaxKind.ThrowKeyword)
                && token.Parent is ThrowStatementSyntax or ThrowExpressionSyntax
                && EnclosingCatch(token.Parent) is { Block: var block } catchClause && block.Span.Contains(token.Span)
                && Created(token.Parent) is { } creation)
            {
                yield return (token.Parent, creation, catchClause);
            }
        }
    }

    /// <summary>The exception a throw creates (<c>throw new X(…)</c>, in parentheses or a cast); null for <c>throw;</c> and any other value.</summary>
    private static BaseObjectCreationExpressionSyntax? Created(SyntaxNode @throw)
    {
        var thrown = @throw switch
        {
            ThrowStatementSyntax statement => statement.Expression,
            ThrowExpressionSyntax expression => expression.Expression,
            _ => null,
        };
        while (thrown is ParenthesizedExpressionSyntax or CastExpressionSyntax)
        {
            thrown = thrown is ParenthesizedExpressionSyntax parenthesized ? parenthesized.Expression : ((CastExpressionSyntax)thrown).Expression;
        }

        return thrown as BaseObjectCreationExpressionSyntax;
    }

    /// <summary>
    /// The catch clause whose code (declaration, filter or block) <paramref name="node"/> is in, stopping at lambdas, local
    /// functions and members; null outside a catch.
    /// </summary>
    internal static CatchClauseSyntax? EnclosingCatch(SyntaxNode node)
    {
        for (var current = node.Parent; current is not null; current = current.Parent)
        {
            switch (current)
            {
                case CatchClauseSyntax @catch:
                    return @catch;
                case AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax or MemberDeclarationSyntax:
                    return null;
            }
        }

        return null;
    }

    /// <summary>
    /// The catch whose handler <paramref name="operation"/> is in, stopping at lambdas and local functions written there
    /// (their code runs later, not in the catch); null outside a handler.
    /// </summary>
    internal static ICatchClauseOperation? EnclosingCatch(IOperation operation)
    {
        for (var current = operation; current.Parent is { } parent; current = parent)
        {
            switch (parent)
            {
                case IAnonymousFunctionOperation or ILocalFunctionOperation:
                    return null;
                case ICatchClauseOperation @catch:
                    return @catch.Handler == current ? @catch : null;
            }
        }

        return null;
    }
}

/// <summary>An overload that keeps a call's arguments and takes the cause.</summary>
internal sealed class WrappingOverload
{
    internal WrappingOverload(IMethodSymbol constructor, IParameterSymbol cause, IParameterSymbol? message, ImmutableArray<IArgumentOperation?> slots, int extra)
    {
        Constructor = constructor;
        Cause = cause;
        Message = message;
        Slots = slots;
        Extra = extra;
    }

    /// <summary>The overload.</summary>
    internal IMethodSymbol Constructor { get; }

    /// <summary>Its parameter that takes the caught exception.</summary>
    internal IParameterSymbol Cause { get; }

    /// <summary>Its message parameter that the call does not pass, if it needs one.</summary>
    internal IParameterSymbol? Message { get; }

    /// <summary>Per parameter of the overload, the call's argument that goes there (null for the cause, the message and omitted optional parameters).</summary>
    internal ImmutableArray<IArgumentOperation?> Slots { get; }

    /// <summary>How many parameters the overload has beyond the call's arguments and the cause.</summary>
    internal int Extra { get; }
}
