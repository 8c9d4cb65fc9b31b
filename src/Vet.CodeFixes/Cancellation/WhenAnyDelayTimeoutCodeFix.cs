using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.Simplification;
using Vet.Analyzers;
using Vet.Analyzers.Cancellation;
using Vet.CodeFixes.Engine;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;
using Vet.Analyzers.Engine;

namespace Vet.CodeFixes.Cancellation;

/// <summary>
/// VET105: rewrites <c>if (await Task.WhenAny(work, delay) == delay) { timeout }</c> (or <c>!= work</c>) into
/// <c>try { await work.WaitAsync(t, ct); } catch (TimeoutException) { timeout }</c> when the framework has WaitAsync;
/// below .NET 6 the delay observes a linked source that is cancelled after <c>t</c> and, in <c>finally</c>, when the
/// work wins, so its timer never outlives the method. Other shapes are reported without a fix.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(WhenAnyDelayTimeoutCodeFix)), Shared]
public sealed class WhenAnyDelayTimeoutCodeFix : CodeFixProvider
{
    public const string UseWaitAsyncKey = "VET105.UseWaitAsync";
    public const string UseLinkedSourceKey = "VET105.UseLinkedSource";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } =
        ImmutableArray.Create(Descriptors.VET105_WhenAnyDelayTimeout.Id);

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
            if (root.FindNode(diagnostic.Location.SourceSpan) is not InvocationExpressionSyntax whenAny
                || Plan.Create(whenAny, model, context.CancellationToken) is not { } plan)
            {
                continue;
            }

            var action = plan.HasWaitAsync
                ? CodeAction.Create("Use WaitAsync and catch TimeoutException", ct => ApplyAsync(context.Document, whenAny, ct), UseWaitAsyncKey)
                : CodeAction.Create("Cancel the delay through a linked CancellationTokenSource", ct => ApplyAsync(context.Document, whenAny, ct), UseLinkedSourceKey);
            context.RegisterCodeFix(action, diagnostic);
        }
    }

    private static async Task<Document> ApplyAsync(Document document, InvocationExpressionSyntax whenAny, CancellationToken cancellationToken)
    {
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (model is null || Plan.Create(whenAny, model, cancellationToken) is not { } plan)
        {
            return document;
        }

        var editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
        editor.ReplaceNode(plan.If, plan.HasWaitAsync ? plan.BuildTry() : plan.BuildLinkedSource(Names.Free("timeoutSource", plan.If, model, cancellationToken)));
        if (plan.DelayDeclaration is { } declaration)
        {
            editor.RemoveNode(declaration, SyntaxRemoveOptions.KeepUnbalancedDirectives);
        }

        return editor.GetChangedDocument();
    }

    /// <summary>The pieces of one recognised shape; null when the shape is not one the fix knows.</summary>
    private sealed class Plan
    {
        private Plan(bool hasWaitAsync, IfStatementSyntax @if, InvocationExpressionSyntax delay, ExpressionSyntax work, ExpressionSyntax timeout, ArgumentSyntax? token, ArgumentSyntax? configureAwait, LocalDeclarationStatementSyntax? delayDeclaration)
        {
            HasWaitAsync = hasWaitAsync;
            If = @if;
            Delay = delay;
            Work = work;
            Timeout = timeout;
            Token = token;
            ConfigureAwait = configureAwait;
            DelayDeclaration = delayDeclaration;
        }

        /// <summary>True when Task.WaitAsync(TimeSpan, CancellationToken) exists (.NET 6+).</summary>
        public bool HasWaitAsync { get; }

        public IfStatementSyntax If { get; }

        /// <summary>The Task.Delay call, inside <see cref="If"/> or <see cref="DelayDeclaration"/>.</summary>
        public InvocationExpressionSyntax Delay { get; }

        public ExpressionSyntax Work { get; }

        public ExpressionSyntax Timeout { get; }

        public ArgumentSyntax? Token { get; }

        public ArgumentSyntax? ConfigureAwait { get; }

        public LocalDeclarationStatementSyntax? DelayDeclaration { get; }

        public static Plan? Create(InvocationExpressionSyntax whenAnySyntax, SemanticModel model, CancellationToken cancellationToken)
        {
            var compilation = model.Compilation;
            var taskType = WellKnownTypes.Get(compilation, "System.Threading.Tasks.Task");
            var sourceType = WellKnownTypes.Get(compilation, "System.Threading.CancellationTokenSource");
            var timeSpan = WellKnownTypes.Get(compilation, "System.TimeSpan");
            if (taskType is null || sourceType is null || timeSpan is null)
            {
                return null;
            }

            // await Task.WhenAny(...)[.ConfigureAwait(x)]  compared with == or != as the whole condition of an if without else.
            SyntaxNode awaited = whenAnySyntax;
            ArgumentSyntax? configureAwait = null;
            if (awaited.Parent is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "ConfigureAwait" } access
                && access.Parent is InvocationExpressionSyntax { ArgumentList.Arguments.Count: 1 } configureCall)
            {
                configureAwait = configureCall.ArgumentList.Arguments[0];
                awaited = configureCall;
            }

            if (awaited.Parent is not AwaitExpressionSyntax await
                || WalkUp(await).Parent is not BinaryExpressionSyntax comparison
                || comparison.Parent is not IfStatementSyntax { Else: null } @if
                || @if.Condition != comparison
                || WalkDown(comparison.Left) != await)
            {
                return null;
            }

            if (model.GetOperation(whenAnySyntax, cancellationToken) is not IInvocationOperation whenAny
                || WhenAnyDelayTimeoutAnalyzer.FindDelay(whenAny, new WhenAnyDelayTimeoutAnalyzer.Types(taskType, sourceType)) is not { } delay
                || delay.Syntax is not InvocationExpressionSyntax delaySyntax)
            {
                return null;
            }

            // The work is the other task, named by a simple identifier so "work.WaitAsync" reads the same task.
            var elements = Elements(whenAny);
            var delayElement = elements.FirstOrDefault(e => IsOrDeclares(e, delay));
            var workElement = elements.FirstOrDefault(e => e != delayElement);
            if (delayElement is null || workElement is null || workElement.Syntax is not IdentifierNameSyntax workName)
            {
                return null;
            }

            // "== delay" or "!= work": the branch is the timeout branch.
            var other = WalkDown(comparison.Right);
            var comparesWithDelay = comparison.IsKind(SyntaxKind.EqualsExpression) && delayElement.Syntax is IdentifierNameSyntax delayName && other is IdentifierNameSyntax d && d.Identifier.ValueText == delayName.Identifier.ValueText;
            var comparesWithWork = comparison.IsKind(SyntaxKind.NotEqualsExpression) && other is IdentifierNameSyntax w && w.Identifier.ValueText == workName.Identifier.ValueText;
            if (!comparesWithDelay && !comparesWithWork)
            {
                return null;
            }

            // Delay(int|TimeSpan[, CancellationToken]); a TimeProvider overload is left alone.
            var hasWaitAsync = TaskHasWaitAsync(taskType, timeSpan);
            ExpressionSyntax? timeout = null;
            ArgumentSyntax? token = null;
            foreach (var argument in delay.Arguments)
            {
                if (argument.ArgumentKind != ArgumentKind.Explicit || argument.Syntax is not ArgumentSyntax syntax)
                {
                    continue;
                }

                var type = argument.Parameter?.Type;
                if (type?.SpecialType == SpecialType.System_Int32)
                {
                    // CancelAfter takes the milliseconds as they are; WaitAsync needs a TimeSpan.
                    timeout = hasWaitAsync ? FromMilliseconds(syntax.Expression) : syntax.Expression;
                }
                else if (SymbolEqualityComparer.Default.Equals(type, timeSpan))
                {
                    timeout = syntax.Expression;
                }
                else if (type?.Name == "CancellationToken")
                {
                    token = syntax;
                }
                else
                {
                    return null;
                }
            }

            if (timeout is null)
            {
                return null;
            }

            // A delay held in a local goes away with the if, when nothing else reads it.
            LocalDeclarationStatementSyntax? declaration = null;
            if (delayElement is ILocalReferenceOperation delayLocal)
            {
                if (delayLocal.Local.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax(cancellationToken) is not VariableDeclaratorSyntax declarator
                    || declarator.Parent?.Parent is not LocalDeclarationStatementSyntax statement
                    || statement.Declaration.Variables.Count != 1
                    || statement.Parent != @if.Parent
                    || CountReferences(@if.Parent, delayLocal.Local, model, cancellationToken) != 2)
                {
                    return null;
                }

                declaration = statement;
            }

            return new Plan(hasWaitAsync, @if, delaySyntax, workName, timeout, token, configureAwait, declaration);
        }

        public TryStatementSyntax BuildTry()
        {
            var arguments = SeparatedList(Token is null
                ? new[] { Argument(Timeout.WithoutTrivia()) }
                : new[] { Argument(Timeout.WithoutTrivia()), Token.WithoutTrivia() });
            ExpressionSyntax call = InvocationExpression(
                MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, Work.WithoutTrivia(), IdentifierName("WaitAsync")),
                ArgumentList(arguments));
            if (ConfigureAwait is not null)
            {
                call = InvocationExpression(
                    MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, call, IdentifierName("ConfigureAwait")),
                    ArgumentList(SingletonSeparatedList(ConfigureAwait.WithoutTrivia())));
            }

            var body = If.Statement is BlockSyntax block ? block.WithoutTrivia() : Block(If.Statement.WithoutTrivia());
            var timeoutException = TypeNames.Qualified("System.TimeoutException");
            return TryStatement(
                    Block(ExpressionStatement(AwaitExpression(call))),
                    SingletonList(CatchClause(CatchDeclaration(timeoutException), null, body)),
                    null)
                .WithLeadingTrivia(If.GetLeadingTrivia())
                .WithTrailingTrivia(If.GetTrailingTrivia())
                .WithAdditionalAnnotations(Formatter.Annotation);
        }

        /// <summary>
        /// <c>using (var s = CreateLinkedTokenSource(ct)) { s.CancelAfter(t); [delay local] try { if … } finally { s.Cancel(); } }</c>
        /// with the delay waiting on <c>s.Token</c>: it completes when the timeout elapses (or the caller cancels), as
        /// before, and is released in <c>finally</c> when the work wins instead of keeping its timer alive.
        /// </summary>
        public UsingStatementSyntax BuildLinkedSource(string sourceName)
        {
            var source = IdentifierName(sourceName);
            var delay = Delay.WithArgumentList(ArgumentList(SeparatedList(new[]
            {
                Argument(MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, TypeNames.Qualified("System.Threading.Timeout"), IdentifierName("Infinite"))),
                Argument(MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, source, IdentifierName("Token"))),
            })));
            var sourceType = TypeNames.Qualified("System.Threading.CancellationTokenSource");
            ExpressionSyntax create = Token is null
                ? ObjectCreationExpression(sourceType, ArgumentList(), null)
                : InvocationExpression(
                    MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, sourceType, IdentifierName("CreateLinkedTokenSource")),
                    ArgumentList(SingletonSeparatedList(Argument(Token.Expression.WithoutTrivia()))));

            var statements = new System.Collections.Generic.List<StatementSyntax>
            {
                ExpressionStatement(InvocationExpression(
                    MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, source, IdentifierName("CancelAfter")),
                    ArgumentList(SingletonSeparatedList(Argument(Timeout.WithoutTrivia()))))),
            };
            var @if = If;
            if (DelayDeclaration is { } declaration)
            {
                statements.Add(declaration.ReplaceNode(Delay, delay).WithoutTrivia());
            }
            else
            {
                @if = @if.ReplaceNode(Delay, delay);
            }

            statements.Add(TryStatement(
                Block(@if.WithoutTrivia()),
                default,
                FinallyClause(Block(ExpressionStatement(InvocationExpression(
                    MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, source, IdentifierName("Cancel"))))))));

            return UsingStatement(
                    VariableDeclaration(IdentifierName("var"), SingletonSeparatedList(VariableDeclarator(Identifier(sourceName), null, EqualsValueClause(create)))),
                    null,
                    Block(statements))
                .WithLeadingTrivia(If.GetLeadingTrivia())
                .WithTrailingTrivia(If.GetTrailingTrivia())
                .WithAdditionalAnnotations(Formatter.Annotation);
        }

        private static SyntaxNode WalkUp(SyntaxNode node)
        {
            while (node.Parent is ParenthesizedExpressionSyntax parent)
            {
                node = parent;
            }

            return node;
        }

        private static ExpressionSyntax WalkDown(ExpressionSyntax expression)
        {
            while (expression is ParenthesizedExpressionSyntax parenthesized)
            {
                expression = parenthesized.Expression;
            }

            return expression;
        }

        private static bool TaskHasWaitAsync(INamedTypeSymbol task, INamedTypeSymbol timeSpan)
        {
            foreach (var member in task.GetMembers("WaitAsync"))
            {
                if (member is IMethodSymbol { IsStatic: false, Parameters.Length: 2 } method
                    && SymbolEqualityComparer.Default.Equals(method.Parameters[0].Type, timeSpan)
                    && method.Parameters[1].Type.Name == "CancellationToken")
                {
                    return true;
                }
            }

            return false;
        }

        private static ExpressionSyntax FromMilliseconds(ExpressionSyntax milliseconds) =>
            InvocationExpression(
                MemberAccessExpression(
                    SyntaxKind.SimpleMemberAccessExpression,
                    TypeNames.Qualified("System.TimeSpan"),
                    IdentifierName("FromMilliseconds")),
                ArgumentList(SingletonSeparatedList(Argument(milliseconds.WithoutTrivia()))));

        private static IOperation[] Elements(IInvocationOperation whenAny)
        {
            if (whenAny.Arguments.Length == 2)
            {
                return new[] { Vet.Analyzers.Engine.Operations.WithoutConversions(whenAny.Arguments[0].Value), Vet.Analyzers.Engine.Operations.WithoutConversions(whenAny.Arguments[1].Value) };
            }

            var array = (IArrayCreationOperation)Vet.Analyzers.Engine.Operations.WithoutConversions(whenAny.Arguments[0].Value);
            return array.Initializer!.ElementValues.Select(Vet.Analyzers.Engine.Operations.WithoutConversions).ToArray();
        }

        private static bool IsOrDeclares(IOperation element, IInvocationOperation delay) =>
            element == delay
            || element is ILocalReferenceOperation local && WhenAnyDelayTimeoutAnalyzer.InitializerOf(local.Local, element) == delay;

        private static int CountReferences(SyntaxNode? scope, ILocalSymbol local, SemanticModel model, CancellationToken cancellationToken)
        {
            var count = 0;
            foreach (var name in scope?.DescendantNodes().OfType<IdentifierNameSyntax>() ?? Enumerable.Empty<IdentifierNameSyntax>())
            {
                if (name.Identifier.ValueText == local.Name
                    && SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(name, cancellationToken).Symbol, local))
                {
                    count++;
                }
            }

            return count;
        }
    }
}
