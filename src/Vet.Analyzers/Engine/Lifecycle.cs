using System;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Vet.Analyzers.Engine;

/// <summary>The phases of an object's life whose code runs outside its ordinary, shared use.</summary>
internal enum LifecyclePhase
{
    /// <summary>Building the object: constructors, <c>init</c> accessors, <c>Initialize…</c>/<c>Init…</c> members.</summary>
    Construction,

    /// <summary>Taking it down: <c>Dispose…</c>, finalizers, <c>Close…</c>, <c>Stop…</c>, <c>Shutdown…</c> and the like.</summary>
    Teardown,
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

    private static readonly string[] ConstructionPrefixes = { "Initialize", "Init" };

    private static readonly string[] TeardownPrefixes =
    {
        "Dispose", "Close", "Stop", "Shutdown", "ShutDown", "Terminate", "Teardown", "TearDown", "Cleanup", "CleanUp",
        "Release", "Interrupt", "Abort", "OnStop", "OnShutdown",
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

        return IsPhaseName(method.Name, phase);
    }

    /// <summary>Whether a member named <paramref name="name"/> belongs to <paramref name="phase"/>: the phase's verb, alone or followed by a capitalized word.</summary>
    internal static bool IsPhaseName(string name, LifecyclePhase phase)
    {
        if (phase == LifecyclePhase.Teardown && name == "Finalize")
        {
            return true;
        }

        foreach (var prefix in phase == LifecyclePhase.Construction ? ConstructionPrefixes : TeardownPrefixes)
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
        DestructorDeclarationSyntax => phase == LifecyclePhase.Teardown,
        MethodDeclarationSyntax method => IsPhaseName(method.Identifier.ValueText, phase),
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
    private static bool IsInvoked(IdentifierNameSyntax identifier)
    {
        SyntaxNode callee = identifier;
        if (identifier.Parent is MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax } access && access.Name == identifier)
        {
            callee = access;
        }

        return callee.Parent is InvocationExpressionSyntax invocation && invocation.Expression == callee;
    }
}
