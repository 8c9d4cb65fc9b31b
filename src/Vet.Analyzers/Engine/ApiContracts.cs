using System;
using System.Collections.Generic;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Vet.Analyzers.Engine;

/// <summary>
/// Whether a member is an API contract: a member the project cannot change freely, because code it does not see
/// depends on its shape. Rules whose fix changes a signature or a type's shape skip contracts unless
/// <c>vet.api_surface = all</c>. A contract is
/// <list type="bullet">
/// <item>listed in <c>PublicAPI.Shipped.txt</c> (an additional file, when present);</item>
/// <item>visible outside the assembly, in a library the project publishes as a package (<see cref="BuildProperties.PublishesPackage"/>);</item>
/// <item>an override or an interface implementation (its shape belongs to the base or the interface);</item>
/// <item>visible to the assemblies named by <c>InternalsVisibleTo</c> (tests and mocking proxies call and implement it): an
/// internal member, or any visible member of a program, which no other assembly references.</item>
/// </list>
/// </summary>
internal sealed class ApiContracts
{
    /// <summary>The option, global or per rule (<c>vet.VETnnn.api_surface</c>): <c>non_contract</c> (default) or <c>all</c>.</summary>
    internal const string SurfaceOption = "api_surface";

    private readonly AnalyzerOptions _options;
    private readonly bool _publishesPackage;
    /// <summary>Binding the assembly's attributes is asked only when a finding needs it.</summary>
    private readonly System.Lazy<bool> _hasFriendAssemblies;
    private readonly bool _isLibrary;
    private readonly bool _isTestProject;
    private readonly ShippedNames _shipped;

    private ApiContracts(Compilation compilation, AnalyzerOptions options, BuildProperties properties)
    {
        _options = options;
        _publishesPackage = properties.PublishesPackage;
        _isLibrary = IsLibrary(compilation, properties);
        _hasFriendAssemblies = new System.Lazy<bool>(() => HasInternalsVisibleTo(compilation.Assembly));
        _isTestProject = TestCode.IsTestProject(compilation, properties);
        _shipped = new ShippedNames(options);
    }

    /// <summary>Reads what the contracts depend on once per compilation.</summary>
    internal static ApiContracts Create(Compilation compilation, AnalyzerOptions options) =>
        new(compilation, options, BuildProperties.Read(options));

    /// <summary>
    /// Whether a rule may suggest changing <paramref name="symbol"/>'s shape: always under <c>api_surface = all</c>,
    /// otherwise only when it is not a contract.
    /// </summary>
    internal bool MayChange(ISymbol symbol, string ruleId, SyntaxTree tree, CancellationToken cancellationToken)
    {
        return CoversAll(ruleId, tree) || !IsContract(symbol, cancellationToken);
    }

    /// <summary>
    /// Whether a rule may suggest reshaping <paramref name="type"/>, a type that other code implements (splitting an
    /// interface). Besides the contracts, a type visible outside a library project that is not a test project is
    /// implemented by code this compilation does not see (the library's users, other projects' test fakes and mocking
    /// proxies), so "its only implementation" cannot be known here. Executables and test projects have no such users.
    /// </summary>
    internal bool MayReshape(INamedTypeSymbol type, string ruleId, SyntaxTree tree, CancellationToken cancellationToken) =>
        CoversAll(ruleId, tree) || !(IsContract(type, cancellationToken) || IsLibrarySurface(type));

    /// <summary>Visible outside the assembly of a library project that is not a test project.</summary>
    internal bool IsLibrarySurface(ISymbol symbol) => _isLibrary && !_isTestProject && Visibility(symbol) == Reach.Everyone;

    /// <summary>Whether <c>vet.api_surface</c> (or <c>vet.VETnnn.api_surface</c>) asks for every member.</summary>
    internal bool CoversAll(string ruleId, SyntaxTree tree)
    {
        var value = RuleOptions.GetString(_options, tree, ruleId, SurfaceOption) ?? RuleOptions.GetGlobalString(_options, tree, SurfaceOption);
        return value == "all";
    }

