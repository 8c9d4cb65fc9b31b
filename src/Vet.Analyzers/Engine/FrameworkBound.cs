using Microsoft.CodeAnalysis;

namespace Vet.Analyzers.Engine;

/// <summary>
/// Methods a web or functions framework calls: ASP.NET controller actions and SignalR hub methods, and methods marked
/// as routed actions or as functions the host binds. The framework binds their parameters by name (a token by its
/// type), and no code calls them by position. Recognized by name, so the answer holds when the framework's package
/// does not bind.
/// </summary>
internal static class FrameworkBound
{
    private static readonly string[] BoundMethodAttributes =
    {
        "Function", "FunctionName", "HttpGet", "HttpPost", "HttpPut", "HttpDelete", "HttpPatch", "HttpHead", "HttpOptions", "Route", "AcceptVerbs",
    };

    private static readonly string[] ControllerBases = { "ControllerBase", "Controller", "ApiController", "Hub" };

    private static readonly string[] ControllerAttributes = { "ApiController", "Controller" };

    internal static bool IsBoundByFramework(IMethodSymbol method)
    {
        if (method.MethodKind != MethodKind.Ordinary)
        {
            return false;
        }

        if (AttributeNames.HasAny(method, BoundMethodAttributes))
        {
            return true;
        }

        if (method.IsStatic || method.DeclaredAccessibility != Accessibility.Public || method.ContainingType is not { } type)
        {
            return false;
        }

        if (AttributeNames.HasAny(type, ControllerAttributes))
        {
            return true;
        }

        for (var baseType = type.BaseType; baseType is not null; baseType = baseType.BaseType)
        {
            if (System.Array.IndexOf(ControllerBases, baseType.Name) >= 0)
            {
                return true;
            }
        }

        return false;
    }
}
