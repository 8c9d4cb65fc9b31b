using System;
using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Vet.Analyzers.Engine;

/// <summary>The phases of an object's life whose code runs outside its ordinary, shared use.</summary>
internal enum LifecyclePhase
{
    /// <summary>
    /// Building the object: constructors, <c>init</c> accessors, <c>Initialize…</c>/<c>Init…</c> members, deserialization
    /// callbacks (<c>[OnDeserialized]</c>, <c>OnDeserialization</c>), and the set-up members of test and benchmark
    /// frameworks (<c>[SetUp]</c>, <c>[TestInitialize]</c>, <c>[GlobalSetup]</c>...).
    /// </summary>
    Construction,

    /// <summary>
    /// Taking it down: <c>Dispose…</c>, finalizers, <c>Close…</c>, <c>Stop…</c>, <c>Shutdown…</c>, <c>Disconnect…</c>,
    /// <c>Logout…</c>, <c>Quit…</c> and the like, and the tear-down members of test and benchmark frameworks
    /// (<c>[TearDown]</c>, <c>[TestCleanup]</c>, <c>[GlobalCleanup]</c>...).
    /// </summary>
    Teardown,

    /// <summary>
    /// The object's last use, a part of <see cref="Teardown"/>: <c>Dispose…</c>, <c>Close…</c>, finalizers and test tear-down. Stopping,
    /// shutting down, releasing or cleaning up often runs while other threads still use the object; disposing ends it.
    /// </summary>
    Disposal,
}

/// <summary>
/// Construction and teardown members, known by their kind and name, and private helpers reached only from them.
/// Rules use it to leave alone code that runs before an object is shared or after it is done (locks, tokens,
/// swallowed failures on the way down).
/// </summary>
internal static class Lifecycle
{
    /// <summary>How many private helpers deep <see cref="IsReachedOnlyFrom"/> follows callers.</summary>
    private const int MaxHelperDepth = 3;

    /// <summary>
    /// Set-up by name; <c>OnDeserialization</c> is <c>IDeserializationCallback</c>'s, and <c>OnDeserialized</c> the usual name
    /// of an <c>[OnDeserialized]</c> callback: deserialization runs no constructor or field initializer, so these build the object.
    /// </summary>
    private static readonly string[] ConstructionPrefixes = { "Initialize", "Init", "OnDeserialization", "OnDeserialized", "OnDeserializing" };

    /// <summary>
    /// Attributes (without the suffix) that mark set-up members: those of test and benchmark frameworks, which run before
    /// the code under test shares the object, and the serializers' callbacks, which finish building a deserialized one.
    /// </summary>
    private static readonly string[] SetUpAttributes =
    {
        "SetUp", "OneTimeSetUp", "TestFixtureSetUp", "TestInitialize", "ClassInitialize", "AssemblyInitialize", "GlobalSetup", "IterationSetup",
        "OnDeserializing", "OnDeserialized",
    };

    /// <summary>Attributes (without the suffix) that mark tear-down members: they run after the code under test is done with the object.</summary>
    private static readonly string[] TearDownAttributes =
    {
        "TearDown", "OneTimeTearDown", "TestFixtureTearDown", "TestCleanup", "ClassCleanup", "AssemblyCleanup", "GlobalCleanup", "IterationCleanup",
    };

    private static readonly string[] DisposalPrefixes = { "Dispose", "Close" };

    private static readonly string[] TeardownPrefixes =
    {
        "Dispose", "Close", "Stop", "Shutdown", "ShutDown", "Terminate", "Teardown", "TearDown", "Cleanup", "CleanUp",
        "Release", "Interrupt", "Abort", "OnStop", "OnShutdown",

        // Ending a session: a protocol client's goodbye (QUIT, LOGOUT) before the connection is closed.
        "Disconnect", "Logout", "LogOut", "Logoff", "LogOff", "SignOut", "Quit",
    };

    /// <summary>Whether <paramref name="method"/> belongs to <paramref name="phase"/> by its kind or name.</summary>
    internal static bool Is(IMethodSymbol method, LifecyclePhase phase)
    {
        if (phase == LifecyclePhase.Construction)
        {
            if (method.MethodKind is MethodKind.Constructor or MethodKind.StaticConstructor || method.IsInitOnly)
            {
                return true;
            }
        }
        else if (method.MethodKind == MethodKind.Destructor)
        {
            return true;
        }

        if (IsPhaseName(method.Name, phase))
        {
            return true;
        }

        return AttributeNames.HasAny(method, PhaseAttributes(phase));
    }

    /// <summary>
    /// Whether an attribute named <paramref name="name"/> (with or without the <c>Attribute</c> suffix) marks a member of
    /// <paramref name="phase"/>: a test or benchmark framework's set-up (<c>[SetUp]</c>, <c>[TestInitialize]</c>,
    /// <c>[GlobalSetup]</c>...) for construction, its tear-down (<c>[TearDown]</c>, <c>[GlobalCleanup]</c>...) for teardown and disposal.
    /// </summary>
    internal static bool IsPhaseAttribute(string name, LifecyclePhase phase) => AttributeNames.IsOneOf(name, PhaseAttributes(phase));

