using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using Vet.Analyzers.Engine;

namespace Vet.Analyzers.Concurrency;

/// <summary>
/// VET201 (a): a delegate that the framework runs concurrently (Parallel, PLINQ, Task.Run in a loop, threads,
/// timers) changes a captured local or a field with a read-modify-write, or mutates a captured non-thread-safe
/// collection, outside <c>lock</c> and <c>Interlocked</c>.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class UnsynchronizedSharedStateLambdaAnalyzer : DiagnosticAnalyzer
{
    /// <summary>Diagnostic property: the fix to offer (<see cref="FixIncrement"/>, ... or <see cref="FixLock"/>).</summary>
    internal const string FixProperty = "Fix";

    /// <summary>Diagnostic property, "true" when the gate of a lock fix must be static (static field, static method).</summary>
    internal const string StaticGateProperty = "StaticGate";

    internal const string FixIncrement = "Increment";
    internal const string FixDecrement = "Decrement";
    internal const string FixAdd = "Add";
    internal const string FixSubtract = "Subtract";
    internal const string FixLock = "Lock";

    private static readonly DiagnosticDescriptor Rule = Descriptors.VET201_UnsynchronizedSharedState;

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
        Rule,
        Descriptors.Shapes.VET201_ConcurrentUpdate,
        Descriptors.Shapes.VET201_ConcurrentCollection);

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

            if (ConcurrentEntryPoints.Create(start.Compilation) is not { } points)
            {
                return;
            }

            var collections = new CollectionTypes(start.Compilation);
            // One action per file: only a call given a lambda can start one concurrently, and an operation action would be
            // paid for every call and object creation of the compilation.
            start.RegisterSemanticModelAction(ctx => AnalyzeFile(ctx, points, collections));
        });
    }

    private static readonly string[] LambdaMarks = { "=>", "delegate" };

    /// <summary>The calls and object creations of the file that are given a lambda or an anonymous method, each judged once.</summary>
    private static void AnalyzeFile(SemanticModelAnalysisContext context, ConcurrentEntryPoints points, CollectionTypes collections)
    {
        var model = context.SemanticModel;
        HashSet<SyntaxNode>? judged = null;
        foreach (var mark in LambdaMarks)
        {
            foreach (var token in FileText.Written(model.SyntaxTree, mark, context.CancellationToken))
            {
                if (token.Parent is AnonymousFunctionExpressionSyntax lambda
                    && CallTaking(lambda) is { } call
                    && (judged ??= new HashSet<SyntaxNode>()).Add(call)
                    && model.GetOperation(call, context.CancellationToken) is { } operation
                    && WrittenCode.OwnerOf(model, call, context.CancellationToken) is { } owner)
                {
                    AnalyzeCall(new WrittenCode.Site(context, owner), operation, points, collections);
                }
            }
        }
    }

    /// <summary>
    /// The call or object creation <paramref name="lambda"/> is an argument of: directly, under casts and parentheses, or as
    /// an element of an array argument (<c>Parallel.Invoke(new Action[] { ... })</c>).
    /// </summary>
    private static SyntaxNode? CallTaking(SyntaxNode lambda)
    {
        var node = Outside(lambda);
        if (node is InitializerExpressionSyntax { Parent: ArrayCreationExpressionSyntax or ImplicitArrayCreationExpressionSyntax } initializer)
        {
            node = Outside(initializer.Parent!);
        }

        return node is ArgumentSyntax { Parent: ArgumentListSyntax { Parent: InvocationExpressionSyntax or BaseObjectCreationExpressionSyntax } list } ? list.Parent : null;

        static SyntaxNode? Outside(SyntaxNode expression)
        {
            var parent = expression.Parent;
            while (parent is ParenthesizedExpressionSyntax or CastExpressionSyntax)
            {
                parent = parent.Parent;
            }

            return parent;
        }
    }

    private static void AnalyzeCall(WrittenCode.Site context, IOperation call, ConcurrentEntryPoints points, CollectionTypes collections)
    {
        var arguments = call switch
        {
            IInvocationOperation invocation => invocation.Arguments,
            IObjectCreationOperation creation => creation.Arguments,
            _ => ImmutableArray<IArgumentOperation>.Empty,
        };

        foreach (var argument in arguments)
        {
            var concurrency = points.Classify(argument);
            if (!ConcurrentEntryPoints.IsConcurrent(concurrency))
            {
                continue;
            }

            var value = Operations.WithoutConversions(argument.Value);
            if (value is IArrayCreationOperation { Initializer: { } initializer })
            {
                // Parallel.Invoke(params Action[] actions)
                foreach (var element in initializer.ElementValues)
                {
                    AnalyzeDelegate(context, Operations.WithoutConversions(element), concurrency, points, collections);
                }
            }
            else
            {
                AnalyzeDelegate(context, value, concurrency, points, collections);
            }
        }
    }

    private static void AnalyzeDelegate(WrittenCode.Site context, IOperation value, ConcurrentEntryPoints.Concurrency concurrency, ConcurrentEntryPoints points, CollectionTypes collections)
    {
        // Method groups are not followed: their bodies are other members (VET201's locking part covers fields there).
        if (value is not IDelegateCreationOperation { Target: IAnonymousFunctionOperation lambda })
        {
            return;
        }

        var walk = new Walk(context, lambda, concurrency, points, collections);
        walk.Run();
    }

    /// <summary>One concurrent delegate's body, searched for unsynchronized mutations of shared state.</summary>
    private sealed class Walk
    {
        private readonly WrittenCode.Site _context;
        private readonly IAnonymousFunctionOperation _lambda;
        private readonly ConcurrentEntryPoints.Concurrency _concurrency;
        private readonly ConcurrentEntryPoints _points;
        private readonly CollectionTypes _collections;
        private readonly Microsoft.CodeAnalysis.Text.TextSpan _span;
        private List<(IOperation Mutation, ISymbol Symbol, string? CollectionMember, string Fix)>? _found;

        internal Walk(WrittenCode.Site context, IAnonymousFunctionOperation lambda, ConcurrentEntryPoints.Concurrency concurrency, ConcurrentEntryPoints points, CollectionTypes collections)
        {
            _points = points;
            _context = context;
            _lambda = lambda;
            _concurrency = concurrency;
            _collections = collections;
            _span = lambda.Syntax.Span;
        }

        internal void Run()
        {
            var stack = new Stack<IOperation>();
            stack.Push(_lambda.Body);
            while (stack.Count > 0)
            {
                var operation = stack.Pop();
                switch (operation)
                {
                    case ILockOperation:
                        continue;
                    case IArgumentOperation argument when argument.Parent is IInvocationOperation or IObjectCreationOperation
                        && argument.Parameter?.Type.TypeKind is TypeKind.Delegate or TypeKind.Array
                        && IsNestedEntryPoint(argument):
                        // A delegate started from inside this one is analyzed on its own.
                        continue;
                    case IInvocationOperation invocation:
                        if (LockScope.IsAtomicAccess(invocation.TargetMethod))
                        {
                            continue;
                        }

                        if (LockPrimitive.IsAcquire(invocation))
                        {
                            // The delegate synchronizes by hand: its critical sections are not followed.
                            return;
                        }

                        CheckCollectionCall(invocation);
                        break;
                    case IIncrementOrDecrementOperation increment:
                        CheckReadModifyWrite(increment, increment.Target, increment.Kind == OperationKind.Increment ? FixIncrement : FixDecrement);
                        break;
                    case ICompoundAssignmentOperation compound:
                        CheckReadModifyWrite(compound, compound.Target, compound.OperatorKind switch
                        {
                            BinaryOperatorKind.Add => FixAdd,
                            BinaryOperatorKind.Subtract => FixSubtract,
                            _ => FixLock,
                        });
                        break;
                    case ISimpleAssignmentOperation assignment:
                        if (ReadsItself(assignment))
                        {
                            CheckReadModifyWrite(assignment, assignment.Target, FixLock);
                        }
                        else if (assignment.Target is IPropertyReferenceOperation { Property.IsIndexer: true, Instance: { } instance }
                            && _collections.IsUnsafeCollection(instance.Type))
                        {
                            CheckCollection(assignment, instance, "this[]");
                        }

                        break;
                }

                foreach (var child in operation.ChildOperations)
                {
                    stack.Push(child);
                }
            }

            if (_found is null)
            {
                return;
            }

            var entry = ConcurrentEntryPoints.DisplayName(_lambda.Parent?.Parent is IArgumentOperation { Parent: { } call } ? call : FindCall());
            foreach (var (mutation, symbol, collectionMember, fix) in _found)
            {
                var properties = ImmutableDictionary.CreateBuilder<string, string?>();
                properties.Add(FixProperty, fix);
                if (NeedsStaticGate(symbol))
                {
                    properties.Add(StaticGateProperty, "true");
                }

                _context.ReportDiagnostic(collectionMember is not null
                    ? Diagnostic.Create(Descriptors.Shapes.VET201_ConcurrentCollection, mutation.Syntax.GetLocation(), properties.ToImmutable(), symbol.Name, collectionMember, entry)
                    : Diagnostic.Create(IsCounter(symbol) ? Rule : Descriptors.Shapes.VET201_ConcurrentUpdate, mutation.Syntax.GetLocation(), properties.ToImmutable(), symbol.Name, entry));
            }
        }

        /// <summary>An int or long, which Interlocked can update.</summary>
        private static bool IsCounter(ISymbol symbol)
        {
            var type = symbol switch
            {
                ILocalSymbol local => local.Type,
                IParameterSymbol parameter => parameter.Type,
                IFieldSymbol field => field.Type,
                _ => null,
            };
            return type?.SpecialType is SpecialType.System_Int32 or SpecialType.System_Int64;
        }

        private IOperation FindCall()
        {
            IOperation? current = _lambda;
            while (current is not null and not IArgumentOperation)
            {
                current = current.Parent;
            }

            return current?.Parent ?? _lambda;
        }

        private bool NeedsStaticGate(ISymbol symbol)
        {
            if (symbol is IFieldSymbol field)
            {
                return field.IsStatic;
            }

            // A captured local or parameter: a static gate in a static member, the instance's otherwise.
            return _context.ContainingSymbol.IsStatic;
        }

        private bool IsNestedEntryPoint(IArgumentOperation argument)
        {
            var method = argument.Parent switch
            {
                IInvocationOperation invocation => invocation.TargetMethod,
                IObjectCreationOperation creation => creation.Constructor,
                _ => null,
            };
            return method is not null && ConcurrentEntryPoints.IsConcurrent(_points.Classify(method, argument.Parameter));
        }

        private void CheckCollectionCall(IInvocationOperation invocation)
        {
            if (invocation.Instance is { } instance && _collections.IsUnsafeCollection(instance.Type) && CollectionTypes.IsMutator(invocation.TargetMethod.Name))
            {
                CheckCollection(invocation, instance, invocation.TargetMethod.Name);
            }
        }

        /// <summary>A change of a collection that is not thread-safe, through <paramref name="member"/> (a method, or <c>this[]</c>).</summary>
        private void CheckCollection(IOperation mutation, IOperation instance, string member)
        {
            if (SharedSymbol(instance, forCollection: true) is { } symbol)
            {
                Add(mutation, symbol, member, FixLock);
            }
        }

        private void CheckReadModifyWrite(IOperation mutation, IOperation target, string fix)
        {
            if (SharedSymbol(target, forCollection: false) is not { } symbol)
            {
                return;
            }

            if (fix != FixLock && !CanUseInterlocked(mutation, target, symbol))
            {
                fix = FixLock;
            }

            Add(mutation, symbol, collectionMember: null, fix);
        }

        private void Add(IOperation mutation, ISymbol symbol, string? collectionMember, string fix)
        {
            if (!ConcurrentEntryPoints.RunsRepeatedly(_lambda, _concurrency, symbol))
            {
                return;
            }

            (_found ??= new()).Add((mutation, symbol, collectionMember, fix));
        }

        /// <summary>
        /// The captured local or parameter, or the field, that <paramref name="target"/> denotes and that other threads
        /// running the delegate share; null for the delegate's own locals and parameters and for other storage.
        /// </summary>
        private ISymbol? SharedSymbol(IOperation target, bool forCollection)
        {
            target = Operations.WithoutConversions(target);
            switch (target)
            {
                case ILocalReferenceOperation local:
                    return IsCaptured(local.Local) ? local.Local : null;
                case IParameterReferenceOperation parameter:
                    return IsCaptured(parameter.Parameter) ? parameter.Parameter : null;
                case IFieldReferenceOperation field:
                    if (field.Field.IsConst || (!forCollection && field.Field.IsReadOnly) || IsThreadStatic(field.Field))
                    {
                        return null;
                    }

                    return field.Instance is null or IInstanceReferenceOperation || SharedSymbol(field.Instance, forCollection: true) is not null
                        ? field.Field
                        : null;
                default:
                    return null;
            }
        }

        private bool IsCaptured(ISymbol symbol)
        {
            var declarations = symbol.DeclaringSyntaxReferences;
            return !declarations.IsEmpty
                && declarations[0].SyntaxTree == _lambda.Syntax.SyntaxTree
                && !_span.Contains(declarations[0].Span);
        }

        private static bool IsThreadStatic(IFieldSymbol field)
        {
            if (!field.IsStatic)
            {
                return false;
            }

            foreach (var attribute in field.GetAttributes())
            {
                if (attribute.AttributeClass?.Name == "ThreadStaticAttribute")
                {
                    return true;
                }
            }

            return false;
        }

        private static bool CanUseInterlocked(IOperation mutation, IOperation target, ISymbol symbol)
        {
            if (target.Type?.SpecialType is not (SpecialType.System_Int32 or SpecialType.System_Int64)
                || symbol is IFieldSymbol { IsVolatile: true }
                || symbol is IParameterSymbol { RefKind: RefKind.In })
            {
                return false;
            }

            if (mutation is IIncrementOrDecrementOperation { IsPostfix: true } && mutation.Parent is not IExpressionStatementOperation)
            {
                // Interlocked returns the new value; a used postfix result is the old one.
                return false;
            }

            if (mutation is ICompoundAssignmentOperation { Value: var value, IsChecked: false }
                && Operations.WithoutConversions(value).Type?.SpecialType is not (SpecialType.System_Int32 or SpecialType.System_Int64))
            {
                return false;
            }

            return mutation is not ICompoundAssignmentOperation { IsChecked: true };
        }

        /// <summary><c>x = f(x)</c>: an assignment whose value reads the variable it assigns.</summary>
        private static bool ReadsItself(ISimpleAssignmentOperation assignment)
        {
            var target = Operations.WithoutConversions(assignment.Target);
            var symbol = target switch
            {
                ILocalReferenceOperation local => (ISymbol)local.Local,
                IParameterReferenceOperation parameter => parameter.Parameter,
                IFieldReferenceOperation field => field.Field,
                _ => null,
            };
            if (symbol is null)
            {
                return false;
            }

            var stack = new Stack<IOperation>();
            stack.Push(assignment.Value);
            while (stack.Count > 0)
            {
                var operation = stack.Pop();
                var read = operation switch
                {
                    ILocalReferenceOperation local => (ISymbol)local.Local,
                    IParameterReferenceOperation parameter => parameter.Parameter,
                    IFieldReferenceOperation field => field.Field,
                    _ => null,
                };
                if (read is not null && SymbolEqualityComparer.Default.Equals(read, symbol))
                {
                    return true;
                }

                if (operation is IAnonymousFunctionOperation)
                {
                    continue;
                }

                foreach (var child in operation.ChildOperations)
                {
                    stack.Push(child);
                }
            }

            return false;
        }
    }
}
