using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Testing;
using Vet.Analyzers.Tests.Infrastructure;
using Vet.CodeFixes.Errors;
using Xunit;
using Test = Vet.Analyzers.Tests.Infrastructure.VetTest<Vet.Analyzers.Errors.ConditionalRethrowAnalyzer, Vet.CodeFixes.Errors.ConditionalRethrowCodeFix>;
using Verify = Vet.Analyzers.Tests.Infrastructure.Verify<Vet.Analyzers.Errors.ConditionalRethrowAnalyzer, Vet.CodeFixes.Errors.ConditionalRethrowCodeFix>;

namespace Vet.Analyzers.Tests.Errors;

/// <summary>VET305: <c>if (cond) throw;</c> at the top of a catch instead of an exception filter.</summary>
public class VET305Tests
{
    private static DiagnosticResult Rethrow(int markup, string caught, string condition) =>
        Verify.Diagnostic().WithLocation(markup).WithArguments(caught, condition).WithSeverity(DiagnosticSeverity.Info);

    /// <summary>The type a catch clause written as <paramref name="clause"/> catches (a bare <c>catch</c> catches Exception).</summary>
    private static string CaughtBy(string clause) =>
        System.Text.RegularExpressions.Regex.Match(clause, @"^catch \((\w+)") is { Success: true } match ? match.Groups[1].Value : "Exception";

    /// <summary>The class every case lives in: a store call, a domain exception with a code, a few fields.</summary>
    private static string Store(string catches) => """
        #nullable enable
        using System;
        using System.IO;

        class StoreException : Exception
        {
            public int Number { get; set; }
            public double Load { get; set; }
            public StoreException(string message) : base(message) { }
        }

        class Store
        {
            private bool _strict;
            private bool _quiet;
            private int _retries;

            public void Save(string key)
            {
                try
                {
                    Write(key);
                }
                CATCHES
            }

            private static void Write(string key) { }
            private void Retry(string key) => _retries++;
        }
        """.Replace("CATCHES", catches);

    // ---- Flagged and fixed -----------------------------------------------------------------------------------

