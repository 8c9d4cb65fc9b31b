using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using Vet.Analyzers.Tests.Infrastructure;
using Vet.CodeFixes.Errors;
using Xunit;
using Test = Vet.Analyzers.Tests.Infrastructure.VetTest<Vet.Analyzers.Errors.CauseNotWrappedAnalyzer, Vet.CodeFixes.Errors.CauseNotWrappedCodeFix>;
using Verify = Vet.Analyzers.Tests.Infrastructure.Verify<Vet.Analyzers.Errors.CauseNotWrappedAnalyzer, Vet.CodeFixes.Errors.CauseNotWrappedCodeFix>;

namespace Vet.Analyzers.Tests.Errors;

/// <summary>VET301: a new exception thrown from a catch without the caught exception as its inner exception.</summary>
public class VET301Tests
{
    private const string Usings = "using System;\nusing System.IO;\n";

    private const string Types = """

        public class ImportException : Exception
        {
            public ImportException(string message) : base(message) { }
            public ImportException(string message, Exception inner) : base(message, inner) { }
        }

        public class CodedException : Exception
        {
            public CodedException(int code, string message) : base(message) { }
            public CodedException(Exception cause, int code, string message) : base(message, cause) { }
        }

        public class LeafException : Exception
        {
            public LeafException(string message) : base(message) { }
        }
        """;

    private static string Method(string body) => Usings + "class C\n{\n    void Work() { }\n    string M(string s)\n    {\n        " + body + "\n    }\n}\n" + Types;

    private static DiagnosticResult Dropped(string type, string caught = "'ex'") =>
        Verify.Diagnostic().WithLocation(0).WithArguments(type, "pass " + caught + " as its inner exception");

    // ---- Flagged ---------------------------------------------------------------------------------------------

    [Theory]
    [InlineData("no arguments of the cause", "try { Work(); } catch (IOException ex) { throw {|#0:new ImportException(\"Import failed\")|}; }", "ImportException", "'ex'")]
    [InlineData("message only", "try { Work(); } catch (IOException ex) { throw {|#0:new ImportException(\"Import failed: \" + ex.Message)|}; }", "ImportException", "'ex'")]
    [InlineData("message concatenated with the exception", "try { Work(); } catch (Exception ex) { throw {|#0:new ImportException(\"Import failed: \" + ex)|}; }", "ImportException", "'ex'")]
    [InlineData("only the type in the message", "try { Work(); } catch (Exception ex) { throw {|#0:new ImportException($\"Unexpected {ex.GetType()}\")|}; }", "ImportException", "'ex'")]
    [InlineData("interpolated message", "try { Work(); } catch (Exception ex) { throw {|#0:new ImportException($\"Import failed: {ex}\")|}; }", "ImportException", "'ex'")]
    [InlineData("no variable", "try { Work(); } catch (IOException) { throw {|#0:new ImportException(\"Import failed\")|}; }", "ImportException", "the caught exception")]
    [InlineData("catch all", "try { Work(); } catch { throw {|#0:new ImportException(\"Import failed\")|}; }", "ImportException", "the caught exception")]
    [InlineData("when filter", "try { Work(); } catch (IOException ex) when (ex.HResult != 0) { throw {|#0:new ImportException(\"Import failed\")|}; }", "ImportException", "'ex'")]
    [InlineData("cause first in the overload", "try { Work(); } catch (IOException ex) { throw {|#0:new CodedException(7, \"Import failed\")|}; }", "CodedException", "'ex'")]
    [InlineData("framework type", "try { Work(); } catch (IOException ex) { throw {|#0:new InvalidOperationException(\"Import failed\")|}; }", "InvalidOperationException", "'ex'")]
    [InlineData("throw expression", "try { Work(); } catch (IOException ex) { return s ?? throw {|#0:new ImportException(\"Import failed\")|}; } return s;", "ImportException", "'ex'")]
    [InlineData("innermost catch", "try { Work(); } catch (Exception outer) { try { Work(); } catch (IOException ex) { throw {|#0:new ImportException(outer.Message)|}; } } return s;", "ImportException", "'ex'")]
    public async Task Flags_a_throw_that_drops_the_cause(string scenario, string body, string type, string caught)
    {
        Assert.NotEmpty(scenario);
        var code = body.Contains("return s", System.StringComparison.Ordinal) ? body : body + " return s;";
        await Verify.Analyzer(Method(code), Dropped(type, caught));
    }

