using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Vet.Analyzers.Engine;

/// <summary>
/// Attributes recognized by name, with or without the <c>Attribute</c> suffix: a framework's attribute whose package does
/// not bind is still an error type with its name, and syntax gives the name as written.
/// </summary>
internal static class AttributeNames
{
    private const string Suffix = "Attribute";

    /// <summary>Whether <paramref name="name"/> is one of <paramref name="names"/> (given without the suffix), with or without it.</summary>
    internal static bool IsOneOf(string name, string[] names)
    {
        var length = name.EndsWith(Suffix, System.StringComparison.Ordinal) ? name.Length - Suffix.Length : name.Length;
        foreach (var candidate in names)
        {
            if (candidate.Length == length && string.CompareOrdinal(name, 0, candidate, 0, length) == 0)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether <paramref name="symbol"/> carries an attribute whose class is named one of <paramref name="names"/>.</summary>
    internal static bool HasAny(ISymbol symbol, string[] names)
    {
        foreach (var attribute in symbol.GetAttributes())
        {
            if (attribute.AttributeClass?.Name is { } name && IsOneOf(name, names))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether <paramref name="lists"/> write an attribute named one of <paramref name="names"/>.</summary>
    internal static bool WritesAny(SyntaxList<AttributeListSyntax> lists, string[] names)
    {
        foreach (var list in lists)
        {
            foreach (var attribute in list.Attributes)
            {
                var name = attribute.Name switch
                {
                    QualifiedNameSyntax qualified => qualified.Right.Identifier.ValueText,
                    AliasQualifiedNameSyntax alias => alias.Name.Identifier.ValueText,
                    SimpleNameSyntax simple => simple.Identifier.ValueText,
                    _ => null,
                };
                if (name is not null && IsOneOf(name, names))
                {
                    return true;
                }
            }
        }

        return false;
    }
}
