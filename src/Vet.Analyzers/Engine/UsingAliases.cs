using System;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Vet.Analyzers.Engine;

/// <summary>
/// <c>using X = ...;</c> aliases, for rules that test written type names before binding: an alias can name the type under
/// another name, and then the written-name test proves nothing.
/// </summary>
internal static class UsingAliases
{
    /// <summary>
    /// The file declares a <c>using</c> alias (at the top or in a namespace) whose target's text passes
    /// <paramref name="names"/>. An alias of anything else cannot hide the name: a namespace alias still has the type's
    /// name written after it.
    /// </summary>
    internal static bool InFile(SyntaxNode root, Func<string, bool> names)
    {
        foreach (var node in root.DescendantNodes(static n => n is CompilationUnitSyntax or BaseNamespaceDeclarationSyntax))
        {
            if (node is UsingDirectiveSyntax { Alias: not null } directive && names(directive.NamespaceOrType.ToString()))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A <c>global using X = ...;</c> in any file of the compilation whose target's text passes <paramref name="names"/>.</summary>
    internal static bool AnyGlobal(Compilation compilation, Func<string, bool> names)
    {
        foreach (var tree in compilation.SyntaxTrees)
        {
            if (tree.GetRoot() is CompilationUnitSyntax unit)
            {
                foreach (var directive in unit.Usings)
                {
                    if (directive.Alias is not null && !directive.GlobalKeyword.IsKind(SyntaxKind.None) && names(directive.NamespaceOrType.ToString()))
                    {
                        return true;
                    }
                }
            }
        }

        return false;
    }
}
