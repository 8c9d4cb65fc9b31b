using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Vet.Analyzers.Engine;

namespace Vet.Analyzers.Cancellation;

/// <summary>VET101: a CancellationToken parameter belongs first or last, not in the middle.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class CancellationTokenPositionAnalyzer : DiagnosticAnalyzer
{
    internal const string PositionOption = "position";

    /// <summary>Diagnostic property: the token parameter's name, for the fix's title.</summary>
    internal const string ParameterNameProperty = "ParameterName";

    /// <summary>Diagnostic property: index in the full parameter list the token moves to for "Move to the end".</summary>
    internal const string MoveToEndProperty = "MoveToEnd";

    /// <summary>Diagnostic property: index the token moves to for "Move to the start", when the option allows it.</summary>
    internal const string MoveToStartProperty = "MoveToStart";

    private static readonly DiagnosticDescriptor Rule = Descriptors.VET101_CancellationTokenPosition;

    private static readonly string[] TokenName = { "CancellationToken" };

    /// <summary>The file's text names the token type (directly, qualified, or in a local <c>using</c> alias).</summary>
    private static readonly FileText NamesToken = FileText.Naming(TokenName);

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
        Rule,
        Descriptors.Shapes.VET101_First,
        Descriptors.Shapes.VET101_FirstOrLast);

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

            if (TokenTypes.Create(start.Compilation) is not { } tokens)
            {
                return;
            }

            var types = new ParameterTypes(start.Compilation, tokens, ApiContracts.Create(start.Compilation, start.Options));
            // One action per file, after a text test: most files never name a token type, and a symbol or syntax action
            // per declaration would be paid for every method of the compilation. A global alias elsewhere can name it.
            var globalAlias = new System.Lazy<bool>(() => UsingAliases.AnyGlobal(start.Compilation, static target => NamesToken.Test(target)));
            start.RegisterSemanticModelAction(ctx => AnalyzeFile(ctx, types, globalAlias));
        });
    }

    private static void AnalyzeFile(SemanticModelAnalysisContext context, ParameterTypes types, System.Lazy<bool> globalAlias)
    {
        var tree = context.SemanticModel.SyntaxTree;
        var aliased = globalAlias.Value;
        if (!aliased && !NamesToken.Holds(tree, context.CancellationToken))
        {
            return;
        }

        var root = tree.GetRoot(context.CancellationToken);
        aliased = aliased || UsingAliases.InFile(root, static target => NamesToken.Test(target));
        // Without an alias, only the declarations whose parameter list writes the token's name can take one.
        var nodes = aliased
            ? root.DescendantNodes(static n => n is not (ParameterListSyntax or AttributeListSyntax))
            : FileText.AroundNames(tree, TokenName, static n => n is ParameterListSyntax { Parent: { } owner } && owner is not AnonymousFunctionExpressionSyntax, context.CancellationToken)
                .Select(static list => list.Parent!);
        var calls = new TokenOrderNeighbors.CallsByName(root, context.CancellationToken);
        foreach (var node in nodes)
        {
            var parameters = node switch
            {
                BaseMethodDeclarationSyntax declaration => declaration.ParameterList,
                DelegateDeclarationSyntax @delegate => @delegate.ParameterList,
                LocalFunctionStatementSyntax function => function.ParameterList,
                ClassDeclarationSyntax or StructDeclarationSyntax => ((TypeDeclarationSyntax)node).ParameterList,
                _ => null,
            };
            if (parameters is not null && parameters.Parameters.Count >= 2 && (aliased || MentionsTokenType(parameters)))
            {
                AnalyzeDeclaration(context.SemanticModel, node, parameters, context.Options, types, calls, context.ReportDiagnostic, context.CancellationToken);
            }
        }
    }

    private static void AnalyzeDeclaration(
        SemanticModel model,
        SyntaxNode node,
        ParameterListSyntax parameters,
        AnalyzerOptions options,
        ParameterTypes types,
        TokenOrderNeighbors.CallsByName calls,
        System.Action<Diagnostic> report,
        System.Threading.CancellationToken cancellationToken)
    {
        // Binding a declaration's symbol does not bind its body.
        var declared = node is TypeDeclarationSyntax
            ? PrimaryConstructor(model.GetDeclaredSymbol(node, cancellationToken) as INamedTypeSymbol, parameters)
            : model.GetDeclaredSymbol(node, cancellationToken);
        IMethodSymbol method;
        switch (declared)
        {
            case INamedTypeSymbol { TypeKind: TypeKind.Delegate, DelegateInvokeMethod: { } invoke }:
                method = invoke;
                break;
            case IMethodSymbol { MethodKind: MethodKind.Ordinary or MethodKind.Constructor or MethodKind.LocalFunction, PartialDefinitionPart: null, IsImplicitlyDeclared: false } declaredMethod:
                // A partial method's signature is judged once, at its definition.
                method = declaredMethod;
                break;
            default:
                return;
        }

        Analyze(method, declared, model, options, types, calls, report, cancellationToken);
    }

    /// <summary>The type's constructor declared by <paramref name="parameters"/>.</summary>
    private static IMethodSymbol? PrimaryConstructor(INamedTypeSymbol? type, ParameterListSyntax parameters)
    {
        if (type is null)
        {
            return null;
        }

        foreach (var constructor in type.InstanceConstructors)
        {
            foreach (var reference in constructor.DeclaringSyntaxReferences)
            {
                if (reference.SyntaxTree == parameters.SyntaxTree && reference.Span.Contains(parameters.Span))
                {
                    return constructor;
                }
            }
        }

        return null;
    }

    private static bool MentionsTokenType(ParameterListSyntax parameters)
    {
        foreach (var parameter in parameters.Parameters)
        {
            var type = parameter.Type;
            if (type is QualifiedNameSyntax qualified)
            {
                type = qualified.Right;
            }
            else if (type is AliasQualifiedNameSyntax aliased)
            {
                type = aliased.Name;
            }

            if (type is IdentifierNameSyntax { Identifier.ValueText: "CancellationToken" })
            {
                return true;
            }
        }

        return false;
    }

    private static void Analyze(
        IMethodSymbol method,
        ISymbol declared,
        SemanticModel model,
        AnalyzerOptions options,
        ParameterTypes types,
        TokenOrderNeighbors.CallsByName calls,
        System.Action<Diagnostic> report,
        System.Threading.CancellationToken cancellationToken)
    {
        var parameters = method.Parameters;
        var start = method.IsExtensionMethod ? 1 : 0;
        if (parameters.Length - start < 2 || !HasToken(parameters, start, types))
        {
            return;
        }

        // The rule belongs on the declaration the user can change.
        if (!IsDeclaredHere(method, declared))
        {
            return;
        }

        var location = declared.Locations[0];

        var position = ReadPosition(options, location.SourceTree!);
        bool? fixable = null;
        for (var i = start; i < parameters.Length; i++)
        {
            var parameter = parameters[i];
            if (!types.IsToken(parameter.Type))
            {
                continue;
            }

            var first = FirstAllowedIndex(parameters, start, i, types);
            var last = LastAllowedIndex(parameters, i, types);
            var isFirst = i == first;
            var isLast = i == last;
            if (!IsMisplaced(position, isFirst, isLast) || IsExempt(method, cancellationToken))
            {
                continue;
            }

            if (!MayReorder(declared, location, types, cancellationToken))
            {
                return;
            }

            // A helper that mirrors the order of a method it forwards to, or that forwards to it, follows that
            // method: when that one's order is conventional or cannot change, moving only the helper's token splits
            // the pair.
            if (TokenOrderNeighbors.AnyKeepsOrder(
                method,
                i,
                last,
                model,
                calls,
                types.IsToken,
                neighbor => !WouldReport(neighbor, position, types, cancellationToken),
                cancellationToken))
            {
                return;
            }

            var syntax = parameter.DeclaringSyntaxReferences.IsEmpty
                ? null
                : parameter.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken);

            var properties = ImmutableDictionary.CreateBuilder<string, string?>();
            properties.Add(ParameterNameProperty, parameter.Name);
            // Once per method, whichever of its tokens is reported.
            fixable ??= IsReorderable(method, model.Compilation, cancellationToken);
            if (fixable.Value && !isLast && position != Position.First)
            {
                properties.Add(MoveToEndProperty, last.ToString(CultureInfo.InvariantCulture));
            }

            // An optional token cannot move in front of required parameters.
            if (fixable.Value && !isFirst && position != Position.Last && CanMoveToStart(parameters, first, i))
            {
                properties.Add(MoveToStartProperty, first.ToString(CultureInfo.InvariantCulture));
            }

            report(Diagnostic.Create(
                MessageFor(position),
                syntax?.GetLocation() ?? parameter.Locations[0],
                properties.ToImmutable(),
                parameter.Name,
                MessageNames.Of(method)));
        }
    }

    /// <summary>A declaration whose signature is its own: not an override, an explicit implementation or extern, and in source.</summary>
    private static bool IsDeclaredHere(IMethodSymbol method, ISymbol declared) =>
        !method.IsOverride && !method.IsExtern && method.ExplicitInterfaceImplementations.IsEmpty
        && !declared.Locations.IsEmpty && declared.Locations[0].IsInSource;

    private static bool IsMisplaced(Position position, bool isFirst, bool isLast) => position switch
    {
        Position.Last => !isLast,
        Position.First => !isFirst,
        _ => !isFirst && !isLast,
    };

    /// <summary>
    /// Moving the token breaks callers the fix cannot see (shipped API, friend assemblies); a CA1068 suppression on the
    /// member records that the order was chosen.
    /// </summary>
    private static bool MayReorder(ISymbol declared, Location location, ParameterTypes types, System.Threading.CancellationToken cancellationToken) =>
        types.Contracts.MayChange(declared, Rule.Id, location.SourceTree!, cancellationToken)
        && !StatedIntent.SuppressesPeer(location.SourceTree!, location.SourceSpan.Start, declared, "CA1068");

    /// <summary>Whether the rule reports <paramref name="method"/> itself, its neighbors aside.</summary>
    private static bool WouldReport(IMethodSymbol method, Position position, ParameterTypes types, System.Threading.CancellationToken cancellationToken)
    {
        if (method.MethodKind is not (MethodKind.Ordinary or MethodKind.Constructor or MethodKind.LocalFunction)
            || !IsDeclaredHere(method, method)
            || IsExempt(method, cancellationToken)
            || !MayReorder(method, method.Locations[0], types, cancellationToken))
        {
            return false;
        }

        var parameters = method.Parameters;
        var start = method.IsExtensionMethod ? 1 : 0;
        for (var i = start; i < parameters.Length; i++)
        {
            if (types.IsToken(parameters[i].Type)
                && IsMisplaced(position, i == FirstAllowedIndex(parameters, start, i, types), i == LastAllowedIndex(parameters, i, types)))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Whether the fix can rewrite every use of <paramref name="method"/>: it reorders calls, not a delegate type's
    /// signature, and not a method group converted to a delegate (which keeps the old order). Decided here, once per
    /// finding, so the fix offers only what it can do without searching references when the light bulb opens.
    /// </summary>
    private static bool IsReorderable(IMethodSymbol method, Compilation compilation, System.Threading.CancellationToken cancellationToken) =>
        method.MethodKind == MethodKind.Constructor
        || (method.MethodKind != MethodKind.DelegateInvoke && !MethodGroups.MayBeUsedAsGroup(compilation, method.Name, cancellationToken));

    private static bool HasToken(ImmutableArray<IParameterSymbol> parameters, int start, ParameterTypes types)
    {
        for (var i = start; i < parameters.Length; i++)
        {
            if (types.IsToken(parameters[i].Type))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The first position the token may take: leading tokens before it do not count.</summary>
    private static int FirstAllowedIndex(ImmutableArray<IParameterSymbol> parameters, int start, int token, ParameterTypes types)
    {
        var first = start;
        while (first < token && types.IsToken(parameters[first].Type))
        {
            first++;
        }

        return first;
    }

    /// <summary>
    /// The last position the token may take: trailing parameters that conventionally follow a token
    /// (params, caller info, out/ref, IProgress, other tokens, optional ones after a required token) do not count.
    /// </summary>
    private static int LastAllowedIndex(ImmutableArray<IParameterSymbol> parameters, int token, ParameterTypes types)
    {
        var tokenIsRequired = !parameters[token].IsOptional;
        var last = parameters.Length - 1;
        while (last > token && types.ConventionallyFollowsToken(parameters[last], tokenIsRequired))
        {
            last--;
        }

        return last;
    }

    private static bool CanMoveToStart(ImmutableArray<IParameterSymbol> parameters, int first, int token)
    {
        if (!parameters[token].IsOptional)
        {
            return true;
        }

        for (var i = first; i < token; i++)
        {
            if (!parameters[i].IsOptional)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Members whose signature is dictated elsewhere: the diagnostic belongs on that declaration.</summary>
    private static bool IsExempt(IMethodSymbol method, System.Threading.CancellationToken cancellationToken)
    {
        if (method.MethodKind == MethodKind.Constructor && method.ContainingType.IsRecord)
        {
            // A positional record's parameters also define its properties and Deconstruct order.
            foreach (var reference in method.DeclaringSyntaxReferences)
            {
                if (reference.GetSyntax(cancellationToken).IsKind(SyntaxKind.RecordDeclaration)
                    || reference.GetSyntax(cancellationToken).IsKind(SyntaxKind.RecordStructDeclaration))
                {
                    return true;
                }
            }
        }

        // A framework binds an action's or a function's parameters by name: no caller depends on the order.
        return method.MethodKind == MethodKind.Ordinary
            && (InterfaceContracts.ImplementsInterfaceMember(method) || FrameworkBound.IsBoundByFramework(method));
    }

    private static Position ReadPosition(AnalyzerOptions options, SyntaxTree tree)
    {
        return RuleOptions.GetString(options, tree, Rule.Id, PositionOption) switch
        {
            "last" => Position.Last,
            "first" => Position.First,
            _ => Position.FirstOrLast,
        };
    }

    private static DiagnosticDescriptor MessageFor(Position position) => position switch
    {
        Position.Last => Rule,
        Position.First => Descriptors.Shapes.VET101_First,
        _ => Descriptors.Shapes.VET101_FirstOrLast,
    };

    private enum Position
    {
        FirstOrLast,
        Last,
        First,
    }

    /// <summary>A <c>System.TimeSpan</c> or a type named <c>…Timeout</c> (by name, so a polyfill's type counts too).</summary>
    private static bool IsTimeout(ITypeSymbol type)
    {
        if (type.Name.EndsWith("Timeout", System.StringComparison.Ordinal))
        {
            return true;
        }

        return type.Name == "TimeSpan" && type.ContainingNamespace is { Name: "System", ContainingNamespace.IsGlobalNamespace: true };
    }

    /// <summary>The types the rule compares against, resolved once per compilation.</summary>
    private sealed class ParameterTypes
    {
        private readonly TokenTypes _tokens;
        private readonly INamedTypeSymbol? _progress;
        private readonly ImmutableArray<INamedTypeSymbol> _callerInfo;

        internal ParameterTypes(Compilation compilation, TokenTypes tokens, ApiContracts contracts)
        {
            _tokens = tokens;
            Contracts = contracts;
            _progress = WellKnownTypes.Get(compilation, "System.IProgress`1");
            var callerInfo = ImmutableArray.CreateBuilder<INamedTypeSymbol>();
            foreach (var name in new[] { "CallerMemberNameAttribute", "CallerFilePathAttribute", "CallerLineNumberAttribute", "CallerArgumentExpressionAttribute" })
            {
                if (WellKnownTypes.Get(compilation, "System.Runtime.CompilerServices." + name) is { } attribute)
                {
                    callerInfo.Add(attribute);
                }
            }

            _callerInfo = callerInfo.ToImmutable();
        }

        internal ApiContracts Contracts { get; }

        internal bool IsToken(ITypeSymbol type) => _tokens.IsToken(type);

        internal bool ConventionallyFollowsToken(IParameterSymbol parameter, bool tokenIsRequired)
        {
            // A parameter still being typed (no name yet) is not a position.
            if (parameter.Name.Length == 0
                || parameter.IsParams
                || parameter.RefKind is RefKind.Out or RefKind.Ref
                || IsToken(parameter.Type)
                || (tokenIsRequired && parameter.IsOptional))
            {
                return true;
            }

            // A trailing callback (Parallel.ForEachAsync(source, token, body)) or timeout (Wait(token, timeout)) reads
            // better after the token: the BCL's own shapes.
            if (parameter.Type.TypeKind == TypeKind.Delegate || IsTimeout(parameter.Type))
            {
                return true;
            }

            if (IsProgressReporter(parameter.Type))
            {
                return true;
            }

            foreach (var attribute in parameter.GetAttributes())
            {
                foreach (var callerInfo in _callerInfo)
                {
                    if (SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, callerInfo))
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        /// <summary>
        /// <c>IProgress&lt;T&gt;</c>, a type implementing it, or a class or interface of the project's own named
        /// <c>…Progress</c> (MailKit's <c>ITransferProgress</c>): a progress reporter, which follows the token by convention.
        /// </summary>
        private bool IsProgressReporter(ITypeSymbol type)
        {
            if (type is not INamedTypeSymbol named || named.TypeKind is not (TypeKind.Interface or TypeKind.Class))
            {
                return false;
            }

            if (named.Name.EndsWith("Progress", System.StringComparison.Ordinal))
            {
                return true;
            }

            if (_progress is null)
            {
                return false;
            }

            if (SymbolEqualityComparer.Default.Equals(named.OriginalDefinition, _progress))
            {
                return true;
            }

            foreach (var implemented in named.AllInterfaces)
            {
                if (SymbolEqualityComparer.Default.Equals(implemented.OriginalDefinition, _progress))
                {
                    return true;
                }
            }

            return false;
        }
    }
}
