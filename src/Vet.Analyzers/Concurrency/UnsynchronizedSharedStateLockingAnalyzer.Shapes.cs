using System.Collections.Generic;
using System.Globalization;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using Vet.Analyzers.Engine;

namespace Vet.Analyzers.Concurrency;

public sealed partial class UnsynchronizedSharedStateLockingAnalyzer
{
    private sealed partial class TypeState
    {
        /// <summary>The benign shapes of a field whose unlocked reads are the design.</summary>
        private sealed class Shapes
        {
            private readonly IFieldSymbol _field;
            private readonly ISymbol _gate;
            private readonly List<Access> _accesses;
            private readonly Judgement _judgement;
            private bool? _copyOnWrite;
            private bool? _oneWay;
            private bool? _writtenOnce;

            internal Shapes(IFieldSymbol field, ISymbol gate, List<Access> accesses, Judgement judgement)
            {
                _field = field;
                _gate = gate;
                _accesses = accesses;
                _judgement = judgement;
            }

            /// <summary>
            /// Whether the unlocked read is benign: the field only moves one way; or, when the read touches only the
            /// reference or nothing changes the object in place, it is only ever replaced by newly built objects, it is
            /// written once (lazily, when still null), or the read is a fast path that a helper re-checks under the lock.
            /// </summary>
            internal bool IsBenignRead(Access read, ReadUse use, bool changedInPlace)
            {
                if (_oneWay ??= IsOneWay())
                {
                    return true;
                }

                // An object changed in place under the lock races every unlocked use of its contents, here or by a caller.
                if (use != ReadUse.Reference && changedInPlace)
                {
                    return false;
                }

                return (_copyOnWrite ??= IsCopyOnWrite()) || (_writtenOnce ??= IsWrittenOnce()) || (use != ReadUse.Content && IsFastPath(read))
                    || IsSnapshotAccessor(read);
            }

            /// <summary>
            /// An accessor that only hands out a value read whole (<c>public int FailureCount => _window != null ?
            /// _windowFailures : _failures;</c>): a property getter or parameterless method whose result is field reads,
            /// constants and comparisons of a type no read can tear. Its caller gets a value that may be one update old,
            /// which is all a statistic can promise, locked or not; a check-then-act on the field is still reported.
            /// </summary>
            private bool IsSnapshotAccessor(Access read)
            {
                if (!IsReadWhole(_field.Type)
                    || read.Body is not ({ MethodKind: MethodKind.PropertyGet } or { MethodKind: MethodKind.Ordinary, Parameters.IsEmpty: true }))
                {
                    return false;
                }

                var result = AccessorResult(read.Operation.Syntax);
                if (result is null)
                {
                    return false;
                }

                foreach (var node in result.DescendantNodesAndSelf())
                {
                    if (node is not (IdentifierNameSyntax or MemberAccessExpressionSyntax or ThisExpressionSyntax or LiteralExpressionSyntax
                        or BinaryExpressionSyntax or ConditionalExpressionSyntax or ParenthesizedExpressionSyntax
                        or PrefixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.LogicalNotExpression }))
                    {
                        return false;
                    }
                }

                return true;
            }

            /// <summary>The expression an expression-bodied member, or a body that is one <c>return</c>, hands out.</summary>
            private static ExpressionSyntax? AccessorResult(SyntaxNode read)
            {
                for (var node = read.Parent; node is not null; node = node.Parent)
                {
                    switch (node)
                    {
                        case ArrowExpressionClauseSyntax arrow:
                            return arrow.Expression;
                        case ReturnStatementSyntax { Parent: BlockSyntax { Statements.Count: 1, Parent: AccessorDeclarationSyntax or MethodDeclarationSyntax }, Expression: var returned }:
                            return returned;
                        case StatementSyntax or MemberDeclarationSyntax or AnonymousFunctionExpressionSyntax:
                            return null;
                    }
                }

                return null;
            }

