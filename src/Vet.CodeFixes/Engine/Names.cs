using System.Collections.Generic;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Vet.CodeFixes.Engine;

/// <summary>Names for what a fix introduces (a local, a variable, a field) that collide with nothing in scope.</summary>
internal static class Names
{
    /// <summary>
    /// <paramref name="preferred"/>, or it numbered (2, 3, …), so that it is neither visible at <paramref name="position"/>
    /// nor spelled anywhere in the enclosing member, where a later declaration would clash with it.
    /// </summary>
    public static string Free(string preferred, SyntaxNode position, SemanticModel model, CancellationToken cancellationToken)
    {
        var member = position.FirstAncestorOrSelf<MemberDeclarationSyntax>() ?? position;
        var spelled = new HashSet<string>();
        foreach (var token in member.DescendantTokens())
        {
            if (token.IsKind(SyntaxKind.IdentifierToken))
            {
                spelled.Add(token.ValueText);
            }
        }

        var name = preferred;
        for (var suffix = 2; spelled.Contains(name) || !model.LookupSymbols(position.SpanStart, name: name).IsEmpty; suffix++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            name = preferred + suffix;
        }

        return name;
    }
}