    [Fact]
    public async Task Points_at_a_framework_overload_that_takes_a_message()
    {
        await Verify.Analyzer(
            Method("try { Work(); } catch (ObjectDisposedException) { throw {|#0:new OperationCanceledException()|}; } return s;"),
            Verify.Diagnostic().WithLocation(0).WithArguments("OperationCanceledException", "use a constructor of 'OperationCanceledException' that takes a message and the inner exception"));
    }

    [Fact]
    public async Task Says_when_the_type_has_no_overload_that_takes_the_cause()
    {
        await Verify.Analyzer(
            Method("try { Work(); } catch (IOException ex) { throw {|#0:new LeafException(\"Import failed\")|}; } return s;"),
            Verify.Diagnostic().WithLocation(0).WithArguments("LeafException", "'LeafException' has no constructor that takes the caught exception besides these arguments; add one (VET306)"));
    }

    // ---- Not flagged: the near misses ----------------------------------------------------------------------------

    [Theory]
    [InlineData("cause passed", "try { Work(); } catch (IOException ex) { throw new ImportException(\"Import failed\", ex); }")]
    [InlineData("inner exception passed", "try { Work(); } catch (AggregateException ex) { throw new ImportException(\"Import failed\", ex.InnerException!); }")]
    [InlineData("named cause", "try { Work(); } catch (IOException ex) { throw new CodedException(code: 1, message: \"m\", cause: ex); }")]
    [InlineData("rethrow", "try { Work(); } catch (IOException) { throw; }")]
    [InlineData("rethrow the same", "try { Work(); } catch (IOException ex) { throw ex; }")]
    [InlineData("throw in a lambda", "try { Work(); } catch (IOException) { Action fail = () => throw new ImportException(\"later\"); fail(); }")]
    [InlineData("throw outside a catch", "throw new ImportException(\"no cause\");")]
    [InlineData("throw in the try", "try { throw new ImportException(\"no cause\"); } catch (IOException ex) { throw new ImportException(\"m\", ex); }")]
    [InlineData("throw in finally", "try { Work(); } finally { if (s == null) throw new ImportException(\"no cause\"); }")]
    [InlineData("another exception chosen as the cause", "try { Work(); } catch (OperationCanceledException) { throw new ImportException(\"pool exhausted\", new TimeoutException()); }")]
    [InlineData("throw of a local", "try { Work(); } catch (IOException ex) { var wrapped = new ImportException(\"m\", ex); throw wrapped; }")]
    public async Task Does_not_flag_near_misses(string scenario, string body)
    {
        Assert.NotEmpty(scenario);
        await Verify.NoDiagnostics("#nullable enable\n" + Method(body + " return s;"));
    }

    [Fact]
    public async Task Leaves_boundary_types_alone()
    {
        await Verify.NoDiagnostics(
            Method("try { Work(); } catch (IOException ex) { throw new ImportException(\"Import failed\"); } return s;"),
            TargetFramework.Net80,
            "root = true\n\n[*.cs]\nvet.VET301.boundary_types = ImportException, Other.Type\n");
    }

    // ---- The fix -------------------------------------------------------------------------------------------------

