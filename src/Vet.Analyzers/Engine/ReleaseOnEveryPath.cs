using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Vet.Analyzers.Engine;

/// <summary>
/// What a rule counts as releasing a resource held in a local. The acquire itself is the operation the rule found;
/// everything a rule can vary (which calls release, whether passing the resource to a call lends it or hands it off) is
/// data here.
/// </summary>
internal sealed class ReleaseShape
{
    public ReleaseShape(string[] releaseMethodNames, string[]? releasingCallNames = null, bool argumentsBorrow = false)
    {
        ReleaseMethodNames = releaseMethodNames;
        ReleasingCallNames = releasingCallNames ?? System.Array.Empty<string>();
        ArgumentsBorrow = argumentsBorrow;
    }

    /// <summary>Instance methods that release the resource when called on it (e.g. "Dispose").</summary>
    public string[] ReleaseMethodNames { get; }

    /// <summary>Methods that release the resource when it is passed to them (e.g. "Return" of <c>pool.Return(buffer)</c>).</summary>
    public string[] ReleasingCallNames { get; }

    /// <summary>
    /// Whether passing the resource by value to another call only lends it (<c>stream.Read(buffer, 0, n)</c>): the
    /// caller still owns it, unless the call's result can carry it on. When false, every argument hands it off.
    /// </summary>
    public bool ArgumentsBorrow { get; }

    public bool IsRelease(IMethodSymbol method) => IsOneOf(method, ReleaseMethodNames);

    public bool IsReleasingCall(IMethodSymbol method) => IsOneOf(method, ReleasingCallNames);

    private static bool IsOneOf(IMethodSymbol method, string[] names)
    {
        foreach (var name in names)
        {
            if (method.Name == name)
            {
                return true;
            }
        }

        return false;
    }
}

/// <summary>
/// Release on every path: given the operation that acquires a resource into a local, does every path of the
/// enclosing body's <see cref="ControlFlowGraph"/> from that acquire to the exit release the resource or hand it
/// off? Handing off is any use other than calling a member on it, comparing it with null or overwriting it:
/// returning it, passing it as an argument (unless the shape's arguments borrow), storing it elsewhere. Paths that end
/// in a throw are not counted.
/// </summary>
internal static class ReleaseOnEveryPath
{
    /// <summary>
    /// True when some path from <paramref name="acquireSyntax"/>'s assignment to <paramref name="local"/> reaches the
    /// exit of <paramref name="graph"/> (or a new acquire into the same local) with the resource neither released nor
    /// handed off. <paramref name="graph"/> must be the graph of the function that declares the local.
    /// </summary>
    public static bool Leaks(ControlFlowGraph graph, ILocalSymbol local, SyntaxNode acquireSyntax, ReleaseShape shape)
    {
        var aliases = new HashSet<CaptureId>();
        CollectAliases(graph, local, aliases);

        var blocks = graph.Blocks;
        var heldOnEntry = new bool[blocks.Length];
        var visited = new bool[blocks.Length];
        var work = new Stack<BasicBlock>();
        foreach (var block in blocks)
        {
            // Entry, and the first blocks of catch and finally regions, which no normal branch reaches.
            if (block.Predecessors.IsEmpty)
            {
                visited[block.Ordinal] = true;
                work.Push(block);
            }
        }

        var context = new Walk(local, aliases, acquireSyntax, shape) { Graph = graph };
        while (work.Count > 0)
        {
            var block = work.Pop();
            context.Held = heldOnEntry[block.Ordinal];
            foreach (var operation in block.Operations)
            {
                context.Visit(operation);
            }

            if (block.BranchValue is { } value)
            {
                context.Visit(value);
            }

            if (context.Leaked)
            {
                return true;
            }

            if (block.Kind == BasicBlockKind.Exit)
            {
                if (context.Held)
                {
                    return true;
                }

                continue;
            }

            var held = context.Held;
            if (Follow(block.ConditionalSuccessor, held, context, heldOnEntry, visited, work)
                || Follow(block.FallThroughSuccessor, held, context, heldOnEntry, visited, work))
            {
                return true;
            }
        }

        return false;
    }

    private static bool Follow(ControlFlowBranch? branch, bool held, Walk context, bool[] heldOnEntry, bool[] visited, Stack<BasicBlock> work)
    {
        if (branch?.Destination is not { } destination)
        {
            return false;
        }

        if (held && !branch.FinallyRegions.IsEmpty)
        {
            foreach (var region in branch.FinallyRegions)
            {
                if (context.RegionReleases(region))
                {
                    held = false;
                    break;
                }
            }
        }

        var index = destination.Ordinal;
        if (!visited[index] || (held && !heldOnEntry[index]))
        {
            visited[index] = true;
            heldOnEntry[index] |= held;
            work.Push(destination);
        }

        return false;
    }

    private static void CollectAliases(ControlFlowGraph graph, ILocalSymbol local, HashSet<CaptureId> aliases)
    {
        foreach (var block in graph.Blocks)
        {
            foreach (var operation in block.Operations)
            {
                if (operation is IFlowCaptureOperation capture && IsLocal(capture.Value, local, aliases))
                {
                    aliases.Add(capture.Id);
                }
            }
        }
    }

    private static bool IsLocal(IOperation? operation, ILocalSymbol local, HashSet<CaptureId> aliases)
    {
        operation = UnwrapOrNull(operation);
        return operation switch
        {
            ILocalReferenceOperation reference => SymbolEqualityComparer.Default.Equals(reference.Local, local),
            IFlowCaptureReferenceOperation capture => aliases.Contains(capture.Id),
            _ => false,
        };
    }


