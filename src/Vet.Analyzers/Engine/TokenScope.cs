using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Vet.Analyzers.Engine;

/// <summary>Where a cancellation token expression came from.</summary>
internal enum TokenOrigin
{
    /// <summary>Not a token, or a shape the engine does not recognize (a call result, an element, ...).</summary>
    Unknown,

    /// <summary><c>CancellationToken.None</c>, <c>default</c>, <c>default(CancellationToken)</c>, <c>new CancellationToken()</c>.</summary>
    None,

    /// <summary>A parameter of a method, constructor or accessor.</summary>
    Parameter,

    /// <summary>A parameter of a lambda, anonymous method or local function.</summary>
    LambdaParameter,

    /// <summary>A field, or a property of this instance or a static one, of type CancellationToken.</summary>
    Field,

    /// <summary>The <c>Token</c> of a CancellationTokenSource (created in the method or held in a field).</summary>
    OwnedSource,

    /// <summary>A local variable.</summary>
    Local,

    /// <summary>A property of another object (a parameter's or a local's), such as <c>context.CancellationToken</c>.</summary>
    Member,
}

/// <summary>The token types a rule compares against, resolved once per compilation.</summary>
internal sealed class TokenTypes
{
    private TokenTypes(Compilation compilation, INamedTypeSymbol token)
    {
        Token = token;
        Source = WellKnownTypes.Get(compilation, "System.Threading.CancellationTokenSource");
        AsyncEnumerable = WellKnownTypes.Get(compilation, "System.Collections.Generic.IAsyncEnumerable`1");
        ConfiguredAsyncEnumerable = WellKnownTypes.Get(compilation, "System.Runtime.CompilerServices.ConfiguredCancelableAsyncEnumerable`1");
        Canceled = WellKnownTypes.Get(compilation, "System.OperationCanceledException");
    }

    internal INamedTypeSymbol Token { get; }

    internal INamedTypeSymbol? Source { get; }

    internal INamedTypeSymbol? AsyncEnumerable { get; }

    internal INamedTypeSymbol? ConfiguredAsyncEnumerable { get; }

    internal INamedTypeSymbol? Canceled { get; }

    /// <summary>The types, or null when the compilation has no CancellationToken (then a rule registers nothing).</summary>
    internal static TokenTypes? Create(Compilation compilation) =>
        WellKnownTypes.Get(compilation, "System.Threading.CancellationToken") is { } token ? new TokenTypes(compilation, token) : null;

    internal bool IsToken(ITypeSymbol? type) => type is not null && SymbolEqualityComparer.Default.Equals(type, Token);

    /// <summary>
    /// Whether a parameter is declared as a CancellationToken: a generic parameter (<c>EqualTo&lt;T&gt;(T expected)</c>,
    /// <c>List&lt;T&gt;.Add(T item)</c>) that a call happens to instantiate with CancellationToken is a value, not a token the
    /// callee observes.
    /// </summary>
    internal bool IsTokenParameter(IParameterSymbol? parameter) => parameter is not null && IsToken(parameter.OriginalDefinition.Type);

    /// <summary>A CancellationTokenSource, or a subclass of it (rare), which is still a source.</summary>
    internal bool IsSource(ITypeSymbol? type) => BaseTypes.IsOrDerivesFrom(type, Source);
}

/// <summary>
/// Which cancellation tokens are in scope at an operation and where each came from: the shared question of
/// VET101, VET103, VET104 and VET105.
/// </summary>
internal static class TokenScope
{
    /// <summary>How far up the operation tree the engine looks before giving up (deeply nested generated code).</summary>
    private const int MaxDepth = 256;

    /// <summary>
    /// The token parameter of the innermost function (method, lambda, local function) around
    /// <paramref name="operation"/> that declares one and whose parameters the operation can see. Returns null
    /// when there is none, when that function declares several (which one was meant is unknown), when a static
    /// lambda or local function hides the outer ones, or inside a callback passed to
    /// <c>CancellationToken.Register</c> (the token is already cancelled there).
    /// </summary>
    /// <param name="function">The lambda or local function operation that declares the token, or null for the method.</param>
    internal static IParameterSymbol? InnermostParameter(IOperation operation, ISymbol containingSymbol, TokenTypes types, out IOperation? function)
    {
        function = null;
        var depth = 0;
        for (var current = operation.Parent; current is not null && depth < MaxDepth; current = current.Parent, depth++)
        {
            IMethodSymbol? symbol;
            if (current is IAnonymousFunctionOperation lambda)
            {
                symbol = lambda.Symbol;
                if (IsRegistrationCallback(lambda, types))
                {
                    return null;
                }
            }
            else if (current is ILocalFunctionOperation local)
            {
                symbol = local.Symbol;
            }
            else
            {
                continue;
            }

            var found = SingleToken(symbol, types, out var ambiguous);
            if (found is not null || ambiguous)
            {
                function = current;
                return found;
            }

            if (symbol.IsStatic)
            {
                return null;
            }
        }

        return containingSymbol is IMethodSymbol method ? SingleToken(method, types, out _) : null;
    }

