using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using Vet.Analyzers.Engine;

namespace Vet.Analyzers.Interfaces;

/// <summary>
/// VET412: <c>ArrayList</c>, <c>Hashtable</c> and the non-generic <c>Queue</c>, <c>Stack</c> and <c>SortedList</c> in a
/// declaration (field, property, method signature, local) or a creation. A creation that initializes or is assigned
/// to a declaration of the same type is left to that declaration; overrides, interface implementations and interop
/// signatures are exempt because their types are not the author's choice.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class NonGenericCollectionAnalyzer : DiagnosticAnalyzer
{
    private static readonly DiagnosticDescriptor Rule = Descriptors.VET412_NonGenericCollection;

    /// <summary>The file's text names one of the five types (also inside longer names, such as <c>StackTrace</c>).</summary>
    private static readonly FileText NamesCollection = FileText.Naming(NonGenericCollections.Names);

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

            var collections = NonGenericCollections.Resolve(start.Compilation);
            if (collections.IsEmpty)
            {
                return;
            }

            var contracts = ApiContracts.Create(start.Compilation, start.Options);
            // One action per file, after a text test: almost no file names one of the five types, and a symbol or syntax
            // action per declaration would be paid for every member of the compilation. A global alias elsewhere can
            // name one under another name; then every declaration is bound.
            var globalAlias = new System.Lazy<bool>(() => UsingAliases.AnyGlobal(start.Compilation, static target => NamesCollection.Test(target)));
            start.RegisterSemanticModelAction(ctx => AnalyzeFile(ctx, collections, contracts, globalAlias));
        });
    }

    private static void AnalyzeFile(SemanticModelAnalysisContext context, NonGenericCollections collections, ApiContracts contracts, System.Lazy<bool> globalAlias)
    {
        var tree = context.SemanticModel.SyntaxTree;
        var aliased = globalAlias.Value;
        if (!aliased && !NamesCollection.Holds(tree, context.CancellationToken))
        {
            return;
        }

        var model = context.SemanticModel;
        var report = context.ReportDiagnostic;
        var cancellationToken = context.CancellationToken;
        var root = tree.GetRoot(cancellationToken);
        aliased = aliased || UsingAliases.InFile(root);
        // Without an alias, only the declarations and creations around a written name can be one of the five: they are
        // found from the name's position, without walking (and materializing) the rest of the tree.
        var nodes = aliased
            ? root.DescendantNodes(static n => n is not (AttributeListSyntax or UsingDirectiveSyntax))
            : FileText.AroundNames(tree, NonGenericCollections.Names, IsDeclarationOrCreation, cancellationToken);
        foreach (var node in nodes)
        {
            switch (node)
            {
                case FieldDeclarationSyntax { Declaration: { Variables.Count: > 0 } declaration }
                    when (aliased || MayName(declaration.Type))
                        && model.GetDeclaredSymbol(declaration.Variables[0], cancellationToken) is IFieldSymbol field:
                    AnalyzeField(field, declaration, collections, contracts, report, cancellationToken);
                    break;
                case BasePropertyDeclarationSyntax property
                    when property is PropertyDeclarationSyntax or IndexerDeclarationSyntax
                        && (aliased || MayName(property.Type) || (property is IndexerDeclarationSyntax indexer && MayNameAny(indexer.ParameterList)))
                        && model.GetDeclaredSymbol(property, cancellationToken) is IPropertySymbol symbol:
                    AnalyzeProperty(symbol, property, collections, contracts, report, cancellationToken);
                    break;
                case BaseMethodDeclarationSyntax method
                    when (aliased || (method is MethodDeclarationSyntax { ReturnType: var returned } && MayName(returned))
                            || (method is OperatorDeclarationSyntax { ReturnType: var operatorType } && MayName(operatorType))
                            || (method is ConversionOperatorDeclarationSyntax { Type: var conversionType } && MayName(conversionType))
                            || MayNameAny(method.ParameterList))
                        && model.GetDeclaredSymbol(method, cancellationToken) is IMethodSymbol symbol:
                    AnalyzeMethod(symbol, method, collections, contracts, report, cancellationToken);
                    break;
                case LocalFunctionStatementSyntax function when aliased || MayName(function.ReturnType) || MayNameAny(function.ParameterList):
                    AnalyzeLocalFunction(function, model, collections, report, cancellationToken);
                    break;
                case LocalDeclarationStatementSyntax local:
                    AnalyzeLocals(local, model, collections, aliased, report, cancellationToken);
                    break;
                case ObjectCreationExpressionSyntax creation when aliased || NonGenericCollections.IsCandidateName(WrittenName(creation.Type)):
                    AnalyzeCreation(creation, model, collections, report, cancellationToken);
                    break;
            }
        }
    }

    private static bool IsDeclarationOrCreation(SyntaxNode node) =>
        node is FieldDeclarationSyntax or BasePropertyDeclarationSyntax or BaseMethodDeclarationSyntax or LocalFunctionStatementSyntax
            or LocalDeclarationStatementSyntax or ObjectCreationExpressionSyntax;

    /// <summary>The written type can be one of the five (its name, or a nullable of it): a test before any binding.</summary>
    private static bool MayName(TypeSyntax type) =>
        NonGenericCollections.IsCandidateName(WrittenName(type is NullableTypeSyntax nullable ? nullable.ElementType : type));

    private static bool MayNameAny(BaseParameterListSyntax parameters)
    {
        foreach (var parameter in parameters.Parameters)
        {
            if (parameter.Type is { } type && MayName(type))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A field declaration, judged by its first variable: 'ArrayList a, b;' names the type once.</summary>
    private static void AnalyzeField(IFieldSymbol field, VariableDeclarationSyntax declaration, NonGenericCollections collections, ApiContracts contracts, System.Action<Diagnostic> report, CancellationToken cancellationToken)
    {
        if (field.IsImplicitlyDeclared
            || collections.Find(field.Type) is not { } kind
            || (kind.IsHashtable && HashtableConcurrency.IsRelied(field.Name, OutermostType(field), cancellationToken))
            || IsContract(field, contracts, cancellationToken))
        {
            return;
        }

        Report(report, declaration.Type, kind);
    }

    private static void AnalyzeProperty(IPropertySymbol property, BasePropertyDeclarationSyntax syntax, NonGenericCollections collections, ApiContracts contracts, System.Action<Diagnostic> report, CancellationToken cancellationToken)
    {
        if (!MentionsCollection(property.Type, property.Parameters, collections)
            || IsSignatureFixedElsewhere(property)
            || IsContract(property, contracts, cancellationToken))
        {
            return;
        }

        if (collections.Find(property.Type) is { } kind)
        {
            Report(report, syntax.Type, kind);
        }

        if (syntax is IndexerDeclarationSyntax indexer)
        {
            ReportParameters(report, property.Parameters, indexer.ParameterList, collections, cancellationToken);
        }
    }

    private static void AnalyzeMethod(IMethodSymbol method, BaseMethodDeclarationSyntax syntax, NonGenericCollections collections, ApiContracts contracts, System.Action<Diagnostic> report, CancellationToken cancellationToken)
    {
        if (method.MethodKind is not (MethodKind.Ordinary or MethodKind.Constructor or MethodKind.UserDefinedOperator or MethodKind.Conversion)
            || !MentionsCollection(method.ReturnType, method.Parameters, collections)
            || method.IsExtern
            || method.PartialDefinitionPart is not null
            || IsSignatureFixedElsewhere(method)
            || HasInteropAttribute(method)
            || IsContract(method, contracts, cancellationToken))
        {
            return;
        }

        var returnType = syntax switch
        {
            MethodDeclarationSyntax declaration => declaration.ReturnType,
            OperatorDeclarationSyntax @operator => @operator.ReturnType,
            ConversionOperatorDeclarationSyntax conversion => conversion.Type,
            _ => null,
        };
        if (returnType is not null && collections.Find(method.ReturnType) is { } kind)
        {
            Report(report, returnType, kind);
        }

        ReportParameters(report, method.Parameters, syntax.ParameterList, collections, cancellationToken);
    }

    private static void AnalyzeLocalFunction(LocalFunctionStatementSyntax function, SemanticModel model, NonGenericCollections collections, System.Action<Diagnostic> report, CancellationToken cancellationToken)
    {
        if (model.GetDeclaredSymbol(function, cancellationToken) is not IMethodSymbol method)
        {
            return;
        }

        if (collections.Find(method.ReturnType) is { } kind)
        {
            Report(report, function.ReturnType, kind);
        }

        ReportParameters(report, method.Parameters, function.ParameterList, collections, cancellationToken);
    }

    private static void AnalyzeLocals(LocalDeclarationStatementSyntax statement, SemanticModel model, NonGenericCollections collections, bool aliased, System.Action<Diagnostic> report, CancellationToken cancellationToken)
    {
        var declaration = statement.Declaration;
        if (declaration.Type.IsVar || (!aliased && !MayName(declaration.Type)))
        {
            return; // 'var x = new ArrayList()' is reported at the creation; other names cannot be one of the five.
        }

        // A local that receives the collection from a call or a cast has its type chosen by the API it came from.
        foreach (var variable in declaration.Variables)
        {
            if (variable.Initializer?.Value is InvocationExpressionSyntax or CastExpressionSyntax or MemberAccessExpressionSyntax
                or ElementAccessExpressionSyntax or ConditionalAccessExpressionSyntax or AwaitExpressionSyntax
                or BinaryExpressionSyntax { RawKind: (int)SyntaxKind.AsExpression })
            {
                return;
            }
        }

        if (model.GetTypeInfo(declaration.Type, cancellationToken).Type is { } type
            && collections.Find(type) is { } kind
            && !(declaration.Variables.Count == 1
                 && declaration.Variables[0].Initializer?.Value is ObjectCreationExpressionSyntax or ImplicitObjectCreationExpressionSyntax
                 && model.GetOperation(declaration.Variables[0], cancellationToken) is IVariableDeclaratorOperation declarator
                 && NonGenericEnds.IsNonGenericLocal(declarator.Symbol, declarator, collections, cancellationToken))
            && !(kind.IsHashtable
                 && declaration.Variables.Count > 0
                 && statement.Parent is { } block
                 && HashtableConcurrency.IsRelied(declaration.Variables[0].Identifier.ValueText, new[] { block }, cancellationToken)))
        {
            Report(report, declaration.Type, kind);
        }
    }

    /// <summary>'new()' is target-typed: its target is a declaration, reported on its own.</summary>
    private static void AnalyzeCreation(ObjectCreationExpressionSyntax syntax, SemanticModel model, NonGenericCollections collections, System.Action<Diagnostic> report, CancellationToken cancellationToken)
    {
        if (collections.Find(model.GetTypeInfo(syntax, cancellationToken).Type) is not { } kind
            || model.GetOperation(syntax, cancellationToken) is not IObjectCreationOperation creation
            || IsLeftToItsDeclaration(creation)
            || IsHandedToAnApiThatNeedsIt(creation, collections, cancellationToken)
            || NonGenericEnds.OnlyReachesNonGenericCode(creation, collections, cancellationToken))
        {
            return;
        }

        Report(report, syntax.Type, kind);
    }

    /// <summary>The signature is an API contract (shipped, or a published library's visible surface): changing its type breaks callers.</summary>
    private static bool IsContract(ISymbol member, ApiContracts contracts, CancellationToken cancellationToken) =>
        !member.Locations.IsEmpty
        && member.Locations[0].SourceTree is { } tree
        && !contracts.MayChange(member, Rule.Id, tree, cancellationToken);

    /// <summary>
    /// <c>var messages = new ArrayList(); Receive(messages);</c> where the parameter is that non-generic type: the API the
    /// collection is made for chose its type.
    /// </summary>
    private static bool IsHandedToAnApiThatNeedsIt(IObjectCreationOperation creation, NonGenericCollections collections, CancellationToken cancellationToken)
    {
        if (creation.Parent is not IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator })
        {
            return false;
        }

        IOperation root = creation;
        while (root.Parent is { } parent)
        {
            root = parent;
        }

        foreach (var node in root.Descendants())
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (node is IArgumentOperation { Parameter: { } parameter } argument
                && collections.Find(parameter.Type) is not null
                && Operations.WithoutConversions(argument.Value) is ILocalReferenceOperation local
                && SymbolEqualityComparer.Default.Equals(local.Local, declarator.Symbol))
            {
                return true;
            }
        }

        return false;
    }

    private static string? WrittenName(TypeSyntax type) => type switch
    {
        IdentifierNameSyntax identifier => identifier.Identifier.ValueText,
        QualifiedNameSyntax qualified => qualified.Right.Identifier.ValueText,
        AliasQualifiedNameSyntax alias => alias.Name.Identifier.ValueText,
        _ => null,
    };

    private static bool MentionsCollection(ITypeSymbol type, ImmutableArray<IParameterSymbol> parameters, NonGenericCollections collections)
    {
        if (collections.Find(type) is not null)
        {
            return true;
        }

        foreach (var parameter in parameters)
        {
            if (collections.Find(parameter.Type) is not null)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// A creation whose value goes, unconverted, into a field, property, local or parameter of the same type: the
    /// declaration of that target is reported (or, when it is not the author's to change, nothing is). A creation
    /// held by a <c>var</c> local, or converted to an interface or to object, has no declaration that names the type.
    /// </summary>
    private static bool IsLeftToItsDeclaration(IObjectCreationOperation creation)
    {
        switch (creation.Parent)
        {
            case IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator }:
                return !(declarator.Syntax is VariableDeclaratorSyntax { Parent: VariableDeclarationSyntax { Type.IsVar: true } });
            case IConversionOperation conversion:
                // Handed on as object, the instance's own type is the point (serializers, renderers, their tests).
                return SymbolEqualityComparer.Default.Equals(conversion.Type, creation.Type)
                    || conversion.Type?.SpecialType == SpecialType.System_Object;
            case ISymbolInitializerOperation:
                return true; // field and property initializers
            case IAssignmentOperation assignment when assignment.Value == creation:
                return true; // the target's declaration (or a 'var' local's first creation) is reported
            case IArgumentOperation:
            case IReturnOperation:
                return true;
            default:
                return false;
        }
    }

    private static void ReportParameters(System.Action<Diagnostic> report, ImmutableArray<IParameterSymbol> parameters, BaseParameterListSyntax list, NonGenericCollections collections, CancellationToken cancellationToken)
    {
        for (var i = 0; i < parameters.Length && i < list.Parameters.Count; i++)
        {
            if (list.Parameters[i].Type is { } type
                && collections.Find(parameters[i].Type) is { } kind
                && !(kind.IsHashtable && list.Parent is { } member && HashtableConcurrency.IsRelied(parameters[i].Name, new[] { member }, cancellationToken)))
            {
                Report(report, type, kind);
            }
        }
    }

    private static IEnumerable<SyntaxNode> OutermostType(IFieldSymbol field)
    {
        var type = field.ContainingType;
        while (type.ContainingType is { } outer)
        {
            type = outer;
        }

        foreach (var reference in type.DeclaringSyntaxReferences)
        {
            yield return reference.GetSyntax();
        }
    }

    /// <summary>Overrides and interface implementations take their types from the member they implement.</summary>
    private static bool IsSignatureFixedElsewhere(ISymbol member)
    {
        if (member.IsOverride)
        {
            return true;
        }

        switch (member)
        {
            case IMethodSymbol { ExplicitInterfaceImplementations.IsEmpty: false }:
            case IPropertySymbol { ExplicitInterfaceImplementations.IsEmpty: false }:
                return true;
        }

        return member.ContainingType is null
            || InterfaceContracts.IsComInterface(member.ContainingType)
            || InterfaceContracts.ImplementsInterfaceMember(member);
    }
    private static bool HasInteropAttribute(IMethodSymbol method)
    {
        foreach (var attribute in method.GetAttributes())
        {
            if (attribute.AttributeClass is { Name: "DllImportAttribute" or "LibraryImportAttribute" or "UnmanagedCallersOnlyAttribute" })
            {
                return true;
            }
        }

        return false;
    }

    private static void Report(System.Action<Diagnostic> report, TypeSyntax type, NonGenericCollections.Kind kind) =>
        Report(report, type.GetLocation(), kind);

    private static void Report(System.Action<Diagnostic> report, Location location, NonGenericCollections.Kind kind) =>
        report(Diagnostic.Create(Rule, location, kind.Name, kind.Replacement));
}

