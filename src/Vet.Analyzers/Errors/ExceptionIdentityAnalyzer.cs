using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using Vet.Analyzers.Engine;

namespace Vet.Analyzers.Errors;

/// <summary>
/// VET304: an exception identified by its exact runtime type (<c>ex.GetType() == typeof(X)</c>), by its type's name
/// (<c>ex.GetType().Name == "X"</c>) or by its message text (<c>ex.Message.Contains("timeout")</c>) instead of by a
/// typed <c>catch</c>, an <c>is</c> test or a typed error code.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ExceptionIdentityAnalyzer : DiagnosticAnalyzer
{
    /// <summary>Diagnostic property: the type an exact-type comparison tests for, present when the fix can use <c>is</c>.</summary>
    public const string IsTestProperty = "IsTest";

    /// <summary>Diagnostic property present when the comparison is negated (<c>!=</c>), so the fix writes <c>is not</c>.</summary>
    public const string NegatedProperty = "Negated";

    private const string ExactType = "its exact type";
    private const string TypeName = "its type name";
    private const string MessageText = "its message text";

    private static readonly DiagnosticDescriptor Rule = Descriptors.VET304_ExceptionIdentity;

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Rule);

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

            if (WellKnownTypes.Get(start.Compilation, "System.Exception") is not { } exception)
            {
                return;
            }

            start.RegisterOperationAction(ctx => AnalyzeBinary(ctx, exception), OperationKind.Binary);
            start.RegisterOperationAction(ctx => AnalyzeInvocation(ctx, exception), OperationKind.Invocation);
            start.RegisterOperationAction(ctx => AnalyzeSwitch(ctx, exception), OperationKind.Switch, OperationKind.SwitchExpression, OperationKind.IsPattern);
        });
    }

    private static void AnalyzeBinary(OperationAnalysisContext context, INamedTypeSymbol exception)
    {
        var binary = (IBinaryOperation)context.Operation;
        if (binary.OperatorKind is not (BinaryOperatorKind.Equals or BinaryOperatorKind.NotEquals))
        {
            return;
        }

        var negated = binary.OperatorKind == BinaryOperatorKind.NotEquals;
        var left = Operations.WithoutConversions(binary.LeftOperand);
        var right = Operations.WithoutConversions(binary.RightOperand);
        if (!TryReportExactType(context, binary, left, right, negated, exception) && !TryReportExactType(context, binary, right, left, negated, exception))
        {
            ReportText(context, binary, left, right, exception);
        }
    }

    private static void AnalyzeInvocation(OperationAnalysisContext context, INamedTypeSymbol exception)
    {
        var invocation = (IInvocationOperation)context.Operation;
        var method = invocation.TargetMethod;
        switch (method.Name)
        {
            // ex.GetType().Equals(typeof(X)), Equals(ex.GetType(), typeof(X)), ex.Message.Equals("...")
            case "Equals" or "ReferenceEquals":
                if (invocation.Instance is { } instance && invocation.Arguments.Length == 1)
                {
                    Compare(context, invocation, Operations.WithoutConversions(instance), Operations.WithoutConversions(invocation.Arguments[0].Value), exception);
                }
                else if (invocation.Instance is null && invocation.Arguments.Length >= 2)
                {
                    Compare(context, invocation, Operations.WithoutConversions(invocation.Arguments[0].Value), Operations.WithoutConversions(invocation.Arguments[1].Value), exception);
                }

                break;

            // ex.Message.Contains("timeout"), StartsWith, EndsWith, IndexOf
            case "Contains" or "StartsWith" or "EndsWith" or "IndexOf" or "LastIndexOf"
                when method.ContainingType?.SpecialType == SpecialType.System_String
                    && invocation.Instance is { } text
                    && invocation.Arguments.Length > 0
                    && IsConstantText(invocation.Arguments[0].Value):
                ReportText(context, invocation, Operations.WithoutConversions(text), exception);
                break;

            // Regex.IsMatch(ex.Message, "pattern"), Regex.Match(ex.Message, "pattern"); not a match whose groups are read,
            // which extracts data from the message rather than identifying the exception by it.
            case "IsMatch" or "Match"
                when method.IsStatic
                    && method.ContainingType is { Name: "Regex" }
                    && invocation.Arguments.Length >= 2
                    && IsConstantText(invocation.Arguments[1].Value)
                    && !ReadsGroups(invocation):
                ReportText(context, invocation, Operations.WithoutConversions(invocation.Arguments[0].Value), exception);
                break;
        }
    }

    /// <summary>
    /// The match's groups are read: <c>Regex.Match(...).Groups[1]</c>, or the match held in a local whose <c>Groups</c>
    /// (or <c>Result(...)</c>) the same body reads.
    /// </summary>
    private static bool ReadsGroups(IInvocationOperation match)
    {
        if (match.TargetMethod.Name != "Match")
        {
            return false;
        }

        var parent = match.Parent is IConversionOperation conversion ? conversion.Parent : match.Parent;
        if (IsGroupsRead(parent))
        {
            return true;
        }

        ILocalSymbol? local = parent switch
        {
            IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator } => declarator.Symbol,
            ISimpleAssignmentOperation { Target: ILocalReferenceOperation target } => target.Local,
            _ => null,
        };
        if (local is null)
        {
            return false;
        }

        IOperation body = match;
        while (body.Parent is { } up)
        {
            body = up;
        }

        foreach (var operation in body.Descendants())
        {
            if (operation is ILocalReferenceOperation reference
                && SymbolEqualityComparer.Default.Equals(reference.Local, local)
                && IsGroupsRead(reference.Parent))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsGroupsRead(IOperation? operation) =>
        operation is IPropertyReferenceOperation { Property.Name: "Groups" or "Captures" } or IInvocationOperation { TargetMethod.Name: "Result" };

    private static void AnalyzeSwitch(OperationAnalysisContext context, INamedTypeSymbol exception)
    {
        var subject = context.Operation switch
        {
            ISwitchOperation @switch => @switch.Value,
            ISwitchExpressionOperation expression => expression.Value,
            IIsPatternOperation { Pattern: IConstantPatternOperation { Value.ConstantValue: { HasValue: true, Value: string } } } pattern => pattern.Value,
            _ => null,
        };
        if (subject is not null)
        {
            ReportText(context, context.Operation, Operations.WithoutConversions(subject), exception);
        }
    }

    /// <summary><c>a == b</c> or <c>a.Equals(b)</c>: an exact-type test, or a name or message compared with constant text.</summary>
    private static void Compare(OperationAnalysisContext context, IOperation comparison, IOperation left, IOperation right, INamedTypeSymbol exception)
    {
        if (!TryReportExactType(context, comparison, left, right, negated: false, exception)
            && !TryReportExactType(context, comparison, right, left, negated: false, exception))
        {
            ReportText(context, comparison, left, right, exception);
        }
    }

    private static bool TryReportExactType(OperationAnalysisContext context, IOperation comparison, IOperation getTypeSide, IOperation typeOfSide, bool negated, INamedTypeSymbol exception)
    {
        if (ExceptionOfGetType(getTypeSide, exception) is not { } instance
            || typeOfSide is not ITypeOfOperation { TypeOperand: INamedTypeSymbol tested }
            || SymbolEqualityComparer.Default.Equals(tested, exception)
            || !BaseTypes.IsOrDerivesFrom(tested, exception)
            || IsInTest(comparison, context.ContainingSymbol)
            || StatedIntent.IsExplainedInWordsAbove(comparison.Syntax))
        {
            // typeof(Exception): exactly the base type, which no `is` test can express. A reason given above the
            // filter or statement records a deliberate choice (only the base type, not the derived ones).
            return false;
        }

        var properties = ImmutableDictionary<string, string?>.Empty;
        if (comparison is IBinaryOperation || comparison is IInvocationOperation { Instance: not null })
        {
            properties = properties.Add(IsTestProperty, tested.Name);
            if (negated)
            {
                properties = properties.Add(NegatedProperty, "true");
            }
        }

        var advice = tested.IsSealed
            ? $"use '{instance.Syntax} is {tested.Name}', which means the same for a sealed type"
            : $"use a typed catch or '{instance.Syntax} is {tested.Name}' (which also matches derived types)";
        context.ReportDiagnostic(Diagnostic.Create(Rule, comparison.Syntax.GetLocation(), properties, comparison.Syntax.ToString(), ExactType, advice));
        return true;
    }

    private static void ReportText(OperationAnalysisContext context, IOperation comparison, IOperation left, IOperation right, INamedTypeSymbol exception)
    {
        if (IsConstantText(right))
        {
            ReportText(context, comparison, left, exception);
        }
        else if (IsConstantText(left))
        {
            ReportText(context, comparison, right, exception);
        }
    }

    /// <summary>Reports <paramref name="text"/> when it is an exception's message or its type's name.</summary>
    private static void ReportText(OperationAnalysisContext context, IOperation comparison, IOperation text, INamedTypeSymbol exception)
    {
        string? what = null;
        if (text is IPropertyReferenceOperation { Property.Name: "Message", Instance: { } owner } && BaseTypes.IsOrDerivesFrom(owner.Type, exception))
        {
            what = MessageText;
        }
        else if (text is IPropertyReferenceOperation { Property.Name: "Name" or "FullName", Instance: { } type } && ExceptionOfGetType(Operations.WithoutConversions(type), exception) is not null)
        {
            what = TypeName;
        }
        else if (text is IInvocationOperation { TargetMethod.Name: "ToString", Arguments.Length: 0, Instance: { } typeToString } && ExceptionOfGetType(Operations.WithoutConversions(typeToString), exception) is not null)
        {
            what = TypeName;
        }

        if (what is null || IsInTest(comparison, context.ContainingSymbol) || StatedIntent.IsExplainedInWordsAbove(comparison.Syntax))
        {
            return;
        }

        var advice = what == MessageText
            ? "messages change with culture and versions; catch a specific type, or test a typed code such as HResult, SocketException.SocketErrorCode or HttpRequestException.StatusCode"
            : "a name matches any type of that name and breaks on renames; use a typed catch or an 'is' test";
        context.ReportDiagnostic(Diagnostic.Create(Rule, comparison.Syntax.GetLocation(), comparison.Syntax.ToString(), what, advice));
    }

    /// <summary>The exception of <c>ex.GetType()</c> when <c>ex</c>'s static type is an exception, else null.</summary>
    private static IOperation? ExceptionOfGetType(IOperation operation, INamedTypeSymbol exception)
    {
        if (operation is IConditionalAccessOperation { Operation: { } accessed, WhenNotNull: IInvocationOperation { Instance: IConditionalAccessInstanceOperation } whenNotNull }
            && IsGetType(whenNotNull))
        {
            // ex.InnerException?.GetType()
            return BaseTypes.IsOrDerivesFrom(accessed.Type, exception) ? accessed : null;
        }

        return operation is IInvocationOperation { Instance: { } instance } invocation
            && IsGetType(invocation)
            && BaseTypes.IsOrDerivesFrom(instance.Type, exception)
                ? instance
                : null;
    }

    // Exception redeclares GetType (`new Type GetType()`), so the method is matched by shape, not by Object's.
    private static bool IsGetType(IInvocationOperation invocation) =>
        invocation.TargetMethod is { Name: "GetType", Parameters.IsEmpty: true, IsStatic: false, ReturnType: { Name: "Type", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } } };

    private static bool IsConstantText(IOperation operation) =>
        operation.ConstantValue is { HasValue: true, Value: string text } && text.Length > 0;

    /// <summary>In a test assertion, or anywhere in a method marked as a test (the method a lambda is written in counts).</summary>
    private static bool IsInTest(IOperation operation, ISymbol containingSymbol)
    {
        if (IsAssertion(operation))
        {
            return true;
        }

        return TestCode.IsInTestMethod(containingSymbol);
    }

    /// <summary>
    /// Inside a test assertion (<c>Assert.True(ex.Message.Contains(..))</c>, <c>Should()</c> chains, <c>Debug.Assert</c>):
    /// a test checks the exact text it expects on purpose.
    /// </summary>
    private static bool IsAssertion(IOperation operation)
    {
        for (var current = operation.Parent; current is not null; current = current.Parent)
        {
            if (current is IInvocationOperation { TargetMethod: var method }
                && (method.Name.StartsWith("Assert", System.StringComparison.Ordinal)
                    || method.Name.StartsWith("Should", System.StringComparison.Ordinal)
                    || method.ContainingType is { Name: "Assert" or "Assertions" or "ClassicAssert" or "StringAssert" or "CollectionAssert" or "Debug" or "Trace" }))
            {
                return true;
            }

            if (current is IAnonymousFunctionOperation or ILocalFunctionOperation or IMethodBodyOperation or IBlockOperation { Parent: null })
            {
                return false;
            }
        }

        return false;
    }
}
