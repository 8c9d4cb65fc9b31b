using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.Simplification;
using Vet.Analyzers;
using Vet.Analyzers.Engine;
using Vet.CodeFixes.Engine;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace Vet.CodeFixes.Errors;

/// <summary>
/// VET301: calls the constructor overload the analyzer found (<see cref="ExceptionConstructors.FindWrappingOverload"/>):
/// every argument kept, the caught exception added at the overload's cause parameter, and <c>ex.Message</c> for a message (a message of its own when the caught exception is a cancellation translated into another failure)
/// parameter the call did not pass. Arguments stay positional while they keep their positions and are named from the
/// first one that moves; the catch gets a variable when it has none.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(CauseNotWrappedCodeFix)), Shared]
public sealed class CauseNotWrappedCodeFix : CodeFixProvider
{
    public const string PassInnerExceptionKey = "VET301.PassInnerException";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } =
        ImmutableArray.Create(Descriptors.VET301_CauseNotWrapped.Id);

    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null)
        {
            return;
        }

        foreach (var diagnostic in context.Diagnostics)
        {
            if (Creation(root, diagnostic) is not { } creation || creation.FirstAncestorOrSelf<CatchClauseSyntax>() is null)
            {
                continue;
            }

            var document = context.Document;
            context.RegisterCodeFix(
                CodeAction.Create("Pass the caught exception as the inner exception", ct => ApplyAsync(document, diagnostic, ct), PassInnerExceptionKey),
                diagnostic);
        }
    }

    private static ObjectCreationExpressionSyntax? Creation(SyntaxNode root, Diagnostic diagnostic) =>
        root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) as ObjectCreationExpressionSyntax;

    private static async Task<Document> ApplyAsync(Document document, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (root is null || model is null
            || Creation(root, diagnostic) is not { } creation
            || creation.FirstAncestorOrSelf<CatchClauseSyntax>() is not { } @catch
            || WellKnownTypes.Get(model.Compilation, "System.Exception") is not { } exception
            || model.GetOperation(creation, cancellationToken) is not IObjectCreationOperation operation)
        {
            return document;
        }

        var caughtType = @catch.Declaration is { } declaration
            && model.GetTypeInfo(declaration.Type, cancellationToken).Type is INamedTypeSymbol { TypeKind: not TypeKind.Error } declared
            && BaseTypes.IsOrDerivesFrom(declared, exception)
                ? declared
                : exception;
        var within = model.GetEnclosingSymbol(creation.SpanStart, cancellationToken)?.ContainingType;
        if (ExceptionConstructors.FindWrappingOverload(operation, caughtType, exception, model.Compilation, within) is not { } overload)
        {
            return document;
        }

        // The catch variable, named first when the catch has none.
        var name = @catch.Declaration is { Identifier.ValueText.Length: > 0 } named
            ? named.Identifier.ValueText
            : Names.Free("ex", @catch.Block, model, cancellationToken);
        var arguments = creation.ArgumentList ?? ArgumentList();
        var ownMessage = operation.Type is INamedTypeSymbol thrown ? ExceptionConstructors.OwnMessage(thrown, caughtType, model.Compilation) : null;
        var newArguments = Arguments(arguments.Arguments, overload, name, ownMessage);
        var newCreation = creation.WithArgumentList(arguments.WithArguments(newArguments));

        var newCatch = @catch.ReplaceNode(creation, newCreation);
        if (newCatch.Declaration is null)
        {
            var type = (TypeSyntax)ParseTypeName("System.Exception").WithAdditionalAnnotations(Simplifier.Annotation);
            newCatch = newCatch.WithDeclaration(CatchDeclaration(type.WithTrailingTrivia(Space), Identifier(name)).WithTrailingTrivia(Space))
                .WithCatchKeyword(newCatch.CatchKeyword.WithTrailingTrivia(Space));
        }
        else if (newCatch.Declaration.Identifier.ValueText.Length == 0)
        {
            newCatch = newCatch.WithDeclaration(newCatch.Declaration.WithIdentifier(Identifier(name)).WithType(newCatch.Declaration.Type.WithTrailingTrivia(Space)));
        }

        return document.WithSyntaxRoot(root.ReplaceNode(@catch, newCatch));
    }

    /// <summary>
    /// The call's arguments for <paramref name="overload"/>. A call that names none keeps its arguments where they are and
    /// gets the cause (and message) inserted at the overload's positions, named only after an optional parameter it
    /// leaves out. A call that names some keeps its order: positional arguments stay positional up to the first one whose
    /// position changes, the rest are named, and the message and cause are appended by name.
    /// </summary>
    private static SeparatedSyntaxList<ArgumentSyntax> Arguments(SeparatedSyntaxList<ArgumentSyntax> original, WrappingOverload overload, string caught, string? ownMessage)
    {
        var cause = Argument(IdentifierName(caught));
        var message = ownMessage is not null
            ? Argument(LiteralExpression(SyntaxKind.StringLiteralExpression, Literal(ownMessage)))
            : Argument(MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, IdentifierName(caught), IdentifierName("Message")));
        var anyNamed = false;
        foreach (var argument in original)
        {
            anyNamed |= argument.NameColon is not null;
        }

        var parameters = overload.Constructor.Parameters;
        if (!anyNamed)
        {
            var result = original;
            var naming = false;
            var index = 0;
            for (var i = 0; i < parameters.Length; i++)
            {
                var parameter = parameters[i];
                ArgumentSyntax? added = null;
                if (overload.Slots[i] is not null)
                {
                    if (naming)
                    {
                        result = result.Replace(result[index], result[index].WithNameColon(NameColon(IdentifierName(parameter.Name))));
                    }

                    index++;
                    continue;
                }

                if (SymbolEqualityComparer.Default.Equals(parameter, overload.Cause))
                {
                    added = cause;
                }
                else if (SymbolEqualityComparer.Default.Equals(parameter, overload.Message))
                {
                    added = message;
                }
                else
                {
                    // An optional parameter left out: what follows must say where it goes.
                    naming = true;
                    continue;
                }

                result = result.Insert(index++, naming ? added.WithNameColon(NameColon(IdentifierName(parameter.Name))) : added);
            }

            return result;
        }

        var kept = original;
        var namingFrom = false;
        for (var i = 0; i < kept.Count; i++)
        {
            var argument = kept[i];
            var parameter = ParameterOf(overload, argument, i, original);
            if (parameter is null)
            {
                continue;
            }

            if (argument.NameColon is { } nameColon)
            {
                namingFrom = true;
                if (nameColon.Name.Identifier.ValueText != parameter.Name)
                {
                    kept = kept.Replace(argument, argument.WithNameColon(NameColon(IdentifierName(parameter.Name))));
                }

                continue;
            }

            if (namingFrom || parameter.Ordinal != i)
            {
                namingFrom = true;
                kept = kept.Replace(argument, argument.WithNameColon(NameColon(IdentifierName(parameter.Name))));
            }
        }

        if (overload.Message is { } messageParameter)
        {
            kept = kept.Add(message.WithNameColon(NameColon(IdentifierName(messageParameter.Name))));
        }

        return kept.Add(cause.WithNameColon(NameColon(IdentifierName(overload.Cause.Name))));
    }

    /// <summary>The overload's parameter that receives the call's argument at <paramref name="index"/>.</summary>
    private static IParameterSymbol? ParameterOf(WrappingOverload overload, ArgumentSyntax argument, int index, SeparatedSyntaxList<ArgumentSyntax> original)
    {
        for (var i = 0; i < overload.Slots.Length; i++)
        {
            if (overload.Slots[i] is { Syntax: var syntax } && (syntax == argument || syntax == original[index]))
            {
                return overload.Constructor.Parameters[i];
            }
        }

        return null;
    }
}
