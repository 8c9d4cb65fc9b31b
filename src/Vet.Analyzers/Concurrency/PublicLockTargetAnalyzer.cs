using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using Vet.Analyzers.Engine;

namespace Vet.Analyzers.Concurrency;

/// <summary>
/// VET202: <c>lock</c>/<c>Monitor.Enter</c> on an object other code can lock (<c>this</c> of a type visible outside the assembly,
/// <c>typeof</c>, <c>GetType()</c>, a string, a Type/Thread/MemberInfo, a non-readonly field (other assemblies reaching it or not), a boxed
/// value), and a <c>SpinLock</c> field declared <c>readonly</c> or a <c>SpinLock</c> parameter passed by value.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class PublicLockTargetAnalyzer : DiagnosticAnalyzer
{
    /// <summary>Diagnostic property: "Instance" or "Static", the gate the fix locks on; absent when there is no fix.</summary>
    internal const string GateProperty = "Gate";

    /// <summary>
    /// Diagnostic property present when the target is a field that nothing assigns after construction, declared in
    /// the same file: the fix declares it readonly.
    /// </summary>
    internal const string MakeReadonlyProperty = "MakeReadonly";

    private static readonly DiagnosticDescriptor Rule = Descriptors.VET202_PublicLockTarget;

    // The peers' rules about lock targets: CA2002 (weak identity), MA0064 and RCS1059 (publicly accessible instance),
    // S2551 (shared resources).
    private static readonly string[] PeerRules = { "CA2002", "MA0064", "RCS1059", "S2551" };

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
        Rule,
        Descriptors.Shapes.VET202_ReadonlySpinLock,
        Descriptors.Shapes.VET202_SpinLockByValue,
        Descriptors.Shapes.VET202_SharedMonitor,
        Descriptors.Shapes.VET202_TypeObject,
        Descriptors.Shapes.VET202_String,
        Descriptors.Shapes.VET202_ReflectionObject,
        Descriptors.Shapes.VET202_Thread,
        Descriptors.Shapes.VET202_BoxedValue,
        Descriptors.Shapes.VET202_ReachableField,
        Descriptors.Shapes.VET202_SwappableField,
        Descriptors.Shapes.VET202_OnlyInitialized);

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

            if (LockTargets.Create(start.Compilation, start.Options) is not { } targets)
            {
                return;
            }

            // One action per file, after text tests: lock statements, Monitor calls and SpinLock declarations are found
            // from the file's text and only their operations are asked for. An operation action (even on Lock alone)
            // makes the compiler bind every method body of the compilation a second time and build its operation tree.
            start.RegisterSemanticModelAction(ctx => AnalyzeFile(ctx, targets));
        });
    }

    private static void AnalyzeLock(SemanticModelAnalysisContext context, ILockOperation @lock, ISymbol member, LockTargets targets)
    {
        if (member.ContainingType is null)
        {
            return;
        }

        var target = targets.Classify(@lock.LockedValue, member, context.CancellationToken);
        if (target.Message is null || IsPeerSuppressed(@lock.LockedValue, member)
            || (target.OncePerField && !IsFirstLockOnTheField(@lock.LockedValue, context.CancellationToken)))
        {
            return;
        }

        var properties = target.Gate switch
        {
            LockGate.None => ImmutableDictionary<string, string?>.Empty,
            LockGate.MakeReadonly => ImmutableDictionary<string, string?>.Empty.Add(MakeReadonlyProperty, "true"),
            _ => ImmutableDictionary<string, string?>.Empty.Add(GateProperty, target.Gate == LockGate.Static ? "Static" : "Instance"),
        };
        context.ReportDiagnostic(Create(@lock.LockedValue, target, properties));
    }

    /// <summary>
    /// A peer rule for the same lock target is suppressed here (<c>#pragma warning disable RCS1059</c> around the lock, or a
    /// <c>[SuppressMessage]</c> on the member), or a comment above the lock gives the reason for this target: the team has
    /// already decided about this lock.
    /// </summary>
    private static bool IsPeerSuppressed(IOperation value, ISymbol member) =>
        StatedIntent.SuppressesPeer(value.Syntax.SyntaxTree, value.Syntax.SpanStart, member, PeerRules)
        || StatedIntent.IsChoiceExplainedAbove(value.Syntax, TargetWords(value.Syntax));

    // "this" alone is too common a word to name the target.
    private static readonly string[] ThisWords = { "lock (this)", "lock(this)", "on this", "this instance", "the instance" };
    private static readonly string[] TypeWords = { "type" };
    private static readonly string[] StringWords = { "string" };

    /// <summary>
    /// The words a comment uses for what is locked (<c>this</c>, a type, a string): a comment above the
    /// lock that names it and gives a reason ("locking on a type is not recommended; we keep it because …") states a
    /// decision about this target.
    /// </summary>
    private static string[] TargetWords(SyntaxNode value) => value switch
    {
        ThisExpressionSyntax => ThisWords,
        TypeOfExpressionSyntax => TypeWords,
        InvocationExpressionSyntax call when WrittenCode.CalledName(call) == "GetType" => TypeWords,
        LiteralExpressionSyntax => StringWords,

        // Not a field: a comment about why a field is locked explains the lock, not a missing readonly or a swap.
        CastExpressionSyntax cast => TargetWords(cast.Expression),
        ParenthesizedExpressionSyntax parenthesized => TargetWords(parenthesized.Expression),
        _ => System.Array.Empty<string>(),
    };

    /// <summary>
    /// A field is one change however many locks take it: reported at the first <c>lock</c> statement or
    /// <c>Monitor.Enter</c>/<c>TryEnter</c> call on it in its type (by file, then position), not at each of them.
    /// </summary>
    private static bool IsFirstLockOnTheField(IOperation lockedValue, System.Threading.CancellationToken cancellationToken)
    {
        if (Operations.WithoutConversions(lockedValue) is not IFieldReferenceOperation { Field: var field })
        {
            return true;
        }

        // A lock on another instance's field (`other._sync`) is reported only where the type never locks its own.
        var here = lockedValue.Syntax;
        var hereIsOwn = here is ExpressionSyntax written && LockScope.NamesOwnField(written, field);
        // The outermost type: a nested holder's field is locked by the type around it.
        foreach (var part in field.ContainingType.OutermostType().DeclaringSyntaxReferences)
        {
            foreach (var other in LockedExpressions(part.GetSyntax(cancellationToken), cancellationToken))
            {
                if (other == here || other.Span.Contains(here.Span))
                {
                    continue;
                }

                var otherIsOwn = LockScope.NamesOwnField(other, field);
                if ((otherIsOwn && (!hereIsOwn || IsBefore(other, here)))
                    || (!hereIsOwn && !otherIsOwn && NamesMember(other, field) && IsBefore(other, here)))
                {
                    return false;
                }
            }
        }

        return true;

        static bool NamesMember(ExpressionSyntax expression, IFieldSymbol field) =>
            expression is MemberAccessExpressionSyntax { Name.Identifier.ValueText: var name } && name == field.Name;

        static bool IsBefore(SyntaxNode a, SyntaxNode b)
        {
            var byFile = string.CompareOrdinal(a.SyntaxTree.FilePath, b.SyntaxTree.FilePath);
            return byFile != 0 ? byFile < 0 : a.SpanStart < b.SpanStart;
        }
    }

    /// <summary>What the type's code locks, as written: each <c>lock</c> statement's expression and each Monitor acquire's first argument.</summary>
    private static IEnumerable<ExpressionSyntax> LockedExpressions(SyntaxNode declaration, System.Threading.CancellationToken cancellationToken)
    {
        foreach (var @lock in LockScope.LockStatements(declaration, cancellationToken))
        {
            yield return @lock.Expression;
        }

        foreach (var name in MonitorAcquires)
        {
            foreach (var call in WrittenCode.CallSyntax(declaration.SyntaxTree, name, cancellationToken))
            {
                if (declaration.Span.Contains(call.Span) && call.ArgumentList.Arguments.Count > 0)
                {
                    yield return call.ArgumentList.Arguments[0].Expression;
                }
            }
        }
    }

    /// <summary>A finding on <paramref name="value"/>; a field that is safe today and only lacks <c>readonly</c> is Info.</summary>
    private static Diagnostic Create(IOperation value, LockTarget target, ImmutableDictionary<string, string?> properties) =>
        target.IsHousekeeping
            ? Diagnostic.Create(target.Message!, value.Syntax.GetLocation(), DiagnosticSeverity.Info, null, properties, MessageNames.Code(value.Syntax))
            : Diagnostic.Create(target.Message!, value.Syntax.GetLocation(), properties, MessageNames.Code(value.Syntax));

    private static void AnalyzeFile(SemanticModelAnalysisContext context, LockTargets targets)
    {
        var model = context.SemanticModel;
        var tree = model.SyntaxTree;
        foreach (var statement in LockScope.LockStatements(tree.GetRoot(context.CancellationToken), context.CancellationToken))
        {
            if (model.GetOperation(statement, context.CancellationToken) is ILockOperation @lock
                && WrittenCode.OwnerOf(model, statement, context.CancellationToken) is { } member)
            {
                AnalyzeLock(context, @lock, member, targets);
            }
        }

        foreach (var name in MonitorAcquires)
        {
            foreach (var (call, owner) in WrittenCode.Calls(model, name, context.CancellationToken))
            {
                AnalyzeMonitorCall(context, call, owner, targets);
            }
        }

        if (NamesSpinLock.Holds(tree, context.CancellationToken))
        {
            AnalyzeSpinLockHolders(context, targets);
        }
    }

    private static readonly string[] MonitorAcquires = { "Enter", "TryEnter" };

    private static void AnalyzeMonitorCall(SemanticModelAnalysisContext context, IInvocationOperation invocation, ISymbol member, LockTargets targets)
    {
        if (member.ContainingType is null)
        {
            return;
        }

        var method = invocation.TargetMethod;
        if (method.Name is not ("Enter" or "TryEnter")
            || invocation.Arguments.Length == 0
            || !SymbolEqualityComparer.Default.Equals(method.ContainingType, targets.Monitor))
        {
            return;
        }

        var argument = invocation.Arguments[0].Value;
        var target = targets.Classify(argument, member, context.CancellationToken);
        if (target.Message is not null && !IsPeerSuppressed(argument, member)
            && !(target.OncePerField && !IsFirstLockOnTheField(argument, context.CancellationToken)))
        {
            // Monitor calls pair with Exit, Wait and Pulse on the same object elsewhere: no automatic fix.
            context.ReportDiagnostic(Create(argument, target, ImmutableDictionary<string, string?>.Empty));
        }
    }

    /// <summary>
    /// The fields and methods declared in this file (every member the compiler declares: accessors, constructors, both
    /// parts of a partial method), each judged once, in the file of its first declaration.
    /// </summary>
    private static void AnalyzeSpinLockHolders(SemanticModelAnalysisContext context, LockTargets targets)
    {
        var tree = context.SemanticModel.SyntaxTree;
        var types = new HashSet<INamedTypeSymbol>(SymbolEqualityComparer.Default);
        foreach (var declaration in tree.GetRoot(context.CancellationToken).DescendantNodes(static n => n is CompilationUnitSyntax or BaseNamespaceDeclarationSyntax or TypeDeclarationSyntax).OfType<TypeDeclarationSyntax>())
        {
            if (context.SemanticModel.GetDeclaredSymbol(declaration, context.CancellationToken) is not INamedTypeSymbol type || !types.Add(type))
            {
                continue;
            }

            foreach (var member in type.GetMembers())
            {
                if (member is IMethodSymbol { PartialImplementationPart: { } implementation } && DeclaredIn(implementation, tree))
                {
                    AnalyzeSpinLockHolder(context, implementation, targets);
                }

                if (member is IFieldSymbol or IMethodSymbol && DeclaredIn(member, tree))
                {
                    AnalyzeSpinLockHolder(context, member, targets);
                }
            }
        }
    }

    private static bool DeclaredIn(ISymbol symbol, SyntaxTree tree) =>
        symbol.DeclaringSyntaxReferences is { Length: > 0 } references && references[0].SyntaxTree == tree;

    private static void AnalyzeSpinLockHolder(SemanticModelAnalysisContext context, ISymbol symbol, LockTargets targets)
    {
        if (symbol is IFieldSymbol field)
        {
            if (field.IsReadOnly && !field.IsImplicitlyDeclared
                && SymbolEqualityComparer.Default.Equals(field.Type, targets.SpinLock))
            {
                context.ReportDiagnostic(Diagnostic.Create(Descriptors.Shapes.VET202_ReadonlySpinLock, field.Locations[0], field.Name));
            }

            return;
        }

        var method = (IMethodSymbol)symbol;
        if (method.IsImplicitlyDeclared || method.IsOverride
            || method.ExplicitInterfaceImplementations.Length > 0 || targets.SpinLock is not { } spinLock)
        {
            return;
        }

        foreach (var parameter in method.Parameters)
        {
            if (parameter.RefKind == RefKind.None
                && SymbolEqualityComparer.Default.Equals(parameter.Type, spinLock)
                && parameter.Name.Length > 0
                && parameter.Locations.Length > 0)
            {
                context.ReportDiagnostic(Diagnostic.Create(Descriptors.Shapes.VET202_SpinLockByValue, parameter.Locations[0], parameter.Name));
            }
        }
    }

    private static readonly FileText NamesSpinLock = FileText.Naming("SpinLock");
}
