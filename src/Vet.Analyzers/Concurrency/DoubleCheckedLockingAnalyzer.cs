using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

using Vet.Analyzers.Engine;

namespace Vet.Analyzers.Concurrency;

/// <summary>
/// VET204: <c>if (x == null) { lock (g) { if (x == null) x = ...; } }</c> and its bool-flag form on a non-volatile field.
/// The flag form, and a reference assigned before the statements that finish initializing it, are Warnings; the plain
/// reference-null form that assigns a finished object as its last step is safe under the .NET memory model and is reported
/// (with the effective severity Info) only when <c>vet.VET204.strict_memory_model = true</c>.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class DoubleCheckedLockingAnalyzer : DiagnosticAnalyzer
{
    /// <summary>The option that turns on the reference-null variant: <c>vet.VET204.strict_memory_model = true</c>.</summary>
    internal const string StrictMemoryModelOption = "strict_memory_model";

    /// <summary>Diagnostic property naming the variant, read by the code fix.</summary>
    public const string VariantKey = "Variant";

    /// <summary>A reference tested for null and assigned as the last statement under the lock (Info, off by default).</summary>
    public const string NullVariant = "Null";

    /// <summary>A reference tested for null and assigned before further statements under the lock (Warning).</summary>
    public const string EarlyVariant = "Early";

    /// <summary>A separate bool flag set under the lock (Warning).</summary>
    public const string FlagVariant = "Flag";

    private static readonly DiagnosticDescriptor Rule = Descriptors.VET204_DoubleCheckedLocking;

    private static readonly ImmutableDictionary<string, string?> NullProperties = ImmutableDictionary<string, string?>.Empty.Add(VariantKey, NullVariant);
    private static readonly ImmutableDictionary<string, string?> EarlyProperties = ImmutableDictionary<string, string?>.Empty.Add(VariantKey, EarlyVariant);
    private static readonly ImmutableDictionary<string, string?> FlagProperties = ImmutableDictionary<string, string?>.Empty.Add(VariantKey, FlagVariant);

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
        Rule,
        Descriptors.Shapes.VET204_EarlyPublication,
        Descriptors.Shapes.VET204_ReferenceNull);

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

            // One action per file: only an `if` with a lock as one of its statements can be reported, and an operation
            // action would be paid for every `if` and `?:` of the compilation.
            start.RegisterSemanticModelAction(AnalyzeFile);
        });
    }

    private enum Check
    {
        None,
        IsNull,
        IsFalse,
    }

    /// <summary>The <c>if</c> statements of the file that hold a <c>lock</c> statement as one of their statements, found from the written locks.</summary>
    private static void AnalyzeFile(SemanticModelAnalysisContext context)
    {
        var root = context.SemanticModel.SyntaxTree.GetRoot(context.CancellationToken);
        HashSet<IfStatementSyntax>? judged = null;
        foreach (var @lock in LockScope.LockStatements(root, context.CancellationToken))
        {
            var outer = @lock.Parent switch
            {
                BlockSyntax { Parent: IfStatementSyntax @if } block when @if.Statement == block => @if,
                IfStatementSyntax @if when @if.Statement == @lock => @if,
                _ => null,
            };

            // Two locks in one branch share their `if`.
            if (outer is not null && (judged ??= new HashSet<IfStatementSyntax>()).Add(outer)
                && context.SemanticModel.GetOperation(outer, context.CancellationToken) is IConditionalOperation conditional)
            {
                AnalyzeIf(context, conditional);
            }
        }
    }

    /// <summary>
    /// Starts from the outer <c>if</c>, not the lock: the diagnostic sits on the outer condition.
    /// </summary>
    private static void AnalyzeIf(SemanticModelAnalysisContext context, IConditionalOperation outer)
    {
        if (outer is not { WhenFalse: null, Condition: { } condition, WhenTrue: var whenTrue })
        {
            return;
        }

        var check = Classify(condition, outer, out var field);
        if (check == Check.None || field is null)
        {
            return;
        }

        string? variant = null;
        foreach (var statement in Statements(whenTrue))
        {
            if (statement is ILockOperation @lock)
            {
                variant = check == Check.IsNull ? InnerNullVariant(@lock.Body, field) : InnerFlagVariant(@lock.Body, field);
                if (variant is not null)
                {
                    break;
                }
            }
        }

        if (variant is null || (variant == NullVariant && !IsStrict(context.Options, outer.Syntax.SyntaxTree))
            || (variant == FlagVariant && !PublishesToFastPath(context.SemanticModel, outer, field, context.CancellationToken)))
        {
            return;
        }

        var location = condition.Syntax.GetLocation();
        var diagnostic = variant switch
        {
            NullVariant => Diagnostic.Create(Descriptors.Shapes.VET204_ReferenceNull, location, DiagnosticSeverity.Info, null, NullProperties, field.Name),
            EarlyVariant => Diagnostic.Create(Descriptors.Shapes.VET204_EarlyPublication, location, EarlyProperties, field.Name),
            _ => Diagnostic.Create(Rule, location, FlagProperties, field.Name),
        };
        context.ReportDiagnostic(diagnostic);
    }

    /// <summary>
    /// The reference-null variant publishes a finished object with its last store, which the .NET memory model (CoreCLR,
    /// NativeAOT) orders after the object's own writes: only a project that holds itself to ECMA-335 asks for it.
    /// </summary>
    private static bool IsStrict(AnalyzerOptions options, SyntaxTree tree) =>
        RuleOptions.GetString(options, tree, Rule.Id, StrictMemoryModelOption) == "true";

    /// <summary>
    /// <c>f == null</c>, <c>null == f</c>, <c>f is null</c> on a reference-typed field (IsNull); <c>!f</c>, <c>f == false</c>,
    /// <c>f is false</c> on a bool field (IsFalse). The field must be a plain shared field: not volatile, const or readonly.
    /// </summary>
    private static Check Classify(IOperation condition, IConditionalOperation? snapshotOf, out IFieldSymbol? field)
    {
        field = null;
        condition = Operations.WithoutConversions(condition);
        switch (condition)
        {
            case IUnaryOperation { OperatorKind: UnaryOperatorKind.Not, Operand: var operand }:
                field = Resolve(snapshotOf, operand);
                return field?.Type.SpecialType == SpecialType.System_Boolean ? Check.IsFalse : Check.None;

            case IBinaryOperation { OperatorKind: BinaryOperatorKind.Equals, OperatorMethod: null } binary:
                if (IsLiteral(binary.RightOperand, out var right))
                {
                    field = Resolve(snapshotOf, binary.LeftOperand);
                    return Checked(field, right);
                }

                if (IsLiteral(binary.LeftOperand, out var left))
                {
                    field = Resolve(snapshotOf, binary.RightOperand);
                    return Checked(field, left);
                }

                return Check.None;

            case IIsPatternOperation { Pattern: IConstantPatternOperation { Value: var value } } pattern when IsLiteral(value, out var constant):
                field = Resolve(snapshotOf, pattern.Value);
                return Checked(field, constant);

            default:
                return Check.None;
        }
    }

    /// <summary>
    /// The plain shared field <paramref name="operand"/> reads; for the outer check (<paramref name="snapshotOf"/> set),
    /// also a local copied from such a field by the statement just before the <c>if</c>:
    /// <c>var m = _map; if (m == null) { lock (g) { if (_map == null) _map = ...; m = _map; } }</c>.
    /// </summary>
    private static IFieldSymbol? Resolve(IConditionalOperation? snapshotOf, IOperation operand)
    {
        if (OwnFields.PlainShared(operand) is { } field)
        {
            return field;
        }

        if (snapshotOf?.Parent is not IBlockOperation block
            || Operations.WithoutConversions(operand) is not ILocalReferenceOperation { Local: var local })
        {
            return null;
        }

        var index = block.Operations.IndexOf(snapshotOf);
        if (index < 1)
        {
            return null;
        }

        return block.Operations[index - 1] switch
        {
            IVariableDeclarationGroupOperation { Declarations.Length: 1 } group
                when group.Declarations[0].Declarators.Length == 1
                    && SymbolEqualityComparer.Default.Equals(group.Declarations[0].Declarators[0].Symbol, local)
                    => OwnFields.PlainShared(group.Declarations[0].Declarators[0].Initializer?.Value),
            IExpressionStatementOperation { Operation: ISimpleAssignmentOperation { Target: ILocalReferenceOperation target, Value: var value } }
                when SymbolEqualityComparer.Default.Equals(target.Local, local) => OwnFields.PlainShared(value),
            _ => null,
        };
    }

    private static Check Checked(IFieldSymbol? field, object? constant)
    {
        if (field is null)
        {
            return Check.None;
        }

        if (constant is null)
        {
            return field.Type.IsReferenceType ? Check.IsNull : Check.None;
        }

        return constant is false && field.Type.SpecialType == SpecialType.System_Boolean ? Check.IsFalse : Check.None;
    }

    private static bool IsLiteral(IOperation operation, out object? value)
    {
        operation = Operations.WithoutConversions(operation);
        value = null;
        if (operation is ILiteralOperation { ConstantValue: { HasValue: true } constant })
        {
            value = constant.Value;
            return true;
        }

        if (operation is IDefaultValueOperation { Type.IsReferenceType: true })
        {
            return true;
        }

        return false;
    }

    /// <summary>NullVariant or EarlyVariant when the lock body re-checks <paramref name="field"/> for null and assigns it.</summary>
    private static string? InnerNullVariant(IOperation body, IFieldSymbol field)
    {
        foreach (var statement in Statements(body))
        {
            // lock (g) { f ??= Create(); } re-checks and assigns in one expression.
            if (statement is IExpressionStatementOperation { Operation: ICoalesceAssignmentOperation coalesce }
                && SymbolEqualityComparer.Default.Equals(OwnFields.PlainShared(coalesce.Target), field))
            {
                return NullVariant;
            }

            if (statement is not IConditionalOperation inner
                || Classify(inner.Condition, null, out var innerField) != Check.IsNull
                || !SymbolEqualityComparer.Default.Equals(innerField, field))
            {
                continue;
            }

            var statements = Statements(inner.WhenTrue);
            for (var i = 0; i < statements.Length; i++)
            {
                if (AssignedField(statements[i]) is { } assigned && SymbolEqualityComparer.Default.Equals(assigned, field))
                {
                    return OnlyLocalsSetAfter(statements, i + 1, field) ? NullVariant : EarlyVariant;
                }
            }
        }

        return null;
    }

    /// <summary>
    /// Whether the statements from <paramref name="start"/> on only set locals from values that do not read
    /// <paramref name="field"/> (<c>created = true;</c>): they finish nothing of the published object, which is then the
    /// last thing the lock body builds.
    /// </summary>
    private static bool OnlyLocalsSetAfter(ImmutableArray<IOperation> statements, int start, IFieldSymbol field)
    {
        for (var i = start; i < statements.Length; i++)
        {
            if (statements[i] is not IExpressionStatementOperation { Operation: ISimpleAssignmentOperation { Target: ILocalReferenceOperation, Value: var value } })
            {
                return false;
            }

            foreach (var operation in value.DescendantsAndSelf())
            {
                if (operation is IFieldReferenceOperation reference && SymbolEqualityComparer.Default.Equals(reference.Field.OriginalDefinition, field.OriginalDefinition))
                {
                    return false;
                }
            }
        }

        return true;
    }

    /// <summary>FlagVariant when the lock body re-checks the flag and sets it to true.</summary>
    private static string? InnerFlagVariant(IOperation body, IFieldSymbol flag)
    {
        foreach (var statement in Statements(body))
        {
            if (statement is not IConditionalOperation inner
                || Classify(inner.Condition, null, out var innerField) != Check.IsFalse
                || !SymbolEqualityComparer.Default.Equals(innerField, flag))
            {
                continue;
            }

            foreach (var set in Statements(inner.WhenTrue))
            {
                if (set is IExpressionStatementOperation { Operation: ISimpleAssignmentOperation { Value: var value } assignment }
                    && SymbolEqualityComparer.Default.Equals(OwnFields.PlainShared(assignment.Target), flag)
                    && Operations.WithoutConversions(value).ConstantValue is { HasValue: true, Value: true })
                {
                    return FlagVariant;
                }
            }
        }

        return null;
    }

    /// <summary>
    /// Whether a reader that sees the flag set can read state the locked block wrote beside it: the block writes another
    /// field (or an element of one, or a property), and the code after the outer <c>if</c> reads one of them, or the method
    /// returns nothing, so its callers read that state next (an <c>EnsureLoaded()</c>). A flag whose block writes nothing
    /// else, or whose fast path only answers (<c>return false;</c>), makes an action run once and publishes nothing.
    /// </summary>
    private static bool PublishesToFastPath(SemanticModel model, IConditionalOperation outer, IFieldSymbol flag, System.Threading.CancellationToken cancellationToken)
    {
        var written = new HashSet<IFieldSymbol>(SymbolEqualityComparer.Default);
        foreach (var operation in outer.WhenTrue.Descendants())
        {
            var target = operation switch
            {
                IAssignmentOperation assignment => assignment.Target,
                IIncrementOrDecrementOperation increment => increment.Target,
                _ => null,
            };
            target = target switch
            {
                IArrayElementReferenceOperation element => element.ArrayReference,
                IPropertyReferenceOperation { Property.IsIndexer: true, Instance: { } instance } => instance,
                _ => target,
            };
            if (target is IPropertyReferenceOperation)
            {
                return true; // a property's setter may store anything, read anywhere
            }

            if (target is IFieldReferenceOperation { Field: var field } && !SymbolEqualityComparer.Default.Equals(field, flag))
            {
                written.Add(field);
            }
        }

        if (written.Count == 0)
        {
            return false;
        }

        if (model.GetEnclosingSymbol(outer.Syntax.SpanStart, cancellationToken) is not IMethodSymbol method || ReturnsNothing(method))
        {
            return true;
        }

        IOperation root = outer;
        while (root.Parent is { } parent)
        {
            root = parent;
        }

        var end = outer.Syntax.Span.End;
        foreach (var operation in root.Descendants())
        {
            if (operation is IFieldReferenceOperation { Field: var read } && operation.Syntax.SpanStart >= end && written.Contains(read))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A method whose caller gets nothing back but completion: <c>void</c>, <c>Task</c>, <c>ValueTask</c>.</summary>
    private static bool ReturnsNothing(IMethodSymbol method) => method.ReturnsVoid || method.ReturnType.IsTask(generic: false);

    /// <summary>The field a statement <c>f = value;</c> assigns, or null.</summary>
    internal static IFieldSymbol? AssignedField(IOperation statement) =>
        statement is IExpressionStatementOperation { Operation: ISimpleAssignmentOperation assignment }
            ? OwnFields.PlainShared(assignment.Target)
            : null;

    /// <summary>The top-level statements of a branch: a block's operations, or the single statement.</summary>
    private static ImmutableArray<IOperation> Statements(IOperation? branch) => branch switch
    {
        null => ImmutableArray<IOperation>.Empty,
        IBlockOperation block => block.Operations,
        _ => ImmutableArray.Create(branch),
    };
}
