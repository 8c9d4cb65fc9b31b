using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using Vet.Analyzers.Engine;

namespace Vet.Analyzers.Cancellation;

/// <summary>
/// The methods a method shares its token order with: a call that passes the method's token, and the parameters after
/// it in the same order, to another method's token and the parameters after that (a pass-through to it), or a call
/// from another method's body that does the same with the method (a helper it forwards to). A method that mirrors a
/// neighbor whose order is conventional or cannot change keeps the pair consistent, so VET101 leaves it alone.
/// </summary>
internal static class TokenOrderNeighbors
{
    /// <summary>
    /// Whether some neighbor of <paramref name="method"/> (token at <paramref name="token"/>, judged up to
    /// <paramref name="lastFollower"/>) satisfies <paramref name="keepsOrder"/>. Runs only for a method about to be
    /// reported: it binds the calls in the method's body that pass its token, and, for a method only its own assembly
    /// can call, the calls to it in its containing type's declarations in the same file.
    /// </summary>
    internal static bool AnyKeepsOrder(
        IMethodSymbol method,
        int token,
        int lastFollower,
        SemanticModel model,
        CallsByName calls,
        System.Func<ITypeSymbol, bool> isToken,
        System.Func<IMethodSymbol, bool> keepsOrder,
        System.Threading.CancellationToken cancellationToken)
    {
        if (lastFollower <= token)
        {
            return false; // nothing follows the token: there is no order to share
        }

        var tree = model.SyntaxTree;
        var tokenName = method.Parameters[token].Name;
        foreach (var reference in method.DeclaringSyntaxReferences)
        {
            if (reference.SyntaxTree != tree)
            {
                continue;
            }

            foreach (var call in reference.GetSyntax(cancellationToken).DescendantNodes())
            {
                if (PassesIdentifier(call, tokenName)
                    && Bound(model.GetOperation(call, cancellationToken)) is ({ } callee, var arguments)
                    && !SymbolEqualityComparer.Default.Equals(callee.OriginalDefinition, method.OriginalDefinition)
                    && Mirrors(arguments, method, other: null, token, lastFollower, isToken)
                    && keepsOrder(callee.OriginalDefinition))
                {
                    return true;
                }
            }
        }

        if (ApiContracts.IsVisibleOutsideAssembly(method) || method.MethodKind == MethodKind.Constructor)
        {
            return false; // its callers are anywhere
        }

        foreach (var reference in method.ContainingType.DeclaringSyntaxReferences)
        {
            if (reference.SyntaxTree != tree)
            {
                continue;
            }

            foreach (var invocation in calls.Named(method.Name))
            {
                if (reference.Span.Contains(invocation.Span)
                    && model.GetOperation(invocation, cancellationToken) is IInvocationOperation operation
                    && SymbolEqualityComparer.Default.Equals(operation.TargetMethod.OriginalDefinition, method.OriginalDefinition)
                    && Caller(operation.Arguments, token) is { } caller
                    && !SymbolEqualityComparer.Default.Equals(caller, method.OriginalDefinition)
                    && Mirrors(operation.Arguments, method, caller, token, lastFollower, isToken)
                    && keepsOrder(caller))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>
    /// Whether the call's arguments pair <paramref name="method"/>'s token with the other side's token and each of the
    /// method's parameters after it (to <paramref name="lastFollower"/>) with a parameter after the other side's
    /// token, in the same order. <paramref name="other"/> is the calling method when <paramref name="method"/> is the one
    /// called, and null when <paramref name="method"/> makes the call.
    /// </summary>
    private static bool Mirrors(
        ImmutableArray<IArgumentOperation> arguments,
        IMethodSymbol method,
        IMethodSymbol? other,
        int token,
        int lastFollower,
        System.Func<ITypeSymbol, bool> isToken)
    {
        // The method's parameter ordinal, and the other side's parameter it is paired with.
        var pairs = new Dictionary<int, IParameterSymbol>();
        foreach (var argument in arguments)
        {
            if (argument.Parameter is not { } parameter
                || Operations.WithoutConversions(argument.Value) is not IParameterReferenceOperation { Parameter: var passed })
            {
                continue;
            }

            if (other is null && SymbolEqualityComparer.Default.Equals(passed.ContainingSymbol.OriginalDefinition, method.OriginalDefinition))
            {
                pairs[passed.Ordinal] = parameter;
            }
            else if (other is not null && SymbolEqualityComparer.Default.Equals(passed.ContainingSymbol.OriginalDefinition, other))
            {
                pairs[parameter.Ordinal] = passed;
            }
        }

        if (!pairs.TryGetValue(token, out var otherToken) || !isToken(otherToken.Type))
        {
            return false;
        }

        var previous = otherToken.Ordinal;

        for (var i = token + 1; i <= lastFollower; i++)
        {
            if (!pairs.TryGetValue(i, out var paired) || paired.Ordinal <= previous)
            {
                return false;
            }

            previous = paired.Ordinal;
        }

        return true;
    }

    /// <summary>The method whose parameter is passed as the argument for <paramref name="token"/>.</summary>
    private static IMethodSymbol? Caller(ImmutableArray<IArgumentOperation> arguments, int token)
    {
        foreach (var argument in arguments)
        {
            if (argument.Parameter?.Ordinal == token
                && Operations.WithoutConversions(argument.Value) is IParameterReferenceOperation { Parameter.ContainingSymbol: IMethodSymbol caller })
            {
                return caller.OriginalDefinition;
            }
        }

        return null;
    }

    private static bool PassesIdentifier(SyntaxNode node, string name)
    {
        var list = node switch
        {
            InvocationExpressionSyntax invocation => invocation.ArgumentList,
            BaseObjectCreationExpressionSyntax creation => creation.ArgumentList,
            ConstructorInitializerSyntax initializer => initializer.ArgumentList,
            _ => null,
        };
        if (list is null)
        {
            return false;
        }

        foreach (var argument in list.Arguments)
        {
            if (argument.Expression is IdentifierNameSyntax identifier && identifier.Identifier.ValueText == name)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The method a call or object creation binds to, with its arguments.</summary>
    private static (IMethodSymbol? Target, ImmutableArray<IArgumentOperation> Arguments) Bound(IOperation? operation) => operation switch
    {
        IInvocationOperation invocation => (invocation.TargetMethod, invocation.Arguments),
        IObjectCreationOperation { Constructor: { } constructor } creation => (constructor, creation.Arguments),
        _ => (null, default),
    };

    /// <summary>A file's invocations by the name they call, gathered once per file when a method first asks.</summary>
    internal sealed class CallsByName
    {
        private readonly System.Lazy<ILookup<string, InvocationExpressionSyntax>> _calls;

        internal CallsByName(SyntaxNode root, System.Threading.CancellationToken cancellationToken)
        {
            _calls = new System.Lazy<ILookup<string, InvocationExpressionSyntax>>(() =>
            {
                cancellationToken.ThrowIfCancellationRequested();
                return root.DescendantNodes().OfType<InvocationExpressionSyntax>().ToLookup(static call => WrittenCode.CalledName(call) ?? string.Empty, System.StringComparer.Ordinal);
            });
        }

        internal IEnumerable<InvocationExpressionSyntax> Named(string name) => _calls.Value[name];
    }
}
