using System;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Vet.Analyzers.Engine;

/// <summary>
/// Whether the author already said that code is deliberate: a comment that gives a reason next to it, or a suppression
/// of the peer rule that reports the same thing (a team that justified a CA1068 suppression made the decision once).
/// </summary>
internal static class StatedIntent
{
    private static readonly string[] Markers = { "TODO", "FIXME", "HACK", "XXX" };

    // Words that say why code does something or name the failure it expects (see GivesReason).
    private static readonly string[] ReasonWords =
    {
        "because", "since", "so", "if", "unless", "whether", "otherwise", "therefore", "possible", "possibly", "may",
        "might", "can", "cannot", "could", "should", "would", "need", "needs", "must", "expect", "expected", "expects",
        "fail", "fails", "failed", "failure", "failures", "throw", "throws", "thrown", "error", "errors", "exception",
        "exceptions", "ignore", "ignored", "ignores", "optional", "best", "effort", "probe", "probing", "try", "attempt",
        "broken", "harmless", "irrelevant", "ok", "okay", "fine", "safe", "safely", "anyway", "already", "deliberately",
        "intentionally", "purpose",
    };

    /// <summary>
    /// A comment that states a reason: any comment but an empty one, a <c>TODO</c>/<c>FIXME</c>/<c>HACK</c> marker, or
    /// commented-out code (a line ending in <c>;</c>, <c>{</c> or <c>}</c>). Documentation comments describe a member, not a choice.
    /// </summary>
    internal static bool IsReason(SyntaxTrivia trivia)
    {
        if (!trivia.IsKind(SyntaxKind.SingleLineCommentTrivia) && !trivia.IsKind(SyntaxKind.MultiLineCommentTrivia))
        {
            return false;
        }

        var text = trivia.ToString();
        var start = 0;
        var end = text.Length;
        while (start < end && (text[start] == '/' || text[start] == '*' || char.IsWhiteSpace(text[start])))
        {
            start++;
        }

        while (end > start && (text[end - 1] == '/' || text[end - 1] == '*' || char.IsWhiteSpace(text[end - 1])))
        {
            end--;
        }

        if (start == end)
        {
            return false;
        }

        // Commented-out code is no reason. A sentence may still end with ';' ("Attempt to parse the real length;"):
        // code there has a call, an assignment or no space at all ("return;").
        var last = text[end - 1];
        if (last is '{' or '}'
            || (last == ';' && (text.IndexOf('(', start, end - start) >= 0 || text.IndexOf('=', start, end - start) >= 0 || text.IndexOf(' ', start, end - start) < 0)))
        {
            return false;
        }

        foreach (var marker in Markers)
        {
            if (end - start >= marker.Length
                && string.Compare(text, start, marker, 0, marker.Length, StringComparison.OrdinalIgnoreCase) == 0
                && (end - start == marker.Length || !char.IsLetterOrDigit(text[start + marker.Length])))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>A reason comment in <paramref name="node"/>'s own text, or in the trivia before or after it (the line above, the end of its line).</summary>
    internal static bool IsExplained(SyntaxNode node)
    {
        foreach (var trivia in node.GetLeadingTrivia())
        {
            if (IsReason(trivia))
            {
                return true;
            }
        }

        foreach (var trivia in node.DescendantTrivia(node.Span))
        {
            if (IsReason(trivia))
            {
                return true;
            }
        }

        foreach (var trivia in node.GetTrailingTrivia())
        {
            if (IsReason(trivia))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// A reason comment on the statement that holds <paramref name="node"/> (above it, in it when it is a simple
    /// statement, or at the end of its line), on an enclosing statement (above it), or on an earlier statement of any of
    /// those blocks: a comment that explains a decision covers the lines that carry it out. Stops at the member or function.
    /// </summary>
    internal static bool IsExplainedByStatement(SyntaxNode node)
    {
        var statement = node.FirstAncestorOrSelf<StatementSyntax>();
        if (statement is null)
        {
            return false;
        }

        if (IsSimple(statement) ? IsExplained(statement) : HasLeadingReason(statement))
        {
            return true;
        }

        for (var current = (SyntaxNode)statement; current.Parent is { } parent; current = parent)
        {
            if (parent is MemberDeclarationSyntax or AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax)
            {
                return false;
            }

            if (parent is BlockSyntax block)
            {
                foreach (var earlier in block.Statements)
                {
                    if (earlier == current)
                    {
                        break;
                    }

                    if (HasLeadingReason(earlier))
                    {
                        return true;
                    }
                }
            }
            else if (parent is StatementSyntax enclosing && HasLeadingReason(enclosing))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// A reason comment on the line above <paramref name="node"/> or earlier on its own line, wherever the syntax tree
    /// puts it: before <c>catch</c> (<c>}</c> / <c>// best effort</c> / <c>catch { }</c>), at the end of the line above
    /// (<c>} // best effort</c>), or above a statement that starts on that line (<c>// optional</c> /
    /// <c>try { Probe(); } catch { }</c>). Only the tokens of those two lines are looked at.
    /// </summary>
    internal static bool IsExplainedOnLineAbove(SyntaxNode node)
    {
        var text = node.SyntaxTree.GetText();
        var above = text.Lines.GetLineFromPosition(node.SpanStart).LineNumber - 1;
        for (var token = node.GetFirstToken(); !token.IsKind(SyntaxKind.None); token = token.GetPreviousToken())
        {
            foreach (var trivia in token.LeadingTrivia)
            {
                if (IsReason(trivia) && text.Lines.GetLineFromPosition(trivia.Span.End).LineNumber >= above)
                {
                    return true;
                }
            }

            var previous = token.GetPreviousToken();
            if (previous.IsKind(SyntaxKind.None))
            {
                return false;
            }

            foreach (var trivia in previous.TrailingTrivia)
            {
                if (IsReason(trivia) && text.Lines.GetLineFromPosition(trivia.Span.End).LineNumber >= above)
                {
                    return true;
                }
            }

            if (text.Lines.GetLineFromPosition(previous.SpanStart).LineNumber < above)
            {
                return false;
            }
        }

        return false;
    }

    /// <summary>
    /// A reason stated on the try statement rather than at its catch: above <c>try</c>, at the top of the try block (the
    /// leading comment of its first statement), or above an enclosing statement that holds nothing but this try (an
    /// <c>if</c> whose only statement is the try, and so on up). Further from the catch, a comment often only says what
    /// the code does (<c>// read the cache</c>), so here it counts only when it gives a reason
    /// (<see cref="GivesReason(SyntaxTrivia)"/>): <c>// enable no-delay if possible</c>, <c>// … because some servers …</c>.
    /// </summary>
    internal static bool IsExplainedOnTry(TryStatementSyntax tryStatement)
    {
        if (HasLeadingReason(tryStatement, inWords: true)
            || (tryStatement.Block.Statements.Count > 0 && HasLeadingReason(tryStatement.Block.Statements[0], inWords: true)))
        {
            return true;
        }

        SyntaxNode current = tryStatement;
        for (var level = 0; level < 8 && current.Parent is { } parent; level++)
        {
            switch (parent)
            {
                case BlockSyntax { Statements.Count: 1, Parent: StatementSyntax or ElseClauseSyntax }:
                    current = parent;
                    continue;
                case ElseClauseSyntax:
                    current = parent;
                    continue;
                case IfStatementSyntax or UsingStatementSyntax or LockStatementSyntax or FixedStatementSyntax or CheckedStatementSyntax
                    or WhileStatementSyntax or DoStatementSyntax or ForStatementSyntax or CommonForEachStatementSyntax:
                    if (HasLeadingReason(parent, inWords: true))
                    {
                        return true;
                    }

                    current = parent;
                    continue;
                default:
                    return false;
            }
        }

        return false;
    }

    /// <summary>
    /// A comment that gives a reason in words (<see cref="IsReason(SyntaxTrivia)"/>, and it says why or names the
    /// failure: <c>because</c>, <c>since</c>, <c>if</c>, <c>possible</c>, <c>may</c>, <c>can</c>, <c>should</c>,
    /// <c>expected</c>, <c>fail…</c>, <c>throw…</c>, <c>error</c>, <c>ignore…</c>, <c>optional</c>, <c>best effort</c>,
    /// <c>probe</c>, <c>try</c>, …), as opposed to one that names what the code does.
    /// </summary>
    internal static bool GivesReason(SyntaxTrivia trivia)
    {
        if (!IsReason(trivia))
        {
            return false;
        }

        var text = trivia.ToString();
        var start = -1;
        for (var i = 0; i <= text.Length; i++)
        {
            var letter = i < text.Length && char.IsLetter(text[i]);
            if (letter && start < 0)
            {
                start = i;
            }
            else if (!letter && start >= 0)
            {
                if (IsReasonWord(text, start, i - start))
                {
                    return true;
                }

                start = -1;
            }
        }

        return false;
    }

    private static bool IsReasonWord(string text, int start, int length)
    {
        foreach (var word in ReasonWords)
        {
            if (word.Length == length && string.Compare(text, start, word, 0, length, StringComparison.OrdinalIgnoreCase) == 0)
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsSimple(StatementSyntax statement) =>
        statement is ExpressionStatementSyntax or LocalDeclarationStatementSyntax or ReturnStatementSyntax or YieldStatementSyntax or ThrowStatementSyntax;

    /// <summary>
    /// A comment that gives a reason in words (<see cref="GivesReason"/>) above what holds <paramref name="node"/>: its catch
    /// clause when it is in a <c>when</c> filter, else its statement. For a choice that looks like a mistake out of context.
    /// </summary>
    internal static bool IsExplainedInWordsAbove(SyntaxNode node)
    {
        SyntaxNode? holder = node.FirstAncestorOrSelf<CatchFilterClauseSyntax>()?.Parent ?? node.FirstAncestorOrSelf<StatementSyntax>();
        return holder is not null && HasLeadingReason(holder, inWords: true);
    }

    /// <summary>
    /// A comment above the statement that holds <paramref name="node"/> that gives a reason in words
    /// (<see cref="GivesReason"/>) and names one of <paramref name="mentions"/> (case-insensitive): a comment about the
    /// choice in question, not about the code it sits next to.
    /// </summary>
    internal static bool IsChoiceExplainedAbove(SyntaxNode node, params string[] mentions)
    {
        if (node.FirstAncestorOrSelf<StatementSyntax>() is not { } statement)
        {
            return false;
        }

        foreach (var trivia in statement.GetLeadingTrivia())
        {
            if (!GivesReason(trivia))
            {
                continue;
            }

            var text = trivia.ToString();
            foreach (var mention in mentions)
            {
                if (mention.Length > 0 && text.IndexOf(mention, StringComparison.OrdinalIgnoreCase) >= 0)
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>A comment above <paramref name="node"/> that states a reason (<see cref="IsReason(SyntaxTrivia)"/>), or with <paramref name="inWords"/> one that gives it in words (<see cref="GivesReason"/>).</summary>
    private static bool HasLeadingReason(SyntaxNode node, bool inWords = false)
    {
        foreach (var trivia in node.GetLeadingTrivia())
        {
            if (inWords ? GivesReason(trivia) : IsReason(trivia))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Whether one of the peer rules <paramref name="peerIds"/> (for example <c>CA1068</c>) is suppressed at
    /// <paramref name="position"/>: by a <c>#pragma warning disable</c> in effect there, or by a
    /// <c>[SuppressMessage]</c> on <paramref name="member"/>, a type around it, or the assembly (for it, or without a target).
    /// </summary>
    internal static bool SuppressesPeer(SyntaxTree tree, int position, ISymbol? member, params string[] peerIds)
    {
        var root = tree.GetRoot();
        foreach (var peerId in peerIds)
        {
            if (IsPragmaDisabled(root, position, peerId) || (member is not null && HasSuppressMessage(member, peerId)))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Whether a ReSharper comment disables <paramref name="inspection"/> (for example <c>EmptyGeneralCatchClause</c>) at
    /// <paramref name="node"/>: <c>// ReSharper disable X</c> earlier in the file and not restored, or
    /// <c>// ReSharper disable once X</c> on the line above the node or above the statement that holds it (a catch's
    /// try). <c>All</c> covers every inspection.
    /// </summary>
    internal static bool DisablesReSharperInspection(SyntaxNode node, string inspection)
    {
        var tree = node.SyntaxTree;
        var text = tree.GetText();
        var position = node.SpanStart;
        var line = text.Lines.GetLineFromPosition(position).LineNumber;
        var holderLine = node.Parent is StatementSyntax holder ? text.Lines.GetLineFromPosition(holder.SpanStart).LineNumber : line;
        var disabled = false;
        foreach (var trivia in tree.GetRoot().DescendantTrivia())
        {
            if (trivia.SpanStart >= position)
            {
                break;
            }

            if (!trivia.IsKind(SyntaxKind.SingleLineCommentTrivia))
            {
                continue;
            }

            var comment = trivia.ToString();
            var at = comment.IndexOf("ReSharper ", StringComparison.Ordinal);
            if (at < 0)
            {
                continue;
            }

            var words = comment.Substring(at + "ReSharper ".Length).Split(new[] { ' ', ',', '\t' }, StringSplitOptions.RemoveEmptyEntries);
            if (words.Length < 2 || !Names(words, words[1] == "once" ? 2 : 1, inspection))
            {
                continue;
            }

            if (words[0] == "disable" && words[1] == "once")
            {
                var above = text.Lines.GetLineFromPosition(trivia.SpanStart).LineNumber + 1;
                disabled |= above == line || above == holderLine;
            }
            else if (words[0] == "disable")
            {
                disabled = true;
            }
            else if (words[0] == "restore")
            {
                disabled = false;
            }
        }

        return disabled;

        static bool Names(string[] words, int from, string inspection)
        {
            for (var i = from; i < words.Length; i++)
            {
                if (words[i] == inspection || words[i] == "All")
                {
                    return true;
                }
            }

            return false;
        }
    }

    private static bool IsPragmaDisabled(SyntaxNode root, int position, string peerId)
    {
        var disabled = false;
        for (var directive = root.GetFirstDirective(); directive is not null && directive.SpanStart < position; directive = directive.GetNextDirective())
        {
            if (directive is not PragmaWarningDirectiveTriviaSyntax pragma || !directive.IsActive)
            {
                continue;
            }

            var disables = pragma.DisableOrRestoreKeyword.IsKind(SyntaxKind.DisableKeyword);
            if (pragma.ErrorCodes.Count == 0)
            {
                disabled = disables;
                continue;
            }

            foreach (var code in pragma.ErrorCodes)
            {
                if (code is IdentifierNameSyntax identifier && string.Equals(identifier.Identifier.ValueText, peerId, StringComparison.OrdinalIgnoreCase))
                {
                    disabled = disables;
                }
            }
        }

        return disabled;
    }

    private static bool HasSuppressMessage(ISymbol member, string peerId)
    {
        for (var current = member; current is not null and not INamespaceSymbol; current = current.ContainingSymbol)
        {
            foreach (var attribute in current.GetAttributes())
            {
                if (IsSuppression(attribute, peerId, out _))
                {
                    return true;
                }
            }
        }

        if (member.ContainingAssembly is not { } assembly)
        {
            return false;
        }

        var id = member.GetDocumentationCommentId();
        foreach (var attribute in assembly.GetAttributes())
        {
            if (!IsSuppression(attribute, peerId, out var target))
            {
                continue;
            }

            // [assembly: SuppressMessage("...", "CA1068", Scope = "member", Target = "~M:N.T.M(...)")], or without a target.
            if (target is null || (id is not null && string.Equals(target.TrimStart('~'), id, StringComparison.Ordinal)))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsSuppression(AttributeData attribute, string peerId, out string? target)
    {
        target = null;
        if (attribute.AttributeClass is not { Name: "SuppressMessageAttribute" or "UnconditionalSuppressMessageAttribute" }
            || attribute.ConstructorArguments.Length < 2
            || attribute.ConstructorArguments[1].Value is not string checkId
            || !checkId.StartsWith(peerId, StringComparison.OrdinalIgnoreCase)
            || (checkId.Length > peerId.Length && char.IsLetterOrDigit(checkId[peerId.Length])))
        {
            return false;
        }

        foreach (var argument in attribute.NamedArguments)
        {
            if (argument.Key == "Target" && argument.Value.Value is string value)
            {
                target = value;
            }
        }

        return true;
    }

    /// <summary>
    /// A reason comment (<see cref="IsReason"/>) inside <paramref name="scope"/> between the positions
    /// <paramref name="start"/> and <paramref name="end"/>; with <paramref name="mentions"/>, only one whose text names one
    /// of them (case-insensitive): a comment about the thing in question, not about the code it sits next to.
    /// </summary>
    internal static bool IsExplainedBetween(SyntaxNode scope, int start, int end, params string[] mentions)
    {
        if (end <= start)
        {
            return false;
        }

        foreach (var trivia in scope.DescendantTrivia(Microsoft.CodeAnalysis.Text.TextSpan.FromBounds(start, end)))
        {
            if (trivia.SpanStart < start || trivia.Span.End > end || !IsReason(trivia))
            {
                continue;
            }

            if (mentions.Length == 0)
            {
                return true;
            }

            var text = trivia.ToString();
            foreach (var mention in mentions)
            {
                if (mention.Length > 0 && text.IndexOf(mention, StringComparison.OrdinalIgnoreCase) >= 0)
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>
    /// Whether the comments or documentation above <paramref name="type"/>'s declarations say that one instance is not
    /// thread-safe (<c>&lt;threadsafety instance="false"/&gt;</c>, "not thread-safe", "not thread safe"): its callers
    /// serialize their use of an instance, so locks inside it guard something else and unlocked accesses are the contract.
    /// </summary>
    internal static bool DeclaresNotThreadSafe(INamedTypeSymbol type, System.Threading.CancellationToken cancellationToken)
    {
        foreach (var reference in type.DeclaringSyntaxReferences)
        {
            if (reference.GetSyntax(cancellationToken) is not MemberDeclarationSyntax declaration)
            {
                continue;
            }

            foreach (var trivia in declaration.GetLeadingTrivia())
            {
                if (!trivia.IsKind(SyntaxKind.SingleLineCommentTrivia) && !trivia.IsKind(SyntaxKind.MultiLineCommentTrivia)
                    && !trivia.IsKind(SyntaxKind.SingleLineDocumentationCommentTrivia) && !trivia.IsKind(SyntaxKind.MultiLineDocumentationCommentTrivia))
                {
                    continue;
                }

                var text = trivia.ToFullString();
                if (SaysNotThreadSafe(text))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static bool SaysNotThreadSafe(string text)
    {
        var tag = text.IndexOf("<threadsafety", StringComparison.OrdinalIgnoreCase);
        if (tag >= 0)
        {
            var end = text.IndexOf('>', tag);
            var element = end < 0 ? text.Substring(tag) : text.Substring(tag, end - tag);
            if (element.IndexOf("instance=\"false\"", StringComparison.OrdinalIgnoreCase) >= 0)
            {
                return true;
            }
        }

        return text.IndexOf("not thread-safe", StringComparison.OrdinalIgnoreCase) >= 0
            || text.IndexOf("not thread safe", StringComparison.OrdinalIgnoreCase) >= 0
            || text.IndexOf("not threadsafe", StringComparison.OrdinalIgnoreCase) >= 0;
    }
}