    private static IOperation? UnwrapOrNull(IOperation? operation) =>
        operation is null ? null : Operations.WithoutConversions(operation);

    /// <summary>Walks the operations of a block in evaluation order, tracking whether the resource is held.</summary>
    private sealed class Walk
    {
        private readonly ILocalSymbol _local;
        private readonly HashSet<CaptureId> _aliases;
        private readonly SyntaxNode _acquireSyntax;
        private readonly ReleaseShape _shape;
        private readonly Stack<IOperation> _stack = new();
        private readonly List<IOperation> _order = new();
        private readonly Dictionary<ControlFlowRegion, bool> _regions = new();

        public Walk(ILocalSymbol local, HashSet<CaptureId> aliases, SyntaxNode acquireSyntax, ReleaseShape shape)
        {
            _local = local;
            _aliases = aliases;
            _acquireSyntax = acquireSyntax;
            _shape = shape;
        }

        public bool Held { get; set; }

        public bool Leaked { get; private set; }

        /// <summary>Does a finally region contain a release or hand-off of the resource (guarded or not)?</summary>
        public bool RegionReleases(ControlFlowRegion region)
        {
            if (_regions.TryGetValue(region, out var releases))
            {
                return releases;
            }

            var savedHeld = Held;
            var savedLeaked = Leaked;
            // Inside the region, look for any event that ends holding; a null check around it is fine.
            // The walk's blocks are found through the region's ordinal range.
            releases = false;
            _regions[region] = false;
            Held = true;
            Leaked = false;
            var graph = Graph;
            if (graph is not null)
            {
                for (var i = region.FirstBlockOrdinal; i <= region.LastBlockOrdinal && !releases; i++)
                {
                    var block = graph.Blocks[i];
                    foreach (var operation in block.Operations)
                    {
                        Visit(operation);
                    }

                    if (block.BranchValue is { } value)
                    {
                        Visit(value);
                    }

                    releases = !Held;
                }
            }

            Held = savedHeld;
            Leaked = savedLeaked;
            _regions[region] = releases;
            return releases;
        }

        public ControlFlowGraph? Graph { get; set; }

        /// <summary>Post-order over one operation tree: children are evaluated before their parent.</summary>
        public void Visit(IOperation root)
        {
            if (Leaked)
            {
                return;
            }

            _stack.Clear();
            _stack.Push(root);
            var order = _order;
            order.Clear();
            while (_stack.Count > 0)
            {
                var operation = _stack.Pop();
                order.Add(operation);
                foreach (var child in operation.ChildOperations)
                {
                    _stack.Push(child);
                }
            }

            // Reversed pre-order with children pushed in order yields parents after children, last child first.
            for (var i = order.Count - 1; i >= 0; i--)
            {
                Step(order[i]);
            }
        }

        private void Step(IOperation operation)
        {
            if (operation is ISimpleAssignmentOperation assignment && IsLocal(assignment.Target, _local, _aliases) && UnwrapOrNull(assignment.Target) is ILocalReferenceOperation)
            {
                if (UnwrapOrNull(assignment.Value)?.Syntax == _acquireSyntax)
                {
                    if (Held)
                    {
                        Leaked = true;
                    }

                    Held = true;
                }
                else if (Held && !IsLocal(assignment.Value, _local, _aliases))
                {
                    // Overwritten while still held: the previous resource is lost.
                    Leaked = true;
                }

                return;
            }

            if (operation is not (ILocalReferenceOperation or IFlowCaptureReferenceOperation) || !IsLocal(operation, _local, _aliases))
            {
                return;
            }

            var parent = operation.Parent;
            while (parent is IConversionOperation)
            {
                parent = parent.Parent;
            }

            switch (parent)
            {
                case ISimpleAssignmentOperation target when UnwrapOrNull(target.Target) == operation || target.Target == operation:
                case IFlowCaptureOperation:
                case IIsNullOperation:
                case IBinaryOperation:
                case IIsPatternOperation:
                case IIsTypeOperation:
                case IPropertyReferenceOperation:
                case IEventReferenceOperation:
                    return;
                case IInvocationOperation invocation when invocation.Instance is { } instance && (instance == operation || UnwrapOrNull(instance) == operation):
                    if (_shape.IsRelease(invocation.TargetMethod))
                    {
                        Held = false;
                    }

                    return;
                case IArgumentOperation { Parent: IInvocationOperation call } when _shape.IsReleasingCall(call.TargetMethod):
                    Held = false;
                    return;
                case IArgumentOperation { Parameter.RefKind: RefKind.None, Parent: IInvocationOperation call } when _shape.ArgumentsBorrow && CannotCarryOn(call):
                    return;
                default:
                    // Returned, passed, stored, captured: someone else owns it now.
                    Held = false;
                    return;
            }
        }

        /// <summary>
        /// Whether a call that was lent the resource cannot pass it on through its result: the result is unused (a
        /// statement of the graph, awaited or not), or of a type that cannot hold a reference to it (void, a number, bool,
        /// string, enum, a span, or a task of those).
        /// </summary>
        private static bool CannotCarryOn(IInvocationOperation call)
        {
            if (call.Parent is null or IAwaitOperation { Parent: null })
            {
                return true;
            }

            var type = call.TargetMethod.ReturnType;
            if (call.TargetMethod.ReturnsVoid || type.IsTask(generic: false))
            {
                return true;
            }

            if (type.IsTask(generic: true))
            {
                type = ((INamedTypeSymbol)type).TypeArguments[0];
            }

            return type.SpecialType == SpecialType.System_String
                || (type.IsValueType && (type.SpecialType != SpecialType.None || type.TypeKind == TypeKind.Enum))
                || type.IsRefLikeType;
        }
    }
}
