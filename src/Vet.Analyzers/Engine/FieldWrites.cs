using System.Collections.Concurrent;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Vet.Analyzers.Engine;

/// <summary>
/// Whether a private field is assigned only by its initializer and constructors (or only while the object is built),
/// answered from the syntax of its outermost type's declarations and cached per field for the compilation. Any write by name
/// outside a constructor counts (an assignment, <c>ref</c>/<c>out</c>, <c>++</c>), so a same-named local can only make
/// the answer "assigned".
/// </summary>
internal sealed class FieldWrites
{
    private readonly ConcurrentDictionary<IFieldSymbol, bool> _onlyInitialized = new(SymbolEqualityComparer.Default);

    private readonly ConcurrentDictionary<IFieldSymbol, bool> _onlyDuringConstruction = new(SymbolEqualityComparer.Default);

    internal bool IsOnlyInitialized(IFieldSymbol field) =>
        _onlyInitialized.GetOrAdd(field, static f => !IsWrittenOutside(f, duringConstruction: false));

    /// <summary>
    /// Whether every write of the field is part of building the object (<see cref="LifecyclePhase.Construction"/>): its
    /// initializer, constructors, <c>Initialize…</c>/<c>Init…</c> members and private helpers only they call (static ones
    /// for a static field). A write in a lambda or local function may run later and does not count as construction.
    /// </summary>
    internal bool IsWrittenOnlyDuringConstruction(IFieldSymbol field) =>
        _onlyDuringConstruction.GetOrAdd(field, static f => !IsWrittenOutside(f, duringConstruction: true));

    private readonly ConcurrentDictionary<IFieldSymbol, bool> _onlyByItsOwnCode = new(SymbolEqualityComparer.Default);

    /// <summary>
    /// Whether no code outside the field's outermost type (its declarations) writes a field of its name: for a field the
    /// rest of the assembly can reach (<c>internal</c>), that type's code then tells the whole story of its writes.
    /// Searched in the text of every file of the compilation, once per field; a same-named member written elsewhere makes
    /// the answer "no".
    /// </summary>
    internal bool IsWrittenOnlyByItsOwnCode(IFieldSymbol field, Compilation compilation, System.Threading.CancellationToken cancellationToken) =>
        _onlyByItsOwnCode.GetOrAdd(field, f => !IsWrittenByOtherTypes(f, compilation, cancellationToken));

    private static bool IsWrittenByOtherTypes(IFieldSymbol field, Compilation compilation, System.Threading.CancellationToken cancellationToken)
    {
        var own = field.ContainingType.OutermostType().DeclaringSyntaxReferences;
        foreach (var tree in compilation.SyntaxTrees)
        {
            foreach (var position in FileText.WrittenAt(tree, field.Name, SyntaxKind.IdentifierToken, cancellationToken))
            {
                if (IsInside(own, tree, position))
                {
                    continue;
                }

                if (tree.GetRoot(cancellationToken).FindToken(position).Parent is IdentifierNameSyntax name && WrittenCode.IsWritten(name))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static bool IsInside(System.Collections.Immutable.ImmutableArray<SyntaxReference> declarations, SyntaxTree tree, int position)
    {
        foreach (var declaration in declarations)
        {
            if (declaration.SyntaxTree == tree && declaration.Span.Contains(position))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsWrittenOutside(IFieldSymbol field, bool duringConstruction)
    {
        // A nested type's field is also reachable from the code around it, which is where other writers would be.
        foreach (var reference in field.ContainingType.OutermostType().DeclaringSyntaxReferences)
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
                if (written is not null && Names(written, field.Name) && !InConstructor(node, field)
                    && !(duringConstruction && !InDeferredCode(node) && InMemberOfKind(node, field.IsStatic) && Lifecycle.IsInPhase(node, LifecyclePhase.Construction)))
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

    /// <summary>In a lambda or local function of its member: code that may run later than the member.</summary>
    private static bool InDeferredCode(SyntaxNode node)
    {
        for (var current = node.Parent; current is not null and not MemberDeclarationSyntax; current = current.Parent)
        {
            if (current is AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// In a member of the field's kind: a static field is built by static code (a static <c>Initialize()</c>), which runs
    /// once per type; an instance member that writes it runs again for every object.
    /// </summary>
    private static bool InMemberOfKind(SyntaxNode node, bool isStatic)
    {
        var member = node.FirstAncestorOrSelf<BaseMethodDeclarationSyntax>();
        return member is not null && member.Modifiers.Any(SyntaxKind.StaticKeyword) == isStatic;
    }

    /// <summary>In a constructor of the field's own type and kind, and not in a lambda or local function that could run later.</summary>
    private static bool InConstructor(SyntaxNode node, IFieldSymbol field)
    {
        for (var current = node.Parent; current is not null; current = current.Parent)
        {
            switch (current)
            {
                case AnonymousFunctionExpressionSyntax:
                case LocalFunctionStatementSyntax:
                    return false;
                case ConstructorDeclarationSyntax constructor:
                    return constructor.Modifiers.Any(SyntaxKind.StaticKeyword) == field.IsStatic
                        && constructor.Identifier.ValueText == field.ContainingType.Name;
                case MemberDeclarationSyntax:
                    return false;
            }
        }

        return false;
    }
}