    [Theory]
    [InlineData("!= flips to ==",
        "catch (StoreException ex)\n{\n    {|#0:if|} (ex.Number != 1205) throw;\n    Retry(key);\n}",
        "catch (StoreException ex) when (ex.Number == 1205)\n{\n    Retry(key);\n}",
        "ex.Number != 1205")]
    [InlineData("leading ! is removed",
        "catch (Exception ex)\n{\n    {|#0:if|} (!(ex is IOException)) throw;\n    Retry(key);\n}",
        "catch (Exception ex) when (ex is IOException)\n{\n    Retry(key);\n}",
        "!(ex is IOException)")]
    [InlineData("is becomes is not",
        "catch (Exception ex)\n{\n    {|#0:if|} (ex.InnerException is TimeoutException) throw;\n    Retry(key);\n}",
        "catch (Exception ex) when (ex.InnerException is not TimeoutException)\n{\n    Retry(key);\n}",
        "ex.InnerException is TimeoutException")]
    [InlineData("is not with a pattern variable becomes is",
        "catch (Exception ex)\n{\n    {|#0:if|} (ex is not StoreException store) throw;\n    _retries = store.Number;\n}",
        "catch (Exception ex) when (ex is StoreException store)\n{\n    _retries = store.Number;\n}",
        "ex is not StoreException store")]
    [InlineData("a block around the throw and a field",
        "catch (IOException)\n{\n    {|#0:if|} (!_strict)\n    {\n        throw;\n    }\n\n    Retry(key);\n}",
        "catch (IOException) when (_strict)\n{\n    Retry(key);\n}",
        "!_strict")]
    [InlineData("integer comparison flips",
        "catch (StoreException ex)\n{\n    {|#0:if|} (ex.Number < 500) throw;\n    Retry(key);\n}",
        "catch (StoreException ex) when (ex.Number >= 500)\n{\n    Retry(key);\n}",
        "ex.Number < 500")]
    [InlineData("floating comparison keeps the !",
        "catch (StoreException ex)\n{\n    {|#0:if|} (ex.Load < 0.5) throw;\n    Retry(key);\n}",
        "catch (StoreException ex) when (!(ex.Load < 0.5))\n{\n    Retry(key);\n}",
        "ex.Load < 0.5")]
    [InlineData("logical operators are parenthesized",
        "catch (StoreException ex)\n{\n    {|#0:if|} (_strict && ex.Number == 0) throw;\n    Retry(key);\n}",
        "catch (StoreException ex) when (!(_strict && ex.Number == 0))\n{\n    Retry(key);\n}",
        "_strict && ex.Number == 0")]
    [InlineData("known-pure string call",
        "catch (Exception ex)\n{\n    {|#0:if|} (string.IsNullOrEmpty(ex.Message)) throw;\n    Retry(key);\n}",
        "catch (Exception ex) when (!string.IsNullOrEmpty(ex.Message))\n{\n    Retry(key);\n}",
        "string.IsNullOrEmpty(ex.Message)")]
    [InlineData("an existing filter is joined with &&",
        "catch (StoreException ex) when (ex.Number > 0 || _strict)\n{\n    {|#0:if|} (_quiet) throw;\n    Retry(key);\n}",
        "catch (StoreException ex) when ((ex.Number > 0 || _strict) && !_quiet)\n{\n    Retry(key);\n}",
        "_quiet")]
    [InlineData("a catch without a type",
        "catch\n{\n    {|#0:if|} (_strict) throw;\n    Retry(key);\n}",
        "catch when (!_strict)\n{\n    Retry(key);\n}",
        "_strict")]
    [InlineData("a comment above the if moves to the next statement",
        "catch (StoreException ex)\n{\n    // deadlocks are retried\n    {|#0:if|} (ex.Number != 1205) throw;\n    Retry(key);\n}",
        "catch (StoreException ex) when (ex.Number == 1205)\n{\n    // deadlocks are retried\n    Retry(key);\n}",
        "ex.Number != 1205")]
    [InlineData("nothing after the if",
        "catch (StoreException ex)\n{\n    {|#0:if|} (ex.Number != 1205) throw;\n}",
        "catch (StoreException ex) when (ex.Number == 1205)\n{\n}",
        "ex.Number != 1205")]
    public async Task Flags_and_moves_the_condition_into_a_filter(string scenario, string before, string after, string condition)
    {
        Assert.NotEmpty(scenario);
        await Verify.CodeFix(
            Store(Indent(before)),
            Store(Indent(after)),
            ConditionalRethrowCodeFix.UseFilterKey,
            TargetFramework.Net80,
            Rethrow(0, CaughtBy(before), condition));
    }

    [Fact]
    public async Task Before_csharp_9_negates_is_with_the_operator()
    {
        var test = new Test
        {
            TestCode = """
                using System;
                using System.IO;

                class Loader
                {
                    public void Load()
                    {
                        try { Read(); }
                        catch (Exception ex)
                        {
                            {|#0:if|} (ex is IOException) throw;
                            Console.WriteLine("skipped");
                        }
                    }

                    private static void Read() { }
                }
                """,
            FixedCode = """
                using System;
                using System.IO;

                class Loader
                {
                    public void Load()
                    {
                        try { Read(); }
                        catch (Exception ex) when (!(ex is IOException))
                        {
                            Console.WriteLine("skipped");
                        }
                    }

                    private static void Read() { }
                }
                """,
            CodeActionEquivalenceKey = ConditionalRethrowCodeFix.UseFilterKey,
        };
        test.WithLanguageVersion(LanguageVersion.CSharp8);
        test.ExpectedDiagnostics.Add(Rethrow(0, "Exception", "ex is IOException"));
        await test.RunAsync();
    }

