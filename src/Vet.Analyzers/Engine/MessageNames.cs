using System.Text;
using Microsoft.CodeAnalysis;

namespace Vet.Analyzers.Engine;

/// <summary>
/// The names a diagnostic message gives what it is about (see <see cref="Descriptors"/>): symbols as their code names
/// them, and code on one short line, so no message pastes a multi-line construct.
/// </summary>
internal static class MessageNames
{
    /// <summary>The longest code a message quotes; longer code ends in an ellipsis.</summary>
    private const int MaxCodeLength = 60;

    /// <summary>A member as its code names it: a constructor or delegate by its type, an accessor by its property or event.</summary>
    internal static string Of(ISymbol symbol) => symbol switch
    {
        IMethodSymbol { MethodKind: MethodKind.Constructor or MethodKind.StaticConstructor or MethodKind.DelegateInvoke } method => method.ContainingType.Name,
        IMethodSymbol { AssociatedSymbol: { } owner } => owner.Name,
        _ => symbol.Name,
    };

    /// <summary><paramref name="node"/>'s code on one line: every run of whitespace (line breaks included) is one space.</summary>
    internal static string Code(SyntaxNode node)
    {
        var text = node.ToString();
        var line = new StringBuilder(System.Math.Min(text.Length, MaxCodeLength + 1));
        var pendingSpace = false;
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c))
            {
                pendingSpace = line.Length > 0;
                continue;
            }

            if (pendingSpace)
            {
                line.Append(' ');
                pendingSpace = false;
            }

            line.Append(c);
            if (line.Length > MaxCodeLength)
            {
                line.Length = MaxCodeLength - 1;
                return line.Append('…').ToString();
            }
        }

        return line.ToString();
    }
}
