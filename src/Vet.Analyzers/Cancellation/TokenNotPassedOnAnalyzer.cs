using System.Collections.Concurrent;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using Vet.Analyzers.Engine;

namespace Vet.Analyzers.Cancellation;

/// <summary>
/// VET103: a token in scope is not passed on. Where CA2016/MA0040 do not look: an explicit <c>None</c>/<c>default</c>,
/// the outer token (or a field) instead of the function's own. Also, as MA0079 and MA0040 do: <c>await foreach</c>
/// without <c>WithCancellation</c>, and an omitted token in the first position.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class TokenNotPassedOnAnalyzer : DiagnosticAnalyzer
{
    /// <summary>Diagnostic property: what the fix does (one of the <c>Kind*</c> values).</summary>
    internal const string KindProperty = "Kind";

    /// <summary>Diagnostic property: the name of the token to pass.</summary>
    internal const string TokenProperty = "Token";

    /// <summary>Diagnostic property, <see cref="KindInsert"/> only: the parameter name when the argument must be named.</summary>
    internal const string ParameterProperty = "Parameter";

    /// <summary>Replace the reported expression with the token.</summary>
    internal const string KindReplace = "Replace";

    /// <summary>Append <c>.WithCancellation(token)</c> to the reported collection.</summary>
    internal const string KindWithCancellation = "WithCancellation";

    /// <summary>Insert the token as the first argument of the reported call (or as a named argument).</summary>
    internal const string KindInsert = "Insert";

    private static readonly DiagnosticDescriptor Rule = Descriptors.VET103_TokenNotPassedOn;

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
        Rule,
        Descriptors.Shapes.VET103_AwaitForeach);

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

            var types = TokenTypes.Create(start.Compilation);
            if (types is null)
            {
                return;
            }

            var overloads = new ConcurrentDictionary<IMethodSymbol, IMethodSymbol?>(SymbolEqualityComparer.Default);
            start.RegisterOperationAction(ctx => AnalyzeInvocation(ctx, types, overloads), OperationKind.Invocation);
            start.RegisterOperationAction(ctx => AnalyzeCreation(ctx, types), OperationKind.ObjectCreation);
            if (types.AsyncEnumerable is not null)
            {
                start.RegisterOperationAction(ctx => AnalyzeLoop(ctx, types), OperationKind.Loop);
            }
        });
    }

    private static void AnalyzeInvocation(OperationAnalysisContext context, TokenTypes types, ConcurrentDictionary<IMethodSymbol, IMethodSymbol?> overloads)
    {
        var invocation = (IInvocationOperation)context.Operation;
        var method = invocation.TargetMethod;
        var hasTokenParameter = AnalyzeArguments(context, invocation.Arguments, method, types);
        if (hasTokenParameter)
        {
            return;
        }

        // (d) an overload that takes the token first, which CA2016 does not look for. Most calls have no token in scope:
        // that is asked first, before the overloads (a shared cache every call would otherwise add to).
        var token = TokenScope.InnermostParameter(invocation, context.ContainingSymbol, types, out var function);
        if (token is null)
        {
            return;
        }

        if (!overloads.TryGetValue(method, out var overload))
        {
            overload = FindTokenFirstOverload(method, types);
            overloads.TryAdd(method, overload);
        }

        if (overload is null
            || !context.Compilation.IsSymbolAccessibleWithin(overload, context.ContainingSymbol.ContainingType ?? (ISymbol)context.Compilation.Assembly)
            || IsExempt(invocation, token, function, context.ContainingSymbol, types))
        {
            return;
        }

        ReportOmitted(context, invocation, token, parameterName: null);
    }

    private static void AnalyzeCreation(OperationAnalysisContext context, TokenTypes types)
    {
        var creation = (IObjectCreationOperation)context.Operation;
        if (creation.Constructor is { } constructor)
        {
            AnalyzeArguments(context, creation.Arguments, constructor, types);
        }
    }

    /// <summary>Cases (a), (b) and the optional form of (d). Returns whether the target takes a token at all.</summary>
    private static bool AnalyzeArguments(OperationAnalysisContext context, ImmutableArray<IArgumentOperation> arguments, IMethodSymbol method, TokenTypes types)
    {
        var hasTokenParameter = false;
        foreach (var argument in arguments)
        {
            var parameter = argument.Parameter;
            if (parameter is null || !types.IsTokenParameter(parameter))
            {
                continue;
            }

            hasTokenParameter = true;
            if (LabelsCancellation(method, types))
            {
                return true;
            }

            if (argument.ArgumentKind == ArgumentKind.DefaultValue)
            {
                // (d) an optional token in the first position; CA2016 sees only the last one.
                // A delegate's default may well mean "the token I captured" (MediatR's next()): not flagged.
                if (parameter.Ordinal == (method.IsExtensionMethod ? 1 : 0)
                    && parameter.Ordinal < method.Parameters.Length - 1
                    && method.MethodKind != MethodKind.DelegateInvoke
                    && HasNoFollowingToken(method, parameter, types)
                    && context.Operation is IInvocationOperation call)
                {
                    var scoped = TokenScope.InnermostParameter(call, context.ContainingSymbol, types, out var owner);
                    if (scoped is not null && !IsExempt(call, scoped, owner, context.ContainingSymbol, types))
                    {
                        ReportOmitted(context, call, scoped, parameter.Name);
                    }
                }

                continue;
            }

            if (argument.ArgumentKind != ArgumentKind.Explicit || argument.Value.Syntax is not ExpressionSyntax)
            {
                continue;
            }

            var origin = TokenScope.Classify(argument.Value, types);
            if (origin is not (TokenOrigin.None or TokenOrigin.Parameter or TokenOrigin.LambdaParameter or TokenOrigin.Field))
            {
                continue;
            }

            var token = TokenScope.InnermostParameter(argument, context.ContainingSymbol, types, out var function);
            if (token is null || PassesAnother(arguments, argument, token, types) || ContinuesWorkGivenTheToken(context.Operation, token))
            {
                continue;
            }

            switch (origin)
            {
                case TokenOrigin.None:
                    // A deliberate None is usually explained; the comment is the record of the decision. Naming the
                    // argument (`cancellationToken: CancellationToken.None`) says so without one.
                    if (IsIdiomaticNone(method)
                        || (argument.Syntax is ArgumentSyntax { NameColon: not null } && Unwrap(argument.Value) is IPropertyReferenceOperation { Property.Name: "None" })
                        || StatedIntent.IsExplainedByStatement(argument.Syntax)
                        || ResultIsLaterGivenTheToken(context.Operation, token)
                        || IsInWorkLeftRunning(argument))
                    {
                        continue;
                    }

                    break;
                case TokenOrigin.Field:
                    // A field the method just filled from its own token is that token; work stored or left running
                    // outlives this call, so the object's own token is the right one for it.
                    if (IsAssignedFrom(Unwrap(argument.Value), token) || OutlivesTheCall(context.Operation))
                    {
                        continue;
                    }

                    break;
                default:
                    // (b) only the function's own token is right; an outer one is flagged when the function has its own.
                    var referenced = ((IParameterReferenceOperation)Unwrap(argument.Value)).Parameter;
                    if (function is null || SymbolEqualityComparer.Default.Equals(referenced, token))
                    {
                        continue;
                    }

                    break;
            }

            if (IsExempt(argument, token, function, context.ContainingSymbol, types))
            {
                continue;
            }

            Report(context, argument.Value.Syntax.GetLocation(), KindReplace, token, MessageNames.Of(method), parameterName: null);
        }

        return hasTokenParameter;
    }

    /// <summary>(c) <c>await foreach</c> over an async enumerable without <c>WithCancellation</c>.</summary>
    private static void AnalyzeLoop(OperationAnalysisContext context, TokenTypes types)
    {
        if (context.Operation is not IForEachLoopOperation { IsAsynchronous: true } loop
            || loop.Syntax is not ForEachStatementSyntax and not ForEachVariableStatementSyntax)
        {
            return;
        }

        var token = TokenScope.InnermostParameter(loop, context.ContainingSymbol, types, out var function);
        if (token is null
            || !IsAsyncEnumerableWithoutToken(Unwrap(loop.Collection), types, IsEnumeratorToken(token), context.CancellationToken)
            || IsExempt(loop, token, function, context.ContainingSymbol, types))
        {
            return;
        }

        Report(context, loop.Collection.Syntax.GetLocation(), KindWithCancellation, token, target: string.Empty, parameterName: null);
    }

    /// <summary>
    /// The token of an async iterator (<c>[EnumeratorCancellation]</c>): the only way its caller's cancellation reaches a
    /// sequence the iterator was handed is <c>WithCancellation</c>.
    /// </summary>
    private static bool IsEnumeratorToken(IParameterSymbol token)
    {
        foreach (var attribute in token.GetAttributes())
        {
            if (attribute.AttributeClass?.Name == "EnumeratorCancellationAttribute")
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsAsyncEnumerableWithoutToken(IOperation? collection, TokenTypes types, bool enumeratorToken, System.Threading.CancellationToken cancellationToken)
    {
        var type = collection?.Type as INamedTypeSymbol;
        if (type is null)
        {
            return false;
        }

        var original = type.OriginalDefinition;
        if (SymbolEqualityComparer.Default.Equals(original, types.ConfiguredAsyncEnumerable))
        {
            // ConfigureAwait(false) alone yields the configured type too: look for WithCancellation among the
            // configuring calls, then at the enumerable they configure.
            for (var depth = 0; depth < 16 && collection is IInvocationOperation { TargetMethod.Name: "ConfigureAwait" or "WithCancellation" } link; depth++)
            {
                if (link.TargetMethod.Name == "WithCancellation")
                {
                    return false;
                }

                collection = UnwrapOrNull(link.Instance ?? (link.Arguments.IsEmpty ? null : link.Arguments[0].Value));
            }
        }
        else if (!ImplementsAsyncEnumerable(type, types))
        {
            return false;
        }

        // The enumerable was made by a call that already got a token: the enumerator observes it.
        return !ChainPassesToken(collection, types, enumeratorToken, cancellationToken);
    }

    private static bool ImplementsAsyncEnumerable(INamedTypeSymbol type, TokenTypes types)
    {
        if (SymbolEqualityComparer.Default.Equals(type.OriginalDefinition, types.AsyncEnumerable))
        {
            return true;
        }

        foreach (var @interface in type.AllInterfaces)
        {
            if (SymbolEqualityComparer.Default.Equals(@interface.OriginalDefinition, types.AsyncEnumerable))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Whether the enumerable was created by a call that was given a token (any call along a chain such as
    /// <c>ReadAsync(ct).Where(...)</c>; an explicit <c>None</c> there is (a)'s to judge), or comes from somewhere the rule
    /// cannot see: a local assigned elsewhere, or a sequence the method was handed (a parameter, field or property), whose
    /// maker may have given it the token already. A sequence handed to an async iterator is the exception: the
    /// iterator's <c>[EnumeratorCancellation]</c> token reaches it only through <c>WithCancellation</c>.
    /// </summary>
    private static bool ChainPassesToken(IOperation? source, TokenTypes types, bool enumeratorToken, System.Threading.CancellationToken cancellationToken)
    {
        for (var depth = 0; depth < 16 && source is not null; depth++)
        {
            switch (source)
            {
                case IInvocationOperation invocation:
                    foreach (var argument in invocation.Arguments)
                    {
                        if (types.IsTokenParameter(argument.Parameter) && argument.ArgumentKind == ArgumentKind.Explicit)
                        {
                            return true;
                        }
                    }

                    source = UnwrapOrNull(invocation.Instance ?? (invocation.TargetMethod.IsExtensionMethod && !invocation.Arguments.IsEmpty ? invocation.Arguments[0].Value : null));
                    break;
                case ILocalReferenceOperation local:
                    // Follow the local to its initializer; a local assigned later is not followed (not flagged).
                    var references = local.Local.DeclaringSyntaxReferences;
                    if (references.Length != 1
                        || references[0].GetSyntax(cancellationToken) is not VariableDeclaratorSyntax { Initializer.Value: { } value }
                        || source.SemanticModel is not { } model
                        || model.SyntaxTree != value.SyntaxTree
                        || model.GetOperation(value, cancellationToken) is not { } initializer
                        || IsReassigned(local))
                    {
                        return true;
                    }

                    source = Unwrap(initializer);
                    break;
                case IInvalidOperation:
                    // A call that does not bind (a missing reference, an argument in error): its arguments cannot be
                    // read, and one of them may be the token.
                    return true;
                case IConditionalOperation { WhenFalse: { } whenFalse } conditional:
                    // `wide ? ReadAll(ct) : ReadSome(ct)`: every way of making the sequence must have passed the token.
                    return ChainPassesToken(Unwrap(conditional.WhenTrue), types, enumeratorToken, cancellationToken)
                        && ChainPassesToken(Unwrap(whenFalse), types, enumeratorToken, cancellationToken);
                case ICoalesceOperation coalesce:
                    return ChainPassesToken(Unwrap(coalesce.Value), types, enumeratorToken, cancellationToken)
                        && ChainPassesToken(Unwrap(coalesce.WhenNull), types, enumeratorToken, cancellationToken);
                case ISwitchExpressionOperation @switch:
                    foreach (var arm in @switch.Arms)
                    {
                        if (!ChainPassesToken(Unwrap(arm.Value), types, enumeratorToken, cancellationToken))
                        {
                            return false;
                        }
                    }

                    return !@switch.Arms.IsEmpty;
                case IParameterReferenceOperation or IFieldReferenceOperation or IPropertyReferenceOperation
                    when source.Type is INamedTypeSymbol sequence && ImplementsAsyncEnumerable(sequence, types):
                    // A sequence handed in (or one derived from it, `source.Where(...)`); a service the method calls to
                    // make the sequence (`client.Stream()`) ends the chain at that call instead.
                    return !enumeratorToken;
                default:
                    return false;
            }
        }

        return true;
    }

    /// <summary>Conservative: a local whose declaration is not of the form <c>var x = ...</c> with a single declarator.</summary>
    private static bool IsReassigned(ILocalReferenceOperation local) => local.Local.IsRef || local.Local.IsConst;

    /// <summary>Another argument of the same call is the token in scope (the call links the two).</summary>
    private static bool PassesAnother(ImmutableArray<IArgumentOperation> arguments, IArgumentOperation except, IParameterSymbol token, TokenTypes types)
    {
        foreach (var argument in arguments)
        {
            if (argument == except)
            {
                continue;
            }

            var value = Unwrap(argument.Value);
            if (value is IParameterReferenceOperation parameter && SymbolEqualityComparer.Default.Equals(parameter.Parameter, token))
            {
                return true;
            }

            // params CancellationToken[]: CreateLinkedTokenSource(a, b, c).
            if (value is IArrayCreationOperation { Initializer: { } initializer })
            {
                foreach (var element in initializer.ElementValues)
                {
                    if (Unwrap(element) is IParameterReferenceOperation p && SymbolEqualityComparer.Default.Equals(p.Parameter, token))
                    {
                        return true;
                    }
                }
            }
        }

        return false;
    }

    /// <summary>
    /// The token names the cause of a cancellation that already happened (<c>TrySetCanceled(token)</c>,
    /// <c>Task.FromCanceled</c>, <c>new OperationCanceledException(message, token)</c>): nothing is cancelled with it, so
    /// <c>None</c> (no token caused it) or another token is a statement about the cause, not a token left behind.
    /// </summary>
    private static bool LabelsCancellation(IMethodSymbol method, TokenTypes types) =>
        method.MethodKind == MethodKind.Constructor
            ? BaseTypes.IsOrDerivesFrom(method.ContainingType, types.Canceled)
            : method.Name is "TrySetCanceled" or "SetCanceled" or "FromCanceled";

    /// <summary>
    /// APIs where <c>None</c> is the idiom rather than a lapse: the token of <c>ContinueWith</c> and <c>StartNew</c> only
    /// stops the task from starting and is usually written to reach the scheduler overload, and linking
    /// <c>None</c> into a new source changes nothing.
    /// </summary>
    private static bool IsIdiomaticNone(IMethodSymbol method)
    {
        var type = method.ContainingType?.Name;
        return method.Name switch
        {
            "ContinueWith" => type is "Task",
            "StartNew" => type is "TaskFactory",
            _ => false,
        };
    }

    /// <summary>The catalogue's exemptions: cleanup and shutdown paths, and code that already knows the token fired.</summary>
    private static bool IsExempt(IOperation operation, IParameterSymbol token, IOperation? function, ISymbol containingSymbol, TokenTypes types)
    {
        // Dispose/DisposeAsync and shutdown paths, by the name of any function around the operation.
        if (containingSymbol is IMethodSymbol method && IsCleanupMethod(method, token))
        {
            return true;
        }

        var child = operation;
        for (var current = operation.Parent; current is not null; child = current, current = current.Parent)
        {
            switch (current)
            {
                case ICatchClauseOperation:
                    return true;
                case ITryOperation @try when @try.Finally == child:
                    return true;
                case ILocalFunctionOperation local when IsCleanupMethod(local.Symbol, token):
                    return true;
                case IConditionalOperation conditional when conditional.Condition != child && ChecksCancellation(conditional.Condition, types):
                    return true;
                case IWhileLoopOperation loop when loop.Condition is { } condition && condition != child && ChecksCancellation(condition, types):
                    return true;
                case IForLoopOperation loop when loop.Condition is { } condition && condition != child && ChecksCancellation(condition, types):
                    return true;
                case IBlockOperation block when PriorStatementChecksCancellation(block, child, types):
                    return true;
            }

            // The exemptions stop at the function that owns the token: a catch around the lambda is not the lambda's.
            if (function is not null && current == function)
            {
                break;
            }
        }

        return false;
    }

    /// <summary>
    /// The call continues work that was already given <paramref name="token"/>: its receiver, down a chain of calls,
    /// received it (<c>WaitAsync(ct).WaitAndUnwrapException(CancellationToken.None)</c>), so the token already reaches it.
    /// </summary>
    private static bool ContinuesWorkGivenTheToken(IOperation call, IParameterSymbol token)
    {
        var receiver = call is IInvocationOperation invocation
            ? invocation.Instance ?? (invocation.TargetMethod.IsExtensionMethod && !invocation.Arguments.IsEmpty ? invocation.Arguments[0].Value : null)
            : null;
        for (var depth = 0; depth < 8 && UnwrapOrNull(receiver) is IInvocationOperation link; depth++)
        {
            if (ReceivesToken(link, token))
            {
                return true;
            }

            receiver = link.Instance ?? (link.TargetMethod.IsExtensionMethod && !link.Arguments.IsEmpty ? link.Arguments[0].Value : null);
        }

        return false;
    }

    /// <summary>
    /// The call's result is kept in a local that is later given <paramref name="token"/>
    /// (<c>var wait = WaitAsync(CancellationToken.None); if (wait.IsCompleted) return; wait.Wait(ct);</c>): the token is
    /// applied where the author chose.
    /// </summary>
    private static bool ResultIsLaterGivenTheToken(IOperation call, IParameterSymbol token)
    {
        var parent = call.Parent;
        while (parent is IConversionOperation or IAwaitOperation)
        {
            parent = parent.Parent;
        }

        if (parent is not IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator })
        {
            return false;
        }

        var root = call;
        while (root.Parent is { } up)
        {
            root = up;
        }

        foreach (var node in root.Descendants())
        {
            if (node is IInvocationOperation later
                && node.Syntax.SpanStart > call.Syntax.Span.End
                && ReceivesToken(later, token)
                && UnwrapOrNull(later.Instance ?? (later.TargetMethod.IsExtensionMethod && !later.Arguments.IsEmpty ? later.Arguments[0].Value : null)) is ILocalReferenceOperation local
                && SymbolEqualityComparer.Default.Equals(local.Local, declarator.Symbol))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The call's result is stored in a field or property, or discarded (<c>_ = RunAsync(...)</c>): the work outlives this call.</summary>
    /// <summary>
    /// The argument is in a lambda handed to a call whose task nobody waits for here (<c>_ = Task.Run(async () =>
    /// await ReconnectAsync(CancellationToken.None));</c>): the work outlives the method, so the method's token is not
    /// the right one for it.
    /// </summary>
    private static bool IsInWorkLeftRunning(IArgumentOperation argument)
    {
        for (var operation = argument.Parent; operation is not null; operation = operation.Parent)
        {
            if (operation is not IAnonymousFunctionOperation lambda)
            {
                continue;
            }

            var handle = lambda.Parent is IDelegateCreationOperation creation ? creation.Parent : lambda.Parent;
            return handle is IArgumentOperation { Parent: IInvocationOperation call }
                && (OutlivesTheCall(call) || call.Parent is IExpressionStatementOperation);
        }

        return false;
    }

    private static bool OutlivesTheCall(IOperation call)
    {
        var parent = call.Parent;
        while (parent is IConversionOperation)
        {
            parent = parent.Parent;
        }

        return parent is ISimpleAssignmentOperation { Target: IFieldReferenceOperation or IPropertyReferenceOperation or IDiscardOperation } assignment
            && UnwrapOrNull(assignment.Value) == call;
    }

    private static bool ReceivesToken(IInvocationOperation invocation, IParameterSymbol token)
    {
        foreach (var argument in invocation.Arguments)
        {
            if (UnwrapOrNull(argument.Value) is IParameterReferenceOperation reference && SymbolEqualityComparer.Default.Equals(reference.Parameter, token))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Whether the member that holds the token field <paramref name="field"/> assigns it from <paramref name="token"/>
    /// (<c>_token = cancellationToken;</c>) anywhere in the function that declares the token.
    /// </summary>
    private static bool IsAssignedFrom(IOperation field, IParameterSymbol token)
    {
        var member = field switch
        {
            IFieldReferenceOperation reference => (ISymbol)reference.Field,
            IPropertyReferenceOperation reference => reference.Property,
            _ => null,
        };
        if (member is null)
        {
            return false;
        }

        // The root of the body the token belongs to.
        var root = field;
        while (root.Parent is { } parent)
        {
            root = parent;
        }

        foreach (var descendant in root.Descendants())
        {
            if (descendant is ISimpleAssignmentOperation assignment
                && Unwrap(assignment.Value) is IParameterReferenceOperation assigned
                && SymbolEqualityComparer.Default.Equals(assigned.Parameter, token)
                && assignment.Target switch
                {
                    IFieldReferenceOperation target => SymbolEqualityComparer.Default.Equals(target.Field, member),
                    IPropertyReferenceOperation target => SymbolEqualityComparer.Default.Equals(target.Property, member),
                    _ => false,
                })
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsCleanupMethod(IMethodSymbol method, IParameterSymbol token)
    {
        var name = method.Name;
        if (name is "Dispose" or "DisposeAsync" or "DisposeAsyncCore" or "Finalize")
        {
            return true;
        }

        // A shutdown path may drop a token it inherited from elsewhere, not the one its own caller handed it.
        return (name.StartsWith("Stop", System.StringComparison.Ordinal)
                || name.StartsWith("Shutdown", System.StringComparison.Ordinal)
                || name.StartsWith("Close", System.StringComparison.Ordinal))
            && !SymbolEqualityComparer.Default.Equals(token.ContainingSymbol, method);
    }

    private static bool PriorStatementChecksCancellation(IBlockOperation block, IOperation child, TokenTypes types)
    {
        foreach (var statement in block.Operations)
        {
            if (statement == child)
            {
                return false;
            }

            if (ChecksCancellation(statement, types))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Whether <paramref name="operation"/> reads <c>IsCancellationRequested</c> of a token or a source, or calls
    /// <c>ThrowIfCancellationRequested()</c>: code after it knows whether the token fired.
    /// </summary>
    private static bool ChecksCancellation(IOperation operation, TokenTypes types)
    {
        if (operation is IPropertyReferenceOperation { Property.Name: "IsCancellationRequested" or "CanBeCanceled" } property
            && (types.IsToken(property.Property.ContainingType) || types.IsSource(property.Property.ContainingType)))
        {
            return true;
        }

        if (operation is IInvocationOperation { TargetMethod.Name: "ThrowIfCancellationRequested" } invocation
            && types.IsToken(invocation.TargetMethod.ContainingType))
        {
            return true;
        }

        // Nested functions are their own scope.
        if (operation is IAnonymousFunctionOperation or ILocalFunctionOperation)
        {
            return false;
        }

        foreach (var child in operation.ChildOperations)
        {
            if (ChecksCancellation(child, types))
            {
                return true;
            }
        }

        return false;
    }

    private static void ReportOmitted(OperationAnalysisContext context, IInvocationOperation invocation, IParameterSymbol token, string? parameterName)
    {
        if (invocation.Syntax is not InvocationExpressionSyntax syntax)
        {
            return;
        }

        var location = syntax.Expression switch
        {
            MemberAccessExpressionSyntax member => member.Name.GetLocation(),
            MemberBindingExpressionSyntax binding => binding.Name.GetLocation(),
            _ => syntax.Expression.GetLocation(),
        };
        var named = parameterName is not null && syntax.ArgumentList.Arguments.Count > 0 ? parameterName : null;
        Report(context, location, KindInsert, token, MessageNames.Of(invocation.TargetMethod), named);
    }

    private static void Report(OperationAnalysisContext context, Location location, string kind, IParameterSymbol token, string target, string? parameterName)
    {
        var properties = ImmutableDictionary.CreateBuilder<string, string?>();
        properties.Add(KindProperty, kind);
        properties.Add(TokenProperty, token.Name);
        if (parameterName is not null)
        {
            properties.Add(ParameterProperty, parameterName);
        }

        context.ReportDiagnostic(kind == KindWithCancellation
            ? Diagnostic.Create(Descriptors.Shapes.VET103_AwaitForeach, location, properties.ToImmutable(), token.Name)
            : Diagnostic.Create(Rule, location, properties.ToImmutable(), token.Name, target));
    }

    /// <summary>
    /// An accessible overload of <paramref name="method"/> with a token as its first parameter and otherwise the
    /// same parameters (CA2016 finds the one with the token last).
    /// </summary>
    private static IMethodSymbol? FindTokenFirstOverload(IMethodSymbol method, TokenTypes types)
    {
        if (method.MethodKind != MethodKind.Ordinary || method.ContainingType is null)
        {
            return null;
        }

        var original = method.OriginalDefinition;
        var offset = original.IsExtensionMethod ? 1 : 0;
        if (original.Parameters.Length <= offset)
        {
            // The overload's token would be first and last: CA2016 already suggests it.
            return null;
        }

        foreach (var member in original.ContainingType.GetMembers(original.Name))
        {
            if (member is not IMethodSymbol candidate
                || candidate.IsStatic != original.IsStatic
                || candidate.IsExtensionMethod != original.IsExtensionMethod
                || candidate.Parameters.Length != original.Parameters.Length + 1
                || candidate.TypeParameters.Length != original.TypeParameters.Length
                || candidate.Parameters.Length <= offset
                || !types.IsTokenParameter(candidate.Parameters[offset])
                || candidate.IsObsolete())
            {
                continue;
            }

            var same = true;
            for (var i = 0; i < original.Parameters.Length && same; i++)
            {
                var candidateIndex = i < offset ? i : i + 1;
                same = original.Parameters[i].RefKind == candidate.Parameters[candidateIndex].RefKind
                    && SameType(original.Parameters[i].Type, candidate.Parameters[candidateIndex].Type);
            }

            if (same && SameType(original.ReturnType, candidate.ReturnType))
            {
                return candidate;
            }
        }

        return null;
    }

    /// <summary>Type equality that treats the two overloads' own type parameters at the same position as equal.</summary>
    private static bool SameType(ITypeSymbol left, ITypeSymbol right)
    {
        if (left is ITypeParameterSymbol { TypeParameterKind: TypeParameterKind.Method } l
            && right is ITypeParameterSymbol { TypeParameterKind: TypeParameterKind.Method } r)
        {
            return l.Ordinal == r.Ordinal;
        }

        if (left is INamedTypeSymbol { IsGenericType: true } ln && right is INamedTypeSymbol { IsGenericType: true } rn)
        {
            if (!SymbolEqualityComparer.Default.Equals(ln.OriginalDefinition, rn.OriginalDefinition) || ln.TypeArguments.Length != rn.TypeArguments.Length)
            {
                return false;
            }

            for (var i = 0; i < ln.TypeArguments.Length; i++)
            {
                if (!SameType(ln.TypeArguments[i], rn.TypeArguments[i]))
                {
                    return false;
                }
            }

            return true;
        }

        if (left is IArrayTypeSymbol la && right is IArrayTypeSymbol ra)
        {
            return la.Rank == ra.Rank && SameType(la.ElementType, ra.ElementType);
        }

        return SymbolEqualityComparer.Default.Equals(left, right);
    }

    private static bool HasNoFollowingToken(IMethodSymbol method, IParameterSymbol parameter, TokenTypes types)
    {
        for (var i = parameter.Ordinal + 1; i < method.Parameters.Length; i++)
        {
            if (types.IsTokenParameter(method.Parameters[i]))
            {
                return false;
            }
        }

        return true;
    }

    private static IOperation Unwrap(IOperation operation) => UnwrapOrNull(operation)!;

    private static IOperation? UnwrapOrNull(IOperation? operation)
    {
        while (operation is IConversionOperation { IsImplicit: true } conversion)
        {
            operation = conversion.Operand;
        }

        return operation;
    }
}
