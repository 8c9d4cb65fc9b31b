using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Simplification;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace Vet.CodeFixes.Engine;

/// <summary>
/// Framework type names a fix writes: fully qualified with <c>global::</c> so they bind whatever the document
/// declares, and annotated so the simplifier shortens them to what the usings allow.
/// </summary>
internal static class TypeNames
{
    /// <summary><c>global::<paramref name="fullName"/></c>, shortened where a using already makes it visible.</summary>
    public static TypeSyntax Qualified(string fullName) =>
        ParseTypeName("global::" + fullName).WithAdditionalAnnotations(Simplifier.Annotation);

    /// <summary>Like <see cref="Qualified"/>, and adds the namespace's using when there is none (run ImportAdder after).</summary>
    public static TypeSyntax Imported(string fullName) =>
        ParseTypeName("global::" + fullName).WithAdditionalAnnotations(Simplifier.Annotation, Simplifier.AddImportsAnnotation);
}
