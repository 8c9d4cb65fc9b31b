using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;
using Vet.Analyzers.Engine;

namespace Vet.Analyzers.Cancellation;

/// <summary>VET102: a CancellationTokenSource that is created but not disposed on every path.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class CancellationTokenSourceNotDisposedAnalyzer : DiagnosticAnalyzer
{
    /// <summary>Diagnostic property: which shape was found, for the fix ("Local", "Inline", "Field").</summary>
    internal const string KindProperty = "Kind";

    internal const string LocalKind = "Local";
    internal const string InlineKind = "Inline";
    internal const string FieldKind = "Field";

    private static readonly DiagnosticDescriptor Rule = Descriptors.VET102_CancellationTokenSourceNotDisposed;

    private static readonly ReleaseShape DisposeShape = new(new[] { "Dispose", "DisposeAsync" });

    private static readonly ImmutableDictionary<string, string?> LocalProperties = ImmutableDictionary<string, string?>.Empty.Add(KindProperty, LocalKind);
    private static readonly ImmutableDictionary<string, string?> InlineProperties = ImmutableDictionary<string, string?>.Empty.Add(KindProperty, InlineKind);
    private static readonly ImmutableDictionary<string, string?> FieldProperties = ImmutableDictionary<string, string?>.Empty.Add(KindProperty, FieldKind);

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
        Rule,
        Descriptors.Shapes.VET102_NotOnEveryPath,
        Descriptors.Shapes.VET102_Field,
        Descriptors.Shapes.VET102_Inline);

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

            var source = WellKnownTypes.Get(start.Compilation, "System.Threading.CancellationTokenSource");
            if (source is null)
            {
                return;
            }

            var types = new Types(start.Compilation, source, TestCode.IsTestProject(start.Compilation, BuildProperties.Read(start.Options)));
            // One action per file: sources are rare, and an operation action would be paid for every call and every
            // object creation of the compilation. An alias (in the file or a global one) can name the type otherwise.
            var globalAlias = new System.Lazy<bool>(() => UsingAliases.AnyGlobal(start.Compilation, NamesSource));
            start.RegisterSemanticModelAction(ctx => AnalyzeFile(ctx, types, globalAlias));
            start.RegisterSymbolStartAction(ctx => StartType(ctx, types, globalAlias), SymbolKind.NamedType);
        });
    }

    private sealed class Types
    {
        public Types(Compilation compilation, INamedTypeSymbol source, bool isTestProject)
        {
            Source = source;
            IsTestProject = isTestProject;
            Disposable = compilation.GetSpecialType(SpecialType.System_IDisposable);
            AsyncDisposable = WellKnownTypes.Get(compilation, "System.IAsyncDisposable");
        }

        public INamedTypeSymbol Source { get; }

        public bool IsTestProject { get; }

        public INamedTypeSymbol Disposable { get; }

        public INamedTypeSymbol? AsyncDisposable { get; }
    }

    /// <summary>Is this a new source: a constructor call or CreateLinkedTokenSource?</summary>
    private static bool IsCreation(IOperation operation, Types types)
    {
        return operation switch
        {
            IObjectCreationOperation creation => SymbolEqualityComparer.Default.Equals(creation.Type, types.Source),
            IInvocationOperation invocation => invocation.TargetMethod.IsStatic
                && invocation.TargetMethod.Name == LinkedName
                && SymbolEqualityComparer.Default.Equals(invocation.TargetMethod.ContainingType, types.Source),
            _ => false,
        };
    }

    private const string SourceName = "CancellationTokenSource";

    private const string LinkedName = "CreateLinkedTokenSource";

    private static readonly System.Func<string, bool> NamesSource = static text => text.Contains(SourceName);

    private static void AnalyzeFile(SemanticModelAnalysisContext context, Types types, System.Lazy<bool> globalAlias)
    {
        var model = context.SemanticModel;
        var root = model.SyntaxTree.GetRoot(context.CancellationToken);
        var candidates = globalAlias.Value || UsingAliases.InFile(root, NamesSource)
            ? root.DescendantNodes().Where(static node => node is BaseObjectCreationExpressionSyntax).Concat(WrittenCode.CallSyntax(model.SyntaxTree, LinkedName, context.CancellationToken))
            : WrittenCreations(model, context.CancellationToken);
        foreach (var node in candidates)
        {
            if (IsJudgedPlace(node, context.CancellationToken)
                && model.GetOperation(node, context.CancellationToken) is { } creation
                && IsCreation(creation, types)
                && WrittenCode.OwnerOf(model, node, context.CancellationToken) is { } owner)
            {
                AnalyzeCreation(new WrittenCode.Site(context, owner), creation, types);
            }
        }
    }

    /// <summary>
    /// Whether a creation stands where <see cref="AnalyzeCreation"/> can report it, judged from the syntax before
    /// anything is bound (binding one creation builds its whole member's operations): its <c>Token</c> read inline, a
    /// local's initializer that is not a <c>using</c> declaration, or the value assigned to a name the member declares
    /// as a local. Elsewhere (returned, passed on, stored, a using resource) the source is owned by someone else.
    /// </summary>
    private static bool IsJudgedPlace(SyntaxNode creation, System.Threading.CancellationToken cancellationToken)
    {
        var node = creation;
        while (node.Parent is ParenthesizedExpressionSyntax or CastExpressionSyntax
            or PostfixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.SuppressNullableWarningExpression })
        {
            node = node.Parent;
        }

        return node.Parent switch
        {
            MemberAccessExpressionSyntax access => access.Expression == node && access.Name.Identifier.ValueText == "Token",
            EqualsValueClauseSyntax { Parent.Parent.Parent: LocalDeclarationStatementSyntax local } => local.UsingKeyword.RawKind == 0,
            EqualsValueClauseSyntax { Parent.Parent.Parent: ForStatementSyntax } => true,
            AssignmentExpressionSyntax { RawKind: (int)SyntaxKind.SimpleAssignmentExpression } assignment =>
                assignment.Right == node && assignment.Left is IdentifierNameSyntax name && MayNameLocal(name, cancellationToken),
            _ => false,
        };
    }

    /// <summary>Whether the enclosing member (or, for top-level code, the file) declares a local of this name.</summary>
    private static bool MayNameLocal(IdentifierNameSyntax name, System.Threading.CancellationToken cancellationToken)
    {
        var text = name.Identifier.ValueText;
        SyntaxNode scope = name.FirstAncestorOrSelf<SyntaxNode>(static node => node is MemberDeclarationSyntax and not GlobalStatementSyntax)
            ?? name.SyntaxTree.GetRoot();
        foreach (var token in FileText.WrittenInside(scope, text, SyntaxKind.IdentifierToken, cancellationToken))
        {
            if (token.Parent is VariableDeclaratorSyntax or SingleVariableDesignationSyntax or ForEachStatementSyntax or CatchDeclarationSyntax)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// What can create a source, from the file's text: <c>new CancellationTokenSource(...)</c> (qualified or not), a
    /// target-typed <c>new(...)</c>, and <c>CreateLinkedTokenSource(...)</c>.
    /// </summary>
    private static IEnumerable<SyntaxNode> WrittenCreations(SemanticModel model, System.Threading.CancellationToken cancellationToken)
    {
        var tree = model.SyntaxTree;
        foreach (var token in FileText.Written(tree, SourceName, cancellationToken))
        {
            SyntaxNode? name = token.Parent as IdentifierNameSyntax;
            while (name?.Parent is QualifiedNameSyntax or AliasQualifiedNameSyntax)
            {
                name = name.Parent;
            }

            if (name?.Parent is ObjectCreationExpressionSyntax creation && creation.Type == name)
            {
                yield return creation;
            }
        }

        foreach (var token in FileText.Written(tree, "new", '(', cancellationToken))
        {
            if (token.Parent is ImplicitObjectCreationExpressionSyntax creation && !DeclaresOtherType(creation) && CanBeReportedSource(creation))
            {
                yield return creation;
            }
        }

        foreach (var call in WrittenCode.CallSyntax(tree, LinkedName, cancellationToken))
        {
            yield return call;
        }
    }

    /// <summary>
    /// Whether a target-typed <c>new(...)</c> could be a source this file's analysis reports, judged from its syntax so
    /// that the many <c>new()</c> arguments and returns of modern code do not each bind their method: no constructor of
    /// the source takes more than two arguments, and a plain <c>new()</c> is reported only as a local that
    /// <c>CancelAfter</c> gives a timer (fields are the type's analysis).
    /// </summary>
    private static bool CanBeReportedSource(ImplicitObjectCreationExpressionSyntax creation)
    {
        return creation.ArgumentList.Arguments.Count switch
        {
            0 => creation.Parent is EqualsValueClauseSyntax { Parent.Parent.Parent: LocalDeclarationStatementSyntax }
                or AssignmentExpressionSyntax { Left: IdentifierNameSyntax, Parent: ExpressionStatementSyntax },
            > 2 => false,
            _ => true,
        };
    }

    /// <summary>
    /// A target-typed <c>new(...)</c> initializing a variable, field or property whose declaration writes another type
    /// (<c>List&lt;int&gt; _items = new();</c>): no source, and nothing needs binding to know it.
    /// </summary>
    private static bool DeclaresOtherType(ImplicitObjectCreationExpressionSyntax creation)
    {
        var type = creation.Parent switch
        {
            EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax { Parent: VariableDeclarationSyntax declaration } } => declaration.Type,
            EqualsValueClauseSyntax { Parent: PropertyDeclarationSyntax property } => property.Type,
            _ => null,
        };
        while (type is NullableTypeSyntax nullable)
        {
            type = nullable.ElementType;
        }

        // `var` says nothing; a predefined, array or tuple type is another type too.
        return type is not (null or IdentifierNameSyntax { IsVar: true }) && WrittenCode.TypeName(type) != SourceName;
    }

    private static void AnalyzeCreation(WrittenCode.Site context, IOperation creation, Types types)
    {

        var parent = creation.Parent;
        while (parent is IConversionOperation or IParenthesizedOperation)
        {
            parent = parent.Parent;
        }

        switch (parent)
        {
            case IPropertyReferenceOperation { Property.Name: "Token" } token:
                // new CancellationTokenSource(t).Token: nobody can ever dispose the source. When a timed source's token
                // leaves the method, it must still fire after the timeout (its timer ends when it fires): disposing the
                // source here would stop it. A linked source stays registered on its parents until it is disposed, so
                // handing off its token alone still leaks: keep the source and dispose it where the token's use ends.
                if (!IsPlain(creation, null) && !(creation is IObjectCreationOperation && (IsHandedOff(token) || IsTestTimeout(context, types))))
                {
                    Report(context, Descriptors.Shapes.VET102_Inline, creation, MessageNames.Of(context.ContainingSymbol), InlineProperties);
                }

                return;
            case IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator } when IsUsingDeclaration(declarator):
                return;
            case IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator }:
                AnalyzeLocal(context, types, creation, declarator.Symbol);
                return;
            case ISimpleAssignmentOperation { Target: ILocalReferenceOperation target } assignment when assignment.Value == creation || Operations.WithoutConversions(assignment.Value) == creation:
                AnalyzeLocal(context, types, creation, target.Local);
                return;
            default:
                // Returned, passed on, stored in a field or property, a using resource: owned elsewhere.
                return;
        }
    }


    /// <summary>
    /// A timed source (created with a timeout, or given one by <c>CancelAfter</c>) that test code, a test method or a test
    /// project, never disposes is the test's timeout: its timer ends when it fires or when the short-lived test process
    /// exits, and nothing else is held. A linked source is still reported (it stays registered on its parent tokens), and
    /// so is one the test disposes on some paths but not all (the test meant to dispose it).
    /// </summary>
    private static bool IsTestTimeout(WrittenCode.Site context, Types types) =>
        types.IsTestProject || TestCode.IsInTestMethod(context.ContainingSymbol);

    /// <summary>
    /// The inline timed source's token leaves the method: returned or yielded, given to a constructor (the new object keeps
    /// it: <c>new CancellationChangeToken(new CancellationTokenSource(t).Token)</c>), or stored in a field or property.
    /// A token given to a method call is still reported: the call usually observes it and returns.
    /// </summary>
    private static bool IsHandedOff(IOperation token)
    {
        var parent = token.Parent;
        while (parent is IConversionOperation or IParenthesizedOperation)
        {
            parent = parent.Parent;
        }

        return parent switch
        {
            IReturnOperation => true,
            IArgumentOperation { Parent: IObjectCreationOperation } => true,
            // A constructor the compilation cannot resolve is still a constructor.
            IInvalidOperation { Syntax: Microsoft.CodeAnalysis.CSharp.Syntax.ObjectCreationExpressionSyntax or Microsoft.CodeAnalysis.CSharp.Syntax.ArgumentSyntax { Parent.Parent: Microsoft.CodeAnalysis.CSharp.Syntax.ObjectCreationExpressionSyntax } } => true,
            ISimpleAssignmentOperation { Target: IFieldReferenceOperation or IPropertyReferenceOperation } assignment => assignment.Target != token,
            IFieldInitializerOperation or IPropertyInitializerOperation => true,
            _ => false,
        };
    }

    private static bool IsUsingDeclaration(IVariableDeclaratorOperation declarator)
    {
        var group = declarator.Parent?.Parent;
        return group is IUsingDeclarationOperation || group?.Parent is IUsingOperation || declarator.Parent?.Parent is IUsingOperation;
    }

    private static void AnalyzeLocal(WrittenCode.Site context, Types types, IOperation creation, ILocalSymbol local)
    {
        if (local.IsRef)
        {
            return;
        }

        // Find the function that declares the local, and whether a nested function captures it (a hand-off).
        var root = creation;
        IOperation? function = null;
        while (root.Parent is { } up)
        {
            root = up;
            if (function is null && root is ILocalFunctionOperation or IAnonymousFunctionOperation)
            {
                function = root;
            }
        }

        var scope = function ?? root;
        if (IsCapturedOrByRef(scope, local, out var cancelAfter) || IsPlain(creation, cancelAfter ? local : null))
        {
            return;
        }

        var graph = GetGraph(root, function, context.CancellationToken);
        if (graph is null || !ReleaseOnEveryPath.Leaks(graph, local, creation.Syntax, DisposeShape))
        {
            return;
        }

        var releasedSomewhere = IsReleasedSomewhere(scope, local);
        if (!releasedSomewhere && creation is IObjectCreationOperation && IsTestTimeout(context, types))
        {
            return;
        }

        Report(context, releasedSomewhere ? Descriptors.Shapes.VET102_NotOnEveryPath : Rule, creation, local.Name, LocalProperties);
    }

    /// <summary>
    /// Whether some reference to the local disposes it or lets go of it (passes it on, returns it, stores it, uses it as
    /// a <c>using</c> resource): then it is released on some paths only. Reading its members and assigning it are not.
    /// </summary>
    private static bool IsReleasedSomewhere(IOperation scope, ILocalSymbol local)
    {
        foreach (var operation in scope.Descendants())
        {
            if (operation is not ILocalReferenceOperation reference || !SymbolEqualityComparer.Default.Equals(reference.Local, local))
            {
                continue;
            }

            switch (reference.Parent)
            {
                case IPropertyReferenceOperation:
                    continue;
                case IInvocationOperation invocation when invocation.Instance == reference:
                    if (DisposeShape.IsRelease(invocation.TargetMethod))
                    {
                        return true;
                    }

                    continue;
                case IConditionalAccessOperation access when access.Operation == reference:
                    if (access.WhenNotNull is IInvocationOperation conditional && DisposeShape.IsRelease(conditional.TargetMethod))
                    {
                        return true;
                    }

                    continue;
                case ISimpleAssignmentOperation assignment when assignment.Target == reference:
                case IBinaryOperation:
                case IIsNullOperation:
                case IIsPatternOperation:
                    continue;
                default:
                    return true;
            }
        }

        return false;
    }

    private static ControlFlowGraph? GetGraph(IOperation root, IOperation? function, System.Threading.CancellationToken cancellationToken)
    {
        // The roots a graph can be built for; anything else (an attribute's argument, broken code) is not analyzed.
        var graph = root switch
        {
            IMethodBodyOperation body => ControlFlowGraph.Create(body, cancellationToken),
            IConstructorBodyOperation body => ControlFlowGraph.Create(body, cancellationToken),
            IBlockOperation { Parent: null } block => ControlFlowGraph.Create(block, cancellationToken),
            IFieldInitializerOperation initializer => ControlFlowGraph.Create(initializer, cancellationToken),
            IPropertyInitializerOperation initializer => ControlFlowGraph.Create(initializer, cancellationToken),
            IParameterInitializerOperation initializer => ControlFlowGraph.Create(initializer, cancellationToken),
            _ => null,
        };
        if (function is null)
        {
            return graph;
        }

        // Nested functions have their own graphs, reached from the enclosing one.
        var chain = new System.Collections.Generic.List<IOperation>();
        for (var current = function; current is not null; current = current.Parent)
        {
            if (current is ILocalFunctionOperation or IAnonymousFunctionOperation)
            {
                chain.Add(current);
            }
        }

        for (var i = chain.Count - 1; i >= 0 && graph is not null; i--)
        {
            graph = chain[i] switch
            {
                ILocalFunctionOperation local => graph.GetLocalFunctionControlFlowGraph(local.Symbol, cancellationToken),
                IAnonymousFunctionOperation lambda => FindLambdaGraph(graph, lambda, cancellationToken),
                _ => null,
            };
        }

        return graph;
    }

    private static ControlFlowGraph? FindLambdaGraph(ControlFlowGraph graph, IAnonymousFunctionOperation lambda, System.Threading.CancellationToken cancellationToken)
    {
        foreach (var block in graph.Blocks)
        {
            foreach (var operation in block.Operations)
            {
                if (FindFlowLambda(operation, lambda) is { } flow)
                {
                    return graph.GetAnonymousFunctionControlFlowGraph(flow, cancellationToken);
                }
            }

            if (block.BranchValue is { } value && FindFlowLambda(value, lambda) is { } inBranch)
            {
                return graph.GetAnonymousFunctionControlFlowGraph(inBranch, cancellationToken);
            }
        }

        return null;
    }

    private static IFlowAnonymousFunctionOperation? FindFlowLambda(IOperation root, IAnonymousFunctionOperation lambda)
    {
        foreach (var descendant in root.DescendantsAndSelf())
        {
            if (descendant is IFlowAnonymousFunctionOperation flow && SymbolEqualityComparer.Default.Equals(flow.Symbol, lambda.Symbol))
            {
                return flow;
            }
        }

        return null;
    }

    /// <summary>
    /// Is the local used inside a nested function (captured: its lifetime is no longer this body's) or passed by
    /// reference? Also reports whether CancelAfter is called on it (a plain source then holds a timer).
    /// </summary>
    private static bool IsCapturedOrByRef(IOperation scope, ILocalSymbol local, out bool cancelAfter)
    {
        cancelAfter = false;
        foreach (var operation in scope.Descendants())
        {
            if (operation is not ILocalReferenceOperation reference || !SymbolEqualityComparer.Default.Equals(reference.Local, local))
            {
                continue;
            }

            if (reference.Parent is IArgumentOperation { Parameter.RefKind: not RefKind.None })
            {
                return true;
            }

            if (reference.Parent is IInvocationOperation { TargetMethod.Name: "CancelAfter" })
            {
                cancelAfter = true;
            }

            for (var up = reference.Parent; up is not null && up != scope; up = up.Parent)
            {
                if (up is ILocalFunctionOperation or IAnonymousFunctionOperation)
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>
    /// A plain source (no timeout, not linked, no CancelAfter) holds no timer and no registration on another token:
    /// left undisposed it leaks nothing, so it is not reported.
    /// </summary>
    private static bool IsPlain(IOperation creation, ILocalSymbol? cancelAfterLocal)
    {
        return cancelAfterLocal is null && creation is IObjectCreationOperation { Arguments.IsEmpty: true };
    }

    /// <summary>The peer rules that report an undisposed local or created object: their suppression on the code is the author's decision.</summary>
    private static readonly string[] LocalPeers = { "CA2000", "IDISP001", "IDISP004", "S2930" };

    /// <summary>The peer rules that report a disposable field its type does not dispose.</summary>
    private static readonly string[] FieldPeers = { "CA2213", "CA1001", "IDISP002", "IDISP006", "S2930" };

    private static void Report(WrittenCode.Site context, DiagnosticDescriptor message, IOperation creation, string name, ImmutableDictionary<string, string?> properties)
    {
        if (!StatedIntent.SuppressesPeer(creation.Syntax.SyntaxTree, creation.Syntax.SpanStart, context.ContainingSymbol, LocalPeers))
        {
            context.ReportDiagnostic(Diagnostic.Create(message, creation.Syntax.GetLocation(), properties, name));
        }
    }

    // ---- Fields -------------------------------------------------------------------------------------------------

    private static void StartType(SymbolStartAnalysisContext context, Types types, System.Lazy<bool> globalAlias)
    {
        var type = (INamedTypeSymbol)context.Symbol;
        if (type.TypeKind is not (TypeKind.Class or TypeKind.Struct) || !MayDeclareSourceField(type, globalAlias, context.CancellationToken))
        {
            return;
        }

        ImmutableArray<IFieldSymbol>.Builder? fields = null;
        foreach (var member in type.GetMembers())
        {
            if (member is IFieldSymbol { IsStatic: false, IsConst: false } field && SymbolEqualityComparer.Default.Equals(field.Type, types.Source))
            {
                (fields ??= ImmutableArray.CreateBuilder<IFieldSymbol>()).Add(field);
            }
        }

        if (fields is null || Implements(type, types))
        {
            return;
        }

        var state = new FieldState(fields.ToImmutable());
        context.RegisterOperationAction(ctx => state.Observe(ctx.Operation, types), OperationKind.FieldReference, OperationKind.FieldInitializer);
        context.RegisterSymbolEndAction(ctx => state.Report(ctx));
    }

    private static readonly FileText NamesSourceInFile = FileText.Naming(SourceName);

    /// <summary>
    /// A field's type is written in its declaration: a type none of whose files names the source (nor a global alias
    /// that could) has no source field, and its members need not be listed.
    /// </summary>
    private static bool MayDeclareSourceField(INamedTypeSymbol type, System.Lazy<bool> globalAlias, System.Threading.CancellationToken cancellationToken)
    {
        foreach (var reference in type.DeclaringSyntaxReferences)
        {
            if (NamesSourceInFile.Holds(reference.SyntaxTree, cancellationToken))
            {
                return true;
            }
        }

        return globalAlias.Value;
    }

    private static bool Implements(INamedTypeSymbol type, Types types)
    {
        foreach (var implemented in type.AllInterfaces)
        {
            if (SymbolEqualityComparer.Default.Equals(implemented, types.Disposable)
                || SymbolEqualityComparer.Default.Equals(implemented, types.AsyncDisposable))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Per type: which CTS fields it creates a source into, and which it lets go of (disposes, passes on).</summary>
    private sealed class FieldState
    {
        private readonly ImmutableArray<IFieldSymbol> _fields;
        private readonly ConcurrentDictionary<IFieldSymbol, IOperation> _created = new(SymbolEqualityComparer.Default);
        private readonly ConcurrentDictionary<IFieldSymbol, bool> _released = new(SymbolEqualityComparer.Default);
        private readonly ConcurrentDictionary<IFieldSymbol, bool> _tokenRead = new(SymbolEqualityComparer.Default);
        private readonly ConcurrentDictionary<IFieldSymbol, bool> _cancelledAfter = new(SymbolEqualityComparer.Default);

        public FieldState(ImmutableArray<IFieldSymbol> fields) => _fields = fields;

        public void Observe(IOperation operation, Types types)
        {
            if (operation is IFieldInitializerOperation initializer)
            {
                if (IsCreation(Operations.WithoutConversions(initializer.Value), types))
                {
                    foreach (var initialized in initializer.InitializedFields)
                    {
                        _created.TryAdd(initialized.OriginalDefinition, Operations.WithoutConversions(initializer.Value));
                    }
                }

                return;
            }

            var reference = (IFieldReferenceOperation)operation;
            var field = reference.Field.OriginalDefinition;
            if (!IsTracked(field))
            {
                return;
            }

            var parent = reference.Parent;
            switch (parent)
            {
                case ISimpleAssignmentOperation assignment when assignment.Target == reference:
                    if (IsCreation(Operations.WithoutConversions(assignment.Value), types))
                    {
                        _created.TryAdd(field, Operations.WithoutConversions(assignment.Value));
                    }

                    return;
                case IPropertyReferenceOperation property:
                    NoteUse(field, property.Property.Name);
                    return;
                case IInvocationOperation invocation when invocation.Instance == reference && !DisposeShape.IsRelease(invocation.TargetMethod):
                    NoteUse(field, invocation.TargetMethod.Name);
                    return;
                case IBinaryOperation:
                case IIsNullOperation:
                case IIsPatternOperation:
                    return;
                case IConditionalAccessOperation access when access.Operation == reference && IsUseWithoutRelease(access.WhenNotNull):
                    // _cts?.Cancel() and _cts?.Token use the source; only _cts?.Dispose() lets go of it.
                    NoteUse(field, access.WhenNotNull switch
                    {
                        IInvocationOperation invocation => invocation.TargetMethod.Name,
                        IPropertyReferenceOperation property => property.Property.Name,
                        _ => string.Empty,
                    });
                    return;
                default:
                    // Disposed, passed on, exchanged, used as a using resource: the type lets go of it somewhere.
                    _released[field] = true;
                    return;
            }
        }

        /// <summary>Reading Token or WaitHandle hands the source's signal out; CancelAfter starts a timer.</summary>
        private void NoteUse(IFieldSymbol field, string member)
        {
            if (member is "Token" or "WaitHandle")
            {
                _tokenRead[field] = true;
            }
            else if (member == "CancelAfter")
            {
                _cancelledAfter[field] = true;
            }
        }

        private static bool IsUseWithoutRelease(IOperation whenNotNull) => whenNotNull switch
        {
            IInvocationOperation { Instance: IConditionalAccessInstanceOperation } invocation => !DisposeShape.IsRelease(invocation.TargetMethod),
            IPropertyReferenceOperation { Instance: IConditionalAccessInstanceOperation } => true,
            _ => false,
        };

        private bool IsTracked(IFieldSymbol field)
        {
            foreach (var tracked in _fields)
            {
                if (SymbolEqualityComparer.Default.Equals(tracked, field))
                {
                    return true;
                }
            }

            return false;
        }

        public void Report(SymbolAnalysisContext context)
        {
            foreach (var field in _fields)
            {
                if (_released.ContainsKey(field))
                {
                    continue;
                }

                // A plain source without a timer holds nothing to leak, and a source whose token is never handed out
                // is a flag: only a linked or timed source whose token is used is reported.
                if (_created.TryGetValue(field, out var creation)
                    && _tokenRead.ContainsKey(field)
                    && (!IsPlain(creation, null) || _cancelledAfter.ContainsKey(field)))
                {
                    ReportField(context, field);
                }
            }
        }

        private static void ReportField(SymbolAnalysisContext context, IFieldSymbol field)
        {
            if (!field.Locations.IsEmpty && field.Locations[0].SourceTree is { } tree
                && StatedIntent.SuppressesPeer(tree, field.Locations[0].SourceSpan.Start, field, FieldPeers))
            {
                return;
            }

            context.ReportDiagnostic(Diagnostic.Create(
                Descriptors.Shapes.VET102_Field,
                field.Locations.IsEmpty ? Location.None : field.Locations[0],
                FieldProperties,
                field.Name,
                field.ContainingType.Name));
        }
    }
}