/// <summary>
/// Where a new non-generic collection goes. When every place it reaches takes it as a non-generic interface
/// (<c>IList</c>, <c>IDictionary</c>, <c>ICollection</c>, <c>IEnumerable</c>), as <c>object</c> or as its own type, the
/// code that reads its elements is non-generic anyway: a generic collection adds no type safety there (the fix could
/// only write <c>List&lt;object&gt;</c>). A local qualifies when it is only filled (<c>Add</c>, indexer sets, ...) and
/// handed on like that; a local that uses a member without a generic twin, or that an expression tree captures (the
/// query provider sees its type), keeps its type too.
/// </summary>
internal static class NonGenericEnds
{
    /// <summary>Whether <paramref name="creation"/> only reaches non-generic code (see the type's remarks).</summary>
    public static bool OnlyReachesNonGenericCode(IObjectCreationOperation creation, NonGenericCollections collections, CancellationToken cancellationToken)
    {
        var top = Climb(creation);
        switch (top.Parent)
        {
            case IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator }:
                return IsNonGenericLocal(declarator.Symbol, declarator, collections, cancellationToken);
            case ISimpleAssignmentOperation assignment when assignment.Value == top && assignment.Target is ILocalReferenceOperation local:
                return IsNonGenericLocal(local.Local, assignment, collections, cancellationToken);
            default:
                return IsHandOff(top, collections);
        }
    }

    /// <summary>
    /// Whether <paramref name="local"/> is only filled and handed to non-generic code (at least once), or uses a member
    /// without a generic twin, or is captured by an expression tree. <paramref name="anywhere"/> is any operation of its body.
    /// </summary>
    public static bool IsNonGenericLocal(ILocalSymbol local, IOperation anywhere, NonGenericCollections collections, CancellationToken cancellationToken)
    {
        var root = anywhere;
        while (root.Parent is { } parent)
        {
            root = parent;
        }

        var handOffs = 0;
        foreach (var node in root.Descendants())
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (node is not ILocalReferenceOperation reference || !SymbolEqualityComparer.Default.Equals(reference.Local, local))
            {
                continue;
            }

            if (IsInExpressionTree(reference))
            {
                return true;
            }

            switch (reference.Parent)
            {
                case IInvocationOperation invocation when invocation.Instance == reference:
                    if (HasNoGenericTwin(invocation.TargetMethod))
                    {
                        return true;
                    }

                    if (!IsFill(invocation))
                    {
                        return false;
                    }

                    continue;
                case IPropertyReferenceOperation { Property.IsIndexer: true } indexer when indexer.Instance == reference:
                    if (indexer.Parent is ISimpleAssignmentOperation set && set.Target == indexer)
                    {
                        continue;
                    }

                    return false;
                case ISimpleAssignmentOperation assignment when assignment.Target == reference:
                    continue; // a new value: its creation is judged on its own
            }

            if (!IsHandOff(Climb(reference), collections))
            {
                return false;
            }

            handOffs++;
        }

        return handOffs > 0;
    }

    /// <summary>The value as its destination receives it: above conversions, parentheses, <c>??</c> and <c>?:</c> branches.</summary>
    private static IOperation Climb(IOperation value)
    {
        while (value.Parent is { } parent)
        {
            switch (parent)
            {
                case IConversionOperation:
                case IParenthesizedOperation:
                case ICoalesceOperation coalesce when coalesce.WhenNull == value:
                case IConditionalOperation conditional when conditional.WhenTrue == value || conditional.WhenFalse == value:
                    value = parent;
                    continue;
            }

            break;
        }

        return value;
    }

    /// <summary>
    /// <paramref name="top"/> (see <see cref="Climb"/>) is passed, returned or stored (not into a local) as a non-generic
    /// type, or passed to a call that does not bind, whose target type is unknown.
    /// </summary>
    private static bool IsHandOff(IOperation top, NonGenericCollections collections)
    {
        switch (top.Parent)
        {
            case IArgumentOperation { Parameter: null }:
                return true;
            case IArgumentOperation { Parameter: { } parameter }:
                return IsNonGenericTarget(parameter.Type, collections);
            case IReturnOperation:
            case ISymbolInitializerOperation:
                return IsNonGenericTarget(top.Type, collections);
            case ISimpleAssignmentOperation assignment when assignment.Value == top && assignment.Target is not ILocalReferenceOperation:
                return IsNonGenericTarget(assignment.Target.Type, collections);
            case IInvalidOperation when top.Syntax.Parent is ArgumentSyntax:
                return true;
            default:
                return false;
        }
    }

    private static bool IsNonGenericTarget(ITypeSymbol? type, NonGenericCollections collections)
    {
        if (type is null)
        {
            return false;
        }

        if (type.SpecialType is SpecialType.System_Object or SpecialType.System_Collections_IEnumerable || collections.Find(type) is not null)
        {
            return true;
        }

        return type is INamedTypeSymbol { TypeKind: TypeKind.Interface, Arity: 0, Name: "IList" or "ICollection" or "IDictionary" } named
            && named.ContainingNamespace is { Name: "Collections", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } };
    }

    /// <summary>Puts elements in, and nothing comes out that a generic type would type.</summary>
    private static bool IsFill(IInvocationOperation invocation) => invocation.TargetMethod.Name switch
    {
        "Add" => invocation.Parent is IExpressionStatementOperation, // ArrayList.Add's index read back is a use
        "AddRange" or "Insert" or "InsertRange" or "Enqueue" or "Push" or "Clear" => true,
        _ => false,
    };

    /// <summary>
    /// Members whose behaviour the generic collections do not offer: <c>ArrayList.ToArray(Type)</c> (an array whose
    /// element type is known only at run time), <c>ArrayList.SetRange</c>, <c>SortedList.SetByIndex</c>.
    /// </summary>
    internal static bool HasNoGenericTwin(IMethodSymbol method) => (method.ContainingType?.Name, method.Name, method.Parameters.Length) switch
    {
        ("ArrayList", "ToArray", 1) => true,
        ("ArrayList", "SetRange", 2) => true,
        ("SortedList", "SetByIndex", 2) => true,
        _ => false,
    };

    private static bool IsInExpressionTree(IOperation operation)
    {
        for (var current = operation.Parent; current is not null; current = current.Parent)
        {
            if (current is IAnonymousFunctionOperation && current.Parent?.Type is INamedTypeSymbol { Name: "Expression", Arity: 1 } tree
                && tree.ContainingNamespace is { Name: "Expressions", ContainingNamespace.Name: "Linq" })
            {
                return true;
            }
        }

        return false;
    }
}