    /// <summary>Whether <paramref name="symbol"/> is a contract (see the type's remarks).</summary>
    internal bool IsContract(ISymbol symbol, CancellationToken cancellationToken)
    {
        if (IsOverrideOrImplementation(symbol))
        {
            return true;
        }

        return Visibility(symbol) switch
        {
            Reach.Private => false,
            // Tests and mocking proxies named by InternalsVisibleTo call and implement internal members.
            Reach.Assembly => _hasFriendAssemblies.Value,
            // A program is referenced by no assembly but its friends, which reach its public members as well.
            _ => (_isLibrary && _publishesPackage) || _shipped.Contains(symbol, cancellationToken) || (!_isLibrary && _hasFriendAssemblies.Value),
        };
    }

    /// <summary>The member a line of <c>PublicAPI.Shipped.txt</c> names, without parameters or type arguments; null for other lines.</summary>
    internal static string? ShippedName(string line) => ShippedNames.Parse(line);

    /// <summary>An override, or an explicit or implicit implementation of an interface member.</summary>
    internal static bool IsOverrideOrImplementation(ISymbol symbol)
    {
        switch (symbol)
        {
            case IMethodSymbol method:
                if (method.IsOverride || !method.ExplicitInterfaceImplementations.IsEmpty)
                {
                    return true;
                }

                // Accessors are implementations through their property or event.
                if (method.AssociatedSymbol is { } associated)
                {
                    return IsOverrideOrImplementation(associated);
                }

                return method.MethodKind == MethodKind.Ordinary && InterfaceContracts.ImplementsInterfaceMember(method);
            case IPropertySymbol property:
                return property.IsOverride || !property.ExplicitInterfaceImplementations.IsEmpty || InterfaceContracts.ImplementsInterfaceMember(property);
            case IEventSymbol @event:
                return @event.IsOverride || !@event.ExplicitInterfaceImplementations.IsEmpty || InterfaceContracts.ImplementsInterfaceMember(@event);
            default:
                return false;
        }
    }

    /// <summary>
    /// The compilation builds a library other code compiles against. A program (<c>Exe</c>, <c>WinExe</c>) is referenced
    /// by no other assembly, and an assembly a host loads (an analyzer, a build task) is not compiled against: their
    /// public members have only their own callers.
    /// </summary>
    internal static bool IsLibrary(Compilation compilation, AnalyzerOptions options) =>
        IsLibrary(compilation, BuildProperties.Read(options));

    private static bool IsLibrary(Compilation compilation, BuildProperties properties) =>
        compilation.Options.OutputKind is OutputKind.DynamicallyLinkedLibrary or OutputKind.NetModule && !properties.IsLoadedByHost;

    /// <summary>
    /// Whether code in other assemblies can reach <paramref name="symbol"/> (public or protected along its containing
    /// types), friend assemblies aside: when not, every use of it is in this compilation.
    /// </summary>
    internal static bool IsVisibleOutsideAssembly(ISymbol symbol) => Visibility(symbol) == Reach.Everyone;

    /// <summary>
    /// Whether code in other assemblies can never hold an instance of the nested type <paramref name="type"/> although it
    /// can name it: no constructor of it is visible outside the assembly, and no member visible outside the assembly of
    /// its containing types (or of it, or of their nested types) has it in its signature (a field, property, return
    /// type or parameter, also as a type argument). Top-level types are answered false: any public API may return them.
    /// </summary>
    internal static bool InstancesStayInAssembly(INamedTypeSymbol type)
    {
        type = type.OriginalDefinition;
        if (type.ContainingType is null || type.IsStatic)
        {
            return false;
        }

        foreach (var constructor in type.InstanceConstructors)
        {
            if (IsVisibleOutsideAssembly(constructor))
            {
                return false;
            }
        }

        var outermost = type.ContainingType;
        while (outermost.ContainingType is not null)
        {
            outermost = outermost.ContainingType;
        }

        return !ExposesInSignature(outermost, type, depth: 0);
    }