    /// <summary>The function (lambda, local function) operation nearest around <paramref name="operation"/>, or null for the method body.</summary>
    internal static IOperation? EnclosingFunction(IOperation operation)
    {
        var depth = 0;
        for (var current = operation.Parent; current is not null && depth < MaxDepth; current = current.Parent, depth++)
        {
            if (current is IAnonymousFunctionOperation or ILocalFunctionOperation)
            {
                return current;
            }
        }

        return null;
    }

    /// <summary>The symbol of a function operation returned by <see cref="InnermostParameter"/>.</summary>
    internal static IMethodSymbol? FunctionSymbol(IOperation? function) => function switch
    {
        IAnonymousFunctionOperation lambda => lambda.Symbol,
        ILocalFunctionOperation local => local.Symbol,
        _ => null,
    };

    /// <summary>Where the token expression <paramref name="value"/> came from (conversions are looked through).</summary>
    internal static TokenOrigin Classify(IOperation value, TokenTypes types)
    {
        while (value is IConversionOperation { IsImplicit: true } conversion)
        {
            value = conversion.Operand;
        }

        switch (value)
        {
            case IDefaultValueOperation:
                return TokenOrigin.None;
            case IObjectCreationOperation creation when types.IsToken(creation.Type) && creation.Arguments.IsEmpty:
                return TokenOrigin.None;
            case IPropertyReferenceOperation { Property.IsStatic: true, Property.Name: "None" } none when types.IsToken(none.Property.ContainingType):
                return TokenOrigin.None;
            case IParameterReferenceOperation parameter:
                return parameter.Parameter.ContainingSymbol is IMethodSymbol { MethodKind: MethodKind.AnonymousFunction or MethodKind.LocalFunction }
                    ? TokenOrigin.LambdaParameter
                    : TokenOrigin.Parameter;
            case ILocalReferenceOperation:
                return TokenOrigin.Local;
            case IFieldReferenceOperation field:
                return field.Instance is null or IInstanceReferenceOperation ? TokenOrigin.Field : TokenOrigin.Member;
            case IPropertyReferenceOperation property:
                if (types.IsSource(property.Property.ContainingType) && property.Property.Name == "Token")
                {
                    return TokenOrigin.OwnedSource;
                }

                return property.Instance is null or IInstanceReferenceOperation ? TokenOrigin.Field : TokenOrigin.Member;
            default:
                return TokenOrigin.Unknown;
        }
    }

    private static IParameterSymbol? SingleToken(IMethodSymbol method, TokenTypes types, out bool ambiguous)
    {
        ambiguous = false;
        IParameterSymbol? found = null;
        foreach (var parameter in method.Parameters)
        {
            // A discard cannot be referenced, so it is not in scope; a token named `_` or `_1` is left unused on purpose.
            if (!types.IsTokenParameter(parameter) || parameter.IsDiscard || IsDiscardName(parameter.Name))
            {
                continue;
            }

            if (found is not null)
            {
                ambiguous = true;
                return null;
            }

            found = parameter;
        }

        return found;
    }

    private static bool IsDiscardName(string name)
    {
        if (name.Length == 0 || name[0] != '_')
        {
            return false;
        }

        for (var i = 1; i < name.Length; i++)
        {
            if (!char.IsDigit(name[i]))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>A lambda passed to <c>CancellationToken.Register</c>/<c>UnsafeRegister</c>: it runs once the token is cancelled.</summary>
    private static bool IsRegistrationCallback(IAnonymousFunctionOperation lambda, TokenTypes types)
    {
        var parent = lambda.Parent;
        if (parent is IDelegateCreationOperation)
        {
            parent = parent.Parent;
        }

        while (parent is IConversionOperation)
        {
            parent = parent.Parent;
        }

        return parent is IArgumentOperation { Parent: IInvocationOperation invocation }
            && types.IsToken(invocation.TargetMethod.ContainingType)
            && invocation.TargetMethod.Name is "Register" or "UnsafeRegister";
    }
}