/// <summary>The five non-generic collections of System.Collections and the generic type that replaces each.</summary>
internal sealed class NonGenericCollections
{
    internal sealed class Kind
    {
        public Kind(INamedTypeSymbol type, string replacementMetadataName, string replacement)
        {
            Type = type;
            ReplacementMetadataName = replacementMetadataName;
            Replacement = replacement;
        }

        public INamedTypeSymbol Type { get; }

        public string Name => Type.Name;

        /// <summary>Metadata name of the generic replacement, e.g. <c>System.Collections.Generic.List`1</c>.</summary>
        public string ReplacementMetadataName { get; }

        /// <summary>How the message writes the replacement, e.g. <c>List&lt;T&gt;</c>.</summary>
        public string Replacement { get; }

        /// <summary>Hashtable alone lets many threads read while one writes; its generic twin does not.</summary>
        public bool IsHashtable => Type.Name == "Hashtable";

        /// <summary>Keyed collections (Hashtable, SortedList) take a key and a value type.</summary>
        public bool IsKeyed => ReplacementMetadataName.EndsWith("`2", System.StringComparison.Ordinal);
    }

    private readonly ImmutableArray<Kind> kinds;

    private NonGenericCollections(ImmutableArray<Kind> kinds) => this.kinds = kinds;

