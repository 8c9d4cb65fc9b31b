using System.Collections.Concurrent;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Vet.Analyzers.Engine;

/// <summary>
/// Whether a private field is assigned only by its initializer and constructors, answered from the syntax of its
/// type's declarations and cached per field for the compilation. Any write by name outside a constructor counts (an
/// assignment, <c>ref</c>/<c>out</c>, <c>++</c>), so a same-named local can only make the answer "assigned".
/// </summary>
internal sealed class FieldWrites
{
    private readonly ConcurrentDictionary<IFieldSymbol, bool> _onlyInitialized = new(SymbolEqualityComparer.Default);

    internal bool IsOnlyInitialized(IFieldSymbol field) =>
        _onlyInitialized.GetOrAdd(field, static f => !IsWrittenOutsideConstructors(f));

    private static bool IsWrittenOutsideConstructors(IFieldSymbol field)
    {
        foreach (var reference in field.ContainingType.DeclaringSyntaxReferences)
        {
            foreach (var node in reference.GetSyntax().DescendantNodes())
            {
                var written = node switch
                {
                    AssignmentExpressionSyntax assignment => assignment.Left,
                    ArgumentSyntax { RefKindKeyword.RawKind: (int)SyntaxKind.RefKeyword or (int)SyntaxKind.OutKeyword } argument => argument.Expression,
                    PrefixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.PreIncrementExpression or (int)SyntaxKind.PreDecrementExpression } prefix => prefix.Operand,
                    PostfixUnaryExpressionSyntax postfix => postfix.Operand,
                    _ => null,
                };
                if (written is not null && Names(written, field.Name) && !InConstructor(node, field.IsStatic))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static bool Names(ExpressionSyntax expression, string name) => expression switch
    {
        IdentifierNameSyntax identifier => identifier.Identifier.ValueText == name,
        MemberAccessExpressionSyntax { Name: IdentifierNameSyntax member } => member.Identifier.ValueText == name,
        _ => false,
    };

    /// <summary>In a constructor of the field's kind, and not in a lambda or local function that could run later.</summary>
    private static bool InConstructor(SyntaxNode node, bool isStatic)
    {
        for (var current = node.Parent; current is not null; current = current.Parent)
        {
            switch (current)
            {
                case AnonymousFunctionExpressionSyntax:
                case LocalFunctionStatementSyntax:
                    return false;
                case ConstructorDeclarationSyntax constructor:
                    return constructor.Modifiers.Any(SyntaxKind.StaticKeyword) == isStatic;
                case MemberDeclarationSyntax:
                    return false;
            }
        }

        return false;
    }
}