            /// <summary>
            /// A scalar of 64 bits or less (or such an enum, a <c>DateTime</c> or a <c>TimeSpan</c>): a 64-bit process reads
            /// it whole. Only a 32-bit process can tear the 64-bit ones, which a status value handed out unlocked tolerates.
            /// </summary>
            private static bool IsReadWhole(ITypeSymbol type)
            {
                if (type is INamedTypeSymbol { TypeKind: TypeKind.Enum, EnumUnderlyingType: { } underlying })
                {
                    type = underlying;
                }

                return type.SpecialType is SpecialType.System_Boolean or SpecialType.System_Char or SpecialType.System_SByte or SpecialType.System_Byte
                    or SpecialType.System_Int16 or SpecialType.System_UInt16 or SpecialType.System_Int32 or SpecialType.System_UInt32 or SpecialType.System_Single
                    or SpecialType.System_Int64 or SpecialType.System_UInt64 or SpecialType.System_Double or SpecialType.System_DateTime
                    || type is INamedTypeSymbol { Name: "TimeSpan", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } };
            }

            /// <summary>Every write stores a newly built object: readers see one whole object or the other.</summary>
            private bool IsCopyOnWrite()
            {
                var writes = 0;
                foreach (var access in _accesses)
                {
                    if (!access.IsWrite)
                    {
                        continue;
                    }

                    writes++;
                    if (FieldUses.StoredValue(access.Operation) is not { } value || !FieldUses.IsNewlyBuilt(value, _judgement.Root(access.Operation)))
                    {
                        return false;
                    }
                }

                return writes > 0;
            }

            /// <summary>
            /// A bool or enum field that only moves forward: every write stores a constant, either the largest one written
            /// or one guarded by an <c>if</c> that checks the field holds a smaller one (<c>if (_s == Created) _s = Running;</c>).
            /// </summary>
            private bool IsOneWay()
            {
                if (_field.Type.SpecialType != SpecialType.System_Boolean && _field.Type.TypeKind != TypeKind.Enum)
                {
                    return false;
                }

                var values = new List<(Access Access, long Value)>();
                long max = long.MinValue;
                foreach (var access in _accesses)
                {
                    if (!access.IsWrite)
                    {
                        continue;
                    }

                    if (FieldUses.StoredValue(access.Operation) is not { ConstantValue: { HasValue: true, Value: { } constant } } || !TryNumber(constant, out var number))
                    {
                        return false;
                    }

                    values.Add((access, number));
                    max = System.Math.Max(max, number);
                }

                if (values.Count == 0)
                {
                    return false;
                }

                foreach (var (access, value) in values)
                {
                    if (value != max && !IsGuardedBySmaller(access.Operation, value))
                    {
                        return false;
                    }
                }

                return true;
            }

            private bool IsGuardedBySmaller(IOperation write, long value)
            {
                for (var current = write.Parent; current is not null; current = current.Parent)
                {
                    if (current is IConditionalOperation conditional
                        && Operations.WithoutConversions(conditional.Condition) is IBinaryOperation { OperatorKind: BinaryOperatorKind.Equals } test
                        && IsThisField(test.LeftOperand)
                        && Operations.WithoutConversions(test.RightOperand).ConstantValue is { HasValue: true, Value: { } constant }
                        && TryNumber(constant, out var number)
                        && number < value)
                    {
                        return true;
                    }

                    if (current is IAnonymousFunctionOperation or ILocalFunctionOperation)
                    {
                        break;
                    }
                }

                return false;
            }

            /// <summary>
            /// Written once: every write is lazy creation (<c>??=</c>, inside an <c>if</c> that tests the field for null, or
            /// after a guard that leaves when it is set: <c>if (_stopped || _f != null) return;</c>).
            /// </summary>
            private bool IsWrittenOnce()
            {
                var writes = 0;
                foreach (var access in _accesses)
                {
                    if (!access.IsWrite)
                    {
                        continue;
                    }

                    writes++;
                    if (!FieldUses.IsCoalescingWrite(access.Operation) && !IsGuardedByNullTest(access.Operation))
                    {
                        return false;
                    }
                }

                return writes > 0;
            }

            private bool IsGuardedByNullTest(IOperation write)
            {
                var child = write;
                for (var current = write.Parent; current is not null; child = current, current = current.Parent)
                {
                    if (current is IConditionalOperation conditional && conditional.WhenTrue == child && IsNullTest(conditional.Condition, whenNull: true))
                    {
                        return true;
                    }

                    if (current is IBlockOperation block && FollowsExitWhenSet(block, child))
                    {
                        return true;
                    }

                    if (current is IAnonymousFunctionOperation or ILocalFunctionOperation)
                    {
                        break;
                    }
                }

                return false;
            }