    private static bool ExposesInSignature(INamedTypeSymbol container, INamedTypeSymbol type, int depth)
    {
        foreach (var member in container.GetMembers())
        {
            if (member is INamedTypeSymbol nested)
            {
                if (depth < 4 && ExposesInSignature(nested, type, depth + 1))
                {
                    return true;
                }

                continue;
            }

            if (member.IsImplicitlyDeclared || !IsVisibleOutsideAssembly(member))
            {
                continue;
            }

            var exposed = member switch
            {
                IFieldSymbol field => Mentions(field.Type, type),
                IPropertySymbol property => Mentions(property.Type, type) || MentionsAny(property.Parameters, type),
                IMethodSymbol method => Mentions(method.ReturnType, type) || MentionsAny(method.Parameters, type),
                IEventSymbol @event => Mentions(@event.Type, type),
                _ => false,
            };
            if (exposed)
            {
                return true;
            }
        }

        return false;
    }

    private static bool MentionsAny(System.Collections.Immutable.ImmutableArray<IParameterSymbol> parameters, INamedTypeSymbol type)
    {
        foreach (var parameter in parameters)
        {
            // A parameter hands an instance in, or out (out/ref, a callback of it).
            if (Mentions(parameter.Type, type))
            {
                return true;
            }
        }

        return false;
    }

    private static bool Mentions(ITypeSymbol candidate, INamedTypeSymbol type)
    {
        switch (candidate)
        {
            case IArrayTypeSymbol array:
                return Mentions(array.ElementType, type);
            case INamedTypeSymbol named:
                // The type itself, a type derived from it, or a base class or interface it can travel as.
                if (SymbolEqualityComparer.Default.Equals(named.OriginalDefinition, type) || BaseTypes.IsOrDerivesFrom(named, type)
                    || (named.SpecialType != SpecialType.System_Object && (BaseTypes.IsOrDerivesFrom(type, named.OriginalDefinition) || Implements(type, named.OriginalDefinition))))
                {
                    return true;
                }

                foreach (var argument in named.TypeArguments)
                {
                    if (Mentions(argument, type))
                    {
                        return true;
                    }
                }

                return false;
            default:
                // object, a type parameter: an instance could travel as one, but nothing says it does.
                return false;
        }
    }

    private static bool Implements(INamedTypeSymbol type, INamedTypeSymbol candidate)
    {
        if (candidate.TypeKind != TypeKind.Interface)
        {
            return false;
        }

        foreach (var implemented in type.AllInterfaces)
        {
            if (SymbolEqualityComparer.Default.Equals(implemented.OriginalDefinition, candidate))
            {
                return true;
            }
        }

        return false;
    }

    private enum Reach
    {
        Private,
        Assembly,
        Everyone,
    }

    /// <summary>How far the symbol can be seen: the narrowest accessibility along its containing types.</summary>
    private static Reach Visibility(ISymbol symbol)
    {
        var reach = Reach.Everyone;
        for (var current = symbol; current is not null and not INamespaceSymbol; current = current.ContainingSymbol)
        {
            if (current is IMethodSymbol { MethodKind: MethodKind.LocalFunction or MethodKind.AnonymousFunction })
            {
                return Reach.Private;
            }

            switch (current.DeclaredAccessibility)
            {
                case Accessibility.Private:
                    return Reach.Private;
                case Accessibility.Internal:
                case Accessibility.ProtectedAndInternal:
                    reach = Reach.Assembly;
                    break;
                case Accessibility.NotApplicable:
                    // Members without an accessibility of their own (a parameter, a local) follow their container.
                    break;
            }
        }

        return reach;
    }

