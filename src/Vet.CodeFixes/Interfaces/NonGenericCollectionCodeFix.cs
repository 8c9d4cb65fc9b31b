using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.Simplification;
using Vet.Analyzers;
using Vet.Analyzers.Interfaces;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;
using Vet.Analyzers.Engine;

namespace Vet.CodeFixes.Interfaces;

/// <summary>
/// VET412: replaces a non-generic collection with its generic equivalent. For a local or private field the element
/// (key, value) types are inferred from what goes in (Add, Insert, Enqueue, Push, indexer sets, initializers) and from
/// the casts applied to what comes out; every use must exist with the same meaning on the generic type, or there is
/// no fix. A creation converted to a non-generic interface becomes the generic type over <c>object</c>.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(NonGenericCollectionCodeFix)), Shared]
public sealed class NonGenericCollectionCodeFix : CodeFixProvider
{
    public const string UseGenericKey = "VET412.UseGeneric";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } =
        ImmutableArray.Create(Descriptors.VET412_NonGenericCollection.Id);

    public override FixAllProvider GetFixAllProvider() => FixAllProvider.Create(FixAllInDocumentAsync);

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null || model is null)
        {
            return;
        }

        foreach (var diagnostic in context.Diagnostics)
        {
            if (GenericReplacementPlan.Create(root, model, diagnostic.Location.SourceSpan, context.CancellationToken) is { } plan)
            {
                var document = context.Document;
                context.RegisterCodeFix(
                    CodeAction.Create($"Use '{plan.Title}'", ct => ApplyAsync(document, ImmutableArray.Create(diagnostic), ct), UseGenericKey),
                    diagnostic);
            }
        }
    }

    private static async Task<Document?> FixAllInDocumentAsync(FixAllContext context, Document document, ImmutableArray<Diagnostic> diagnostics) =>
        await ApplyAsync(document, diagnostics, context.CancellationToken).ConfigureAwait(false);

    /// <summary>Plans every diagnostic on the unchanged document, then applies the (disjoint) rewrites in one pass.</summary>
    private static async Task<Document> ApplyAsync(Document document, ImmutableArray<Diagnostic> diagnostics, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (root is null || model is null)
        {
            return document;
        }

        var rewrites = new Dictionary<SyntaxNode, Func<SyntaxNode, SyntaxNode>>();
        foreach (var diagnostic in diagnostics)
        {
            if (GenericReplacementPlan.Create(root, model, diagnostic.Location.SourceSpan, cancellationToken) is not { } plan)
            {
                continue;
            }

            var overlaps = false;
            foreach (var node in plan.Rewrites.Keys)
            {
                overlaps |= rewrites.ContainsKey(node);
            }

            if (!overlaps)
            {
                foreach (var rewrite in plan.Rewrites)
                {
                    rewrites.Add(rewrite.Key, rewrite.Value);
                }
            }
        }

        if (rewrites.Count == 0)
        {
            return document;
        }

        var newRoot = root.ReplaceNodes(rewrites.Keys, (original, rewritten) => rewrites[original](rewritten));
        var changed = document.WithSyntaxRoot(newRoot);
        return await ImportAdder.AddImportsAsync(changed, Simplifier.AddImportsAnnotation, cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The rewrites that move one variable (or one creation) to the generic collection.</summary>
    private sealed class GenericReplacementPlan
    {
        private readonly SemanticModel model;
        private readonly NonGenericCollections.Kind kind;
        private readonly CancellationToken cancellationToken;
        private readonly List<ITypeSymbol?> keyEvidence = new();
        private readonly List<ITypeSymbol?> valueEvidence = new();
        private readonly List<TypeSyntax> declaredTypes = new();
        private readonly List<IObjectCreationOperation> creations = new();
        private readonly List<IPropertyReferenceOperation> keyedReads = new();
        private readonly List<MemberAccessExpressionSyntax> containsCalls = new();
        private bool valueMustBeObject;
        private bool keyMustBeObject;

        private GenericReplacementPlan(SemanticModel model, NonGenericCollections.Kind kind, CancellationToken cancellationToken)
        {
            this.model = model;
            this.kind = kind;
            this.cancellationToken = cancellationToken;
        }

        public string Title { get; private set; } = string.Empty;

        public Dictionary<SyntaxNode, Func<SyntaxNode, SyntaxNode>> Rewrites { get; } = new();

        public static GenericReplacementPlan? Create(SyntaxNode root, SemanticModel model, Microsoft.CodeAnalysis.Text.TextSpan span, CancellationToken cancellationToken)
        {
            if (root.FindNode(span, getInnermostNodeForTie: true) is not TypeSyntax type)
            {
                return null;
            }

            var collections = NonGenericCollections.Resolve(model.Compilation);
            if (collections.Find(model.GetSymbolInfo(type, cancellationToken).Symbol as ITypeSymbol ?? model.GetTypeInfo(type, cancellationToken).Type) is not { } kind)
            {
                return null;
            }

            var plan = new GenericReplacementPlan(model, kind, cancellationToken);
            return plan.Build(type) ? plan : null;
        }

        private bool Build(TypeSyntax type)
        {
            switch (type.Parent)
            {
                // ArrayList items = ...;  /  private ArrayList _items;
                case VariableDeclarationSyntax { Variables.Count: 1 } declaration:
                    declaredTypes.Add(type);
                    return model.GetDeclaredSymbol(declaration.Variables[0], cancellationToken) is { } symbol
                        && CollectVariable(symbol, declaration.Variables[0])
                        && Finish();

                // var items = new ArrayList();
                case ObjectCreationExpressionSyntax { Parent: EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax declarator } }
                    when declarator.Parent is VariableDeclarationSyntax { Type.IsVar: true, Variables.Count: 1 }:
                    return model.GetDeclaredSymbol(declarator, cancellationToken) is ILocalSymbol local
                        && CollectVariable(local, declarator)
                        && Finish();

                // IList items = new ArrayList();  /  Process(new Hashtable());
                case ObjectCreationExpressionSyntax creationSyntax:
                    return model.GetOperation(creationSyntax, cancellationToken) is IObjectCreationOperation creation
                        && creation.Parent is IConversionOperation { IsImplicit: true } conversion
                        && IsSafeInterfaceFor(conversion.Type, forceObject: true)
                        && CollectCreation(creation)
                        && ForceObject()
                        && Finish();

                default:
                    return false;
            }
        }

        private bool ForceObject()
        {
            valueMustBeObject = true;
            keyMustBeObject = true;
            return true;
        }

        private bool CollectVariable(ISymbol symbol, VariableDeclaratorSyntax declarator)
        {
            if (symbol is IFieldSymbol field && !IsPrivateFieldOfThisDocument(field, declarator.SyntaxTree))
            {
                return false;
            }

            if (symbol is not (ILocalSymbol or IFieldSymbol))
            {
                return false;
            }

            if (declarator.Initializer is { } initializer && !CollectAssignedValue(initializer.Value))
            {
                return false;
            }

            foreach (var scope in Scopes(symbol, declarator))
            {
                foreach (var identifier in scope.DescendantNodes())
                {
                    if (identifier is IdentifierNameSyntax name
                        && name.Identifier.ValueText == symbol.Name
                        && SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(name, cancellationToken).Symbol, symbol)
                        && !CollectUse(name))
                    {
                        return false;
                    }
                }
            }

            return true;
        }

        /// <summary>A local is used in its member; a private field anywhere in its type, all of which is in this document.</summary>
        private static IEnumerable<SyntaxNode> Scopes(ISymbol symbol, VariableDeclaratorSyntax declarator)
        {
            if (symbol is ILocalSymbol)
            {
                SyntaxNode scope = declarator;
                foreach (var ancestor in declarator.Ancestors())
                {
                    if (ancestor is MemberDeclarationSyntax or GlobalStatementSyntax)
                    {
                        scope = ancestor is GlobalStatementSyntax ? ancestor.Parent! : ancestor;
                        break;
                    }
                }

                yield return scope;
                yield break;
            }

            foreach (var reference in symbol.ContainingType.DeclaringSyntaxReferences)
            {
                yield return reference.GetSyntax();
            }
        }

        private static bool IsPrivateFieldOfThisDocument(IFieldSymbol field, SyntaxTree tree)
        {
            if (field.DeclaredAccessibility != Accessibility.Private)
            {
                return false;
            }

            foreach (var reference in field.ContainingType.DeclaringSyntaxReferences)
            {
                if (reference.SyntaxTree != tree)
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>The variable is (re)assigned: only a creation of the same collection, or null, can follow it.</summary>
        private bool CollectAssignedValue(ExpressionSyntax value)
        {
            if (value.IsKind(SyntaxKind.NullLiteralExpression))
            {
                return true;
            }

            return model.GetOperation(value, cancellationToken) is IObjectCreationOperation creation
                && SymbolEqualityComparer.Default.Equals(creation.Type, kind.Type)
                && CollectCreation(creation);
        }

        private bool CollectCreation(IObjectCreationOperation creation)
        {
            if (creation.Syntax is not ObjectCreationExpressionSyntax and not ImplicitObjectCreationExpressionSyntax)
            {
                return false;
            }

            if (creation.Initializer is { } initializer)
            {
                foreach (var element in initializer.Initializers)
                {
                    switch (element)
                    {
                        case IInvocationOperation { TargetMethod.Name: "Add" } add when add.Arguments.Length == (kind.IsKeyed ? 2 : 1):
                            AddEvidence(add.Arguments);
                            break;
                        case ISimpleAssignmentOperation { Target: IPropertyReferenceOperation { Property.IsIndexer: true } indexer } set when kind.IsKeyed:
                            keyEvidence.Add(OperandType(indexer.Arguments[0].Value));
                            valueEvidence.Add(OperandType(set.Value));
                            break;
                        default:
                            return false;
                    }
                }
            }

            creations.Add(creation);
            return true;
        }

        private void AddEvidence(ImmutableArray<IArgumentOperation> arguments)
        {
            if (kind.IsKeyed)
            {
                keyEvidence.Add(OperandType(arguments[0].Value));
                if (arguments.Length > 1)
                {
                    valueEvidence.Add(OperandType(arguments[1].Value));
                }
            }
            else
            {
                valueEvidence.Add(OperandType(arguments[arguments.Length - 1].Value));
            }
        }

        private static ITypeSymbol? OperandType(IOperation value) =>
            value is IConversionOperation { IsImplicit: true } conversion ? conversion.Operand.Type : value.Type;

        private bool CollectUse(IdentifierNameSyntax name)
        {
            if (name.Parent is ArgumentSyntax { Parent.Parent: InvocationExpressionSyntax { Expression: IdentifierNameSyntax { Identifier.ValueText: "nameof" } } })
            {
                return true;
            }

            SyntaxNode node = name.Parent is MemberAccessExpressionSyntax access && access.Name == name ? access : name;
            var reference = model.GetOperation(node, cancellationToken);
            if (reference is not (ILocalReferenceOperation or IFieldReferenceOperation))
            {
                return false;
            }

            switch (reference.Parent)
            {
                case IInvocationOperation invocation when invocation.Instance == reference:
                    return CollectCall(invocation);
                case IPropertyReferenceOperation property when property.Instance == reference:
                    return CollectProperty(property);
                case IForEachLoopOperation loop when !kind.IsKeyed:
                    return CollectIteration(loop, valueEvidence, isValue: true);
                case IConversionOperation { IsImplicit: true } conversion when conversion.Parent is IForEachLoopOperation loop && !kind.IsKeyed:
                    return CollectIteration(loop, valueEvidence, isValue: true);
                case ISimpleAssignmentOperation assignment when assignment.Target == reference:
                    return assignment.Syntax is AssignmentExpressionSyntax syntax && CollectAssignedValue(syntax.Right);
                case IConversionOperation { IsImplicit: true } conversion:
                    return IsSafeInterfaceFor(conversion.Type, forceObject: false);
                default:
                    return false;
            }
        }

        private bool CollectCall(IInvocationOperation invocation)
        {
            var arguments = invocation.Arguments;
            switch (kind.Name, invocation.TargetMethod.Name, arguments.Length)
            {
                // ArrayList.Add returns the index; List<T>.Add returns nothing.
                case ("ArrayList", "Add", 1) when invocation.Parent is IExpressionStatementOperation:
                case ("ArrayList", "Insert", 2):
                case ("Queue", "Enqueue", 1):
                case ("Stack", "Push", 1):
                    valueEvidence.Add(OperandType(arguments[arguments.Length - 1].Value));
                    return true;
                case ("ArrayList" or "Queue" or "Stack", "Contains", 1):
                case ("ArrayList", "Remove" or "IndexOf", 1):
                    valueEvidence.Add(OperandType(arguments[0].Value));
                    return true;
                case ("ArrayList", "RemoveAt", 1):
                case (_, "Clear", 0):
                    return true;
                case ("Queue", "Dequeue" or "Peek", 0):
                case ("Stack", "Pop" or "Peek", 0):
                    return CollectRead(invocation, valueEvidence, isValue: true);
                case ("Hashtable" or "SortedList", "Add", 2):
                    AddEvidence(arguments);
                    return true;
                case ("Hashtable" or "SortedList", "Remove" or "ContainsKey", 1):
                    keyEvidence.Add(OperandType(arguments[0].Value));
                    return true;
                case ("Hashtable" or "SortedList", "Contains", 1) when invocation.Syntax is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax access }:
                    keyEvidence.Add(OperandType(arguments[0].Value));
                    containsCalls.Add(access);
                    return true;
                default:
                    return false;
            }
        }

        private bool CollectProperty(IPropertyReferenceOperation property)
        {
            if (!property.Property.IsIndexer)
            {
                switch (property.Property.Name)
                {
                    case "Count":
                    case "Capacity" when kind.Name is "ArrayList" or "SortedList":
                        return true;
                    case "Keys" or "Values" when kind.IsKeyed:
                        var isKeys = property.Property.Name == "Keys";
                        var loop = property.Parent as IForEachLoopOperation
                            ?? (property.Parent as IConversionOperation)?.Parent as IForEachLoopOperation;
                        return loop is not null && CollectIteration(loop, isKeys ? keyEvidence : valueEvidence, isValue: !isKeys);
                    default:
                        return false;
                }
            }

            if (kind.IsKeyed)
            {
                keyEvidence.Add(OperandType(property.Arguments[0].Value));
            }

            if (property.Parent is ISimpleAssignmentOperation assignment && assignment.Target == property)
            {
                valueEvidence.Add(OperandType(assignment.Value));
                return true;
            }

            if (property.Parent is IAssignmentOperation other && other.Target == property)
            {
                return false; // compound assignment, ref assignment
            }

            if (kind.IsKeyed)
            {
                // A missing key reads as null from Hashtable/SortedList but throws from the generic types:
                // reads become GetValueOrDefault, which keeps the null.
                if (WellKnownTypes.Get(model.Compilation, "System.Collections.Generic.CollectionExtensions") is null)
                {
                    return false;
                }

                keyedReads.Add(property);
            }

            return CollectRead(property, valueEvidence, isValue: true);
        }

        /// <summary>
        /// What comes out is object today. A cast says which type the author expects; any other use keeps object so
        /// that overload resolution and 'var' types do not change.
        /// </summary>
        private bool CollectRead(IOperation read, List<ITypeSymbol?> evidence, bool isValue)
        {
            if (read.Parent is IConversionOperation { IsImplicit: false } cast)
            {
                evidence.Add(cast.Type);
            }
            else if (isValue)
            {
                valueMustBeObject = true;
            }
            else
            {
                keyMustBeObject = true;
            }

            return true;
        }

        private bool CollectIteration(IForEachLoopOperation loop, List<ITypeSymbol?> evidence, bool isValue)
        {
            if (loop.Syntax is ForEachStatementSyntax { Type.IsVar: false } statement)
            {
                evidence.Add(model.GetTypeInfo(statement.Type, cancellationToken).Type);
            }
            else if (isValue)
            {
                valueMustBeObject = true;
            }
            else
            {
                keyMustBeObject = true;
            }

            return true;
        }

        /// <summary>
        /// The generic type implements IList/IDictionary/ICollection/IEnumerable too; code behind IList or IDictionary
        /// can put anything in, so the element types stay object. Enumerating a dictionary as plain IEnumerable yields
        /// KeyValuePair instead of DictionaryEntry, so keyed collections may only go where IDictionary is expected.
        /// </summary>
        private bool IsSafeInterfaceFor(ITypeSymbol? target, bool forceObject)
        {
            switch (target?.ToDisplayString())
            {
                case "System.Collections.IList" when kind.Name == "ArrayList":
                case "System.Collections.IDictionary" when kind.IsKeyed:
                    return forceObject || ForceObject();
                case "System.Collections.ICollection" or "System.Collections.IEnumerable" when !kind.IsKeyed:
                    return true;
                default:
                    return false;
            }
        }

        private bool Finish()
        {
            var objectType = model.Compilation.GetSpecialType(SpecialType.System_Object);
            var value = valueMustBeObject ? objectType : Agree(valueEvidence, objectType);
            if (keyedReads.Count > 0 && !value.IsReferenceType)
            {
                value = objectType; // GetValueOrDefault must return null for a missing key, as the indexer did
            }

            var generic = WellKnownTypes.Get(model.Compilation, kind.ReplacementMetadataName);
            if (generic is null)
            {
                return false;
            }

            INamedTypeSymbol constructed;
            if (kind.IsKeyed)
            {
                var key = keyMustBeObject ? objectType : Agree(keyEvidence, objectType);
                constructed = generic.Construct(key, value);
            }
            else
            {
                constructed = generic.Construct(value);
            }

            foreach (var creation in creations)
            {
                if (!HasMatchingConstructor(constructed, creation))
                {
                    return false;
                }
            }

            Title = constructed.ToMinimalDisplayString(model, declaredTypes.Count > 0 ? declaredTypes[0].SpanStart : creations[0].Syntax.SpanStart);
            var typeName = constructed.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat);
            foreach (var declared in declaredTypes)
            {
                Rewrites[declared] = node => GenericType(typeName).WithTriviaFrom(node);
            }

            foreach (var creation in creations)
            {
                if (creation.Syntax is ObjectCreationExpressionSyntax explicitCreation)
                {
                    Rewrites[explicitCreation.Type] = node => GenericType(typeName).WithTriviaFrom(node);
                }
            }

            foreach (var read in keyedReads)
            {
                if (read.Syntax is ElementAccessExpressionSyntax access)
                {
                    Rewrites[access] = node =>
                    {
                        var rewritten = (ElementAccessExpressionSyntax)node;
                        return InvocationExpression(
                                MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, rewritten.Expression, IdentifierName("GetValueOrDefault")),
                                ArgumentList(rewritten.ArgumentList.Arguments))
                            .WithTriviaFrom(rewritten);
                    };
                }
                else
                {
                    return false;
                }
            }

            foreach (var contains in containsCalls)
            {
                Rewrites[contains.Name] = node => IdentifierName("ContainsKey").WithTriviaFrom(node);
            }

            return true;
        }

        /// <summary>All evidence names one type: that type; otherwise (none, null, conflicting, dynamic) object.</summary>
        private static ITypeSymbol Agree(List<ITypeSymbol?> evidence, ITypeSymbol objectType)
        {
            ITypeSymbol? agreed = null;
            foreach (var type in evidence)
            {
                if (type is null or IErrorTypeSymbol or IDynamicTypeSymbol or IPointerTypeSymbol or { IsAnonymousType: true }
                    || (agreed is not null && !SymbolEqualityComparer.Default.Equals(agreed, type)))
                {
                    return objectType;
                }

                agreed = type;
            }

            return agreed is null ? objectType : agreed.WithNullableAnnotation(NullableAnnotation.None);
        }

        private bool HasMatchingConstructor(INamedTypeSymbol constructed, IObjectCreationOperation creation)
        {
            var arguments = creation.Arguments;
            foreach (var constructor in constructed.InstanceConstructors)
            {
                if (constructor.DeclaredAccessibility != Accessibility.Public || constructor.Parameters.Length != arguments.Length)
                {
                    continue;
                }

                var matches = true;
                for (var i = 0; i < arguments.Length && matches; i++)
                {
                    var argumentType = OperandType(arguments[i].Value);
                    matches = argumentType is not null
                        && model.Compilation.ClassifyConversion(argumentType, constructor.Parameters[i].Type).IsImplicit;
                }

                if (matches)
                {
                    return true;
                }
            }

            return false;
        }

        private static TypeSyntax GenericType(string fullyQualified) =>
            ParseTypeName(fullyQualified).WithAdditionalAnnotations(Simplifier.Annotation, Simplifier.AddImportsAnnotation);
    }
}
