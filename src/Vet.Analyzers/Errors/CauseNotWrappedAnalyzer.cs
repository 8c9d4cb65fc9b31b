using System;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using Vet.Analyzers.Engine;

namespace Vet.Analyzers.Errors;

/// <summary>
/// VET301: <c>throw new X(...)</c> in a catch (the innermost one; not in a lambda written there) whose arguments do not
/// pass the caught exception or anything taken from it other than its text (<c>ex.Message</c>, <c>ex.ToString()</c>,
/// <c>ex.GetType()</c>), when <c>X</c> has an overload that keeps every argument of the call and takes the cause.
/// </summary>
/// <remarks>
/// A type without such an overload is not reported here: one of the compilation's own types with no constructor that
/// takes an exception is VET306's finding, and an overload that would drop an argument the call passes
/// (<c>paramName</c>, <c>actualValue</c>, a token) is not worth the change. Also skipped: cancellation rethrown with
/// its token, and argument-less types the compilation catches by type (control-flow signals).
/// </remarks>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class CauseNotWrappedAnalyzer : DiagnosticAnalyzer
{
    private static readonly DiagnosticDescriptor Rule = Descriptors.VET301_CauseNotWrapped;

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
        Rule,
        Descriptors.Shapes.VET301_NoVariable);

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

            if (WellKnownTypes.Get(start.Compilation, "System.Exception") is { } exception)
            {
                var types = new KnownTypes(
                    exception,
                    WellKnownTypes.Get(start.Compilation, "System.OperationCanceledException"),
                    WellKnownTypes.Get(start.Compilation, "System.Threading.CancellationToken"),
                    new CaughtTypes(start.Compilation));
                // One action per file: the throws in catch blocks are found from the text (see ExceptionConstructors.ThrowsInCatches).
                start.RegisterSemanticModelAction(ctx =>
                {
                    foreach (var (@throw, @catch, member) in ExceptionConstructors.ThrowsInCatches(ctx.SemanticModel, ctx.CancellationToken, MayLoseCause))
                    {
                        AnalyzeThrow(ctx, @throw, @catch, member, types);
                    }
                });
            }
        });
    }

    private sealed class KnownTypes
    {
        public KnownTypes(INamedTypeSymbol exception, INamedTypeSymbol? canceled, INamedTypeSymbol? token, CaughtTypes caught)
        {
            Exception = exception;
            Canceled = canceled;
            Token = token;
            Caught = caught;
        }

        public INamedTypeSymbol Exception { get; }

        public INamedTypeSymbol? Canceled { get; }

        public INamedTypeSymbol? Token { get; }

        public CaughtTypes Caught { get; }
    }

    private static void AnalyzeThrow(SemanticModelAnalysisContext context, IThrowOperation @throw, ICatchClauseOperation @catch, ISymbol member, KnownTypes types)
    {
        if (@throw.Exception is null
            || Operations.WithoutConversions(@throw.Exception) is not IObjectCreationOperation { Constructor: not null, Type: INamedTypeSymbol thrown } creation)
        {
            return;
        }

        var exception = types.Exception;
        var caught = @catch.ExceptionDeclarationOrExpression is IVariableDeclaratorOperation { Symbol: { } local } ? local : null;
        if ((caught is not null && PassesCause(creation, caught))
            || PassesAnotherException(creation, exception)
            || IsCancellationWithToken(creation, thrown, types)
            || ReportsOwnCancellation(@throw, @catch, creation, thrown, types)
            || IsTimeout(thrown)
            || ReportsSomethingElse(@throw)
            || ReportsExhaustedRetries(@throw, @catch, caught, member)
            || ReportsWrongArgumentType(@catch, creation, thrown, member)
            || SelectsSignalByMessage(@catch, caught)
            || ReportsLookupThatFoundNothing(@catch, exception)
            || member.IsInObsoleteCode()
            || IsBoundary(thrown, context.Options, @throw.Syntax.SyntaxTree)
            || FollowsCallThatNeverReturns(@throw, context.CancellationToken))
        {
            return;
        }

        // `catch { }` catches object; the fix declares it as Exception.
        var caughtType = @catch.ExceptionType is INamedTypeSymbol { TypeKind: not TypeKind.Error } type && BaseTypes.IsOrDerivesFrom(type, exception) ? type : exception;

        // Only an overload that keeps every argument is worth offering; a type that has none is VET306's finding.
        if (ExceptionConstructors.FindWrappingOverload(creation, caughtType, exception, context.SemanticModel.Compilation, member.ContainingType) is null)
        {
            return;
        }

        // `throw new RetryException();` where the compilation catches RetryException: a signal, not a failure report.
        if (IsArgumentless(creation) && types.Caught.IsCaught(thrown, context.CancellationToken))
        {
            return;
        }

        // `throw new InvalidOperationException("reject");` where a filter selects it by that text: a signal too.
        if (OnlyText(creation) is { } text && types.Caught.IsCaughtByMessage(text, context.CancellationToken))
        {
            return;
        }

        // The fix finds the same overload again (ExceptionConstructors.FindWrappingOverload) and calls it.
        context.ReportDiagnostic(caught is null
            ? Diagnostic.Create(Descriptors.Shapes.VET301_NoVariable, creation.Syntax.GetLocation(), thrown.Name)
            : Diagnostic.Create(Rule, creation.Syntax.GetLocation(), thrown.Name, caught.Name));
    }

    /// <summary>
    /// <c>catch (ArrayTypeMismatchException) { throw new ArgumentException("…", nameof(array)); }</c> in a member that takes
    /// an <c>object</c> or an <c>Array</c>: the failed cast only says the argument has the wrong type, which the
    /// <c>ArgumentException</c> names; the non-generic collection interfaces (<c>ICollection.CopyTo</c>, <c>IDictionary</c>,
    /// <c>IList</c>) document exactly this translation, and the framework's own collections make it without the cause.
    /// </summary>
    private static bool ReportsWrongArgumentType(ICatchClauseOperation @catch, IObjectCreationOperation creation, INamedTypeSymbol thrown, ISymbol containing)
    {
        if (@catch.ExceptionType is not INamedTypeSymbol { Name: "ArrayTypeMismatchException" or "InvalidCastException" } caught
            || !caught.ContainingNamespace.IsNamed("System")
            || thrown.Name != "ArgumentException" || !thrown.ContainingNamespace.IsNamed("System")
            || containing is not IMethodSymbol method)
        {
            return false;
        }

        foreach (var argument in creation.Arguments)
        {
            if (argument.Parameter?.Name != "paramName" || argument.Value.ConstantValue is not { HasValue: true, Value: string name })
            {
                continue;
            }

            foreach (var parameter in method.Parameters)
            {
                if (parameter.Name == name && parameter.Type.SpecialType is SpecialType.System_Object or SpecialType.System_Array)
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>
    /// <c>catch (InvalidOperationException ex) when (ex.Message == "reject")</c>: the filter picks one exception by its exact
    /// text, a signal the code raised itself (see <see cref="CaughtTypes.IsCaughtByMessage"/>); the text is all it carries.
    /// </summary>
    private static bool SelectsSignalByMessage(ICatchClauseOperation @catch, ILocalSymbol? caught)
    {
        if (caught is null || @catch.Syntax is not CatchClauseSyntax { Filter.FilterExpression: { } filter })
        {
            return false;
        }

        foreach (var (exception, _) in CaughtTypes.MessageTests(filter))
        {
            if (exception == caught.Name)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The text of a creation whose only argument is a constant string, else null.</summary>
    private static string? OnlyText(IObjectCreationOperation creation)
    {
        string? text = null;
        foreach (var argument in creation.Arguments)
        {
            if (argument.ArgumentKind != ArgumentKind.Explicit)
            {
                continue;
            }

            if (text is not null || argument.Value.ConstantValue is not { HasValue: true, Value: string value })
            {
                return null;
            }

            text = value;
        }

        return text;
    }

    /// <summary>
    /// <c>try { match = items.First(i =&gt; i.Id == id); } catch (InvalidOperationException) { throw new X("no item " + id); }</c>:
    /// the try only looks an element up with <c>First</c>, <c>Last</c>, <c>Single</c> or <c>ElementAt</c>, so what it catches
    /// says "no (single) matching element", which the new exception says better. The cause would add only that line.
    /// </summary>
    private static bool ReportsLookupThatFoundNothing(ICatchClauseOperation @catch, INamedTypeSymbol exception)
    {
        if (@catch.Parent is not ITryOperation { Body.Operations: { Length: 1 } body }
            || !(@catch.ExceptionType is not INamedTypeSymbol caughtType
                 || caughtType.SpecialType == SpecialType.System_Object
                 || SymbolEqualityComparer.Default.Equals(caughtType, exception)
                 || caughtType is { Name: "InvalidOperationException" or "SystemException" or "ArgumentOutOfRangeException" } && caughtType.ContainingNamespace.IsNamed("System")))
        {
            return false;
        }

        var value = body[0] switch
        {
            IExpressionStatementOperation { Operation: ISimpleAssignmentOperation assignment } => assignment.Value,
            IVariableDeclarationGroupOperation { Declarations: { Length: 1 } declarations }
                when declarations[0].Declarators is { Length: 1 } declarators => declarators[0].Initializer?.Value,
            IReturnOperation @return => @return.ReturnedValue,
            _ => null,
        };

        return value is not null
            && Operations.WithoutConversions(value) is IInvocationOperation { TargetMethod: { Name: "First" or "Last" or "Single" or "ElementAt" } lookup }
            && lookup.ContainingType is { Name: "Enumerable" or "Queryable" } linq
            && linq.ContainingNamespace.IsNamed("System.Linq");
    }

    /// <summary>
    /// <c>throw new OperationCanceledException(message, token)</c>: cancellation is not a failure, and the token is
    /// what the caller tests (no overload keeps it with a cause and a message the call does not pass).
    /// </summary>
    private static bool IsCancellationWithToken(IObjectCreationOperation creation, INamedTypeSymbol thrown, KnownTypes types)
    {
        if (types.Token is null || !BaseTypes.IsOrDerivesFrom(thrown, types.Canceled))
        {
            return false;
        }

        foreach (var argument in creation.Arguments)
        {
            if (argument.ArgumentKind == ArgumentKind.Explicit && SymbolEqualityComparer.Default.Equals(argument.Parameter?.Type, types.Token))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The throw reports something other than the caught failure: a missing value (<c>x ?? throw new …</c>) or a case
    /// that cannot happen (<c>default: throw new …</c>, <c>_ => throw new …</c>) in code that happens to run in a catch.
    /// </summary>
    private static bool ReportsSomethingElse(IThrowOperation @throw)
    {
        var parent = @throw.Parent is IConversionOperation conversion ? conversion.Parent : @throw.Parent;
        if (parent is ICoalesceOperation coalesce && coalesce.WhenNull.Syntax.Span.Contains(@throw.Syntax.Span))
        {
            return true;
        }

        if (@throw.Syntax.Parent is SwitchExpressionArmSyntax { Pattern: DiscardPatternSyntax })
        {
            return true;
        }

        for (var node = @throw.Syntax.Parent; node is not null and not CatchClauseSyntax; node = node.Parent)
        {
            if (node is SwitchSectionSyntax section)
            {
                foreach (var label in section.Labels)
                {
                    if (label is DefaultSwitchLabelSyntax)
                    {
                        return true;
                    }
                }

                return false;
            }
        }

        return false;
    }

    /// <summary>
    /// <c>catch (FileBeingDeletedException) { if (retries &gt; MaxRetries) throw new X("…"); return Read(retries + 1); }</c>:
    /// the catch treats what it caught as a signal to try again (it never names or reads it), and the throw, guarded by a
    /// comparison, reports that the retries ran out. The last of many identical signals says nothing the message does not.
    /// The catch retries by calling its own method again, or by letting the loop around the try go round again.
    /// </summary>
    private static bool ReportsExhaustedRetries(IThrowOperation @throw, ICatchClauseOperation @catch, ILocalSymbol? caught, ISymbol containing)
    {
        if (@throw.Syntax is not ThrowStatementSyntax statement
            || @catch.Syntax is not CatchClauseSyntax { Block: { } block, Parent: TryStatementSyntax @try }
            || (statement.Parent is BlockSyntax guarded && guarded.Statements.Last() == statement ? guarded.Parent : statement.Parent) is not IfStatementSyntax { Else: null } guard
            || guard.Parent != block
            || guard.Condition.Kind() is not (SyntaxKind.GreaterThanExpression or SyntaxKind.GreaterThanOrEqualExpression
                or SyntaxKind.LessThanExpression or SyntaxKind.LessThanOrEqualExpression or SyntaxKind.EqualsExpression))
        {
            return false;
        }

        if (caught is not null && WrittenCode.Mentions(block, caught.Name))
        {
            return false;
        }

        // Tries again by calling itself…
        foreach (var operation in @catch.Handler.Descendants())
        {
            if (operation is IInvocationOperation invocation
                && SymbolEqualityComparer.Default.Equals(invocation.TargetMethod.OriginalDefinition, containing.OriginalDefinition)
                && !guard.Span.Contains(invocation.Syntax.Span))
            {
                return true;
            }
        }

        // …or the loop around the try goes round again: the catch ends without leaving it.
        if (block.Statements.LastOrDefault() is ReturnStatementSyntax or ThrowStatementSyntax or BreakStatementSyntax)
        {
            return false;
        }

        for (SyntaxNode? node = @try.Parent; node is not null and not MemberDeclarationSyntax and not AnonymousFunctionExpressionSyntax and not LocalFunctionStatementSyntax; node = node.Parent)
        {
            if (node is ForStatementSyntax or ForEachStatementSyntax or WhileStatementSyntax or DoStatementSyntax)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The caught exception is only the echo of a cancellation the code set off itself, and the new one names that cause:
    /// the filter tests <c>IsCancellationRequested</c> (<c>catch (ObjectDisposedException) when (timeout.IsCancellationRequested)
    /// { throw new MySqlException(..., "Connect Timeout expired."); }</c>), or an <c>OperationCanceledException</c> is
    /// reported as a timeout (a message that says so; a timeout type is never reported, see <see cref="IsTimeout"/>). The caught
    /// exception carries no cause worth keeping, and the translation is usually the documented contract.
    /// </summary>
    private static bool ReportsOwnCancellation(IThrowOperation @throw, ICatchClauseOperation @catch, IObjectCreationOperation creation, INamedTypeSymbol thrown, KnownTypes types)
    {
        if ((@catch.Filter is { } filter && TestsCancellationRequested(filter)) || IsGuardedByCancellationRequested(@throw, @catch))
        {
            return true;
        }

        if (!CatchesCancellation(@catch, types))
        {
            return false;
        }

        // A cancellation re-reported as a cancellation (`throw new OperationCanceledException("… within 500 ms")`):
        // cancellation is not a failure, and the caught one carries no cause.
        if (BaseTypes.IsOrDerivesFrom(thrown, types.Canceled))
        {
            return true;
        }

        foreach (var argument in creation.Arguments)
        {
            foreach (var node in argument.Value.DescendantsAndSelf())
            {
                if (node is ILiteralOperation { ConstantValue: { HasValue: true, Value: string text } }
                    && (text.IndexOf("timeout", System.StringComparison.OrdinalIgnoreCase) >= 0 || text.IndexOf("timed out", System.StringComparison.OrdinalIgnoreCase) >= 0))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>
    /// A timeout (a <c>TimeoutException</c>, or a type named for a timeout, or derived from one) is the code's own verdict
    /// that a wait took too long: what the catch caught is how the wait ended (a cancellation, a disposed socket, an
    /// aborted operation, a lower timeout given more detail), not a cause the timeout report should carry.
    /// </summary>
    private static bool IsTimeout(INamedTypeSymbol thrown)
    {
        for (var type = thrown; type is not null; type = type.BaseType)
        {
            if (type.Name.IndexOf("Timeout", System.StringComparison.OrdinalIgnoreCase) >= 0)
            {
                return true;
            }
        }

        return false;
    }

    private static bool TestsCancellationRequested(IOperation condition)
    {
        foreach (var node in condition.DescendantsAndSelf())
        {
            if (node is IPropertyReferenceOperation { Property: { Name: "IsCancellationRequested", ContainingType.Name: "CancellationToken" or "CancellationTokenSource" } })
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The throw runs only when a token's cancellation was requested: <c>if (cts.Token.IsCancellationRequested) throw …</c> in the catch.</summary>
    private static bool IsGuardedByCancellationRequested(IThrowOperation @throw, ICatchClauseOperation @catch)
    {
        for (IOperation? node = @throw; node is not null && node != @catch.Handler; node = node.Parent)
        {
            if (node.Parent is IConditionalOperation { WhenTrue: var whenTrue, Condition: var condition } && whenTrue == node && TestsCancellationRequested(condition))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The catch catches a cancellation: by its type, or by a filter that tests for one (<c>when (ex is OperationCanceledException)</c>).</summary>
    private static bool CatchesCancellation(ICatchClauseOperation @catch, KnownTypes types)
    {
        if (BaseTypes.IsOrDerivesFrom(@catch.ExceptionType, types.Canceled))
        {
            return true;
        }

        if (@catch.Filter is not { } filter)
        {
            return false;
        }

        foreach (var node in filter.DescendantsAndSelf())
        {
            var tested = node switch
            {
                IIsTypeOperation isType => isType.TypeOperand,
                ITypePatternOperation typePattern => typePattern.MatchedType,
                IDeclarationPatternOperation declaration => declaration.MatchedType,
                _ => null,
            };
            if (tested is not null && BaseTypes.IsOrDerivesFrom(tested, types.Canceled))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// An unreachable guard: the statement before <c>throw new X(…)</c> calls a method that never returns normally
    /// (<c>[DoesNotReturn]</c>, or a source method whose body has no <c>return</c> and ends by throwing:
    /// <c>throw</c>, or <c>ExceptionDispatchInfo.Capture(e).Throw()</c>). The caught exception left through that call;
    /// the new one only reports that the helper is broken, and is no translation of the failure.
    /// </summary>
    private static bool FollowsCallThatNeverReturns(IThrowOperation @throw, System.Threading.CancellationToken cancellationToken)
    {
        if (@throw.Syntax is not ThrowStatementSyntax statement
            || statement.Parent is not BlockSyntax block
            || block.Statements.IndexOf(statement) is not (var index and > 0)
            || block.Statements[index - 1] is not ExpressionStatementSyntax { Expression: InvocationExpressionSyntax invocation }
            || @throw.SemanticModel?.GetSymbolInfo(invocation, cancellationToken).Symbol is not IMethodSymbol method)
        {
            return false;
        }

        return NeverReturns(method, cancellationToken);
    }

    private static bool NeverReturns(IMethodSymbol method, System.Threading.CancellationToken cancellationToken)
    {
        foreach (var attribute in method.GetAttributes())
        {
            if (attribute.AttributeClass is { Name: "DoesNotReturnAttribute" })
            {
                return true;
            }
        }

        if (!method.ReturnsVoid || method.IsAbstract || method.IsVirtual || method.IsOverride)
        {
            return false;
        }

        foreach (var reference in method.DeclaringSyntaxReferences)
        {
            if (reference.GetSyntax(cancellationToken) is not MethodDeclarationSyntax declaration)
            {
                continue;
            }

            if (declaration.ExpressionBody is { Expression: var expression })
            {
                return expression is ThrowExpressionSyntax || IsThrowCall(expression);
            }

            if (declaration.Body is not { Statements.Count: > 0 } body)
            {
                return false;
            }

            foreach (var node in body.DescendantNodes(static n => n is not AnonymousFunctionExpressionSyntax and not LocalFunctionStatementSyntax))
            {
                if (node is ReturnStatementSyntax)
                {
                    return false;
                }
            }

            var last = body.Statements[body.Statements.Count - 1];
            return last is ThrowStatementSyntax || (last is ExpressionStatementSyntax { Expression: var call } && IsThrowCall(call));
        }

        return false;
    }

    /// <summary><c>ExceptionDispatchInfo.Capture(e).Throw()</c> / <c>ExceptionDispatchInfo.Throw(e)</c>: a call named <c>Throw</c>.</summary>
    private static bool IsThrowCall(ExpressionSyntax expression) =>
        expression is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Throw" } };

    private static bool IsArgumentless(IObjectCreationOperation creation)
    {
        foreach (var argument in creation.Arguments)
        {
            if (argument.ArgumentKind != ArgumentKind.DefaultValue)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The arguments (or initializer) use the caught exception, other than only for its text.</summary>
    private static bool PassesCause(IObjectCreationOperation creation, ILocalSymbol caught)
    {
        foreach (var operation in creation.DescendantsAndSelf())
        {
            if (operation is ILocalReferenceOperation reference
                && SymbolEqualityComparer.Default.Equals(reference.Local, caught)
                && !IsTextOnly(reference))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The syntax's answer to <see cref="PassesCause"/>, before anything is bound: false when the creation mentions the
    /// caught variable other than for its text (<c>ex</c>, <c>ex.InnerException</c>, <c>ex.Data</c>), the usual way of
    /// passing the cause; the binding then has nothing to report.
    /// </summary>
    private static bool MayLoseCause(BaseObjectCreationExpressionSyntax creation, CatchClauseSyntax @catch)
    {
        if (@catch.Declaration is not { Identifier.ValueText: { Length: > 0 } name })
        {
            return true;
        }

        foreach (var node in creation.DescendantNodes())
        {
            if (node is IdentifierNameSyntax identifier && identifier.Identifier.ValueText == name && NamesCaughtVariable(identifier, creation) && !IsTextOnly(identifier))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Not a member's name (<c>x.ex</c>), an argument's name, inside <c>nameof</c>, or a nested function's parameter of the same name.</summary>
    private static bool NamesCaughtVariable(IdentifierNameSyntax identifier, SyntaxNode creation)
    {
        if (identifier.Parent is MemberAccessExpressionSyntax access && access.Name == identifier
            || identifier.Parent is NameColonSyntax or MemberBindingExpressionSyntax)
        {
            return false;
        }

        var name = identifier.Identifier.ValueText;
        for (var current = identifier.Parent; current is not null && current != creation; current = current.Parent)
        {
            switch (current)
            {
                case InvocationExpressionSyntax { Expression: IdentifierNameSyntax { Identifier.ValueText: "nameof" } }:
                case SimpleLambdaExpressionSyntax simple when simple.Parameter.Identifier.ValueText == name:
                case ParenthesizedLambdaExpressionSyntax lambda when lambda.ParameterList.Parameters.Any(p => p.Identifier.ValueText == name):
                    return false;
            }
        }

        return true;
    }

    /// <summary>The exception's properties that hold only text about it.</summary>
    private static bool IsTextProperty(string name) => name is "Message" or "StackTrace" or "Source" or "HelpLink";

    /// <summary>The exception's methods that return only text or its type.</summary>
    private static bool IsTextMethod(string name) => name is "ToString" or "GetType";

    /// <summary>The syntax twin of the operation test below: the caught variable read only for its text.</summary>
    private static bool IsTextOnly(IdentifierNameSyntax name) => name.Parent switch
    {
        MemberAccessExpressionSyntax access when access.Expression == name =>
            IsTextProperty(access.Name.Identifier.ValueText)
            || (IsTextMethod(access.Name.Identifier.ValueText) && access.Parent is InvocationExpressionSyntax),
        InterpolationSyntax => true,
        BinaryExpressionSyntax { RawKind: (int)SyntaxKind.AddExpression } => true,
        _ => false,
    };

    private static bool IsTextOnly(ILocalReferenceOperation reference)
    {
        var parent = reference.Parent is IConversionOperation conversion ? conversion.Parent : reference.Parent;
        return parent switch
        {
            IPropertyReferenceOperation property => IsTextProperty(property.Property.Name),
            IInvocationOperation invocation => IsTextMethod(invocation.TargetMethod.Name),
            IInterpolationOperation => true,
            INameOfOperation => true,
            IBinaryOperation { OperatorKind: BinaryOperatorKind.Add, Type.SpecialType: SpecialType.System_String } => true,
            _ => false,
        };
    }

    /// <summary>An argument is already an exception (<c>new X("pool exhausted", new TimeoutException())</c>): a cause was chosen.</summary>
    private static bool PassesAnotherException(IObjectCreationOperation creation, INamedTypeSymbol exception)
    {
        foreach (var argument in creation.Arguments)
        {
            if (!argument.IsImplicit && BaseTypes.IsOrDerivesFrom(Operations.WithoutConversions(argument.Value).Type, exception))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The thrown type is listed in <c>vet.VET301.boundary_types</c> (simple or full names, comma-separated).</summary>
    private static bool IsBoundary(INamedTypeSymbol thrown, AnalyzerOptions options, SyntaxTree tree)
    {
        var listed = RuleOptions.GetString(options, tree, "VET301", "boundary_types");
        if (string.IsNullOrWhiteSpace(listed))
        {
            return false;
        }

        var fullName = thrown.ToDisplayString();
        foreach (var entry in listed!.Split(','))
        {
            var name = entry.Trim();
            if (name.Length > 0 && (string.Equals(name, thrown.Name, StringComparison.OrdinalIgnoreCase) || string.Equals(name, fullName, StringComparison.OrdinalIgnoreCase)))
            {
                return true;
            }
        }

        return false;
    }
}
