using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using Vet.Analyzers.Engine;

namespace Vet.Analyzers.Interfaces;

/// <summary>
/// VET401: an interface with more than <c>vet.VET401.max_members</c> (default 10) directly declared, non-default
/// members whose only implementation is in the same compilation: a producer-side mirror of one class rather than
/// what its consumers need. The message says how many members the busiest consumer uses; when the consumers fall
/// into groups that use disjoint members (or share one), the groups travel to the "split by consumer usage" fix.
/// Needs every implementation and every use, so it reports at compilation end (builds, full-solution analysis).
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class BroadInterfaceAnalyzer : DiagnosticAnalyzer
{
    public const string MaxMembersOption = "max_members";
    public const int DefaultMaxMembers = 10;

    /// <summary>Diagnostic property: the split groups, "consumerId;consumerId=memberId;memberId|…" (documentation IDs).</summary>
    public const string GroupsProperty = "Groups";

    /// <summary>Diagnostic property: a member that two groups share, which the fix puts in a common base.</summary>
    public const string SharedProperty = "Shared";

    private static readonly DiagnosticDescriptor Rule = Descriptors.VET401_BroadInterface;

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

            var state = new CompilationState(start.Compilation.Assembly, ApiContracts.Create(start.Compilation, start.Options));

            // Which interfaces could be reported is known from their declarations: without one, no implementation or use
            // (an operation action on every call in every body) needs collecting.
            if (!state.FindReportable(start.Options, start.CancellationToken))
            {
                return;
            }

            start.RegisterSymbolAction(state.AnalyzeType, SymbolKind.NamedType);
            start.RegisterOperationAction(
                state.AnalyzeMemberUse,
                OperationKind.Invocation,
                OperationKind.PropertyReference,
                OperationKind.EventReference,
                OperationKind.MethodReference);
            start.RegisterCompilationEndAction(state.Report);
        });
    }

    private sealed class CompilationState
    {
        private readonly IAssemblySymbol assembly;
        private readonly ApiContracts contracts;
        private readonly ConcurrentBag<(INamedTypeSymbol Interface, int Members)> candidates = new();
        private readonly ConcurrentDictionary<INamedTypeSymbol, ConcurrentBag<INamedTypeSymbol>> implementations = new(SymbolEqualityComparer.Default);
        private readonly ConcurrentDictionary<INamedTypeSymbol, ConcurrentBag<(ISymbol Member, INamedTypeSymbol Consumer)>> uses = new(SymbolEqualityComparer.Default);

        /// <summary>
        /// The source interfaces that pass every test of their own declaration, with their required member count, found at
        /// compilation start. The candidates are those among them the symbol action sees (it skips generated code).
        /// </summary>
        private readonly Dictionary<INamedTypeSymbol, int> reportable = new(SymbolEqualityComparer.Default);

        public CompilationState(IAssemblySymbol assembly, ApiContracts contracts)
        {
            this.assembly = assembly;
            this.contracts = contracts;
        }

        /// <summary>Finds the interfaces declared here that are broad, have behaviour and may be reshaped; whether there is any.</summary>
        public bool FindReportable(AnalyzerOptions options, System.Threading.CancellationToken cancellationToken)
        {
            var pending = new Stack<INamespaceOrTypeSymbol>();
            pending.Push(assembly.GlobalNamespace);
            while (pending.Count > 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var container = pending.Pop();
                if (container is INamespaceSymbol @namespace)
                {
                    foreach (var inner in @namespace.GetNamespaceMembers())
                    {
                        pending.Push(inner);
                    }
                }

                foreach (var type in container.GetTypeMembers())
                {
                    pending.Push(type);
                    if (type.TypeKind == TypeKind.Interface && CountRequiredMembers(type) is var members
                        && IsReportable(type, members, options, cancellationToken))
                    {
                        reportable.Add(type, members);
                    }
                }
            }

            return reportable.Count > 0;
        }

        /// <summary>
        /// Broad (more members than <c>max_members</c>), with behaviour, not COM, and not a contract: a public interface of a
        /// library is the product's API, implemented by code in other assemblies; one that friend assemblies see is faked by
        /// their tests and proxies, so "only implementation" would hold in this project only.
        /// </summary>
        private bool IsReportable(INamedTypeSymbol @interface, int members, AnalyzerOptions options, System.Threading.CancellationToken cancellationToken) =>
            !@interface.Locations.IsEmpty && @interface.Locations[0].IsInSource
            && members > MaxMembers(options, @interface)
            && HasBehaviour(@interface) && !InterfaceContracts.IsComInterface(@interface)
            && contracts.MayReshape(@interface, Rule.Id, @interface.Locations[0].SourceTree!, cancellationToken);

        public void AnalyzeType(SymbolAnalysisContext context)
        {
            var type = (INamedTypeSymbol)context.Symbol;
            if (type.TypeKind == TypeKind.Interface)
            {
                if (reportable.TryGetValue(type, out var members))
                {
                    candidates.Add((type, members));
                }

                return;
            }

            if (type.TypeKind is not (TypeKind.Class or TypeKind.Struct))
            {
                return;
            }

            // An implementation is a type that takes the interface on itself, not one that inherits it from a base.
            var inherited = type.BaseType?.AllInterfaces ?? ImmutableArray<INamedTypeSymbol>.Empty;
            foreach (var @interface in type.AllInterfaces)
            {
                if (!reportable.ContainsKey(@interface.OriginalDefinition) || Contains(inherited, @interface))
                {
                    continue;
                }

                implementations.GetOrAdd(@interface.OriginalDefinition, static _ => new ConcurrentBag<INamedTypeSymbol>()).Add(type);
            }
        }

        public void AnalyzeMemberUse(OperationAnalysisContext context)
        {
            var (member, instance) = context.Operation switch
            {
                IInvocationOperation invocation => ((ISymbol)invocation.TargetMethod, invocation.Instance),
                IPropertyReferenceOperation property => (property.Property, property.Instance),
                IEventReferenceOperation @event => (@event.Event, @event.Instance),
                IMethodReferenceOperation method => (method.Method, method.Instance),
                _ => (null!, null),
            };

            if (instance is null
                || member.ContainingType is not { TypeKind: TypeKind.Interface } @interface
                || !member.IsAbstract
                || !reportable.ContainsKey(@interface.OriginalDefinition)
                || context.ContainingSymbol.ContainingType is not { } consumer)
            {
                return;
            }

            uses.GetOrAdd(@interface.OriginalDefinition, static _ => new ConcurrentBag<(ISymbol, INamedTypeSymbol)>())
                .Add((member.OriginalDefinition, consumer.OriginalDefinition));
        }

        public void Report(CompilationAnalysisContext context)
        {
            foreach (var (@interface, members) in candidates)
            {
                if (!implementations.TryGetValue(@interface, out var implementers)
                    || Distinct(implementers) is not { Count: 1 } single)
                {
                    continue;
                }

                var implementation = single[0];
                if (implementation.IsAbstract)
                {
                    continue; // a base class: its subclasses are the implementations
                }

                // Only an interface some consumer uses a small part of can be split by what its consumers need: the
                // busiest one uses at most max_members, and at most half of the interface.
                var consumers = ConsumersOf(@interface, implementation);
                if (Busiest(consumers) is not { } busiest || busiest.Value.Count > MaxMembers(context.Options, @interface) || busiest.Value.Count * 2 > members)
                {
                    continue;
                }

                var properties = ImmutableDictionary<string, string?>.Empty;
                if (ConsumerGroups.Split(consumers) is { } split)
                {
                    properties = properties
                        .Add(GroupsProperty, Encode(split.Groups))
                        .Add(SharedProperty, split.Shared?.GetDocumentationCommentId() ?? string.Empty);
                }

                context.ReportDiagnostic(Diagnostic.Create(
                    Rule,
                    @interface.Locations[0],
                    properties,
                    @interface.Name,
                    members,
                    implementation.Name,
                    busiest.Key.Name,
                    busiest.Value.Count));
            }
        }

        private static int MaxMembers(AnalyzerOptions options, INamedTypeSymbol @interface)
        {
            var tree = @interface.Locations[0].SourceTree;
            if (tree is not null
                && RuleOptions.GetString(options, tree, Rule.Id, MaxMembersOption) is { } value
                && int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var max)
                && max > 0)
            {
                return max;
            }

            return DefaultMaxMembers;
        }

        /// <summary>Members used per consumer type, leaving out the implementation itself and the interface's own code.</summary>
        private Dictionary<INamedTypeSymbol, HashSet<ISymbol>> ConsumersOf(INamedTypeSymbol @interface, INamedTypeSymbol implementation)
        {
            var consumers = new Dictionary<INamedTypeSymbol, HashSet<ISymbol>>(SymbolEqualityComparer.Default);
            if (!uses.TryGetValue(@interface, out var bag))
            {
                return consumers;
            }

            foreach (var (member, consumer) in bag)
            {
                if (SymbolEqualityComparer.Default.Equals(consumer, implementation) || SymbolEqualityComparer.Default.Equals(consumer, @interface))
                {
                    continue;
                }

                if (!consumers.TryGetValue(consumer, out var used))
                {
                    used = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
                    consumers.Add(consumer, used);
                }

                used.Add(member);
            }

            return consumers;
        }

        private static KeyValuePair<INamedTypeSymbol, HashSet<ISymbol>>? Busiest(Dictionary<INamedTypeSymbol, HashSet<ISymbol>> consumers)
        {
            KeyValuePair<INamedTypeSymbol, HashSet<ISymbol>>? busiest = null;
            foreach (var consumer in consumers)
            {
                if (busiest is null
                    || consumer.Value.Count > busiest.Value.Value.Count
                    || (consumer.Value.Count == busiest.Value.Value.Count && string.CompareOrdinal(consumer.Key.Name, busiest.Value.Key.Name) < 0))
                {
                    busiest = consumer;
                }
            }

            return busiest;
        }

        private static List<INamedTypeSymbol> Distinct(ConcurrentBag<INamedTypeSymbol> types)
        {
            var distinct = new List<INamedTypeSymbol>();
            foreach (var type in types)
            {
                if (!Contains(distinct, type))
                {
                    distinct.Add(type);
                }
            }

            return distinct;
        }

        private static string Encode(List<ConsumerGroups.Group> groups)
        {
            var text = new StringBuilder();
            foreach (var group in groups)
            {
                if (text.Length > 0)
                {
                    text.Append('|');
                }

                AppendIds(text, group.Consumers);
                text.Append('=');
                AppendIds(text, group.Members);
            }

            return text.ToString();
        }

        private static void AppendIds(StringBuilder text, IEnumerable<ISymbol> symbols)
        {
            var first = true;
            foreach (var symbol in symbols)
            {
                if (!first)
                {
                    text.Append(';'); // documentation IDs contain commas
                }

                text.Append(symbol.GetDocumentationCommentId());
                first = false;
            }
        }
    }

    private static bool Contains(IEnumerable<INamedTypeSymbol> types, INamedTypeSymbol type)
    {
        foreach (var candidate in types)
        {
            if (SymbolEqualityComparer.Default.Equals(candidate, type))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Members an implementation must write: abstract ones, with properties and events counted once.</summary>
    internal static int CountRequiredMembers(INamedTypeSymbol @interface)
    {
        var count = 0;
        foreach (var member in @interface.GetMembers())
        {
            if (!member.IsAbstract || member.IsImplicitlyDeclared)
            {
                continue;
            }

            if (member is IMethodSymbol { MethodKind: not MethodKind.Ordinary })
            {
                continue; // accessors belong to their property or event
            }

            count++;
        }

        return count;
    }

    /// <summary>
    /// An interface of properties only is a data shape (an entity or options contract), not a set of operations a
    /// consumer picks from; Go would use a struct. Splitting it by consumer does not make it smaller to depend on.
    /// </summary>
    private static bool HasBehaviour(INamedTypeSymbol @interface)
    {
        foreach (var member in @interface.GetMembers())
        {
            if (member.IsAbstract && member is IMethodSymbol { MethodKind: MethodKind.Ordinary } or IEventSymbol)
            {
                return true;
            }
        }

        return false;
    }
}