    public bool IsEmpty => kinds.IsEmpty;

    /// <summary>The five types' names, as code writes them.</summary>
    public static readonly string[] Names = { "ArrayList", "Hashtable", "Queue", "Stack", "SortedList" };

    /// <summary>A cheap test on the written name before any binding (aliases are missed, and rare).</summary>
    public static bool IsCandidateName(string? name) => name is "ArrayList" or "Hashtable" or "Queue" or "Stack" or "SortedList";

    public static NonGenericCollections Resolve(Compilation compilation)
    {
        var builder = ImmutableArray.CreateBuilder<Kind>(5);
        Add(builder, compilation, "System.Collections.ArrayList", "System.Collections.Generic.List`1", "List<T>");
        Add(builder, compilation, "System.Collections.Hashtable", "System.Collections.Generic.Dictionary`2", "Dictionary<TKey, TValue>");
        Add(builder, compilation, "System.Collections.Queue", "System.Collections.Generic.Queue`1", "Queue<T>");
        Add(builder, compilation, "System.Collections.Stack", "System.Collections.Generic.Stack`1", "Stack<T>");
        Add(builder, compilation, "System.Collections.SortedList", "System.Collections.Generic.SortedList`2", "SortedList<TKey, TValue>");
        return new NonGenericCollections(builder.ToImmutable());
    }