            /// <summary>An earlier statement of <paramref name="block"/> leaves when the field is set: <c>if (... || _f != null) return;</c>.</summary>
            private bool FollowsExitWhenSet(IBlockOperation block, IOperation statement)
            {
                foreach (var earlier in block.Operations)
                {
                    if (earlier == statement)
                    {
                        return false;
                    }

                    if (earlier is IConditionalOperation { WhenFalse: null } guard && Exits(guard.WhenTrue) && IsNullTest(guard.Condition, whenNull: false))
                    {
                        return true;
                    }
                }

                return false;
            }

            private static bool Exits(IOperation statement)
            {
                if (statement is IBlockOperation { Operations.Length: 1 } block)
                {
                    statement = block.Operations[0];
                }

                return statement is IReturnOperation or IThrowOperation or IExpressionStatementOperation { Operation: IThrowOperation };
            }

            /// <summary>
            /// Whether <paramref name="condition"/> holds only when the field is null (<paramref name="whenNull"/>: <c>_f == null</c>,
            /// <c>_f is null</c>, or an <c>&amp;&amp;</c> with one of them) or holds whenever it is set (<c>_f != null</c>,
            /// <c>_f is not null</c>, or an <c>||</c> with one of them).
            /// </summary>
            private bool IsNullTest(IOperation condition, bool whenNull)
            {
                // Long chains nest to the left: walk that spine in a loop and recurse into the (short) right operands only.
                while (true)
                {
                    condition = Operations.WithoutConversions(condition);
                    switch (condition)
                    {
                        case IBinaryOperation { OperatorKind: BinaryOperatorKind.ConditionalAnd } both when whenNull:
                            if (IsNullTest(both.RightOperand, whenNull))
                            {
                                return true;
                            }

                            condition = both.LeftOperand;
                            continue;
                        case IBinaryOperation { OperatorKind: BinaryOperatorKind.ConditionalOr } either when !whenNull:
                            if (IsNullTest(either.RightOperand, whenNull))
                            {
                                return true;
                            }

                            condition = either.LeftOperand;
                            continue;
                        case IBinaryOperation { OperatorKind: BinaryOperatorKind.Equals or BinaryOperatorKind.NotEquals } binary
                            when (binary.OperatorKind == BinaryOperatorKind.Equals) == whenNull:
                            return (IsThisField(binary.LeftOperand) && IsNull(binary.RightOperand)) || (IsThisField(binary.RightOperand) && IsNull(binary.LeftOperand));
                        case IIsPatternOperation { Pattern: IConstantPatternOperation constant } pattern when whenNull:
                            return IsThisField(pattern.Value) && IsNull(constant.Value);
                        case IIsPatternOperation { Pattern: INegatedPatternOperation { Pattern: IConstantPatternOperation constant } } pattern when !whenNull:
                            return IsThisField(pattern.Value) && IsNull(constant.Value);
                        default:
                            return false;
                    }
                }
            }

            private static bool IsNull(IOperation operation) =>
                Operations.WithoutConversions(operation).ConstantValue is { HasValue: true, Value: null };

            /// <summary>
            /// The read is a fast path (a null test, a coalesce, a returned value) in a member whose slow path is an own
            /// method that reads the field again under the lock: double-checked locking across a member boundary.
            /// </summary>
            private bool IsFastPath(Access read)
            {
                foreach (var callee in _judgement.Callees(read.Body))
                {
                    foreach (var access in _accesses)
                    {
                        if (!access.IsWrite && SymbolEqualityComparer.Default.Equals(access.Body.OriginalDefinition, callee) && HeldLocks.Contains(access.HeldHere, _gate))
                        {
                            return true;
                        }
                    }
                }

                return false;
            }

            private bool IsThisField(IOperation operation) =>
                Operations.WithoutConversions(operation) is IFieldReferenceOperation { Instance: IInstanceReferenceOperation } reference
                && SymbolEqualityComparer.Default.Equals(reference.Field.OriginalDefinition, _field);

            private static bool TryNumber(object constant, out long number)
            {
                switch (constant)
                {
                    case bool flag:
                        number = flag ? 1 : 0;
                        return true;
                    case int or long or short or sbyte or byte or ushort or uint:
                        number = System.Convert.ToInt64(constant, CultureInfo.InvariantCulture);
                        return true;
                    default:
                        number = 0;
                        return false;
                }
            }
        }
    }
}