    private static string[] PhaseAttributes(LifecyclePhase phase) => phase == LifecyclePhase.Construction ? SetUpAttributes : TearDownAttributes;

    private static bool HasPhaseAttribute(MethodDeclarationSyntax method, LifecyclePhase phase) =>
        AttributeNames.WritesAny(method.AttributeLists, PhaseAttributes(phase));

    /// <summary>Whether a member named <paramref name="name"/> belongs to <paramref name="phase"/>: the phase's verb, alone or followed by a capitalized word.</summary>
    internal static bool IsPhaseName(string name, LifecyclePhase phase)
    {
        if (phase != LifecyclePhase.Construction && name == "Finalize")
        {
            return true;
        }

        var prefixes = phase switch
        {
            LifecyclePhase.Construction => ConstructionPrefixes,
            LifecyclePhase.Disposal => DisposalPrefixes,
            _ => TeardownPrefixes,
        };
        foreach (var prefix in prefixes)
        {
            if (name.StartsWith(prefix, StringComparison.Ordinal)
                && (name.Length == prefix.Length || char.IsUpper(name[prefix.Length]) || char.IsDigit(name[prefix.Length])))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Whether the member whose body holds <paramref name="node"/> belongs to <paramref name="phase"/>, directly or as a
    /// private helper reached only from members of that phase. A lambda or local function counts as its member's code.
    /// </summary>
    internal static bool IsInPhase(SyntaxNode node, LifecyclePhase phase)
    {
        var member = EnclosingMember(node);
        if (member is BaseFieldDeclarationSyntax or PropertyDeclarationSyntax { Initializer: not null }
            && phase == LifecyclePhase.Construction
            && node.FirstAncestorOrSelf<EqualsValueClauseSyntax>() is { } initializer
            && initializer.Parent is VariableDeclaratorSyntax or PropertyDeclarationSyntax)
        {
            // A field or property initializer runs as part of a constructor.
            return true;
        }

        return member is not null && (IsPhaseMember(member, phase) || IsPrivateHelperReachedOnlyFrom(member, phase, MaxHelperDepth));
    }

    /// <summary>
    /// Whether the private method <paramref name="method"/> is called only from members of <paramref name="phase"/>
    /// (directly, or through other private helpers). Answered from the syntax of its type's declarations: any other
    /// mention of its name (a call elsewhere, a method group) means no.
    /// </summary>
    internal static bool IsReachedOnlyFrom(IMethodSymbol method, LifecyclePhase phase, System.Threading.CancellationToken cancellationToken)
    {
        if (method.DeclaredAccessibility != Accessibility.Private || method.MethodKind != MethodKind.Ordinary)
        {
            return false;
        }

        foreach (var reference in method.DeclaringSyntaxReferences)
        {
            if (reference.GetSyntax(cancellationToken) is MethodDeclarationSyntax declaration)
            {
                return IsPrivateHelperReachedOnlyFrom(declaration, phase, MaxHelperDepth);
            }
        }

        return false;
    }

    /// <summary>
    /// The members of one type, of any accessibility, that only members of <paramref name="phase"/> call (directly, or
    /// through members found so), from the type's own call graph: for each callee, its callers (a null caller stands
    /// for a delegate to it, which anything can invoke). A public <c>Configure</c> that only the constructor calls is
    /// construction, unless <paramref name="calledElsewhere"/> says code outside the graph may call it too (a
    /// <c>Reset</c> that the constructor and other classes call runs while the object is shared); private members are
    /// not asked. Overrides, virtual members and interface implementations are left out: code the type does not show
    /// may call them.
    /// </summary>
    internal static HashSet<IMethodSymbol> ReachedOnlyFrom(
        LifecyclePhase phase, Dictionary<IMethodSymbol, List<IMethodSymbol?>> callers, Func<IMethodSymbol, bool> calledElsewhere)
    {
        var found = new HashSet<IMethodSymbol>(SymbolEqualityComparer.Default);
        var changed = true;
        while (changed)
        {
            changed = false;
            foreach (var pair in callers)
            {
                var method = pair.Key;
                if (found.Contains(method) || pair.Value.Count == 0 || Is(method, phase)
                    || method.IsOverride || method.IsVirtual || method.IsAbstract || ApiContracts.IsOverrideOrImplementation(method))
                {
                    continue;
                }

                var only = true;
                foreach (var caller in pair.Value)
                {
                    if (caller is null || !(Is(caller, phase) || found.Contains(caller.OriginalDefinition)))
                    {
                        only = false;
                        break;
                    }
                }

                if (only && !IsPrivateMember(method) && calledElsewhere(method))
                {
                    only = false;
                }

                if (only)
                {
                    found.Add(method);
                    changed = true;
                }
            }
        }

        return found;
    }

    /// <summary>
    /// Whether <paramref name="node"/> is in the prologue of a <c>Start…</c> method: a top-level statement of its body
    /// (not in a lambda or local function) that no statement with a call, an object creation or an <c>await</c> comes
    /// before. No work the method starts exists yet, and starting it publishes what the prologue stored: it is the
    /// last step of building the object.
    /// </summary>
    internal static bool IsInStartPrologue(SyntaxNode node)
    {
        SyntaxNode? statement = null;
        for (var current = node; current is not null; current = current.Parent)
        {
            if (current is AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax)
            {
                return false;
            }

            if (current.Parent is BlockSyntax { Parent: MethodDeclarationSyntax method } body)
            {
                if (!IsStartName(method.Identifier.ValueText))
                {
                    return false;
                }

                foreach (var earlier in body.Statements)
                {
                    if (earlier == current)
                    {
                        statement = current;
                        break;
                    }

                    foreach (var inner in earlier.DescendantNodesAndSelf())
                    {
                        if (inner is InvocationExpressionSyntax or BaseObjectCreationExpressionSyntax or AwaitExpressionSyntax)
                        {
                            return false;
                        }
                    }
                }

                break;
            }

            if (current is MemberDeclarationSyntax)
            {
                return false;
            }
        }

        return statement is not null;
    }

    private static bool IsStartName(string name) =>
        name.StartsWith("Start", StringComparison.Ordinal) && (name.Length == 5 || char.IsUpper(name[5]));

    /// <summary>A local function, or a private method or accessor of a private property: the type shows every call of it.</summary>
    private static bool IsPrivateMember(IMethodSymbol method) =>
        method.MethodKind == MethodKind.LocalFunction
        || (method.DeclaredAccessibility == Accessibility.Private && (method.AssociatedSymbol ?? method).DeclaredAccessibility == Accessibility.Private);

    private static MemberDeclarationSyntax? EnclosingMember(SyntaxNode node)
    {
        for (var current = node; current is not null; current = current.Parent)
        {
            if (current is MemberDeclarationSyntax member and not BaseTypeDeclarationSyntax and not NamespaceDeclarationSyntax)
            {
                return member;
            }
        }

        return null;
    }

    private static bool IsPhaseMember(MemberDeclarationSyntax member, LifecyclePhase phase) => member switch
    {
        ConstructorDeclarationSyntax => phase == LifecyclePhase.Construction,
        DestructorDeclarationSyntax => phase != LifecyclePhase.Construction,
        MethodDeclarationSyntax method => IsPhaseName(method.Identifier.ValueText, phase) || HasPhaseAttribute(method, phase),
        _ => false,
    };

    private static bool IsPrivateHelperReachedOnlyFrom(MemberDeclarationSyntax member, LifecyclePhase phase, int depth)
    {
        if (depth == 0
            || member is not MethodDeclarationSyntax method
            || method.ExplicitInterfaceSpecifier is not null
            || !IsPrivate(method.Modifiers)
            || method.Parent is not TypeDeclarationSyntax type
            || type is InterfaceDeclarationSyntax)
        {
            return false;
        }

        // Partial types spread over several declarations are not followed: a call may be in a part not seen here.
        if (type.Modifiers.Any(SyntaxKind.PartialKeyword))
        {
            return false;
        }

        var name = method.Identifier.ValueText;
        var called = false;
        foreach (var node in type.DescendantNodes())
        {
            if (node is not IdentifierNameSyntax identifier || identifier.Identifier.ValueText != name)
            {
                continue;
            }

            if (!IsInvoked(identifier))
            {
                return false;
            }

            var caller = EnclosingMember(identifier);
            if (caller is null || caller == method)
            {
                // A recursive call does not reach the helper from anywhere new.
                if (caller == method)
                {
                    continue;
                }

                return false;
            }

            if (!IsPhaseMember(caller, phase) && !IsPrivateHelperReachedOnlyFrom(caller, phase, depth - 1))
            {
                return false;
            }

            called = true;
        }

        return called;
    }

    private static bool IsPrivate(SyntaxTokenList modifiers)
    {
        foreach (var modifier in modifiers)
        {
            if (modifier.IsKind(SyntaxKind.PublicKeyword) || modifier.IsKind(SyntaxKind.InternalKeyword) || modifier.IsKind(SyntaxKind.ProtectedKeyword))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary><c>Name(...)</c> or <c>this.Name(...)</c>: a call, not a method group handed elsewhere.</summary>
    internal static bool IsInvoked(IdentifierNameSyntax identifier)
    {
        SyntaxNode callee = identifier;
        if (identifier.Parent is MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax } access && access.Name == identifier)
        {
            callee = access;
        }

        return callee.Parent is InvocationExpressionSyntax invocation && invocation.Expression == callee;
    }
}
