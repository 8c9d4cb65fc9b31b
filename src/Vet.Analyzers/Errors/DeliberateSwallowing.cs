using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Vet.Analyzers.Engine;

namespace Vet.Analyzers.Errors;

/// <summary>
/// The shapes of code in which an empty catch is the author's decision rather than a lost failure (VET302). Each answers
/// from the syntax of the try statement and the code around it, or from declared symbols; none binds a body.
/// </summary>
internal static class DeliberateSwallowing
{
    private const int MaxDepth = 8;

    // Rollback: a transaction is rolled back after the work failed, and a failed rollback must not replace that failure.
    // Exit: leaving a lock (`ExitReadLock`, `ExitWriteLock`, `Monitor.Exit`) releases it as `Release` does.
    private static readonly string[] CleanupVerbs = { "Flush", "Cancel", "Delete", "Kill", "Unregister", "Unsubscribe", "Rollback", "Exit" };

    // Words that make an exception's name an answer to a question (is it there? was it made already?), not a fault.
    private static readonly string[] Answers = { "NotFound", "NotExist", "AlreadyExist", "Deleted" };

    /// <summary>
    /// A fallback after a failed attempt: no normal path gets through the try block (each returns, breaks, continues or
    /// throws), so the code that follows the try (a later statement, or the loop's next iteration) runs only when the
    /// attempt failed: <c>try { return Primary(); } catch { } return Secondary();</c>.
    /// </summary>
    internal static bool IsFallback(TryStatementSyntax tryStatement) =>
        CannotCompleteNormally(tryStatement.Block, 0) && HasContinuation(tryStatement);

