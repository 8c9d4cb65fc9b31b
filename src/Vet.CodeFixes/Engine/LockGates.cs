using System.Collections.Generic;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Simplification;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;
using Vet.Analyzers.Engine;

namespace Vet.CodeFixes.Engine;

/// <summary>
/// The private gate a fix locks on, per type and per static-ness: an existing <c>private readonly</c> object or
/// <c>System.Threading.Lock</c> field the type already locks on, or a new <c>private readonly Lock _gate = new();</c>
/// (<c>object</c> where the compilation has no <c>System.Threading.Lock</c>) added once per type however many fixes in
/// one document ask for it. One instance serves one document edit, so Fix All adds a single field per type.
/// </summary>
internal sealed class LockGates
{
    private readonly SemanticModel _model;
    private readonly SyntaxEditor _editor;
    private readonly CancellationToken _cancellationToken;
    private readonly Dictionary<(TypeDeclarationSyntax Type, bool IsStatic), string> _gates = new();

    public LockGates(SemanticModel model, SyntaxEditor editor, CancellationToken cancellationToken)
    {
        _model = model;
        _editor = editor;
        _cancellationToken = cancellationToken;
    }

    /// <summary>
    /// The gate to lock on for code at <paramref name="node"/> (static when the code runs in a static context), or null
    /// when <paramref name="node"/> is not inside a class, struct or record declaration a field can be added to.
    /// </summary>
    public IdentifierNameSyntax? For(SyntaxNode node, bool isStatic)
    {
        var type = node.FirstAncestorOrSelf<TypeDeclarationSyntax>();
        if (type is null or InterfaceDeclarationSyntax)
        {
            return null;
        }

        if (!_gates.TryGetValue((type, isStatic), out var name))
        {
            name = FindExisting(type, isStatic) ?? AddField(type, isStatic);
            _gates.Add((type, isStatic), name);
        }

        return IdentifierName(name);
    }

    /// <summary>C# 13 (LanguageVersion 1300) is where <c>lock</c> on a <c>Lock</c> uses its own scope; the 4.8 API has no name for it.</summary>
    private const int CSharp13 = 1300;

    /// <summary>True when the compilation has <c>System.Threading.Lock</c> (.NET 9+), the type a new gate gets from C# 13 on.</summary>
    public static bool HasLockType(Compilation compilation) =>
        WellKnownTypes.Get(compilation, "System.Threading.Lock") is { DeclaredAccessibility: Accessibility.Public };

    private string? FindExisting(TypeDeclarationSyntax type, bool isStatic)
    {
        foreach (var statement in type.DescendantNodes())
        {
            if (statement is LockStatementSyntax @lock
                && _model.GetSymbolInfo(@lock.Expression, _cancellationToken).Symbol is IFieldSymbol
                {
                    DeclaredAccessibility: Accessibility.Private, IsReadOnly: true,
                } field
                && field.IsStatic == isStatic
                && (field.Type.SpecialType == SpecialType.System_Object || IsLockType(field.Type))
                && SymbolEqualityComparer.Default.Equals(field.ContainingType, _model.GetDeclaredSymbol(type, _cancellationToken)))
            {
                return field.Name;
            }
        }

        return null;
    }

    private string AddField(TypeDeclarationSyntax type, bool isStatic)
    {
        var name = Names.Free(isStatic ? "s_gate" : "_gate", type.Members.Count > 0 ? type.Members[0] : type, _model, _cancellationToken);
        var languageVersion = ((CSharpParseOptions)type.SyntaxTree.Options).LanguageVersion;
        var useLock = HasLockType(_model.Compilation) && AllowsLockObject(languageVersion);
        var fieldType = useLock ? TypeNames.Qualified("System.Threading.Lock") : PredefinedType(Token(SyntaxKind.ObjectKeyword));
        var targetTyped = languageVersion >= LanguageVersion.CSharp9;
        ExpressionSyntax creation = targetTyped
            ? ImplicitObjectCreationExpression()
            : ObjectCreationExpression(fieldType, ArgumentList(), null);

        var modifiers = isStatic
            ? TokenList(Token(SyntaxKind.PrivateKeyword), Token(SyntaxKind.StaticKeyword), Token(SyntaxKind.ReadOnlyKeyword))
            : TokenList(Token(SyntaxKind.PrivateKeyword), Token(SyntaxKind.ReadOnlyKeyword));
        var field = FieldDeclaration(VariableDeclaration(fieldType, SingletonSeparatedList(VariableDeclarator(Identifier(name), null, EqualsValueClause(creation)))))
            .WithModifiers(modifiers)
            .WithAdditionalAnnotations(Formatter.Annotation);

        _editor.InsertMembers(type, 0, new SyntaxNode[] { field });
        return name;
    }

    /// <summary>
    /// A project that pins C# 12 or lower cannot lock on a <c>Lock</c>; an unpinned one (default, latest, preview)
    /// gets C# 13+ from any compiler that ships the .NET 9+ reference assemblies where <c>Lock</c> exists.
    /// </summary>
    private static bool AllowsLockObject(LanguageVersion specified) =>
        specified is LanguageVersion.Default or LanguageVersion.Latest or LanguageVersion.LatestMajor or LanguageVersion.Preview
        || (int)specified >= CSharp13;

    private static bool IsLockType(ITypeSymbol type) =>
        type is INamedTypeSymbol { Name: "Lock", ContainingNamespace: { Name: "Threading", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } } };
}
