using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
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

    private static readonly DiagnosticDescriptor Rule = Descriptors.VET304_ExceptionIdentity;

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
        Rule,
        Descriptors.Shapes.VET304_SealedExactType,
        Descriptors.Shapes.VET304_TypeName,
        Descriptors.Shapes.VET304_Message);

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

            // One action per file: every finding compares an exception's Message or GetType(), so only the code around those
            // written names is bound, instead of an operation action on every comparison and call of the compilation.
            start.RegisterSemanticModelAction(ctx => AnalyzeFile(ctx, exception));
        });
    }

    private static readonly string[] Subjects = { "Message", "GetType" };

    /// <summary>
    /// The comparisons, calls and switches around each written <c>Message</c> or <c>GetType</c>, up to the statement that
    /// holds it (a switch statement whose subject it is counts), each judged once.
    /// </summary>
    private static void AnalyzeFile(SemanticModelAnalysisContext context, INamedTypeSymbol exception)
    {
        var model = context.SemanticModel;
        HashSet<SyntaxNode>? judged = null;
        foreach (var name in Subjects)
        {
            foreach (var token in FileText.Written(model.SyntaxTree, name, context.CancellationToken))
            {
                if (!token.IsKind(SyntaxKind.IdentifierToken))
                {
                    continue;
                }

                for (var node = token.Parent; node is not null and not MemberDeclarationSyntax; node = node.Parent)
                {
                    if (node is BinaryExpressionSyntax or InvocationExpressionSyntax or SwitchStatementSyntax or SwitchExpressionSyntax or IsPatternExpressionSyntax
                        && (judged ??= new HashSet<SyntaxNode>()).Add(node))
                    {
                        Judge(context, model, node, exception);
                    }

                    if (node is StatementSyntax)
                    {
                        break;
                    }
                }
            }
        }
    }

    private static void Judge(SemanticModelAnalysisContext context, SemanticModel model, SyntaxNode node, INamedTypeSymbol exception)
    {
        var operation = model.GetOperation(node, context.CancellationToken);
        if (operation is null || WrittenCode.OwnerOf(model, node, context.CancellationToken) is not { } owner)
        {
            return;
        }

        var site = new WrittenCode.Site(context, owner);
        switch (operation)
        {
            case IBinaryOperation binary:
                AnalyzeBinary(site, binary, exception);
                break;
            case IInvocationOperation invocation:
                AnalyzeInvocation(site, invocation, exception);
                break;
            case ISwitchOperation or ISwitchExpressionOperation or IIsPatternOperation:
                AnalyzeSwitch(site, operation, exception);
                break;
        }
    }

    private static void AnalyzeBinary(WrittenCode.Site site, IBinaryOperation binary, INamedTypeSymbol exception)
    {
        if (binary.OperatorKind is not (BinaryOperatorKind.Equals or BinaryOperatorKind.NotEquals))
        {
            return;
        }

        var negated = binary.OperatorKind == BinaryOperatorKind.NotEquals;
        var left = Operations.WithoutConversions(binary.LeftOperand);
        var right = Operations.WithoutConversions(binary.RightOperand);
        if (!TryReportExactType(site, binary, left, right, negated, exception) && !TryReportExactType(site, binary, right, left, negated, exception))
        {
            ReportText(site, binary, left, right, exception);
        }
    }

    private static void AnalyzeInvocation(WrittenCode.Site site, IInvocationOperation invocation, INamedTypeSymbol exception)
    {
        var method = invocation.TargetMethod;
        switch (method.Name)
        {
            // ex.GetType().Equals(typeof(X)), Equals(ex.GetType(), typeof(X)), ex.Message.Equals("...")
            case "Equals" or "ReferenceEquals":
                if (invocation.Instance is { } instance && invocation.Arguments.Length == 1)
                {
                    Compare(site, invocation, Operations.WithoutConversions(instance), Operations.WithoutConversions(invocation.Arguments[0].Value), exception);
                }
                else if (invocation.Instance is null && invocation.Arguments.Length >= 2)
                {
                    Compare(site, invocation, Operations.WithoutConversions(invocation.Arguments[0].Value), Operations.WithoutConversions(invocation.Arguments[1].Value), exception);
                }

                break;

            // ex.Message.Contains("timeout"), StartsWith, EndsWith, IndexOf
            case "Contains" or "StartsWith" or "EndsWith" or "IndexOf" or "LastIndexOf"
                when method.ContainingType?.SpecialType == SpecialType.System_String
                    && invocation.Instance is { } text
                    && invocation.Arguments.Length > 0
                    && IsConstantText(invocation.Arguments[0].Value):
                ReportText(site, invocation, Operations.WithoutConversions(text), exception);
                break;

            // Regex.IsMatch(ex.Message, "pattern"), Regex.Match(ex.Message, "pattern"); not a match whose groups are read,
            // which extracts data from the message rather than identifying the exception by it.
            case "IsMatch" or "Match"
                when method.IsStatic
                    && method.ContainingType is { Name: "Regex" }
                    && invocation.Arguments.Length >= 2
                    && IsConstantText(invocation.Arguments[1].Value)
                    && !ReadsGroups(invocation):
                ReportText(site, invocation, Operations.WithoutConversions(invocation.Arguments[0].Value), exception);
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

    private static void AnalyzeSwitch(WrittenCode.Site site, IOperation operation, INamedTypeSymbol exception)
    {
        var subject = operation switch
        {
            ISwitchOperation @switch => @switch.Value,
            ISwitchExpressionOperation expression => expression.Value,
            IIsPatternOperation { Pattern: IConstantPatternOperation { Value.ConstantValue: { HasValue: true, Value: string } } } pattern => pattern.Value,
            _ => null,
        };
        if (subject is not null)
        {
            ReportText(site, operation, Operations.WithoutConversions(subject), exception);
        }
    }

    /// <summary><c>a == b</c> or <c>a.Equals(b)</c>: an exact-type test, or a name or message compared with constant text.</summary>
    private static void Compare(WrittenCode.Site site, IOperation comparison, IOperation left, IOperation right, INamedTypeSymbol exception)
    {
        if (!TryReportExactType(site, comparison, left, right, negated: false, exception)
            && !TryReportExactType(site, comparison, right, left, negated: false, exception))
        {
            ReportText(site, comparison, left, right, exception);
        }
    }

    private static bool TryReportExactType(WrittenCode.Site site, IOperation comparison, IOperation getTypeSide, IOperation typeOfSide, bool negated, INamedTypeSymbol exception)
    {
        if (ExceptionOfGetType(getTypeSide, exception) is not { } instance
            || typeOfSide is not ITypeOfOperation { TypeOperand: INamedTypeSymbol tested }
            || SymbolEqualityComparer.Default.Equals(tested, exception)
            || !BaseTypes.IsOrDerivesFrom(tested, exception)
            || IsInTest(comparison, site.ContainingSymbol)
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

        site.ReportDiagnostic(Diagnostic.Create(
            tested.IsSealed ? Descriptors.Shapes.VET304_SealedExactType : Rule,
            comparison.Syntax.GetLocation(),
            properties,
            MessageNames.Code(instance.Syntax),
            tested.Name));
        return true;
    }

    private static void ReportText(WrittenCode.Site site, IOperation comparison, IOperation left, IOperation right, INamedTypeSymbol exception)
    {
        if (IsConstantText(right))
        {
            ReportText(site, comparison, left, exception);
        }
        else if (IsConstantText(left))
        {
            ReportText(site, comparison, right, exception);
        }
    }

    /// <summary>Reports <paramref name="text"/> when it is an exception's message or its type's name.</summary>
    private static void ReportText(WrittenCode.Site site, IOperation comparison, IOperation text, INamedTypeSymbol exception)
    {
        // The exception whose message or type name is compared, and the message that says which.
        (IOperation Exception, DiagnosticDescriptor Message)? identified = text switch
        {
            IPropertyReferenceOperation { Property.Name: "Message", Instance: { } owner } when BaseTypes.IsOrDerivesFrom(owner.Type, exception)
                => (owner, Descriptors.Shapes.VET304_Message),
            IPropertyReferenceOperation { Property.Name: "Name" or "FullName", Instance: { } type } when ExceptionOfGetType(Operations.WithoutConversions(type), exception) is { } named
                => (named, Descriptors.Shapes.VET304_TypeName),
            IInvocationOperation { TargetMethod.Name: "ToString", Arguments.Length: 0, Instance: { } typeToString } when ExceptionOfGetType(Operations.WithoutConversions(typeToString), exception) is { } printed
                => (printed, Descriptors.Shapes.VET304_TypeName),
            _ => null,
        };

        if (identified is not { } found || IsInTest(comparison, site.ContainingSymbol) || StatedIntent.IsExplainedInWordsAbove(comparison.Syntax))
        {
            return;
        }

        site.ReportDiagnostic(Diagnostic.Create(found.Message, comparison.Syntax.GetLocation(), MessageNames.Code(found.Exception.Syntax)));
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