    [Fact]
    public async Task Fix_all_rewrites_every_catch_in_two_documents()
    {
        var test = new Test { CodeActionEquivalenceKey = ConditionalRethrowCodeFix.UseFilterKey };
        test.TestState.Sources.Add("""
            using System;
            using System.IO;

            class A
            {
                public void Run()
                {
                    try { Step(); }
                    catch (IOException ex)
                    {
                        {|#0:if|} (ex.HResult == 0) throw;
                        Console.WriteLine("io");
                    }

                    try { Step(); }
                    catch (InvalidOperationException ex)
                    {
                        {|#1:if|} (ex.InnerException != null) throw;
                        Console.WriteLine("state");
                    }
                }

                private static void Step() { }
            }
            """);
        test.TestState.Sources.Add("""
            using System;

            class B
            {
                private bool _strict;

                public void Run()
                {
                    try { Console.WriteLine(); }
                    catch (FormatException)
                    {
                        {|#2:if|} (_strict) throw;
                        Console.WriteLine("bad format");
                    }
                }
            }
            """);
        test.FixedState.Sources.Add("""
            using System;
            using System.IO;

            class A
            {
                public void Run()
                {
                    try { Step(); }
                    catch (IOException ex) when (ex.HResult != 0)
                    {
                        Console.WriteLine("io");
                    }

                    try { Step(); }
                    catch (InvalidOperationException ex) when (ex.InnerException == null)
                    {
                        Console.WriteLine("state");
                    }
                }

                private static void Step() { }
            }
            """);
        test.FixedState.Sources.Add("""
            using System;

            class B
            {
                private bool _strict;

                public void Run()
                {
                    try { Console.WriteLine(); }
                    catch (FormatException) when (!_strict)
                    {
                        Console.WriteLine("bad format");
                    }
                }
            }
            """);
        test.ExpectedDiagnostics.Add(Rethrow(0, "IOException", "ex.HResult == 0"));
        test.ExpectedDiagnostics.Add(Rethrow(1, "InvalidOperationException", "ex.InnerException != null"));
        test.ExpectedDiagnostics.Add(Rethrow(2, "FormatException", "_strict"));
        await test.RunAsync();
    }

    // ---- Not flagged ---------------------------------------------------------------------------------------------

    [Theory]
    [InlineData("a call", "catch (Exception ex)\n{\n    if (ShouldRethrow(ex)) throw;\n    Retry(key);\n}")]
    [InlineData("a property of something else", "catch (Exception ex)\n{\n    if (Options.Strict) throw;\n    Retry(key);\n}")]
    [InlineData("an assignment", "catch (Exception ex)\n{\n    if ((_retries = 3) > 2) throw;\n    Retry(key);\n}")]
    [InlineData("throw ex", "catch (Exception ex)\n{\n    if (_strict) throw ex;\n    Retry(key);\n}")]
    [InlineData("throw new", "catch (Exception ex)\n{\n    if (_strict) throw new InvalidOperationException(\"x\", ex);\n    Retry(key);\n}")]
    [InlineData("an else", "catch (Exception ex)\n{\n    if (_strict) throw; else Retry(key);\n}")]
    [InlineData("not the first statement", "catch (Exception ex)\n{\n    Retry(key);\n    if (_strict) throw;\n}")]
    [InlineData("more than the throw", "catch (Exception ex)\n{\n    if (_strict) { Retry(key); throw; }\n}")]
    [InlineData("a constant", "catch (Exception ex)\n{\n    if (true) throw;\n}")]
    [InlineData("an indexer", "catch (Exception ex)\n{\n    if (ex.Data[\"retry\"] == null) throw;\n    Retry(key);\n}")]
    [InlineData("a later catch takes what the filter lets through", "catch (IOException ex)\n{\n    if (ex.HResult == 0) throw;\n    Retry(key);\n}\ncatch (Exception)\n{\n    Retry(key);\n}")]
    [InlineData("the if alone on a condition about other state", "catch (Exception ex)\n{\n    if (_retries > 3) throw;\n}")]
    [InlineData("the if alone in a catch without a variable", "catch (IOException)\n{\n    if (_strict) throw;\n}")]
    [InlineData("a later untyped catch", "catch (IOException ex)\n{\n    if (ex.HResult == 0) throw;\n    Retry(key);\n}\ncatch\n{\n}")]
    public async Task Does_not_flag(string scenario, string catches)
    {
        Assert.NotEmpty(scenario);
        await Verify.NoDiagnostics("""
            using System;
            using System.IO;

            class Options
            {
                public static bool Strict { get; set; }
            }

            class Job
            {
                private bool _strict;
                private int _retries;

                public void Run(string key)
                {
                    try { Retry(key); }
                    CATCHES
                }

                private static bool ShouldRethrow(Exception e) => e is IOException;
                private void Retry(string key) => _retries++;
            }
            """.Replace("CATCHES", catches));
    }

