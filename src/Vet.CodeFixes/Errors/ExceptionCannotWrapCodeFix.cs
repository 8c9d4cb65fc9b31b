using System.Collections.Generic;
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
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Simplification;
using Vet.Analyzers;
using Vet.CodeFixes.Engine;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;
using Vet.Analyzers.Engine;

namespace Vet.CodeFixes.Errors;

/// <summary>
/// VET306: adds a constructor that takes the inner exception. It copies the type's richest constructor (preferring
/// one with a message parameter): its parameters, which keeps the type's required domain parameters, its body, which
/// keeps how domain fields are set, and its base call with the cause appended, which keeps the base call convention.
/// When the base call cannot take the cause it uses <c>base(message, innerException)</c>, adding a message parameter
/// if the template has none. A type without constructors also gets its parameterless one, so existing callers compile.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(ExceptionCannotWrapCodeFix)), Shared]
public sealed class ExceptionCannotWrapCodeFix : CodeFixProvider
{
    public const string AddConstructorKey = "VET306.AddInnerExceptionConstructor";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } =
        ImmutableArray.Create(Descriptors.VET306_ExceptionCannotWrap.Id);

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
            if (Plan(root, model, diagnostic, context.CancellationToken) is null)
            {
                continue;
            }

            var document = context.Document;
            context.RegisterCodeFix(
                CodeAction.Create("Add a constructor that takes the inner exception", ct => ApplyAsync(document, diagnostic, ct), AddConstructorKey),
                diagnostic);
        }
    }

    private static async Task<Document> ApplyAsync(Document document, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (root is null || model is null || Plan(root, model, diagnostic, cancellationToken) is not { } plan)
        {
            return document;
        }

        var members = plan.Type.Members;
        var index = plan.Template is null ? InsertionIndex(plan.Type) : members.IndexOf(plan.Template) + 1;
        var added = plan.Added.Select(c => (MemberDeclarationSyntax)c.WithAdditionalAnnotations(Formatter.Annotation));
        var updated = plan.Type.WithMembers(members.InsertRange(index, added));
        return document.WithSyntaxRoot(root.ReplaceNode(plan.Type, updated));
    }

    private sealed class Addition
    {
        internal Addition(ClassDeclarationSyntax type, ConstructorDeclarationSyntax? template, IReadOnlyList<ConstructorDeclarationSyntax> added)
        {
            Type = type;
            Template = template;
            Added = added;
        }

        internal ClassDeclarationSyntax Type { get; }

        internal ConstructorDeclarationSyntax? Template { get; }

        internal IReadOnlyList<ConstructorDeclarationSyntax> Added { get; }
    }

    private static Addition? Plan(SyntaxNode root, SemanticModel model, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        if (root.FindToken(diagnostic.Location.SourceSpan.Start).Parent is not ClassDeclarationSyntax type
            || model.GetDeclaredSymbol(type, cancellationToken) is not { BaseType: { } baseType } symbol
            || WellKnownTypes.Get(model.Compilation, "System.Exception") is not { } exception
            || symbol.DeclaringSyntaxReferences.Length != 1)
        {
            return null;
        }

        var nullable = model.GetNullableContext(type.SpanStart).AnnotationsEnabled();
        var exceptionType = (TypeSyntax)ParseTypeName("System.Exception" + (nullable ? "?" : string.Empty)).WithAdditionalAnnotations(Simplifier.Annotation);
        var constructors = type.Members.OfType<ConstructorDeclarationSyntax>().Where(c => !c.Modifiers.Any(SyntaxKind.StaticKeyword)).ToList();
        if (constructors.Count == 0)
        {
            // The implicit parameterless constructor disappears once another is declared: keep it.
            if (!HasConstructor(baseType, model, type.SpanStart, exception, model.Compilation.GetSpecialType(SpecialType.System_String)))
            {
                return null;
            }

            var parameterless = ConstructorDeclaration(type.Identifier.WithoutTrivia())
                .WithModifiers(TokenList(Token(SyntaxKind.PublicKeyword)))
                .WithBody(Block());
            var wrapping = ConstructorDeclaration(type.Identifier.WithoutTrivia())
                .WithModifiers(TokenList(Token(SyntaxKind.PublicKeyword)))
                .WithParameterList(ParameterList(SeparatedList(new[]
                {
                    Parameter(Identifier("message")).WithType(PredefinedType(Token(SyntaxKind.StringKeyword))),
                    Parameter(Identifier("innerException")).WithType(exceptionType),
                })))
                .WithInitializer(BaseCall(IdentifierName("message"), IdentifierName("innerException")))
                .WithBody(Block());
            return new Addition(type, null, new[] { parameterless, wrapping });
        }

        var template = Template(constructors);
        if (template is null)
        {
            return null;
        }

        // Names.Free also avoids locals of the copied body, which would clash with a new parameter.
        var inner = Names.Free("innerException", template, model, cancellationToken);
        var baseArguments = template.Initializer?.ArgumentList.Arguments.Select(a => a.Expression).ToList() ?? new List<ExpressionSyntax>();
        // The cause goes last, so defaults and `params` of the template become plain required parameters.
        var parameters = template.ParameterList.Parameters
            .Select(p => p.WithDefault(null).WithModifiers(TokenList(p.Modifiers.Where(m => !m.IsKind(SyntaxKind.ParamsKeyword)))))
            .ToList();
        ConstructorInitializerSyntax initializer;
        if (template.Initializer is { } existing
            && model.GetSymbolInfo(existing, cancellationToken).Symbol is IMethodSymbol called
            && HasConstructor(baseType, model, type.SpanStart, exception, called.Parameters.Select(p => p.Type).ToArray()))
        {
            // Same base call, with the cause appended: base(code, message) -> base(code, message, innerException).
            initializer = existing.WithArgumentList(existing.ArgumentList.AddArguments(Argument(IdentifierName(inner))));
        }
        else if (template.Initializer is null && HasConstructor(baseType, model, type.SpanStart, exception))
        {
            initializer = BaseCall(IdentifierName(inner));
        }
        else if (HasConstructor(baseType, model, type.SpanStart, exception, model.Compilation.GetSpecialType(SpecialType.System_String)))
        {
            var message = MessageParameter(template);
            if (message is null)
            {
                var messageName = Names.Free("message", template, model, cancellationToken);
                parameters.Add(Parameter(Identifier(messageName)).WithType(PredefinedType(Token(SyntaxKind.StringKeyword))));
                initializer = BaseCall(IdentifierName(messageName), IdentifierName(inner));
            }
            else
            {
                initializer = BaseCall(IdentifierName(message.Identifier.ValueText), IdentifierName(inner));
            }
        }
        else
        {
            return null;
        }

        parameters.Add(Parameter(Identifier(inner)).WithType(exceptionType));
        var constructor = template
            .WithParameterList(template.ParameterList.WithParameters(SeparatedList(parameters)))
            .WithInitializer(initializer)
            .WithLeadingTrivia(ElasticMarker) // not the template's doc comment, which describes another overload
            .WithTrailingTrivia(ElasticMarker);

        return new Addition(type, template, new[] { constructor });
    }

    /// <summary>The richest constructor with a message parameter, else the richest; never one that chains to this(...).</summary>
    private static ConstructorDeclarationSyntax? Template(List<ConstructorDeclarationSyntax> constructors)
    {
        ConstructorDeclarationSyntax? best = null;
        foreach (var constructor in constructors)
        {
            if (constructor.Initializer is { ThisOrBaseKeyword.RawKind: (int)SyntaxKind.ThisKeyword } || constructor.Body is null && constructor.ExpressionBody is null)
            {
                continue;
            }

            if (best is null || Rank(constructor) > Rank(best))
            {
                best = constructor;
            }
        }

        return best;
    }

    private static int Rank(ConstructorDeclarationSyntax constructor) =>
        (MessageParameter(constructor) is null ? 0 : 100) + constructor.ParameterList.Parameters.Count;

    private static ParameterSyntax? MessageParameter(ConstructorDeclarationSyntax constructor) =>
        constructor.ParameterList.Parameters.FirstOrDefault(p =>
            p.Type is PredefinedTypeSyntax { Keyword.RawKind: (int)SyntaxKind.StringKeyword }
            && p.Identifier.ValueText.IndexOf("message", System.StringComparison.OrdinalIgnoreCase) >= 0);

    /// <summary>The base type has an accessible constructor taking <paramref name="leading"/> followed by an exception.</summary>
    private static bool HasConstructor(INamedTypeSymbol baseType, SemanticModel model, int position, INamedTypeSymbol exception, params ITypeSymbol[] leading)
    {
        foreach (var constructor in baseType.InstanceConstructors)
        {
            var parameters = constructor.Parameters;
            if (parameters.Length != leading.Length + 1
                || !model.IsAccessible(position, constructor) && constructor.DeclaredAccessibility != Accessibility.Protected
                || !SymbolEqualityComparer.Default.Equals(parameters[leading.Length].Type, exception))
            {
                continue;
            }

            var matches = true;
            for (var i = 0; i < leading.Length && matches; i++)
            {
                // Default equality ignores nullable annotations: string and string? are one type here.
                matches = SymbolEqualityComparer.Default.Equals(parameters[i].Type, leading[i]);
            }

            if (matches)
            {
                return true;
            }
        }

        return false;
    }

    private static ConstructorInitializerSyntax BaseCall(params ExpressionSyntax[] arguments) =>
        ConstructorInitializer(SyntaxKind.BaseConstructorInitializer, ArgumentList(SeparatedList(arguments.Select(Argument))));

    private static int InsertionIndex(ClassDeclarationSyntax type)
    {
        var index = 0;
        for (var i = 0; i < type.Members.Count; i++)
        {
            if (type.Members[i] is FieldDeclarationSyntax)
            {
                index = i + 1;
            }
        }

        return index;
    }
}
