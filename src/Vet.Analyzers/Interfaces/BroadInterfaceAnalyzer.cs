using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
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
            // needs collecting.
            if (!state.FindReportable(start.Options, start.CancellationToken))
            {
                return;
            }

            start.RegisterSymbolAction(state.AnalyzeType, SymbolKind.NamedType);

            // Uses are found where their members' names are written, so only the bodies that write one are bound
            // (an operation action on every call and property would have every body bound for it).
            start.RegisterSemanticModelAction(state.AnalyzeFile);
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

        /// <summary>The names of the reportable interfaces' required members, which a use writes (an indexer's is not written).</summary>
        private readonly HashSet<string> memberNames = new(System.StringComparer.Ordinal);

        private bool hasIndexer;

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
                        AddMemberNames(type);
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

        private void AddMemberNames(INamedTypeSymbol @interface)
        {
            foreach (var member in @interface.GetMembers())
            {
                if (!member.IsAbstract || member.IsStatic)
                {
                    continue;
                }

                if (member is IPropertySymbol { IsIndexer: true })
                {
                    hasIndexer = true;
                }
                else if (member is IPropertySymbol or IEventSymbol or IMethodSymbol { MethodKind: MethodKind.Ordinary })
                {
                    memberNames.Add(member.Name);
                }
            }
        }

        /// <summary>Records the uses of the reportable interfaces' members written in one file, with the type whose code uses them.</summary>
        public void AnalyzeFile(SemanticModelAnalysisContext context)
        {
            var model = context.SemanticModel;
            var cancellationToken = context.CancellationToken;
            foreach (var name in memberNames)
            {
                foreach (var token in FileText.Written(model.SyntaxTree, name, cancellationToken))
                {
                    if (token.IsKind(SyntaxKind.IdentifierToken) && token.Parent is SimpleNameSyntax written)
                    {
                        Record(model, written, cancellationToken);
                    }
                }
            }

            if (hasIndexer)
            {
                foreach (var node in model.SyntaxTree.GetRoot(cancellationToken).DescendantNodes())
                {
                    if (node is ElementAccessExpressionSyntax or ElementBindingExpressionSyntax)
                    {
                        Record(model, (ExpressionSyntax)node, cancellationToken);
                    }
                }
            }
        }

        /// <summary>
        /// A use is an instance member the interface itself declares (calls, property and event references, method groups),
        /// by code of another type: the implementation's own calls and the interface's default members do not count.
        /// </summary>
        private void Record(SemanticModel model, ExpressionSyntax written, System.Threading.CancellationToken cancellationToken)
        {
            if (model.GetSymbolInfo(written, cancellationToken).Symbol is not { IsStatic: false, IsAbstract: true } member
                || member is not (IMethodSymbol or IPropertySymbol or IEventSymbol)
                || member.ContainingType is not { TypeKind: TypeKind.Interface } @interface
                || !reportable.ContainsKey(@interface.OriginalDefinition)
                || WrittenCode.OwnerOf(model, written, cancellationToken)?.ContainingType is not { } consumer)
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