    public Kind? Find(ITypeSymbol? type)
    {
        if (type is INamedTypeSymbol { Arity: 0 } named)
        {
            foreach (var kind in kinds)
            {
                if (SymbolEqualityComparer.Default.Equals(kind.Type, named))
                {
                    return kind;
                }
            }
        }

        return null;
    }

    private static void Add(ImmutableArray<Kind>.Builder builder, Compilation compilation, string name, string replacementMetadataName, string replacement)
    {
        if (WellKnownTypes.Get(compilation, name) is { } type)
        {
            builder.Add(new Kind(type, replacementMetadataName, replacement));
        }
    }
}

/// <summary>
/// Hashtable is documented as safe for many readers and one writer at a time, and caches rely on it: lock-free
/// reads, writes under a lock. Dictionary&lt;TKey, TValue&gt; is not, so replacing such a Hashtable with it adds a
/// data race. A Hashtable locked on, or used inside a lock, in its scope is taken to rely on that contract.
/// </summary>
internal static class HashtableConcurrency
{
    /// <summary>
    /// Whether a lock in <paramref name="scopes"/> locks <paramref name="name"/> or uses it in its body, directly or
    /// through a local copied from it (<c>var cache = Holder.Cache; lock (cache)</c>). By name: it only exempts.
    /// </summary>
    public static bool IsRelied(string name, IEnumerable<SyntaxNode> scopes, CancellationToken cancellationToken)
    {
        var names = new HashSet<string>(System.StringComparer.Ordinal) { name };
        var locks = new List<LockStatementSyntax>();
        foreach (var scope in scopes)
        {
            foreach (var node in scope.DescendantNodes())
            {
                cancellationToken.ThrowIfCancellationRequested();
                switch (node)
                {
                    case LockStatementSyntax lockStatement:
                        if (LocksHashtableParameter(lockStatement))
                        {
                            return true; // a helper that locks the table it is given: its callers' tables rely on it
                        }

                        locks.Add(lockStatement);
                        break;
                    case VariableDeclaratorSyntax { Initializer.Value: { } value } declarator when NamedLast(value) == name:
                        names.Add(declarator.Identifier.ValueText);
                        break;
                }
            }
        }

        foreach (var lockStatement in locks)
        {
            foreach (var identifier in lockStatement.DescendantNodes())
            {
                if (identifier is IdentifierNameSyntax { Identifier.ValueText: { } text } && names.Contains(text))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static bool LocksHashtableParameter(LockStatementSyntax lockStatement)
    {
        if (lockStatement.Expression is not IdentifierNameSyntax { Identifier.ValueText: { } target })
        {
            return false;
        }

        foreach (var ancestor in lockStatement.Ancestors())
        {
            var list = ancestor switch
            {
                BaseMethodDeclarationSyntax method => method.ParameterList,
                LocalFunctionStatementSyntax function => function.ParameterList,
                _ => null,
            };
            if (list is not null)
            {
                foreach (var parameter in list.Parameters)
                {
                    if (parameter.Identifier.ValueText == target && NamedLast(parameter.Type) == "Hashtable")
                    {
                        return true;
                    }
                }

                return false;
            }
        }

        return false;
    }

    private static string? NamedLast(ExpressionSyntax? value) => value switch
    {
        IdentifierNameSyntax identifier => identifier.Identifier.ValueText,
        MemberAccessExpressionSyntax access => access.Name.Identifier.ValueText,
        QualifiedNameSyntax qualified => qualified.Right.Identifier.ValueText,
        NullableTypeSyntax nullable => NamedLast(nullable.ElementType),
        _ => null,
    };
}