    /// <summary>
    /// The try block assigns a local (or parameter) that the code after the try tests, so the failure shows as the value
    /// it left: <c>T? found = null; try { found = Load(); } catch { } if (found is null) ...</c>.
    /// </summary>
    internal static bool TestsAssignedLocalAfterwards(TryStatementSyntax tryStatement)
    {
        List<string>? assigned = null;
        CollectAssignedNames(tryStatement.Block, ref assigned, 0);
        if (assigned is null)
        {
            return false;
        }

        var function = EnclosingFunction(tryStatement);
        if (function is null)
        {
            return false;
        }

        foreach (var name in assigned)
        {
            if (!IsLocalOrParameter(name, function, tryStatement))
            {
                continue;
            }

            foreach (var following in FollowingStatements(tryStatement))
            {
                if (Tests(following, name))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>
    /// The function returns what the attempt built, and what it returns on failure says so: the try assigns a local
    /// declared as <c>null</c> or <c>default</c> before it, which a later <c>return</c> returns (<c>byte[]? decoded = null;
    /// try { decoded = Decode(token); } catch (FormatException) { } return decoded;</c>: the caller gets "none"), or the
    /// try collects into a local in a loop, which a later <c>return</c> returns (<c>while (…) { found.AddRange(…); }</c>:
    /// the walk stops at the first failure with what it found). A local that starts as a real value (<c>var text = "";</c>)
    /// hides the failure behind that value, and a local passed anywhere but a <c>return</c> is no result: both still flagged.
    /// </summary>
    internal static bool ReturnsWhatTheAttemptBuilt(TryStatementSyntax tryStatement)
    {
        if (EnclosingFunction(tryStatement) is not { } function)
        {
            return false;
        }

        foreach (var node in tryStatement.Block.DescendantNodes(static n => n is not AnonymousFunctionExpressionSyntax and not LocalFunctionStatementSyntax))
        {
            var (written, needsEmptyStart) = node switch
            {
                AssignmentExpressionSyntax { Left: IdentifierNameSyntax target } => (target, true),
                InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Expression: IdentifierNameSyntax receiver } } when InLoopWithin(node, tryStatement.Block) => (receiver, false),
                _ => ((IdentifierNameSyntax?)null, false),
            };
            if (written is null || !IsInitializedLocal(written.Identifier.ValueText, function, tryStatement, needsEmptyStart))
            {
                continue;
            }

            foreach (var following in FollowingStatements(tryStatement))
            {
                if (following is ReturnStatementSyntax { Expression: { } returned } && WrittenCode.Mentions(returned, written.Identifier.ValueText))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static bool InLoopWithin(SyntaxNode node, BlockSyntax tried)
    {
        for (var current = node.Parent; current is not null && current != tried; current = current.Parent)
        {
            if (current is WhileStatementSyntax or DoStatementSyntax or ForStatementSyntax or CommonForEachStatementSyntax)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// A lookup that falls back to a default answer: some path of the try returns a value, and the statement right after
    /// the try returns another (<c>try { … if (found) return Parse(text); } catch { } return version;</c>). The value after
    /// the try is the answer both when the lookup finds nothing and when it fails.
    /// </summary>
    internal static bool FallsBackToDefaultResult(TryStatementSyntax tryStatement)
    {
        if (tryStatement.Parent is not BlockSyntax block
            || block.Statements.IndexOf(tryStatement) is not (var index and >= 0)
            || index + 1 >= block.Statements.Count
            || block.Statements[index + 1] is not ReturnStatementSyntax { Expression: not null })
        {
            return false;
        }

        foreach (var node in tryStatement.Block.DescendantNodes(static n => n is not AnonymousFunctionExpressionSyntax and not LocalFunctionStatementSyntax))
        {
            if (node is ReturnStatementSyntax { Expression: not null })
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// A failure the test provokes on purpose: the catch falls through (it does not leave), the member is a test
    /// (<c>[Fact]</c>, <c>[Theory]</c>, <c>[Test]</c>, <c>[TestCase]</c>, <c>[TestMethod]</c>, <c>[DataTestMethod]</c>), and
    /// code after the try, in the test method itself when the try sits in a lambda it passes on, asserts
    /// (<c>Assert.…</c>, <c>Assume.…</c>, <c>….Should()</c>): the outcome is checked there, not by the exception.
    /// </summary>
    internal static bool IsProvokedInTest(TryStatementSyntax tryStatement, BlockSyntax handler)
    {
        foreach (var statement in handler.Statements)
        {
            if (statement is not EmptyStatementSyntax and not BlockSyntax { Statements.Count: 0 })
            {
                return false;
            }
        }

        MethodDeclarationSyntax? method = null;
        for (var node = tryStatement.Parent; node is not null; node = node.Parent)
        {
            if (node is MethodDeclarationSyntax declaration)
            {
                method = declaration;
                break;
            }

            if (node is MemberDeclarationSyntax)
            {
                return false;
            }
        }

        if (method is null || !IsTestMethod(method))
        {
            return false;
        }

        SyntaxNode current = tryStatement;
        for (var level = 0; level < 4 * MaxDepth && current.Parent is { } parent && current != method; level++)
        {
            if (parent is BlockSyntax block)
            {
                var index = block.Statements.IndexOf((StatementSyntax)current);
                for (var i = index + 1; i < block.Statements.Count; i++)
                {
                    if (Asserts(block.Statements[i]))
                    {
                        return true;
                    }
                }
            }

            current = parent;
        }

        return false;
    }

    private static readonly string[] TestAttributes = { "Fact", "Theory", "Test", "TestCase", "TestCaseSource", "TestMethod", "DataTestMethod" };

    private static bool IsTestMethod(MethodDeclarationSyntax method) => AttributeNames.WritesAny(method.AttributeLists, TestAttributes);

    /// <summary>The statement calls an assertion: <c>Assert.…</c> / <c>Assume.…</c> / <c>ClassicAssert.…</c>, an <c>Assert…</c> helper, or <c>….Should()</c>.</summary>
    private static bool Asserts(StatementSyntax statement)
    {
        foreach (var node in statement.DescendantNodesAndSelf(static n => n is not AnonymousFunctionExpressionSyntax and not LocalFunctionStatementSyntax))
        {
            if (node is not InvocationExpressionSyntax invocation)
            {
                continue;
            }

            var name = CalleeName(invocation.Expression);
            if (name is not null && (name == "Should" || (name.StartsWith("Assert", System.StringComparison.Ordinal) && (name.Length == 6 || char.IsUpper(name[6])))))
            {
                return true;
            }

            if (invocation.Expression is MemberAccessExpressionSyntax { Expression: IdentifierNameSyntax { Identifier.ValueText: var receiver } }
                && (receiver.EndsWith("Assert", System.StringComparison.Ordinal) || receiver == "Assume"))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// An inner attempt inside a catch, directly followed by the enclosing catch's rethrow: the primary failure is what
    /// propagates, and the alternative's failure would only hide it (<c>catch (InvalidCastException) { try { return
    /// Legacy(); } catch { } throw; }</c>).
    /// </summary>
    internal static bool GivesWayToRethrow(TryStatementSyntax tryStatement)
    {
        if (tryStatement.Parent is not BlockSyntax block || ExceptionConstructors.EnclosingCatch(tryStatement) is not { } outer)
        {
            return false;
        }

        var index = block.Statements.IndexOf(tryStatement);
        if (index < 0 || index + 1 >= block.Statements.Count || block.Statements[index + 1] is not ThrowStatementSyntax @throw)
        {
            return false;
        }

        return @throw.Expression is null
            || (@throw.Expression is IdentifierNameSyntax thrown
                && outer.Declaration is { Identifier.ValueText: { Length: > 0 } caught }
                && thrown.Identifier.ValueText == caught);
    }

    /// <summary>
    /// The try only waits for tasks that keep their fault: a parameter (the caller holds the task and inspects it) or a
    /// local the code after the try reads (<c>try { task.Wait(); } catch (AggregateException) { } if (task.IsFaulted) ...</c>).
    /// </summary>
    internal static bool KeepsFaultOnTask(TryStatementSyntax tryStatement)
    {
        var statements = tryStatement.Block.Statements;
        if (statements.Count == 0 || EnclosingFunction(tryStatement) is not { } function)
        {
            return false;
        }

        foreach (var statement in statements)
        {
            var wait = statement switch
            {
                ExpressionStatementSyntax { Expression: var expression } => expression,
                IfStatementSyntax { Condition: var condition, Else: null, Statement: ReturnStatementSyntax or BreakStatementSyntax } => condition,
                _ => null,
            };
            if (wait is null || WaitedTask(wait) is not { } task)
            {
                return false;
            }

            var name = task.Identifier.ValueText;
            if (!IsParameter(name, function) && !IsReadAfter(tryStatement, name))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// The failing code is the error-reporting path itself: the member is a logging member (<c>Log…</c>), or every call in
    /// the try block logs (<c>Log…</c> methods, calls on a logger, <c>Trace</c>/<c>Debug</c>). A failure to report a
    /// failure has nowhere better to go, and must not replace the failure being reported.
    /// </summary>
    internal static bool IsErrorReportingPath(TryStatementSyntax tryStatement)
    {
        for (SyntaxNode? node = tryStatement.Parent; node is not null; node = node.Parent)
        {
            var name = node switch
            {
                MethodDeclarationSyntax method => method.Identifier.ValueText,
                LocalFunctionStatementSyntax local => local.Identifier.ValueText,
                _ => null,
            };
            if (name is not null)
            {
                if (IsLoggingName(name))
                {
                    return true;
                }

                break;
            }

            if (node is MemberDeclarationSyntax)
            {
                break;
            }
        }

        var calls = 0;
        foreach (var node in tryStatement.Block.DescendantNodes(static n => n is not AnonymousFunctionExpressionSyntax and not LocalFunctionStatementSyntax))
        {
            if (node is not InvocationExpressionSyntax invocation)
            {
                continue;
            }

            if (!IsLoggingCall(invocation))
            {
                return false;
            }

            calls++;
        }

        return calls > 0;
    }

    /// <summary>
    /// The filter lets the catch swallow only once the object is going away or the work was cancelled: it requires a
    /// flag such as <c>_disposed</c>, <c>IsClosed</c>, <c>_stopping</c> or <c>token.IsCancellationRequested</c> to be true
    /// (<c>catch (IOException) when (_disposed) { }</c>). Every other failure still propagates. A negated flag
    /// (<c>when (!_disposed)</c>) swallows the normal case and is not this.
    /// </summary>
    internal static bool SwallowsOnlyDuringTeardown(CatchClauseSyntax clause)
    {
        if (clause.Filter is not { } filter)
        {
            return false;
        }

        var condition = Unparenthesized(filter.FilterExpression);
        return condition is BinaryExpressionSyntax { RawKind: (int)SyntaxKind.LogicalAndExpression } and
            ? IsTeardownFlag(and.Left) || IsTeardownFlag(and.Right)
            : IsTeardownFlag(condition);

        static bool IsTeardownFlag(ExpressionSyntax expression)
        {
            var name = Unparenthesized(expression) switch
            {
                IdentifierNameSyntax identifier => identifier.Identifier.ValueText,
                MemberAccessExpressionSyntax access => access.Name.Identifier.ValueText,
                _ => null,
            };
            if (name is null)
            {
                return false;
            }

            // _disposed, m_closing, IsClosed, token.IsCancellationRequested.
            name = name.TrimStart('_');
            name = name.StartsWith("m_", System.StringComparison.Ordinal) ? name.Substring(2) : name;
            name = name.StartsWith("is", System.StringComparison.OrdinalIgnoreCase) ? name.Substring(2) : name;
            foreach (var flag in TeardownFlags)
            {
                if (name.Equals(flag, System.StringComparison.OrdinalIgnoreCase))
                {
                    return true;
                }
            }

            return false;
        }

        static ExpressionSyntax Unparenthesized(ExpressionSyntax expression)
        {
            while (expression is ParenthesizedExpressionSyntax parenthesized)
            {
                expression = parenthesized.Expression;
            }

            return expression;
        }
    }

    private static readonly string[] TeardownFlags = { "Disposed", "Disposing", "Closed", "Closing", "Stopping", "Stopped", "ShuttingDown", "CancellationRequested" };

    /// <summary>
    /// The try runs in a <c>finally</c> block (of this function, not of a lambda written there): cleanup after the work,
    /// whose own failure must not replace the work's outcome (<c>finally { try { DropTempTable(); } catch { } }</c>).
    /// </summary>
    internal static bool IsInFinally(TryStatementSyntax tryStatement)
    {
        for (SyntaxNode? node = tryStatement.Parent; node is not null; node = node.Parent)
        {
            switch (node)
            {
                case FinallyClauseSyntax:
                    return true;
                case AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax or MemberDeclarationSyntax:
                    return false;
            }
        }

        return false;
    }

    /// <summary>
    /// The try is the last statement of a <c>foreach</c> body and the catch is empty or only <c>continue;</c>: an item
    /// that fails is skipped (<c>foreach (var key in keys) { try { keys.Add(Parse(key)); } catch { } }</c>), the
    /// loop's stated way of dealing with invalid input.
    /// </summary>
    internal static bool SkipsTheItem(TryStatementSyntax tryStatement, BlockSyntax handler)
    {
        if (handler.Statements.Count > 1 || (handler.Statements.Count == 1 && handler.Statements[0] is not ContinueStatementSyntax))
        {
            return false;
        }

        return tryStatement.Parent switch
        {
            CommonForEachStatementSyntax => true,
            BlockSyntax { Parent: CommonForEachStatementSyntax } body => body.Statements[body.Statements.Count - 1] == tryStatement,
            _ => false,
        };
    }

    /// <summary>
    /// The test idiom for an expected exception: the try block ends by failing (<c>Assert.Fail(...)</c>, any <c>Fail</c>
    /// call, or a throw), so reaching the empty catch is the success path; or the catch returns and the statement after
    /// the try fails the test (<c>catch (OperationCanceledException) { return; } Assert.True(false);</c>).
    /// </summary>
    internal static bool ExpectsTheThrow(TryStatementSyntax tryStatement, BlockSyntax handler)
    {
        var tried = tryStatement.Block.Statements;
        if (tried.Count > 0 && Fails(tried[tried.Count - 1]))
        {
            return true;
        }

        return handler.Statements.Count == 1
            && handler.Statements[0] is ReturnStatementSyntax { Expression: null }
            && tryStatement.Parent is BlockSyntax block
            && block.Statements.IndexOf(tryStatement) is var index and >= 0
            && index + 1 < block.Statements.Count
            && Fails(block.Statements[index + 1]);
    }

    /// <summary>
    /// Best-effort cleanup: every statement of the try block only releases something (<c>x.Dispose()</c>,
    /// <c>await s.DisposeAsync()</c>, <c>socket.Close()</c>, <c>File.Delete(p)</c>, <c>cts.Cancel()</c>, ...), possibly
    /// chosen by an <c>if</c>. A failure to clean up must not replace the work's own outcome, so swallowing it is the norm.
    /// Opening what is released (<c>await using var c = new Connection();</c>) and a pause after it
    /// (<c>await Task.Delay(1000);</c>) are part of the same drop-if-exists step.
    /// </summary>
    internal static bool IsCleanup(BlockSyntax tried)
    {
        var releases = false;
        foreach (var statement in tried.Statements)
        {
            if (IsCleanupStatement(statement, 0))
            {
                releases = true;
            }
            else if (!IsOpeningOrPause(statement))
            {
                return false;
            }
        }

        return releases;
    }

    /// <summary>A local made with <c>new</c> (also <c>using</c>/<c>await using</c>), or a <c>Task.Delay</c>/<c>Thread.Sleep</c>.</summary>
    private static bool IsOpeningOrPause(StatementSyntax statement)
    {
        switch (statement)
        {
            case LocalDeclarationStatementSyntax { Declaration.Variables: var variables }:
                foreach (var variable in variables)
                {
                    if (variable.Initializer?.Value is not (ObjectCreationExpressionSyntax or ImplicitObjectCreationExpressionSyntax))
                    {
                        return false;
                    }
                }

                return true;
            case ExpressionStatementSyntax { Expression: var expression }:
                if (expression is AwaitExpressionSyntax { Expression: var awaited })
                {
                    expression = awaited;
                }

                return expression is InvocationExpressionSyntax
                {
                    Expression: MemberAccessExpressionSyntax { Expression: IdentifierNameSyntax { Identifier.ValueText: "Task" or "Thread" }, Name.Identifier.ValueText: "Delay" or "Sleep" },
                };
            default:
                return false;
        }
    }

    /// <summary>
    /// A type whose name is an answer rather than a fault (<c>KeyNotFoundException</c>, <c>ObjectAlreadyExistsException</c>,
    /// <c>KeyDeletedException</c>, or a base so named): catching it is how code asks "is it there?" and goes on either way.
    /// </summary>
    internal static bool IsAnswer(ITypeSymbol caught)
    {
        for (var type = caught; type is not null && type.SpecialType != SpecialType.System_Object; type = type.BaseType)
        {
            var name = type.Name;
            foreach (var answer in Answers)
            {
                if (name.IndexOf(answer, System.StringComparison.Ordinal) >= 0)
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>
    /// The catch is in a private method that only <c>finally</c> blocks call (in any part of its type): it runs after the
    /// outcome of the work is decided, and its own failure must not replace that outcome.
    /// </summary>
    internal static bool IsInHelperOnlyFinallyCalls(CatchClauseSyntax clause, SemanticModel model, System.Threading.CancellationToken cancellationToken)
    {
        if (clause.FirstAncestorOrSelf<MemberDeclarationSyntax>() is not MethodDeclarationSyntax method
            || method.ExplicitInterfaceSpecifier is not null
            || model.GetDeclaredSymbol(method, cancellationToken) is not { DeclaredAccessibility: Accessibility.Private, ContainingType: { } type })
        {
            return false;
        }

        var name = method.Identifier.ValueText;
        var called = false;
        foreach (var reference in type.DeclaringSyntaxReferences)
        {
            foreach (var node in reference.GetSyntax(cancellationToken).DescendantNodes())
            {
                if (node is not IdentifierNameSyntax identifier || identifier.Identifier.ValueText != name)
                {
                    continue;
                }

                if (identifier.FirstAncestorOrSelf<MethodDeclarationSyntax>() == method)
                {
                    continue; // recursion reaches nothing new
                }

                if (!IsCalledInFinally(identifier))
                {
                    return false;
                }

                called = true;
            }
        }

        return called;
    }

    private static bool IsCalledInFinally(IdentifierNameSyntax identifier)
    {
        if (!Lifecycle.IsInvoked(identifier))
        {
            return false;
        }

        for (SyntaxNode? node = identifier; node is not null; node = node.Parent)
        {
            switch (node)
            {
                case FinallyClauseSyntax:
                    return true;
                case MemberDeclarationSyntax or AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax:
                    return false;
            }
        }

        return false;
    }

    /// <summary>
    /// A releasing verb, alone or followed by a capitalized word (<c>CloseOutputAsync</c>, <c>DeleteFile</c>): the
    /// teardown verbs of <see cref="Lifecycle"/> and the cleanup calls that are not members' names there.
    /// </summary>
    internal static bool IsReleaseName(string name)
    {
        if (Lifecycle.IsPhaseName(name, LifecyclePhase.Teardown))
        {
            return true;
        }

        foreach (var verb in CleanupVerbs)
        {
            if (name.StartsWith(verb, System.StringComparison.Ordinal) && (name.Length == verb.Length || char.IsUpper(name[verb.Length])))
            {
                return true;
            }
        }

        return name is "Complete" or "CompleteAsync";
    }

    private static bool IsCleanupStatement(StatementSyntax statement, int depth)
    {
        if (depth > MaxDepth)
        {
            return false;
        }

        switch (statement)
        {
            case ExpressionStatementSyntax { Expression: var expression }:
                return IsCleanupCall(expression);
            case IfStatementSyntax { Statement: var then, Else: var otherwise }:
                return IsCleanupStatement(then, depth + 1) && (otherwise is null || IsCleanupStatement(otherwise.Statement, depth + 1));
            case ForEachStatementSyntax { Statement: var body }:
                return IsCleanupStatement(body, depth + 1);
            case BlockSyntax { Statements: var statements } when statements.Count > 0:
                foreach (var inner in statements)
                {
                    if (!IsCleanupStatement(inner, depth + 1))
                    {
                        return false;
                    }
                }

                return true;
            default:
                return false;
        }
    }

    /// <summary>A call to a releasing method, under <c>await</c>, <c>?.</c>, <c>ConfigureAwait</c> or <c>GetAwaiter().GetResult()</c>.</summary>
    private static bool IsCleanupCall(ExpressionSyntax expression)
    {
        for (var i = 0; i < MaxDepth; i++)
        {
            switch (expression)
            {
                case AwaitExpressionSyntax { Expression: var awaited }:
                    expression = awaited;
                    continue;
                case ConditionalAccessExpressionSyntax { WhenNotNull: var whenNotNull }:
                    expression = whenNotNull;
                    continue;
                case InvocationExpressionSyntax { Expression: var callee } invocation:
                    var name = CalleeName(callee);
                    if (name is not null && IsReleaseName(name))
                    {
                        return true;
                    }

                    // `s.DisposeAsync().ConfigureAwait(false)`, `t.GetAwaiter().GetResult()`, `s.DisposeAsync().AsTask().Forget()`:
                    // calls chained on the release without arguments of their own (ConfigureAwait's flag aside).
                    if (callee is MemberAccessExpressionSyntax { Expression: InvocationExpressionSyntax inner }
                        && (name == "ConfigureAwait" || invocation.ArgumentList.Arguments.Count == 0))
                    {
                        expression = inner;
                        continue;
                    }

                    return false;
                default:
                    return false;
            }
        }

        return false;
    }

    private static string? CalleeName(ExpressionSyntax callee) => callee switch
    {
        MemberAccessExpressionSyntax member => member.Name.Identifier.ValueText,
        MemberBindingExpressionSyntax binding => binding.Name.Identifier.ValueText,
        IdentifierNameSyntax identifier => identifier.Identifier.ValueText,
        GenericNameSyntax generic => generic.Identifier.ValueText,
        _ => null,
    };

    /// <summary>
    /// A statement that fails a test: a <c>Fail(...)</c> call (<c>Assert.Fail</c>), <c>Assert.True(false)</c> /
    /// <c>Assert.False(true)</c>, or a throw.
    /// </summary>
    private static bool Fails(StatementSyntax statement) => statement switch
    {
        ThrowStatementSyntax => true,
        ExpressionStatementSyntax { Expression: InvocationExpressionSyntax { Expression: var callee, ArgumentList.Arguments: var arguments } } =>
            CalleeName(callee) switch
            {
                "Fail" => true,
                "True" or "IsTrue" => arguments.Count > 0 && arguments[0].Expression.IsKind(SyntaxKind.FalseLiteralExpression),
                "False" or "IsFalse" => arguments.Count > 0 && arguments[0].Expression.IsKind(SyntaxKind.TrueLiteralExpression),
                _ => false,
            },
        _ => false,
    };

    /// <summary>No normal path reaches the end of <paramref name="statement"/> (it returns, throws, breaks or continues on every path).</summary>
    private static bool CannotCompleteNormally(StatementSyntax statement, int depth)
    {
        if (depth > MaxDepth)
        {
            return false;
        }

        switch (statement)
        {
            case ReturnStatementSyntax or ThrowStatementSyntax or BreakStatementSyntax or ContinueStatementSyntax or GotoStatementSyntax:
            case YieldStatementSyntax { RawKind: (int)SyntaxKind.YieldBreakStatement }:
                return true;
            case BlockSyntax block:
                foreach (var inner in block.Statements)
                {
                    if (CannotCompleteNormally(inner, depth + 1))
                    {
                        return true;
                    }
                }

                return false;
            case IfStatementSyntax { Else: { } otherwise } ifStatement:
                return CannotCompleteNormally(ifStatement.Statement, depth + 1) && CannotCompleteNormally(otherwise.Statement, depth + 1);
            case UsingStatementSyntax { Statement: var body }:
                return CannotCompleteNormally(body, depth + 1);
            case LockStatementSyntax { Statement: var body }:
                return CannotCompleteNormally(body, depth + 1);
            case FixedStatementSyntax { Statement: var body }:
                return CannotCompleteNormally(body, depth + 1);
            case CheckedStatementSyntax { Block: var body }:
                return CannotCompleteNormally(body, depth + 1);
            case LabeledStatementSyntax { Statement: var body }:
                return CannotCompleteNormally(body, depth + 1);
            case TryStatementSyntax tryStatement:
                if (tryStatement.Finally is { } @finally && CannotCompleteNormally(@finally.Block, depth + 1))
                {
                    return true;
                }

                if (!CannotCompleteNormally(tryStatement.Block, depth + 1))
                {
                    return false;
                }

                foreach (var @catch in tryStatement.Catches)
                {
                    if (!CannotCompleteNormally(@catch.Block, depth + 1))
                    {
                        return false;
                    }
                }

                return true;
            default:
                return false;
        }
    }

    /// <summary>Code runs after <paramref name="tryStatement"/>: a later statement of an enclosing block, or the next iteration of an enclosing loop.</summary>
    private static bool HasContinuation(TryStatementSyntax tryStatement)
    {
        SyntaxNode current = tryStatement;
        for (var level = 0; level < MaxDepth && current.Parent is { } parent; level++)
        {
            switch (parent)
            {
                case BlockSyntax or SwitchSectionSyntax:
                    var statements = parent is BlockSyntax block ? block.Statements : ((SwitchSectionSyntax)parent).Statements;
                    var index = statements.IndexOf((StatementSyntax)current);
                    for (var i = index + 1; i < statements.Count; i++)
                    {
                        if (statements[i] is not LocalFunctionStatementSyntax)
                        {
                            return true;
                        }
                    }

                    current = parent is SwitchSectionSyntax ? parent.Parent! : parent;
                    continue;
                case WhileStatementSyntax or DoStatementSyntax or ForStatementSyntax or CommonForEachStatementSyntax:
                    return true;
                case IfStatementSyntax or ElseClauseSyntax or UsingStatementSyntax or LockStatementSyntax or FixedStatementSyntax
                    or CheckedStatementSyntax or LabeledStatementSyntax:
                    current = parent;
                    continue;
                case TryStatementSyntax or FinallyClauseSyntax:
                    current = parent is FinallyClauseSyntax ? parent.Parent! : parent;
                    continue;
                case CatchClauseSyntax @catch:
                    current = @catch.Parent!;
                    continue;
                default:
                    return false;
            }
        }

        return false;
    }

    /// <summary>
    /// The statements that run after <paramref name="tryStatement"/> in its function: the rest of its block, then of each
    /// enclosing block, loops included.
    /// </summary>
    private static IEnumerable<StatementSyntax> FollowingStatements(TryStatementSyntax tryStatement)
    {
        SyntaxNode current = tryStatement;
        for (var level = 0; level < 2 * MaxDepth && current.Parent is { } parent; level++)
        {
            if (parent is BlockSyntax or SwitchSectionSyntax)
            {
                var statements = parent is BlockSyntax block ? block.Statements : ((SwitchSectionSyntax)parent).Statements;
                var index = statements.IndexOf((StatementSyntax)current);
                for (var i = index + 1; i < statements.Count; i++)
                {
                    yield return statements[i];
                }
            }
            else if (parent is not StatementSyntax and not ElseClauseSyntax and not CatchClauseSyntax and not FinallyClauseSyntax)
            {
                yield break;
            }

            if (parent is LocalFunctionStatementSyntax)
            {
                yield break;
            }

            current = parent;
        }
    }

    private static bool IsReadAfter(TryStatementSyntax tryStatement, string name)
    {
        foreach (var following in FollowingStatements(tryStatement))
        {
            if (WrittenCode.Mentions(following, name))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary><paramref name="statement"/> tests <paramref name="name"/>: in a condition, <c>??</c>, <c>?.</c>, <c>is</c>, a comparison or a switch.</summary>
    private static bool Tests(StatementSyntax statement, string name)
    {
        foreach (var node in statement.DescendantNodesAndSelf())
        {
            var tested = node switch
            {
                IfStatementSyntax ifStatement => ifStatement.Condition,
                WhileStatementSyntax whileStatement => whileStatement.Condition,
                DoStatementSyntax doStatement => doStatement.Condition,
                ForStatementSyntax { Condition: { } condition } => condition,
                ConditionalExpressionSyntax conditional => conditional.Condition,
                BinaryExpressionSyntax { RawKind: (int)SyntaxKind.CoalesceExpression } coalesce => coalesce.Left,
                AssignmentExpressionSyntax { RawKind: (int)SyntaxKind.CoalesceAssignmentExpression } assignment => assignment.Left,
                ConditionalAccessExpressionSyntax access => access.Expression,
                IsPatternExpressionSyntax pattern => pattern.Expression,
                BinaryExpressionSyntax { RawKind: (int)SyntaxKind.EqualsExpression or (int)SyntaxKind.NotEqualsExpression or (int)SyntaxKind.IsExpression } comparison => comparison,
                SwitchStatementSyntax @switch => @switch.Expression,
                SwitchExpressionSyntax @switch => @switch.GoverningExpression,
                _ => null,
            };
            if (tested is not null && WrittenCode.Mentions(tested, name))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Names assigned (<c>x = …</c>, <c>x ??= …</c>) by statements of the try block that run on every normal path.</summary>
    private static void CollectAssignedNames(StatementSyntax statement, ref List<string>? names, int depth)
    {
        if (depth > MaxDepth)
        {
            return;
        }

        switch (statement)
        {
            case BlockSyntax block:
                foreach (var inner in block.Statements)
                {
                    CollectAssignedNames(inner, ref names, depth + 1);
                }

                break;
            case UsingStatementSyntax { Statement: var body }:
                CollectAssignedNames(body, ref names, depth + 1);
                break;
            case LockStatementSyntax { Statement: var body }:
                CollectAssignedNames(body, ref names, depth + 1);
                break;
            case ExpressionStatementSyntax { Expression: AssignmentExpressionSyntax { Left: IdentifierNameSyntax target } }:
                (names ??= new List<string>()).Add(target.Identifier.ValueText);
                break;
        }
    }

    /// <summary><paramref name="name"/> is a parameter of the function, or a local it declares before the try.</summary>
    private static bool IsLocalOrParameter(string name, SyntaxNode function, TryStatementSyntax tryStatement)
    {
        if (IsParameter(name, function))
        {
            return true;
        }

        foreach (var node in function.DescendantNodes(static n => n is not AnonymousFunctionExpressionSyntax and not LocalFunctionStatementSyntax))
        {
            if (node.SpanStart >= tryStatement.SpanStart)
            {
                break;
            }

            if (node is VariableDeclaratorSyntax { Parent.Parent: LocalDeclarationStatementSyntax } declarator && declarator.Identifier.ValueText == name)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// <paramref name="name"/> is a local the function declares with a value before the try (<c>null</c> or
    /// <c>default</c> when <paramref name="empty"/>).
    /// </summary>
    private static bool IsInitializedLocal(string name, SyntaxNode function, TryStatementSyntax tryStatement, bool empty)
    {
        foreach (var node in function.DescendantNodes(static n => n is not AnonymousFunctionExpressionSyntax and not LocalFunctionStatementSyntax))
        {
            if (node.SpanStart >= tryStatement.SpanStart)
            {
                break;
            }

            if (node is VariableDeclaratorSyntax { Parent.Parent: LocalDeclarationStatementSyntax, Initializer: { } initializer } declarator
                && declarator.Identifier.ValueText == name)
            {
                return !empty || initializer.Value.IsKind(SyntaxKind.NullLiteralExpression) || initializer.Value.IsKind(SyntaxKind.DefaultLiteralExpression)
                    || initializer.Value is DefaultExpressionSyntax;
            }
        }

        return false;
    }

    private static bool IsParameter(string name, SyntaxNode function)
    {
        var parameters = function switch
        {
            BaseMethodDeclarationSyntax method => method.ParameterList.Parameters,
            LocalFunctionStatementSyntax local => local.ParameterList.Parameters,
            ParenthesizedLambdaExpressionSyntax lambda => lambda.ParameterList.Parameters,
            SimpleLambdaExpressionSyntax simple => SyntaxFactory.SingletonSeparatedList(simple.Parameter),
            AnonymousMethodExpressionSyntax { ParameterList: { } list } => list.Parameters,
            _ => default,
        };
        foreach (var parameter in parameters)
        {
            if (parameter.Identifier.ValueText == name)
            {
                return true;
            }
        }

        return false;
    }

    private static SyntaxNode? EnclosingFunction(SyntaxNode node)
    {
        for (var current = node.Parent; current is not null; current = current.Parent)
        {
            if (current is BaseMethodDeclarationSyntax or LocalFunctionStatementSyntax or AnonymousFunctionExpressionSyntax or AccessorDeclarationSyntax)
            {
                return current;
            }
        }

        return null;
    }

    /// <summary>
    /// The task a wait is on, when it is a plain name: <c>await t</c>, <c>await t.ConfigureAwait(false)</c>, <c>t.Wait(…)</c>,
    /// <c>t.GetAwaiter().GetResult()</c>, <c>Task.WaitAll(ts, …)</c>, <c>await Task.WhenAll(ts)</c>.
    /// </summary>
    private static IdentifierNameSyntax? WaitedTask(ExpressionSyntax wait)
    {
        var expression = wait is AwaitExpressionSyntax { Expression: var awaited } ? awaited : wait;
        var isAwait = expression != wait;
        for (var i = 0; i < 4; i++)
        {
            if (expression is not InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax callee } invocation)
            {
                return isAwait ? expression as IdentifierNameSyntax : null;
            }

            switch (callee.Name.Identifier.ValueText)
            {
                case "ConfigureAwait" when isAwait:
                    expression = callee.Expression;
                    continue;
                case "GetResult" when invocation.ArgumentList.Arguments.Count == 0
                    && callee.Expression is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "GetAwaiter" } awaiter }:
                    // t.GetAwaiter().GetResult() waits as `await t` does.
                    expression = awaiter.Expression;
                    isAwait = true;
                    continue;
                case "Wait" when callee.Expression is IdentifierNameSyntax task:
                    return task;
                case "WaitAll" or "WhenAll" or "WaitAny" or "WhenAny"
                    when callee.Expression is IdentifierNameSyntax { Identifier.ValueText: "Task" }
                        && invocation.ArgumentList.Arguments.Count > 0
                        && invocation.ArgumentList.Arguments[0].Expression is IdentifierNameSyntax tasks:
                    return tasks;
                default:
                    return null;
            }
        }

        return null;
    }

    /// <summary>A logging member's name: <c>Log</c>, <c>LogAsync</c>, <c>LogFailure</c> (not <c>Login</c>).</summary>
    private static bool IsLoggingName(string name) =>
        name.StartsWith("Log", System.StringComparison.Ordinal) && (name.Length == 3 || char.IsUpper(name[3]));

    /// <summary>
    /// A call that reports: a <c>Log…</c> method, any call on a logger (<c>_logger</c>, <c>log</c>, <c>LogContext.Error?</c>),
    /// or <c>Trace</c>/<c>Debug</c> output.
    /// </summary>
    private static bool IsLoggingCall(InvocationExpressionSyntax invocation)
    {
        if (CalleeName(invocation.Expression) is { } name && IsLoggingName(name))
        {
            return true;
        }

        var receiver = Receiver(invocation.Expression);
        for (var i = 0; i < MaxDepth && receiver is not null; i++, receiver = Receiver(receiver))
        {
            var text = receiver switch
            {
                IdentifierNameSyntax identifier => identifier.Identifier.ValueText,
                MemberAccessExpressionSyntax member => member.Name.Identifier.ValueText,
                _ => null,
            };
            if (text is not null && (IsLoggerName(text) || text is "Trace" or "Debug"))
            {
                return true;
            }
        }

        return false;
    }

    private static ExpressionSyntax? Receiver(ExpressionSyntax expression) => expression switch
    {
        MemberAccessExpressionSyntax member => member.Expression,
        ConditionalAccessExpressionSyntax access => access.Expression,
        MemberBindingExpressionSyntax binding => BoundTo(binding),
        InvocationExpressionSyntax invocation => invocation.Expression,
        _ => null,
    };

    /// <summary>
    /// What <c>.Name</c> in <c>x?.Name</c> is bound to: the expression of the nearest conditional access whose
    /// <c>WhenNotNull</c> part holds it (<c>x?.A()?.B()</c>: <c>.B</c> binds to <c>.A()</c>, <c>.A</c> to <c>x</c>).
    /// </summary>
    private static ExpressionSyntax? BoundTo(MemberBindingExpressionSyntax binding)
    {
        for (var node = binding.Parent; node is not null and not StatementSyntax; node = node.Parent)
        {
            if (node is ConditionalAccessExpressionSyntax access && access.WhenNotNull.Span.Contains(binding.Span))
            {
                return access.Expression;
            }
        }

        return null;
    }

    /// <summary><c>log</c>, <c>_log</c>, <c>logger</c>, <c>_logger</c>, <c>Logger</c>, <c>LogContext</c>, <c>logFactory</c>.</summary>
    private static bool IsLoggerName(string name)
    {
        var start = 0;
        while (start < name.Length && name[start] == '_')
        {
            start++;
        }

        if (name.Length - start < 3
            || char.ToLowerInvariant(name[start]) != 'l' || name[start + 1] != 'o' || name[start + 2] != 'g')
        {
            return false;
        }

        var rest = start + 3;
        return rest == name.Length
            || char.IsUpper(name[rest])
            || string.CompareOrdinal(name, rest, "ger", 0, 3) == 0;
    }
}
