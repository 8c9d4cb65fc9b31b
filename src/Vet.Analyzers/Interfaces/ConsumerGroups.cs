using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace Vet.Analyzers.Interfaces;

/// <summary>
/// Groups consumers that share members (transitively). Two or more groups are a split: each group's members become
/// one interface. When everything hangs together through a single member, that member is set aside as shared (the
/// fix puts it in a base the narrow interfaces inherit) and the rest is grouped again.
/// </summary>
internal static class ConsumerGroups
{
    internal sealed class Group
    {
        public List<INamedTypeSymbol> Consumers { get; } = new();

        public List<ISymbol> Members { get; } = new();
    }

    internal sealed class Result
    {
        public Result(List<Group> groups, ISymbol? shared)
        {
            Groups = groups;
            Shared = shared;
        }

        public List<Group> Groups { get; }

        public ISymbol? Shared { get; }
    }

    public static Result? Split(Dictionary<INamedTypeSymbol, HashSet<ISymbol>> consumers)
    {
        if (consumers.Count < 2)
        {
            return null;
        }

        var groups = Connect(consumers, shared: null);
        if (groups.Count >= 2)
        {
            return new Result(groups, null);
        }

        // Nearly disjoint: one member used across the groups.
        var counts = new Dictionary<ISymbol, int>(SymbolEqualityComparer.Default);
        foreach (var used in consumers.Values)
        {
            foreach (var member in used)
            {
                counts.TryGetValue(member, out var n);
                counts[member] = n + 1;
            }
        }

        ISymbol? hub = null;
        foreach (var pair in counts)
        {
            if (pair.Value > 1 && (hub is null || pair.Value > counts[hub] || (pair.Value == counts[hub] && string.CompareOrdinal(pair.Key.Name, hub.Name) < 0)))
            {
                hub = pair.Key;
            }
        }

        if (hub is null)
        {
            return null;
        }

        groups = Connect(consumers, hub);
        return groups.Count >= 2 ? new Result(groups, hub) : null;
    }

    /// <summary>Connected components of consumers linked by a used member other than <paramref name="shared"/>.</summary>
    private static List<Group> Connect(Dictionary<INamedTypeSymbol, HashSet<ISymbol>> consumers, ISymbol? shared)
    {
        var groupOfMember = new Dictionary<ISymbol, Group>(SymbolEqualityComparer.Default);
        var groups = new List<Group>();

        // Deterministic order: consumers by name.
        var ordered = new List<INamedTypeSymbol>(consumers.Keys);
        ordered.Sort(static (a, b) => string.CompareOrdinal(a.ToDisplayString(), b.ToDisplayString()));
        foreach (var consumer in ordered)
        {
            Group? target = null;
            foreach (var member in consumers[consumer])
            {
                if (SymbolEqualityComparer.Default.Equals(member, shared) || !groupOfMember.TryGetValue(member, out var existing))
                {
                    continue;
                }

                if (target is null)
                {
                    target = existing;
                }
                else if (target != existing)
                {
                    Merge(existing, target, groupOfMember, groups);
                }
            }

            if (target is null)
            {
                target = new Group();
                groups.Add(target);
            }

            target.Consumers.Add(consumer);
            foreach (var member in consumers[consumer])
            {
                if (SymbolEqualityComparer.Default.Equals(member, shared) || groupOfMember.ContainsKey(member))
                {
                    continue;
                }

                groupOfMember[member] = target;
                target.Members.Add(member);
            }
        }

        foreach (var group in groups)
        {
            group.Members.Sort(static (a, b) => a.Locations[0].SourceSpan.Start.CompareTo(b.Locations[0].SourceSpan.Start));
        }

        return groups;
    }

    private static void Merge(Group from, Group into, Dictionary<ISymbol, Group> groupOfMember, List<Group> groups)
    {
        into.Consumers.AddRange(from.Consumers);
        foreach (var member in from.Members)
        {
            groupOfMember[member] = into;
            into.Members.Add(member);
        }

        groups.Remove(from);
    }
}
