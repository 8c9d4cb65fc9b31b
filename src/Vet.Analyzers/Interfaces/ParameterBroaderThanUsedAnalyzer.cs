using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using Vet.Analyzers.Engine;

namespace Vet.Analyzers.Interfaces;

/// <summary>
/// VET402: a public or protected parameter whose every use is covered by a more general, existing abstraction
/// (IEnumerable&lt;T&gt;, IReadOnlyList&lt;T&gt;, Stream, a project interface, …).
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ParameterBroaderThanUsedAnalyzer : DiagnosticAnalyzer
{
    /// <summary>Diagnostic property: the suggested type, fully qualified with <c>global::</c>, for the fix.</summary>
    internal const string SuggestedTypeProperty = "SuggestedType";

    /// <summary>Diagnostic property: the suggested type as the message shows it, for the fix's title.</summary>
    internal const string SuggestedNameProperty = "SuggestedName";

    private static readonly DiagnosticDescriptor Rule = Descriptors.VET402_ParameterBroaderThanUsed;

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

            // A program's public members have only the program's own callers, who hold the concrete types: narrowing
            // them helps nobody, as for private code (CA1859's side).
            if (!ApiContracts.IsLibrary(start.Compilation, start.Options)
                || KnownTypes.Create(start.Compilation) is not { } types)
            {
                return;
            }

            var contracts = ApiContracts.Create(start.Compilation, start.Options);

            // Per type: what each method's parameters could accept, then the reports, so that a parameter is narrowed
            // with the same-typed parameters of its method and of its overloads, or not at all.
            start.RegisterSymbolStartAction(
                typeStart =>
                {
                    var type = (INamedTypeSymbol)typeStart.Symbol;
                    var found = new Suggestions();
                    typeStart.RegisterOperationBlockAction(ctx => AnalyzeBlock(ctx, type, types, found));
                    typeStart.RegisterSymbolEndAction(end =>
                    {
                        if (found.Any is { } any)
                        {
                            Report(end, any, contracts);
                        }
                    });
                },
                SymbolKind.NamedType);
        });
    }

    private static void AnalyzeBlock(OperationBlockAnalysisContext context, INamedTypeSymbol type, KnownTypes types, Suggestions found)
    {
        if (context.OwningSymbol is not IMethodSymbol method
            || !SymbolEqualityComparer.Default.Equals(method.ContainingType, type)
            || !IsCandidateMethod(method, types))
        {
            return;
        }

        // First what each parameter could accept, then the reports: a parameter is narrowed with its siblings of the
        // same type or not at all.
        var suggestions = Suggest(context, method, types);
        var any = false;
        foreach (var suggestion in suggestions)
        {
            any |= suggestion is not null;
        }

        // Only a method with a suggestion is recorded: a method missing from the table keeps its parameter types, which
        // is what its overloads ask.
        if (any)
        {
            found.Add(method, suggestions);
        }
    }

    private static void Report(SymbolAnalysisContext context, ConcurrentDictionary<IMethodSymbol, ITypeSymbol?[]> found, ApiContracts contracts)
    {
        foreach (var entry in found)
        {
            Report(context, entry.Key, entry.Value, found, contracts);
        }
    }

    /// <summary>One type's suggestions by method, made on the first suggestion: most types have none.</summary>
    private sealed class Suggestions
    {
        private ConcurrentDictionary<IMethodSymbol, ITypeSymbol?[]>? _byMethod;

        internal ConcurrentDictionary<IMethodSymbol, ITypeSymbol?[]>? Any => System.Threading.Volatile.Read(ref _byMethod);

        internal void Add(IMethodSymbol method, ITypeSymbol?[] suggestions) =>
            System.Threading.LazyInitializer.EnsureInitialized(ref _byMethod, static () => new ConcurrentDictionary<IMethodSymbol, ITypeSymbol?[]>(SymbolEqualityComparer.Default))![method] = suggestions;
    }

    private static void Report(SymbolAnalysisContext context, IMethodSymbol method, ITypeSymbol?[] suggestions, ConcurrentDictionary<IMethodSymbol, ITypeSymbol?[]> found, ApiContracts contracts)
    {
        for (var i = 0; i < method.Parameters.Length; i++)
        {
            if (suggestions[i] is not { } suggested
                || SiblingKeepsTheType(method, i, suggestions)
                || OverloadKeepsTheType(method, method.Parameters[i].Type, found))
            {
                continue;
            }

            var parameter = method.Parameters[i];

            // Asked last: only a finding pays for the contract check.
            if (method.Locations.IsEmpty
                || method.Locations[0].SourceTree is not { } tree
                || !contracts.MayChange(method, Rule.Id, tree, context.CancellationToken))
            {
                return;
            }

            var syntax = parameter.DeclaringSyntaxReferences.IsEmpty
                ? null
                : parameter.DeclaringSyntaxReferences[0].GetSyntax(context.CancellationToken);
            var shortName = suggested.ToDisplayString(SymbolDisplayFormat.CSharpShortErrorMessageFormat);
            var properties = ImmutableDictionary.CreateBuilder<string, string?>();
            properties.Add(SuggestedTypeProperty, suggested.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat));
            properties.Add(SuggestedNameProperty, shortName);
            context.ReportDiagnostic(Diagnostic.Create(
                Rule,
                syntax?.GetLocation() ?? parameter.Locations[0],
                properties.ToImmutable(),
                parameter.Name,
                method.MethodKind == MethodKind.Constructor ? method.ContainingType.Name : method.Name,
                shortName,
                parameter.Type.ToDisplayString(SymbolDisplayFormat.CSharpShortErrorMessageFormat)));
        }
    }

    /// <summary>
    /// Another parameter of the method has the same type and keeps it (its uses need it, or it is not a candidate):
    /// narrowing this one alone would make the pair inconsistent for callers, who build both the same way.
    /// </summary>
    private static bool SiblingKeepsTheType(IMethodSymbol method, int index, ITypeSymbol?[] suggestions)
    {
        var type = method.Parameters[index].Type;
        for (var i = 0; i < method.Parameters.Length; i++)
        {
            if (i != index && suggestions[i] is null && SymbolEqualityComparer.Default.Equals(method.Parameters[i].Type, type))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// A same-named overload keeps the same type (<c>Add(T[] array)</c>, which needs <c>Length</c>, beside
    /// <c>Add(T[] array, int index, int length)</c>): the method group takes that type as a whole, and narrowing one
    /// overload makes it inconsistent. An overload that is no candidate (virtual, private, without a body) keeps it too.
    /// </summary>
    private static bool OverloadKeepsTheType(IMethodSymbol method, ITypeSymbol type, ConcurrentDictionary<IMethodSymbol, ITypeSymbol?[]> found)
    {
        foreach (var member in method.ContainingType.GetMembers(method.Name))
        {
            if (member is not IMethodSymbol other || SymbolEqualityComparer.Default.Equals(other, method) || other.MethodKind != method.MethodKind)
            {
                continue;
            }

            found.TryGetValue(other, out var suggestions);
            for (var i = 0; i < other.Parameters.Length; i++)
            {
                if (SymbolEqualityComparer.Default.Equals(other.Parameters[i].Type, type)
                    && (suggestions is null || i >= suggestions.Length || suggestions[i] is null))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>For each parameter, the type it could accept instead, or null when it keeps its own.</summary>
    private static ITypeSymbol?[] Suggest(OperationBlockAnalysisContext context, IMethodSymbol method, KnownTypes types)
    {
        var suggestions = new ITypeSymbol?[method.Parameters.Length];
        Dictionary<IParameterSymbol, ParameterUses>? candidates = null;
        for (var i = method.IsExtensionMethod ? 1 : 0; i < method.Parameters.Length; i++)
        {
            var parameter = method.Parameters[i];
            if (IsCandidateParameter(parameter, types) && !HasSiblingOverload(method, i))
            {
                candidates ??= new Dictionary<IParameterSymbol, ParameterUses>(SymbolEqualityComparer.Default);
                candidates[parameter] = new ParameterUses();
            }
        }

        if (candidates is null)
        {
            return suggestions;
        }

        // One walk of the body for all candidate parameters; a parameter stops being classified once a use blocks it.
        foreach (var block in context.OperationBlocks)
        {
            foreach (var operation in block.Descendants())
            {
                if (operation is IParameterReferenceOperation reference
                    && candidates.TryGetValue(reference.Parameter, out var found)
                    && !found.Uses.Blocked)
                {
                    found.Referenced = true;
                    found.OutsideInitializer |= !InConstructorInitializer(reference);
                    Classify(reference, found.Uses, types, 0);
                }
            }
        }

        foreach (var pair in candidates)
        {
            var (parameter, found) = (pair.Key, pair.Value);

            // An unused parameter is another rule's business; one only forwarded to base(...) or this(...) mirrors the
            // constructor it feeds. Only null checks and hand-offs as object: nothing says which abstraction the method wants.
            if (found.Referenced && !found.Uses.Blocked && found.OutsideInitializer && found.Uses.AsksForSomething())
            {
                suggestions[parameter.Ordinal] = Choose(method, parameter.Type, found.Uses, types, context.Compilation);
            }
        }

        return suggestions;
    }

    /// <summary>What one parameter's references in a body say, gathered in the body's one walk.</summary>
    private sealed class ParameterUses
    {
        internal Uses Uses { get; } = new();

        internal bool Referenced { get; set; }

        internal bool OutsideInitializer { get; set; }
    }

    /// <summary>Inside <c>: base(...)</c> or <c>: this(...)</c> of a constructor.</summary>
    private static bool InConstructorInitializer(IOperation operation)
    {
        for (var current = operation.Parent; current is not null; current = current.Parent)
        {
            if (current is IInvocationOperation { TargetMethod.MethodKind: MethodKind.Constructor } call
                && call.Parent is IExpressionStatementOperation { Parent: IConstructorBodyOperation body }
                && body.Initializer == call.Parent)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Externally visible methods with a body whose signature is the user's to change.</summary>
    private static bool IsCandidateMethod(IMethodSymbol method, KnownTypes types)
    {
        if (method.MethodKind is not (MethodKind.Ordinary or MethodKind.Constructor)
            || method.IsImplicitlyDeclared
            || method.IsOverride
            || method.IsVirtual
            || method.IsAbstract
            || method.IsExtern
            || !IsExternallyVisible(method))
        {
            return false;
        }

        // Each read of Parameters or ExplicitInterfaceImplementations builds a new array: read once, after the cheap tests.
        var parameters = method.Parameters;
        if (parameters.IsEmpty || !method.ExplicitInterfaceImplementations.IsEmpty)
        {
            return false;
        }

        // The entry point's signature is fixed by the runtime.
        if (method.IsStatic && method.Name == "Main")
        {
            return false;
        }

        // Event handlers: (object sender, SomethingEventArgs e).
        if (parameters.Length == 2
            && parameters[0].Type.SpecialType == SpecialType.System_Object
            && types.IsEventArgs(parameters[1].Type))
        {
            return false;
        }

        // A positional record's parameters are also its properties; a public constructor's parameters are what dependency
        // injection resolves, and a narrower type would no longer be found at run time.
        if (method.MethodKind == MethodKind.Constructor
            && (method.ContainingType.IsRecord || method.DeclaredAccessibility == Accessibility.Public))
        {
            return false;
        }

        return OnlyHarmlessAttributes(method) && !ImplementsInterfaceMember(method);
    }

    /// <summary>
    /// Attributes on a method or parameter usually mean something outside the code calls it by reflection (test
    /// frameworks with array test data, web actions, serializers, RPC): its signature is not the caller's contract.
    /// Nullable-analysis, compiler and debugger attributes do not.
    /// </summary>
    private static bool OnlyHarmlessAttributes(ISymbol symbol)
    {
        foreach (var attribute in symbol.GetAttributes())
        {
            var ns = attribute.AttributeClass?.ContainingNamespace;
            if (!(ns.IsNamed("System.Diagnostics.CodeAnalysis") || ns.IsNamed("System.Runtime.CompilerServices") || ns.IsNamed("System.Diagnostics") || ns.IsNamed("System.ComponentModel"))
                && attribute.AttributeClass?.Name is not "ObsoleteAttribute")
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsExternallyVisible(ISymbol symbol)
    {
        for (var current = symbol; current is not null && current.Kind != SymbolKind.Namespace; current = current.ContainingSymbol)
        {
            if (current.DeclaredAccessibility is not (Accessibility.Public or Accessibility.Protected or Accessibility.ProtectedOrInternal))
            {
                return false;
            }
        }

        return true;
    }

    private static bool ImplementsInterfaceMember(IMethodSymbol method)
    {
        if (method.MethodKind != MethodKind.Ordinary || method.IsStatic)
        {
            return false;
        }

        if (InterfaceContracts.ImplementsInterfaceMember(method))
        {
            return true;
        }

        // The public twin of an explicit implementation mirrors the interface's signature on purpose.
        var type = method.ContainingType;
        foreach (var @interface in type.AllInterfaces)
        {
            foreach (var member in @interface.GetMembers(method.Name))
            {
                if (type.FindImplementationForInterfaceMember(member) is IMethodSymbol { ExplicitInterfaceImplementations.IsEmpty: false } explicitImplementation
                    && SymbolEqualityComparer.Default.Equals(explicitImplementation.ContainingType, type))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static bool IsCandidateParameter(IParameterSymbol parameter, KnownTypes types)
    {
        if (parameter.RefKind != RefKind.None || parameter.IsParams || parameter.Name.Length == 0)
        {
            return false;
        }

        // A binding attribute ([FromQuery], [FromBody], …) means a framework fills the parameter by its type.
        if (!OnlyHarmlessAttributes(parameter))
        {
            return false;
        }

        // Only concrete types: narrowing one abstraction to another is taste, not "accept interfaces".
        var type = parameter.Type;
        if (type is IArrayTypeSymbol array)
        {
            // byte[] and char[] are buffers, not sequences.
            return array.IsSZArray && array.ElementType.SpecialType is not (SpecialType.System_Byte or SpecialType.System_SByte or SpecialType.System_Char);
        }

        return type is INamedTypeSymbol { TypeKind: TypeKind.Class } named
            && named.SpecialType is not (SpecialType.System_Object or SpecialType.System_String)
            && !types.IsExcluded(named);
    }

    /// <summary>Another overload that differs only in this parameter: changing its type would collide or confuse.</summary>
    private static bool HasSiblingOverload(IMethodSymbol method, int index)
    {
        foreach (var member in method.ContainingType.GetMembers(method.Name))
        {
            if (member is not IMethodSymbol other
                || SymbolEqualityComparer.Default.Equals(other, method)
                || other.Parameters.Length != method.Parameters.Length
                || other.MethodKind != method.MethodKind)
            {
                continue;
            }

            var same = true;
            for (var i = 0; i < other.Parameters.Length && same; i++)
            {
                same = i == index || SymbolEqualityComparer.Default.Equals(other.Parameters[i].Type, method.Parameters[i].Type);
            }

            if (same)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Records what one reference to the parameter needs of its type; anything unknown blocks the rule.</summary>
    private static void Classify(IOperation reference, Uses uses, KnownTypes types, int depth)
    {
        var parent = reference.Parent;
        switch (parent)
        {
            case IConversionOperation conversion when conversion.Operand == reference:
                if (!conversion.IsImplicit || conversion.Type is null || conversion.Type.TypeKind == TypeKind.Dynamic)
                {
                    uses.Blocked = true;
                    return;
                }

                if (conversion.Parent is IForEachLoopOperation convertedLoop && convertedLoop.Collection == conversion)
                {
                    uses.Enumerate(IsInLoop(convertedLoop));
                    return;
                }

                if (conversion.Parent is IArgumentOperation converted && !IsPlainArgument(converted))
                {
                    uses.Blocked = true;
                    return;
                }

                uses.ConvertTo(conversion.Type);
                if (conversion.Parent is IArgumentOperation && types.IsEnumerable(conversion.Type))
                {
                    uses.Enumerate(IsInLoop(conversion));
                }

                return;

            case IForEachLoopOperation loop when loop.Collection == reference:
                uses.Enumerate(IsInLoop(loop));
                return;

            case IArgumentOperation argument:
                if (!IsPlainArgument(argument) || argument.Parameter!.Type.TypeKind == TypeKind.Dynamic)
                {
                    uses.Blocked = true;
                    return;
                }

                uses.ConvertTo(argument.Parameter.Type);
                if (types.IsEnumerable(argument.Parameter.Type))
                {
                    uses.Enumerate(IsInLoop(argument));
                }

                return;

            case IPropertyReferenceOperation property when property.Instance == reference:
                uses.Member(property.Property, IsWritten(property));
                return;

            case IInvocationOperation invocation when invocation.Instance == reference:
                uses.Member(invocation.TargetMethod, write: false);
                return;

            case IArrayElementReferenceOperation element when element.ArrayReference == reference:
                if (IsWritten(element) || element.Indices.Length != 1)
                {
                    uses.Blocked = true;
                    return;
                }

                uses.NeedsIndexer = true;
                return;

            case IConditionalAccessOperation access when access.Operation == reference && depth == 0:
                if (FindConditionalInstance(access) is { } instance)
                {
                    Classify(instance, uses, types, depth + 1);
                    return;
                }

                uses.Blocked = true;
                return;

            case INameOfOperation:
            case IInterpolationOperation:
                return;

            case IIsPatternOperation { Pattern: IConstantPatternOperation { Value: var value } }
                when value.ConstantValue is { HasValue: true, Value: null }:
                return;

            case IIsPatternOperation { Pattern: INegatedPatternOperation { Pattern: IConstantPatternOperation { Value: var value } } }
                when value.ConstantValue is { HasValue: true, Value: null }:
                return;

            default:
                uses.Blocked = true;
                return;
        }
    }

    private static bool IsPlainArgument(IArgumentOperation argument) =>
        argument.Parameter is { RefKind: RefKind.None or RefKind.In } parameter && !parameter.IsParams
        && argument.ArgumentKind == ArgumentKind.Explicit;

    private static bool IsWritten(IOperation target) => target.Parent switch
    {
        IAssignmentOperation assignment => assignment.Target == target,
        IIncrementOrDecrementOperation => true,
        IArgumentOperation argument => argument.Parameter?.RefKind is RefKind.Ref or RefKind.Out,
        _ => false,
    };

    /// <summary>Whether the operation runs inside a loop of the method, so one enumeration in the text is many at run time.</summary>
    private static bool IsInLoop(IOperation operation)
    {
        for (var current = operation.Parent; current is not null; current = current.Parent)
        {
            if (current is ILoopOperation)
            {
                return true;
            }

            if (current is IAnonymousFunctionOperation or ILocalFunctionOperation)
            {
                // A lambda may run many times: count it as repeated.
                return true;
            }
        }

        return false;
    }

    /// <summary>The <c>?.</c> receiver placeholder that stands for <paramref name="access"/>'s operand.</summary>
    private static IOperation? FindConditionalInstance(IConditionalAccessOperation access)
    {
        var current = access.WhenNotNull;
        for (var guard = 0; guard < 64 && current is not null; guard++)
        {
            if (current is IConditionalAccessInstanceOperation)
            {
                return current;
            }

            current = current switch
            {
                IConditionalAccessOperation nested => nested.Operation,
                IInvocationOperation { Instance: { } instance } => instance,
                IPropertyReferenceOperation { Instance: { } instance } => instance,
                IFieldReferenceOperation { Instance: { } instance } => instance,
                IArrayElementReferenceOperation element => element.ArrayReference,
                IInvocationOperation { Instance: null, Arguments.Length: > 0 } invocation when invocation.TargetMethod.IsExtensionMethod
                    => invocation.Arguments[0].Value,
                IConversionOperation conversion => conversion.Operand,
                _ => null,
            };
        }

        return null;
    }

    /// <summary>The most general allowed type that covers every use, or null.</summary>
    private static ITypeSymbol? Choose(IMethodSymbol method, ITypeSymbol declared, Uses uses, KnownTypes types, Compilation compilation)
    {
        foreach (var candidate in types.Candidates(declared))
        {
            // A generic method infers its type arguments from this parameter: the candidate must keep them.
            if (method.IsGenericMethod && !KeepsTypeParameters(method, declared, candidate))
            {
                continue;
            }

            if (Covers(candidate, declared, uses, types, compilation))
            {
                return candidate;
            }
        }

        return null;
    }

    private static bool KeepsTypeParameters(IMethodSymbol method, ITypeSymbol declared, ITypeSymbol candidate)
    {
        foreach (var typeParameter in method.TypeParameters)
        {
            if (Mentions(declared, typeParameter, 0) && !Mentions(candidate, typeParameter, 0))
            {
                return false;
            }
        }

        return true;
    }

    private static bool Mentions(ITypeSymbol type, ITypeParameterSymbol typeParameter, int depth)
    {
        if (depth > 16)
        {
            return true;
        }

        switch (type)
        {
            case ITypeParameterSymbol parameter:
                return SymbolEqualityComparer.Default.Equals(parameter, typeParameter);
            case IArrayTypeSymbol array:
                return Mentions(array.ElementType, typeParameter, depth + 1);
            case INamedTypeSymbol named:
                foreach (var argument in named.TypeArguments)
                {
                    if (Mentions(argument, typeParameter, depth + 1))
                    {
                        return true;
                    }
                }

                return named.ContainingType is { } outer && Mentions(outer, typeParameter, depth + 1);
            default:
                return false;
        }
    }

    private static bool Covers(INamedTypeSymbol candidate, ITypeSymbol declared, Uses uses, KnownTypes types, Compilation compilation)
    {
        if (uses.Enumerations > 0 && !types.IsEnumerableLike(candidate))
        {
            return false;
        }

        // Enumerating a lazy sequence twice repeats the work (CA1851): keep a materialized collection type.
        if (uses.Enumerations > 1 && types.IsSequenceOnly(candidate))
        {
            return false;
        }

        if (uses.NeedsIndexer && !types.HasIntIndexer(candidate))
        {
            return false;
        }

        foreach (var target in uses.Targets)
        {
            var conversion = compilation.ClassifyCommonConversion(candidate, target);
            if (!conversion.Exists || !conversion.IsImplicit || !(conversion.IsIdentity || conversion.IsReference))
            {
                return false;
            }
        }

        foreach (var (member, write) in uses.Members)
        {
            if (!MemberAvailable(member, write, candidate, declared))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Whether a member used on the declared type is reachable, with the same meaning, through the candidate.</summary>
    private static bool MemberAvailable(ISymbol member, bool write, INamedTypeSymbol candidate, ITypeSymbol declared)
    {
        if (member.IsStatic)
        {
            return false;
        }

        if (member.ContainingType?.SpecialType == SpecialType.System_Object)
        {
            return true;
        }

        if (candidate.TypeKind == TypeKind.Class)
        {
            // Walk the override chain up to a declaration on the candidate or its bases.
            for (var current = member; current is not null; current = Overridden(current))
            {
                if (IsSelfOrBase(current.ContainingType, candidate))
                {
                    return !write || HasSetter(current);
                }
            }

            return false;
        }

        if (member.ContainingType is { TypeKind: TypeKind.Interface } owner)
        {
            return (SymbolEqualityComparer.Default.Equals(owner, candidate) || Contains(candidate.AllInterfaces, owner))
                && (!write || HasSetter(member));
        }

        if (declared is not INamedTypeSymbol named)
        {
            return false;
        }

        if (Implements(named, candidate, member, write))
        {
            return true;
        }

        foreach (var @interface in candidate.AllInterfaces)
        {
            if (Implements(named, @interface, member, write))
            {
                return true;
            }
        }

        return false;
    }

    private static bool Implements(INamedTypeSymbol declared, INamedTypeSymbol @interface, ISymbol member, bool write)
    {
        foreach (var interfaceMember in @interface.GetMembers(member.Name))
        {
            if (interfaceMember.Kind == member.Kind
                && SymbolEqualityComparer.Default.Equals(declared.FindImplementationForInterfaceMember(interfaceMember), member)
                && (!write || HasSetter(interfaceMember)))
            {
                return true;
            }
        }

        return false;
    }

    private static ISymbol? Overridden(ISymbol member) => member switch
    {
        IMethodSymbol method => method.OverriddenMethod,
        IPropertySymbol property => property.OverriddenProperty,
        _ => null,
    };

    private static bool HasSetter(ISymbol member) => member is IPropertySymbol { SetMethod: not null };

    private static bool IsSelfOrBase(INamedTypeSymbol? type, INamedTypeSymbol candidate) => BaseTypes.IsOrDerivesFrom(candidate, type);

    private static bool Contains(ImmutableArray<INamedTypeSymbol> types, INamedTypeSymbol type)
    {
        foreach (var item in types)
        {
            if (SymbolEqualityComparer.Default.Equals(item, type))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>What the method asks of one parameter.</summary>
    private sealed class Uses
    {
        internal bool Blocked;
        internal bool NeedsIndexer;
        internal int Enumerations;
        internal readonly List<ITypeSymbol> Targets = new();
        internal readonly List<(ISymbol Member, bool Write)> Members = new();

        internal bool AsksForSomething()
        {
            if (NeedsIndexer || Enumerations > 0 || Members.Count > 0)
            {
                return true;
            }

            foreach (var target in Targets)
            {
                if (target.SpecialType != SpecialType.System_Object)
                {
                    return true;
                }
            }

            return false;
        }

        internal void Enumerate(bool repeated) => Enumerations += repeated ? 2 : 1;

        internal void ConvertTo(ITypeSymbol target) => Targets.Add(target);

        internal void Member(ISymbol member, bool write) => Members.Add((member, write));
    }

    /// <summary>The allowed abstractions and the types the rule leaves alone, resolved once per compilation.</summary>
    private sealed class KnownTypes
    {
        private readonly INamedTypeSymbol _enumerableOfT;
        private readonly INamedTypeSymbol? _enumerable;
        private readonly INamedTypeSymbol? _eventArgs;
        private readonly INamedTypeSymbol? _readOnlyList;
        private readonly INamedTypeSymbol? _list;
        private readonly ImmutableArray<INamedTypeSymbol> _genericInterfaces;
        private readonly ImmutableArray<INamedTypeSymbol> _baseClasses;
        private readonly ImmutableArray<INamedTypeSymbol> _excluded;

        private KnownTypes(Compilation compilation, INamedTypeSymbol enumerableOfT)
        {
            _enumerableOfT = enumerableOfT;
            _enumerable = WellKnownTypes.Get(compilation, "System.Collections.IEnumerable");
            _eventArgs = WellKnownTypes.Get(compilation, "System.EventArgs");
            _readOnlyList = WellKnownTypes.Get(compilation, "System.Collections.Generic.IReadOnlyList`1");
            _list = WellKnownTypes.Get(compilation, "System.Collections.Generic.IList`1");

            // Most general first: the first one that covers every use wins.
            _genericInterfaces = Resolve(
                compilation,
                "System.Collections.Generic.IEnumerable`1",
                "System.Collections.Generic.IReadOnlyCollection`1",
                "System.Collections.Generic.IReadOnlyList`1",
                "System.Collections.Generic.IReadOnlyDictionary`2",
                "System.Collections.Generic.ICollection`1",
                "System.Collections.Generic.IList`1",
                "System.Collections.Generic.IDictionary`2");
            _baseClasses = Resolve(compilation, "System.IO.Stream", "System.IO.TextReader", "System.IO.TextWriter");

            // Types whose concrete identity is the point, or that the allowed abstractions would misdescribe.
            _excluded = Resolve(
                compilation,
                "System.Delegate",
                "System.MulticastDelegate",
                "System.Type",
                "System.Exception",
                "System.Threading.Tasks.Task",
                "System.Threading.Tasks.Task`1",
                "System.Text.StringBuilder");
        }

        internal static KnownTypes? Create(Compilation compilation) =>
            WellKnownTypes.Get(compilation, "System.Collections.Generic.IEnumerable`1") is { } enumerableOfT
                ? new KnownTypes(compilation, enumerableOfT)
                : null;

        internal bool IsEventArgs(ITypeSymbol type) => _eventArgs is not null && InheritsFrom(type, _eventArgs);

        internal bool IsExcluded(INamedTypeSymbol type)
        {
            if (type.TypeKind == TypeKind.Delegate || type.IsStatic)
            {
                return true;
            }

            foreach (var excluded in _excluded)
            {
                if (SymbolEqualityComparer.Default.Equals(type.OriginalDefinition, excluded) || InheritsFrom(type, excluded))
                {
                    return true;
                }
            }

            return false;
        }

        internal bool IsEnumerable(ITypeSymbol type) =>
            SymbolEqualityComparer.Default.Equals(type.OriginalDefinition, _enumerableOfT)
            || SymbolEqualityComparer.Default.Equals(type, _enumerable);

        internal bool IsEnumerableLike(INamedTypeSymbol candidate) =>
            candidate.TypeKind == TypeKind.Interface
            && (SymbolEqualityComparer.Default.Equals(candidate.OriginalDefinition, _enumerableOfT)
                || (_enumerable is not null && (SymbolEqualityComparer.Default.Equals(candidate, _enumerable) || Contains(candidate.AllInterfaces, _enumerable))));

        internal bool IsSequenceOnly(INamedTypeSymbol candidate) =>
            SymbolEqualityComparer.Default.Equals(candidate.OriginalDefinition, _enumerableOfT);

        internal bool HasIntIndexer(INamedTypeSymbol candidate) =>
            SymbolEqualityComparer.Default.Equals(candidate.OriginalDefinition, _readOnlyList)
            || SymbolEqualityComparer.Default.Equals(candidate.OriginalDefinition, _list);

        /// <summary>The allowed types the declared type converts to, most general first.</summary>
        internal List<INamedTypeSymbol> Candidates(ITypeSymbol declared)
        {
            var result = new List<INamedTypeSymbol>();
            var interfaces = declared.AllInterfaces;
            var isDictionary = IsDictionary(interfaces);
            foreach (var allowed in _genericInterfaces)
            {
                // A dictionary is not offered as a bag of pairs.
                if (isDictionary && allowed.Arity != 2)
                {
                    continue;
                }

                foreach (var @interface in interfaces)
                {
                    if (SymbolEqualityComparer.Default.Equals(@interface.OriginalDefinition, allowed))
                    {
                        // Arrays throw from the mutating collection interfaces.
                        if (declared is IArrayTypeSymbol && @interface.OriginalDefinition.Name is "ICollection" or "IList")
                        {
                            continue;
                        }

                        result.Add(@interface);
                        break;
                    }
                }
            }

            foreach (var baseClass in _baseClasses)
            {
                if (!SymbolEqualityComparer.Default.Equals(declared, baseClass) && InheritsFrom(declared, baseClass))
                {
                    result.Add(baseClass);
                }
            }

            // Project interfaces of at least two members, smallest first; never marker interfaces.
            var start = result.Count;
            foreach (var @interface in interfaces)
            {
                if (!@interface.Locations.IsEmpty && @interface.Locations[0].IsInSource && MemberCount(@interface) >= 2)
                {
                    var count = MemberCount(@interface);
                    var at = result.Count;
                    while (at > start && MemberCount(result[at - 1]) > count)
                    {
                        at--;
                    }

                    result.Insert(at, @interface);
                }
            }

            return result;
        }

        private bool IsDictionary(ImmutableArray<INamedTypeSymbol> interfaces)
        {
            foreach (var @interface in interfaces)
            {
                foreach (var allowed in _genericInterfaces)
                {
                    if (allowed.Arity == 2 && SymbolEqualityComparer.Default.Equals(@interface.OriginalDefinition, allowed))
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        private static int MemberCount(INamedTypeSymbol @interface)
        {
            var count = OwnMemberCount(@interface);
            foreach (var inherited in @interface.AllInterfaces)
            {
                count += OwnMemberCount(inherited);
            }

            return count;
        }

        private static int OwnMemberCount(INamedTypeSymbol @interface)
        {
            var count = 0;
            foreach (var member in @interface.GetMembers())
            {
                if (member.Kind is SymbolKind.Method or SymbolKind.Property or SymbolKind.Event
                    && !member.IsStatic
                    && member is not IMethodSymbol { AssociatedSymbol: not null })
                {
                    count++;
                }
            }

            return count;
        }

        private static bool InheritsFrom(ITypeSymbol type, INamedTypeSymbol baseType)
        {
            for (var current = type.BaseType; current is not null; current = current.BaseType)
            {
                if (SymbolEqualityComparer.Default.Equals(current.OriginalDefinition, baseType))
                {
                    return true;
                }
            }

            return false;
        }

        private static ImmutableArray<INamedTypeSymbol> Resolve(Compilation compilation, params string[] names)
        {
            var builder = ImmutableArray.CreateBuilder<INamedTypeSymbol>(names.Length);
            foreach (var name in names)
            {
                if (WellKnownTypes.Get(compilation, name) is { } type)
                {
                    builder.Add(type);
                }
            }

            return builder.ToImmutable();
        }
    }
}
