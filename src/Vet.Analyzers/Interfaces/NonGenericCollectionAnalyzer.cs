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

            // Four of the five types live outside the core library, where a lookup asks every reference: resolved only
            // once a file names one of them.
            var compilation = start.Compilation;
            var collections = new System.Lazy<NonGenericCollections>(() => NonGenericCollections.Resolve(compilation));
            var contracts = ApiContracts.Create(start.Compilation, start.Options);
            // One action per file, after a text test: almost no file names one of the five types, and a symbol or syntax
            // action per declaration would be paid for every member of the compilation. A global alias elsewhere can
            // name one under another name; then every declaration is bound.
            var globalAlias = new System.Lazy<bool>(() => UsingAliases.AnyGlobal(start.Compilation, static target => NamesCollection.Test(target)));
            start.RegisterSemanticModelAction(ctx => AnalyzeFile(ctx, collections, contracts, globalAlias));
        });
    }

    private static void AnalyzeFile(SemanticModelAnalysisContext context, System.Lazy<NonGenericCollections> resolved, ApiContracts contracts, System.Lazy<bool> globalAlias)
    {
        var tree = context.SemanticModel.SyntaxTree;
        var aliased = globalAlias.Value;
        if ((!aliased && !NamesCollection.Holds(tree, context.CancellationToken)) || resolved.Value is not { IsEmpty: false } collections)
        {
            return;
        }

        var model = context.SemanticModel;
        var report = context.ReportDiagnostic;
        var cancellationToken = context.CancellationToken;
        var root = tree.GetRoot(cancellationToken);
        aliased = aliased || UsingAliases.InFile(root, static target => NamesCollection.Test(target));
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
            || (kind.IsHashtable && HashtableConcurrency.IsRelied(field.Name, OutermostType(field.ContainingType), cancellationToken))
            || NonGenericEnds.FieldUsesMemberWithoutGenericTwin(field.Name, OutermostType(field.ContainingType), cancellationToken)
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
    /// collection is made for chose its type. So does one that takes it as <c>object</c>.
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

            // Handed on as object (an argument, an 'out object' answer, a return): the receiver works with the
            // instance's own type, as with a creation converted to object.
            if (node is ILocalReferenceOperation { Parent: IConversionOperation { Type.SpecialType: SpecialType.System_Object } } handed
                && SymbolEqualityComparer.Default.Equals(handed.Local, declarator.Symbol))
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
                && !(kind.IsHashtable && HashtableConcurrency.IsRelied(parameters[i].Name, OutermostType(parameters[i].ContainingType), cancellationToken)))
            {
                Report(report, type, kind);
            }
        }
    }

    /// <summary>
    /// Where a Hashtable field or parameter may be relied on: the whole outermost type, since the table a parameter
    /// receives is one its type's other members lock (<c>Add(…, Hashtable table) { lock (table) … }</c>).
    /// </summary>
    private static IEnumerable<SyntaxNode> OutermostType(INamedTypeSymbol type)
    {
        foreach (var reference in type.OutermostType().DeclaringSyntaxReferences)
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
