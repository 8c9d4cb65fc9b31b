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
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Simplification;
using Vet.Analyzers;
using Vet.CodeFixes.Engine;
using Vet.Analyzers.Concurrency;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace Vet.CodeFixes.Concurrency;

/// <summary>
/// VET204, reference-null variant: replaces <c>if (f == null) { lock (g) { if (f == null) f = new T(...); } }</c> with
/// <c>LazyInitializer.EnsureInitialized(ref f, () =&gt; new T(...));</c>, which keeps the field and its type.
/// Offered only for the exact shape (one assignment, nothing else under the lock), when the factory creates a
/// non-disposable object (EnsureInitialized may run it more than once in a race and drop the extra results), when
/// nothing else assigns the field outside constructors, and outside structs. The flag and early-publication variants
/// get no fix: see docs/rules/VET204.md.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(DoubleCheckedLockingCodeFix)), Shared]
public sealed class DoubleCheckedLockingCodeFix : CodeFixProvider
{
    public const string EnsureInitializedKey = "VET204.EnsureInitialized";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } =
        ImmutableArray.Create(Descriptors.VET204_DoubleCheckedLocking.Id);

    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

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
            if (!diagnostic.Properties.TryGetValue(DoubleCheckedLockingAnalyzer.VariantKey, out var variant)
                || variant != DoubleCheckedLockingAnalyzer.NullVariant
                || Plan.Create(root, diagnostic.Location.SourceSpan, model, context.CancellationToken) is not { } plan)
            {
                continue;
            }

            var document = context.Document;
            context.RegisterCodeFix(
                CodeAction.Create(
                    $"Initialize '{plan.Field.Name}' with LazyInitializer.EnsureInitialized",
                    ct => ApplyAsync(document, diagnostic.Location.SourceSpan, ct),
                    EnsureInitializedKey),
                diagnostic);
        }
    }

    private static async Task<Document> ApplyAsync(Document document, Microsoft.CodeAnalysis.Text.TextSpan span, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (root is null || model is null || Plan.Create(root, span, model, cancellationToken) is not { } plan)
        {
            return document;
        }

        // LazyInitializer.EnsureInitialized(ref f, () => factory);
        var call = InvocationExpression(
            MemberAccessExpression(
                SyntaxKind.SimpleMemberAccessExpression,
                TypeNames.Imported("System.Threading.LazyInitializer"),
                IdentifierName("EnsureInitialized")),
            ArgumentList(SeparatedList(new[]
            {
                Argument(plan.Target.WithoutTrivia()).WithRefKindKeyword(Token(SyntaxKind.RefKeyword)),
                Argument(ParenthesizedLambdaExpression(plan.Factory.WithoutTrivia())),
            })));
        var statement = ExpressionStatement(call)
            .WithTriviaFrom(plan.Outer)
            .WithAdditionalAnnotations(Formatter.Annotation);
        var changed = document.WithSyntaxRoot(root.ReplaceNode(plan.Outer, statement));
        return await ImportAdder.AddImportsAsync(changed, Simplifier.AddImportsAnnotation, cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The pieces of the one shape the fix rewrites; null when the shape or its context is not safe to rewrite.</summary>
    private sealed class Plan
    {
        private Plan(IfStatementSyntax outer, ExpressionSyntax target, ExpressionSyntax factory, IFieldSymbol field)
        {
            Outer = outer;
            Target = target;
            Factory = factory;
            Field = field;
        }

        public IfStatementSyntax Outer { get; }

        /// <summary>The assigned field as written (<c>_f</c>, <c>this._f</c>, <c>Type.s_f</c>).</summary>
        public ExpressionSyntax Target { get; }

        public ExpressionSyntax Factory { get; }

        public IFieldSymbol Field { get; }

        public static Plan? Create(SyntaxNode root, Microsoft.CodeAnalysis.Text.TextSpan span, SemanticModel model, CancellationToken cancellationToken)
        {
            if (root.FindNode(span, getInnermostNodeForTie: true).FirstAncestorOrSelf<IfStatementSyntax>() is not { Else: null } outer
                || Single(outer.Statement) is not LockStatementSyntax @lock
                || Single(@lock.Statement) is not { } underLock)
            {
                return null;
            }

            AssignmentExpressionSyntax? assignment = underLock switch
            {
                // lock (g) { f ??= new T(); }
                ExpressionStatementSyntax { Expression: AssignmentExpressionSyntax coalesce } when coalesce.IsKind(SyntaxKind.CoalesceAssignmentExpression) => coalesce,

                // lock (g) { if (f == null) f = new T(); }
                IfStatementSyntax { Else: null } inner when Single(inner.Statement) is ExpressionStatementSyntax { Expression: AssignmentExpressionSyntax simple }
                    && simple.IsKind(SyntaxKind.SimpleAssignmentExpression) => simple,
                _ => null,
            };
            if (assignment is null
                || model.GetSymbolInfo(assignment.Left, cancellationToken).Symbol is not IFieldSymbol field
                || field.ContainingType.TypeKind != TypeKind.Class
                || field.ContainingType.DeclaringSyntaxReferences.Length != 1
                || !IsHarmlessToRepeat(assignment.Right, model, cancellationToken)
                || CapturesSomethingALambdaCannot(assignment.Right, model, cancellationToken)
                || AssignedElsewhere(field, assignment, model, cancellationToken))
            {
                return null;
            }

            return new Plan(outer, assignment.Left, assignment.Right, field);
        }

        /// <summary>The statement itself, or the only statement of a block.</summary>
        private static StatementSyntax? Single(StatementSyntax statement) => statement is BlockSyntax block
            ? block.Statements.Count == 1 ? block.Statements[0] : null
            : statement;

        /// <summary>
        /// EnsureInitialized may run the factory on several racing threads and keep one result: acceptable for creating a
        /// plain object (or array), not for a call with side effects or an object that owns resources.
        /// </summary>
        private static bool IsHarmlessToRepeat(ExpressionSyntax factory, SemanticModel model, CancellationToken cancellationToken)
        {
            if (factory is not (BaseObjectCreationExpressionSyntax or ArrayCreationExpressionSyntax or ImplicitArrayCreationExpressionSyntax))
            {
                return false;
            }

            var type = model.GetTypeInfo(factory, cancellationToken).Type;
            if (type is null || type.TypeKind == TypeKind.Error)
            {
                return false;
            }

            foreach (var implemented in type.AllInterfaces)
            {
                if (implemented.SpecialType == SpecialType.System_IDisposable || implemented.Name == "IAsyncDisposable")
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>ref/out/in parameters, ref locals and ref-like values cannot be captured by the factory lambda.</summary>
        private static bool CapturesSomethingALambdaCannot(ExpressionSyntax factory, SemanticModel model, CancellationToken cancellationToken)
        {
            foreach (var name in factory.DescendantNodesAndSelf())
            {
                if (name is not IdentifierNameSyntax)
                {
                    continue;
                }

                switch (model.GetSymbolInfo(name, cancellationToken).Symbol)
                {
                    case IParameterSymbol parameter when parameter.RefKind != RefKind.None || parameter.Type.IsRefLikeType:
                    case ILocalSymbol local when local.IsRef || local.Type.IsRefLikeType:
                        return true;
                }
            }

            return false;
        }

        /// <summary>Another assignment to the field outside a constructor, which EnsureInitialized would no longer serialize with.</summary>
        private static bool AssignedElsewhere(IFieldSymbol field, AssignmentExpressionSyntax ours, SemanticModel model, CancellationToken cancellationToken)
        {
            var declaration = field.ContainingType.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken);
            if (declaration.SyntaxTree != ours.SyntaxTree)
            {
                return true;
            }

            foreach (var node in declaration.DescendantNodes())
            {
                if (node is not IdentifierNameSyntax { Identifier.ValueText: var text } name
                    || text != field.Name
                    || !Vet.Analyzers.Engine.WrittenCode.IsWritten(name)
                    || name.FirstAncestorOrSelf<AssignmentExpressionSyntax>() == ours
                    || name.FirstAncestorOrSelf<ConstructorDeclarationSyntax>() is not null
                    || !SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(name, cancellationToken).Symbol, field))
                {
                    continue;
                }

                return true;
            }

            return false;
        }
    }
}