    [Theory]
    [InlineData("append", "catch (IOException ex) { throw {|#0:new ImportException(\"Import failed\")|}; }", "catch (IOException ex) { throw new ImportException(\"Import failed\", ex); }", "ImportException", "'ex'")]
    [InlineData("insert first", "catch (IOException ex) { throw {|#0:new CodedException(7, \"Import failed\")|}; }", "catch (IOException ex) { throw new CodedException(ex, 7, \"Import failed\"); }", "CodedException", "'ex'")]
    [InlineData("named arguments", "catch (IOException ex) { throw {|#0:new CodedException(message: \"Import failed\", code: 7)|}; }", "catch (IOException ex) { throw new CodedException(message: \"Import failed\", code: 7, cause: ex); }", "CodedException", "'ex'")]
    [InlineData("add the variable", "catch (IOException) { throw {|#0:new ImportException(\"Import failed\")|}; }", "catch (IOException ex) { throw new ImportException(\"Import failed\", ex); }", "ImportException", "the caught exception")]
    [InlineData("catch all", "catch { throw {|#0:new ImportException(\"Import failed\")|}; }", "catch (Exception ex) { throw new ImportException(\"Import failed\", ex); }", "ImportException", "the caught exception")]
    [InlineData("collision-free name", "catch (IOException) { var ex = 1; throw {|#0:new ImportException(\"Import failed \" + ex)|}; }", "catch (IOException ex2) { var ex = 1; throw new ImportException(\"Import failed \" + ex, ex2); }", "ImportException", "the caught exception")]
    public async Task Fix_passes_the_caught_exception(string scenario, string before, string after, string type, string caught)
    {
        Assert.NotEmpty(scenario);
        await Verify.CodeFix(
            Method("try { Work(); } " + before + " return s;"),
            Method("try { Work(); } " + after + " return s;"),
            CauseNotWrappedCodeFix.PassInnerExceptionKey,
            TargetFramework.Net80,
            Dropped(type, caught));
    }

    [Fact]
    public async Task No_fix_without_an_overload()
    {
        var source = Method("try { Work(); } catch (IOException ex) { throw {|#0:new LeafException(\"Import failed\")|}; } return s;");
        var test = new Test { TestCode = source, FixedCode = source, CodeActionEquivalenceKey = CauseNotWrappedCodeFix.PassInnerExceptionKey };
        var expected = Verify.Diagnostic().WithLocation(0).WithArguments("LeafException", "'LeafException' has no constructor that takes the caught exception besides these arguments; add one (VET306)");
        test.ExpectedDiagnostics.Add(expected);
        test.FixedState.ExpectedDiagnostics.Add(expected);
        await test.RunAsync();
    }

    [Fact]
    public async Task Fix_all_passes_every_cause_in_two_documents()
    {
        var test = new Test { CodeActionEquivalenceKey = CauseNotWrappedCodeFix.PassInnerExceptionKey };
        test.TestState.Sources.Add(Method("try { Work(); } catch (IOException ex) { throw {|#0:new ImportException(\"a\")|}; } try { Work(); } catch (FormatException ex) { throw {|#1:new CodedException(1, \"b\")|}; } return s;"));
        test.TestState.Sources.Add(Usings + "class D { void M() { try { } catch (InvalidCastException) { throw {|#2:new InvalidOperationException(\"c\")|}; } } }");
        test.ExpectedDiagnostics.Add(Dropped("ImportException"));
        test.ExpectedDiagnostics.Add(Verify.Diagnostic().WithLocation(1).WithArguments("CodedException", "pass 'ex' as its inner exception"));
        test.ExpectedDiagnostics.Add(Verify.Diagnostic().WithLocation(2).WithArguments("InvalidOperationException", "pass the caught exception as its inner exception"));
        test.FixedState.Sources.Add(Method("try { Work(); } catch (IOException ex) { throw new ImportException(\"a\", ex); } try { Work(); } catch (FormatException ex) { throw new CodedException(ex, 1, \"b\"); } return s;"));
        test.FixedState.Sources.Add(Usings + "class D { void M() { try { } catch (InvalidCastException ex) { throw new InvalidOperationException(\"c\", ex); } } }");
        await test.RunAsync();
    }

    // ---- Broken and incomplete code --------------------------------------------------------------------------

    [Theory]
    [InlineData("unknown type", "try { Work(); } catch (IOException ex) { throw new MissingException(\"x\"); } return s;")]
    [InlineData("unfinished throw", "try { Work(); } catch (IOException ex) { throw new ; } return s;")]
    [InlineData("unfinished catch", "try { Work(); } catch (IOException ex { throw new ImportException(\"x\", ex); } return s;")]
    public async Task Survives_broken_code(string scenario, string body)
    {
        Assert.NotEmpty(scenario);
        var test = new Test { TestCode = Method(body), CompilerDiagnostics = CompilerDiagnostics.None };
        await test.RunAsync();
    }
}