    private static bool HasInternalsVisibleTo(IAssemblySymbol assembly)
    {
        foreach (var attribute in assembly.GetAttributes())
        {
            if (attribute.AttributeClass is { Name: "InternalsVisibleToAttribute" })
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The members named in <c>PublicAPI.Shipped.txt</c> files (the PublicApiAnalyzers format), by their qualified name
    /// without parameters or type arguments: every overload of a shipped name counts as shipped. Parsed on first use.
    /// </summary>
    private sealed class ShippedNames
    {
        private readonly AnalyzerOptions _options;
        private HashSet<string>? _names;
        private bool _read;

        internal ShippedNames(AnalyzerOptions options) => _options = options;

        internal bool Contains(ISymbol symbol, CancellationToken cancellationToken)
        {
            var names = Names(cancellationToken);
            return names is not null && names.Contains(QualifiedName(symbol));
        }

        private HashSet<string>? Names(CancellationToken cancellationToken)
        {
            if (Volatile.Read(ref _read))
            {
                return _names;
            }

            HashSet<string>? names = null;
            foreach (var file in _options.AdditionalFiles)
            {
                if (!file.Path.EndsWith("PublicAPI.Shipped.txt", StringComparison.OrdinalIgnoreCase) || file.GetText(cancellationToken) is not { } text)
                {
                    continue;
                }

                names ??= new HashSet<string>(StringComparer.Ordinal);
                foreach (var line in text.Lines)
                {
                    if (Parse(line.ToString()) is { } name)
                    {
                        names.Add(name);
                    }
                }
            }

            // Two threads may both parse; both results are the same, and the flag is set after the set is published.
            _names = names;
            Volatile.Write(ref _read, true);
            return names;
        }

        /// <summary><c>static Ns.Type&lt;T&gt;.Load(int x) -&gt; void</c> → <c>Ns.Type.Load</c>; <c>Ns.Type.Count.get -&gt; int</c> → <c>Ns.Type.Count</c>.</summary>
        internal static string? Parse(string line)
        {
            line = line.Trim();
            if (line.Length == 0 || line[0] == '#' || line.StartsWith("*REMOVED*", StringComparison.Ordinal))
            {
                return null;
            }

            // Leading modifiers: "static", "override", "virtual", "abstract", "sealed", "const", "readonly", "override sealed".
            int space;
            while ((space = line.IndexOf(' ')) > 0 && IsModifier(line.Substring(0, space)))
            {
                line = line.Substring(space + 1);
            }

            var end = line.Length;
            foreach (var stop in new[] { "(", " -> ", " = " })
            {
                var index = line.IndexOf(stop, StringComparison.Ordinal);
                if (index >= 0 && index < end)
                {
                    end = index;
                }
            }

            var name = WithoutTypeArguments(line.Substring(0, end));
            foreach (var accessor in new[] { ".get", ".set", ".init", ".add", ".remove" })
            {
                if (name.EndsWith(accessor, StringComparison.Ordinal))
                {
                    return name.Substring(0, name.Length - accessor.Length);
                }
            }

            return name;
        }

        private static bool IsModifier(string word) =>
            word is "static" or "override" or "virtual" or "abstract" or "sealed" or "const" or "readonly" or "new" or "extern";

        private static string WithoutTypeArguments(string name)
        {
            if (name.IndexOf('<') < 0)
            {
                return name;
            }

            var builder = new System.Text.StringBuilder(name.Length);
            var depth = 0;
            foreach (var c in name)
            {
                if (c == '<')
                {
                    depth++;
                }
                else if (c == '>')
                {
                    depth--;
                }
                else if (depth == 0)
                {
                    builder.Append(c);
                }
            }

            return builder.ToString();
        }

        /// <summary>The symbol's name as the shipped file writes it: namespace, containing types, member; a constructor by its type's name.</summary>
        internal static string QualifiedName(ISymbol symbol)
        {
            var member = symbol is IMethodSymbol { MethodKind: MethodKind.Constructor or MethodKind.StaticConstructor } ? symbol.ContainingType.Name : symbol.Name;
            if (symbol is INamedTypeSymbol)
            {
                member = symbol.Name;
                symbol = symbol.ContainingSymbol;
                return symbol is INamespaceSymbol { IsGlobalNamespace: true } ? member : Container(symbol) + "." + member;
            }

            return Container(symbol.ContainingSymbol) + "." + member;
        }

        private static string Container(ISymbol container)
        {
            var parts = new List<string>();
            for (var current = container; current is not null && current is not INamespaceSymbol { IsGlobalNamespace: true }; current = current.ContainingSymbol)
            {
                parts.Add(current.Name);
            }

            parts.Reverse();
            return string.Join(".", parts);
        }
    }
}
