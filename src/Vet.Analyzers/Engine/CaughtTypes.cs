using System;
using System.Collections.Generic;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Vet.Analyzers.Engine;

/// <summary>
/// The names of the exception types a compilation catches by type: <c>catch (RetryException)</c>, or a filter that tests
/// the type (<c>when (ex is RetryException)</c>). An exception without a message that some code catches by type is a
/// control-flow signal (retry, skip, stop), not a failure report that should carry a cause (VET301, VET306). So is one
/// whose message a filter compares (<c>when (ex.Message == "reject")</c>): the text is the signal.
/// </summary>
/// <remarks>
/// Read from syntax (simple names, no binding), once per compilation and only when a rule asks, from each file's
/// <c>catch</c> keywords: a signal is told apart by its name being caught somewhere, which a same-named type elsewhere
/// can only make more lenient.
/// </remarks>
internal sealed class CaughtTypes
{
    private readonly Compilation compilation;
    private Found? found;

    internal CaughtTypes(Compilation compilation) => this.compilation = compilation;

    /// <summary>Some catch of the compilation selects a type of this simple name.</summary>
    internal bool IsCaught(INamedTypeSymbol type, CancellationToken cancellationToken) => Scan(cancellationToken).Names.Contains(type.Name);

    /// <summary>Some catch filter of the compilation selects an exception by this exact message.</summary>
    internal bool IsCaughtByMessage(string message, CancellationToken cancellationToken) => Scan(cancellationToken).Messages.Contains(message);

    /// <summary>
    /// The constant texts <paramref name="filter"/> compares a <c>Message</c> with, each with the name of the exception
    /// whose message it reads: <c>ex.Message == "x"</c>, <c>ex.Message is "x"</c>, <c>string.Equals(ex.Message, "x", …)</c>,
    /// <c>ex.Message.Equals("x")</c>.
    /// </summary>
    internal static IEnumerable<(string Exception, string Message)> MessageTests(ExpressionSyntax filter)
    {
        foreach (var node in filter.DescendantNodesAndSelf())
        {
            switch (node)
            {
                case BinaryExpressionSyntax { RawKind: (int)SyntaxKind.EqualsExpression } equals:
                    if (Pair(equals.Left, equals.Right) is { } compared)
                    {
                        yield return compared;
                    }

                    break;
                case IsPatternExpressionSyntax { Pattern: ConstantPatternSyntax constant } pattern:
                    if (Pair(pattern.Expression, constant.Expression) is { } matched)
                    {
                        yield return matched;
                    }

                    break;
                case InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Equals" } access } call:
                    var arguments = call.ArgumentList.Arguments;
                    var tested = arguments.Count >= 2 ? Pair(arguments[0].Expression, arguments[1].Expression)
                        : arguments.Count == 1 ? Pair(access.Expression, arguments[0].Expression)
                        : null;
                    if (tested is { } equal)
                    {
                        yield return equal;
                    }

                    break;
            }
        }
    }

    /// <summary><c>ex.Message</c> and a string literal, in either order.</summary>
    private static (string Exception, string Message)? Pair(ExpressionSyntax left, ExpressionSyntax right)
    {
        if (ReadsMessage(left) is { } exception && right is LiteralExpressionSyntax { RawKind: (int)SyntaxKind.StringLiteralExpression } literal)
        {
            return (exception, literal.Token.ValueText);
        }

        if (ReadsMessage(right) is { } other && left is LiteralExpressionSyntax { RawKind: (int)SyntaxKind.StringLiteralExpression } reversed)
        {
            return (other, reversed.Token.ValueText);
        }

        return null;
    }

    private static string? ReadsMessage(ExpressionSyntax expression) =>
        expression is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Message", Expression: IdentifierNameSyntax exception }
            ? exception.Identifier.ValueText
            : null;

    private Found Scan(CancellationToken cancellationToken)
    {
        var known = Volatile.Read(ref found);
        if (known is not null)
        {
            return known;
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        var messages = new HashSet<string>(StringComparer.Ordinal);
        foreach (var tree in compilation.SyntaxTrees)
        {
            // The catch clauses are found from the text: a walk of every node of every file cost more than the rest of
            // the rules that ask.
            foreach (var token in FileText.Written(tree, "catch", cancellationToken))
            {
                if (!token.IsKind(SyntaxKind.CatchKeyword) || token.Parent is not CatchClauseSyntax clause)
                {
                    continue;
                }

                if (clause.Declaration is { Type: var caught } && WrittenCode.TypeName(caught) is { } name)
                {
                    names.Add(name);
                }

                if (clause.Filter is { FilterExpression: var filter })
                {
                    AddTypeTests(filter, names);
                    foreach (var (_, message) in MessageTests(filter))
                    {
                        messages.Add(message);
                    }
                }
            }
        }

        Interlocked.CompareExchange(ref found, new Found(names, messages), null);
        return found!;
    }

    private sealed class Found
    {
        public Found(HashSet<string> names, HashSet<string> messages)
        {
            Names = names;
            Messages = messages;
        }

        public HashSet<string> Names { get; }

        public HashSet<string> Messages { get; }
    }

    /// <summary><c>ex is T</c>, <c>ex is T t</c>, <c>ex is not T</c>, and <c>T</c> in property patterns, in a filter.</summary>
    private static void AddTypeTests(ExpressionSyntax filter, HashSet<string> found)
    {
        foreach (var node in filter.DescendantNodesAndSelf())
        {
            var type = node switch
            {
                BinaryExpressionSyntax { RawKind: (int)SyntaxKind.IsExpression, Right: TypeSyntax tested } => tested,
                DeclarationPatternSyntax { Type: var declared } => declared,
                TypePatternSyntax { Type: var typed } => typed,
                RecursivePatternSyntax { Type: { } recursive } => recursive,
                ConstantPatternSyntax { Expression: NameSyntax named } => named,
                _ => null,
            };
            if (type is not null && WrittenCode.TypeName(type) is { } name)
            {
                found.Add(name);
            }
        }
    }
}
