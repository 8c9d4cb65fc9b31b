using Microsoft.CodeAnalysis;

namespace Vet.Analyzers.Engine;

/// <summary>Members and types whose shape is dictated by an interface or by COM, not chosen by their author.</summary>
internal static class InterfaceContracts
{
    /// <summary>Whether <paramref name="member"/> implicitly implements a member of an interface its type implements.</summary>
    internal static bool ImplementsInterfaceMember(ISymbol member)
    {
        var type = member.ContainingType;
        if (type is null)
        {
            return false;
        }

        foreach (var @interface in type.AllInterfaces)
        {
            foreach (var interfaceMember in @interface.GetMembers(member.Name))
            {
                if (SymbolEqualityComparer.Default.Equals(type.FindImplementationForInterfaceMember(interfaceMember), member))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>A COM interface (<c>[ComImport]</c>, or <c>[InterfaceType]</c> for one exposed to COM): its layout belongs to COM.</summary>
    internal static bool IsComInterface(INamedTypeSymbol type)
    {
        foreach (var attribute in type.GetAttributes())
        {
            if (attribute.AttributeClass is { Name: "ComImportAttribute" or "InterfaceTypeAttribute" })
            {
                return true;
            }
        }

        return false;
    }
}