    [Fact]
    public async Task Does_not_flag_await_or_user_defined_operators()
    {
        await Verify.NoDiagnostics("""
            using System;
            using System.Threading.Tasks;

            struct Code
            {
                public int Value;
                public static bool operator ==(Code a, Code b) => a.Value == b.Value;
                public static bool operator !=(Code a, Code b) => a.Value != b.Value;
                public override bool Equals(object? obj) => obj is Code c && c == this;
                public override int GetHashCode() => Value;
            }

            class CodedException : Exception
            {
                public Code Code { get; set; }
            }

            class Job
            {
                public async Task RunAsync()
                {
                    try { await Task.Yield(); }
                    catch (Exception)
                    {
                        if (await IsFatalAsync()) throw;
                    }

                    try { await Task.Yield(); }
                    catch (CodedException ex)
                    {
                        if (ex.Code != default(Code)) throw;
                    }
                }

                private static Task<bool> IsFatalAsync() => Task.FromResult(true);
            }
            """);
    }

    // ---- Broken code ---------------------------------------------------------------------------------------------

    [Fact]
    public async Task Survives_broken_code()
    {
        var test = new Test
        {
            TestCode = """
                using System;

                class Broken
                {
                    void M()
                    {
                        try { }
                        catch (Exception ex) { if (ex.Nope == 1) throw; }
                        try { }
                        catch (Missing ex) { if (ex.HResult == 1) throw; }
                        try { }
                        catch (Exception ex) { if () throw; }
                        try { }
                        catch (Exception ex) { if (ex.HResult == 1) throw
                    }
                }
                """,
            CompilerDiagnostics = CompilerDiagnostics.None,
        };
        await test.RunAsync();
    }

    private static string Indent(string catches) => catches.Replace("\n", "\n        ");

    /// <summary>
    /// The syntax pre-test that spares binding the body: it may let through what IsPure then rejects, but must never
    /// reject a condition IsPure accepts.
    /// </summary>
    [Theory]
    [InlineData("ex.HResult == 5", true)]
    [InlineData("string.IsNullOrEmpty(ex.Message) || ex.InnerException?.Message == \"x\"", true)]
    [InlineData("ex.GetType() == typeof(System.IO.IOException)", true)]
    [InlineData("nameof(ex) == \"ex\" && ex is System.IO.IOException { HResult: 5 }", true)]
    [InlineData("!(ex is System.OperationCanceledException) && count > 3", true)]
    [InlineData("ex.MustBeRethrown()", false)]
    [InlineData("await CheckAsync(ex)", false)]
    [InlineData("ex.Data[\"key\"] != null", false)]
    [InlineData("count++ > 3", false)]
    [InlineData("(flag = true)", false)]
    [InlineData("new object() == ex", false)]
    public void The_syntax_pre_test_keeps_every_pure_condition(string condition, bool mayBePure)
    {
        var expression = SyntaxFactory.ParseExpression(condition);

        Assert.Equal(mayBePure, Vet.Analyzers.Errors.ConditionalRethrowAnalyzer.MayBePure(expression));
    }
}
