using System.Collections.Generic;
using System.Collections.Immutable;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Vet.Analyzers.Engine;

namespace Vet.Analyzers.Interfaces;

/// <summary>
/// VET411: two or more overloads in one type whose signatures differ only by one numeric primitive type (int, long,
/// double, …), used consistently, and whose bodies are the same token for token once that type is renamed and
/// literals are compared by value. Reported only where generic math exists (INumber&lt;T&gt;, C# 11) and only when the
/// body uses nothing INumber&lt;T&gt; lacks: arithmetic and comparison operators, literals, Math.Max/Min/Abs.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class NumericOverloadsAnalyzer : DiagnosticAnalyzer
{
    private static readonly DiagnosticDescriptor Rule = Descriptors.VET411_NumericOverloads;

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Rule);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(static start =>
        {
            if (TestCode.SkipsCompilation(start.Compilation, start.Options, Rule.Id))
            {
                return;
            }

            // Generic math must exist for every target: a multi-targeting library also builds for frameworks without it.
            if (WellKnownTypes.Get(start.Compilation, "System.Numerics.INumber`1") is null
                || !BuildProperties.Read(start.Options).AllTargetsAtLeast(7))
            {
                return;
            }

            var contracts = ApiContracts.Create(start.Compilation, start.Options);
            start.RegisterSyntaxNodeAction(
                ctx => AnalyzeType(ctx, contracts),
                SyntaxKind.ClassDeclaration,
                SyntaxKind.StructDeclaration,
                SyntaxKind.RecordDeclaration,
                SyntaxKind.RecordStructDeclaration);
        });
    }

    /// <summary>Obsolete or hidden overloads stay for callers compiled against them; merging them breaks those callers.</summary>
    private static bool IsKeptForCompatibility(IMethodSymbol method)
    {
        foreach (var attribute in method.GetAttributes())
        {
            if (attribute.AttributeClass is { Name: "ObsoleteAttribute" or "EditorBrowsableAttribute" })
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The spans of <c>#if</c> … <c>#endif</c> regions inside the type, or null when it has none.</summary>
    private static List<Microsoft.CodeAnalysis.Text.TextSpan>? ConditionalRegions(TypeDeclarationSyntax declaration, System.Threading.CancellationToken cancellationToken)
    {
        if (!declaration.ContainsDirectives)
        {
            return null;
        }

        List<Microsoft.CodeAnalysis.Text.TextSpan>? regions = null;
        var open = new Stack<int>();
        foreach (var directive in Directives(declaration, cancellationToken))
        {
            if (directive.IsKind(SyntaxKind.IfDirectiveTrivia))
            {
                open.Push(directive.SpanStart);
            }
            else if (directive.IsKind(SyntaxKind.EndIfDirectiveTrivia) && open.Count > 0)
            {
                (regions ??= new List<Microsoft.CodeAnalysis.Text.TextSpan>()).Add(Microsoft.CodeAnalysis.Text.TextSpan.FromBounds(open.Pop(), directive.Span.End));
            }
        }

        // An #if left open runs to the end of the type.
        while (open.Count > 0)
        {
            (regions ??= new List<Microsoft.CodeAnalysis.Text.TextSpan>()).Add(Microsoft.CodeAnalysis.Text.TextSpan.FromBounds(open.Pop(), declaration.Span.End));
        }

        return regions;
    }

    /// <summary>
    /// The preprocessor directives inside <paramref name="node"/>, found from the file's text: walking from one directive
    /// to the next visits every token between them.
    /// </summary>
    private static IEnumerable<SyntaxTrivia> Directives(SyntaxNode node, System.Threading.CancellationToken cancellationToken)
    {
        var text = FileText.Of(node.SyntaxTree, cancellationToken);
        var root = node.SyntaxTree.GetRoot(cancellationToken);
        var end = node.Span.End;
        for (var at = text.IndexOf('#', node.FullSpan.Start); at >= 0 && at <= end; at = text.IndexOf('#', at + 1))
        {
            var trivia = root.FindTrivia(at, findInsideTrivia: false);
            if (trivia.IsDirective && trivia.SpanStart == at)
            {
                yield return trivia;
            }
        }
    }

    /// <summary>Code under <c>#if</c> (or with directives inside) is compiled per configuration; merging it changes what each builds.</summary>
    private static bool IsConditional(MethodDeclarationSyntax method, List<Microsoft.CodeAnalysis.Text.TextSpan>? regions, System.Threading.CancellationToken cancellationToken)
    {
        if (method.ContainsDirectives)
        {
            foreach (var directive in Directives(method, cancellationToken))
            {
                if (directive.IsKind(SyntaxKind.IfDirectiveTrivia) || directive.IsKind(SyntaxKind.ElifDirectiveTrivia)
                    || directive.IsKind(SyntaxKind.ElseDirectiveTrivia) || directive.IsKind(SyntaxKind.EndIfDirectiveTrivia))
                {
                    return true;
                }
            }
        }

        if (regions is not null)
        {
            foreach (var region in regions)
            {
                if (region.OverlapsWith(method.Span))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static void AnalyzeType(SyntaxNodeAnalysisContext context, ApiContracts contracts)
    {
        // Overloads are compared within one declaration: the fix rewrites them in one place.
        var declaration = (TypeDeclarationSyntax)context.Node;

        // Only names declared twice can be overloads: a syntax count spares binding every other method.
        HashSet<string>? seen = null;
        HashSet<string>? repeated = null;
        foreach (var memberSyntax in declaration.Members)
        {
            if (memberSyntax is MethodDeclarationSyntax { TypeParameterList: null } candidate
                && !(seen ??= new HashSet<string>(System.StringComparer.Ordinal)).Add(candidate.Identifier.ValueText))
            {
                (repeated ??= new HashSet<string>(System.StringComparer.Ordinal)).Add(candidate.Identifier.ValueText);
            }
        }

        if (repeated is null)
        {
            return;
        }

        var conditional = ConditionalRegions(declaration, context.CancellationToken);
        Dictionary<string, List<IMethodSymbol>>? byName = null;
        foreach (var memberSyntax in declaration.Members)
        {
            if (memberSyntax is MethodDeclarationSyntax { TypeParameterList: null } methodSyntax
                && repeated.Contains(methodSyntax.Identifier.ValueText)
                && !IsConditional(methodSyntax, conditional, context.CancellationToken)
                && context.SemanticModel.GetDeclaredSymbol(methodSyntax, context.CancellationToken) is { MethodKind: MethodKind.Ordinary, IsAbstract: false, IsVirtual: false, IsOverride: false, IsExtern: false } method
                && method.ExplicitInterfaceImplementations.IsEmpty
                && method.DeclaringSyntaxReferences.Length == 1
                && NumericOverloads.NumericTypeOf(method) is not null
                && !IsKeptForCompatibility(method)
                && contracts.MayChange(method, Rule.Id, declaration.SyntaxTree, context.CancellationToken))
            {
                byName ??= new Dictionary<string, List<IMethodSymbol>>(System.StringComparer.Ordinal);
                if (!byName.TryGetValue(method.Name, out var list))
                {
                    list = new List<IMethodSymbol>();
                    byName.Add(method.Name, list);
                }

                list.Add(method);
            }
        }

        if (byName is null)
        {
            return;
        }

        foreach (var overloads in byName.Values)
        {
            if (overloads.Count < 2)
            {
                continue;
            }

            foreach (var group in NumericOverloads.Groups(overloads, context.SemanticModel, context.CancellationToken))
            {
                var first = group[0];
                var others = new List<Location>();
                var types = new StringBuilder();
                for (var i = 0; i < group.Count; i++)
                {
                    if (i > 0)
                    {
                        others.Add(group[i].Locations[0]);
                        types.Append(i == group.Count - 1 ? " and " : ", ");
                    }

                    types.Append(NumericOverloads.NumericTypeOf(group[i])!.ToDisplayString());
                }

                context.ReportDiagnostic(Diagnostic.Create(Rule, first.Locations[0], others, first.Name, types.ToString()));
            }
        }
    }
}
