using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using Vet.Analyzers.Tests.Infrastructure;
using Vet.CodeFixes.Errors;
using Xunit;
using Test = Vet.Analyzers.Tests.Infrastructure.VetTest<Vet.Analyzers.Errors.ExceptionCannotWrapAnalyzer, Vet.CodeFixes.Errors.ExceptionCannotWrapCodeFix>;
using Verify = Vet.Analyzers.Tests.Infrastructure.Verify<Vet.Analyzers.Errors.ExceptionCannotWrapAnalyzer, Vet.CodeFixes.Errors.ExceptionCannotWrapCodeFix>;

namespace Vet.Analyzers.Tests.Errors;

/// <summary>VET306: an exception type with no constructor that takes an inner exception.</summary>
public class VET306Tests
{
    private const string Usings = "using System;\nusing System.IO;\n";

    private static DiagnosticResult CannotWrap(string type, int markup = 0) =>
        Verify.Diagnostic().WithLocation(markup).WithArguments(type);

    // ---- Flagged ---------------------------------------------------------------------------------------------

    [Theory]
    [InlineData("no constructors", "public class {|#0:StockException|} : Exception { }")]
    [InlineData("message only", "public class {|#0:StockException|} : Exception { public StockException(string message) : base(message) { } }")]
    [InlineData("internal", "internal class {|#0:StockException|} : Exception { public StockException() { } }")]
    [InlineData("derived from IOException", "public sealed class {|#0:StockException|} : IOException { public StockException(string message) : base(message) { } }")]
    [InlineData("domain parameter only", "public class {|#0:StockException|} : Exception { public StockException(int code) { Code = code; } public int Code { get; } }")]
    public async Task Flags_an_exception_type_without_an_inner_exception_constructor(string scenario, string code)
    {
        Assert.NotEmpty(scenario);
        await Verify.Analyzer(Usings + code, CannotWrap("StockException"));
    }

    // ---- Not flagged: the near misses ----------------------------------------------------------------------------

    [Theory]
    [InlineData("standard constructor", "public class StockException : Exception { public StockException(string message, Exception inner) : base(message, inner) { } }")]
    [InlineData("inner exception first", "public class StockException : Exception { public StockException(Exception cause, string message) : base(message, cause) { } }")]
    [InlineData("derived exception parameter", "public class StockException : Exception { public StockException(IOException cause) : base(\"io\", cause) { } }")]
    [InlineData("abstract", "public abstract class StockException : Exception { protected StockException(string message) : base(message) { } }")]
    [InlineData("private nested", "public class Outer { private class StockException : Exception { } }")]
    [InlineData("not an exception", "public class Stock { public Stock(string message) { } }")]
    [InlineData("base cannot take a cause", "public class BaseError : Exception { public BaseError(string m) : base(m) { } private BaseError(string m, Exception e) : base(m, e) { } } public class StockException : BaseError { public StockException() : base(\"x\") { } }")]
    public async Task Does_not_flag_near_misses(string scenario, string code)
    {
        Assert.NotEmpty(scenario);
        await Verify.NoDiagnostics(Usings + code.Replace("{|#0:", string.Empty).Replace("|}", string.Empty));
    }

    // ---- The fix -------------------------------------------------------------------------------------------------

    [Fact]
    public async Task Fix_keeps_the_domain_parameters_body_and_base_call()
    {
        await Verify.CodeFix(Usings + """
            #nullable enable
            public class {|#0:StockException|} : Exception
            {
                /// <summary>A stock error with its code.</summary>
                public StockException(int code, string message) : base(message)
                {
                    Code = code;
                }

                public int Code { get; }
            }
            """, Usings + """
            #nullable enable
            public class StockException : Exception
            {
                /// <summary>A stock error with its code.</summary>
                public StockException(int code, string message) : base(message)
                {
                    Code = code;
                }

                public StockException(int code, string message, Exception? innerException) : base(message, innerException)
                {
                    Code = code;
                }

                public int Code { get; }
            }
            """, ExceptionCannotWrapCodeFix.AddConstructorKey, TargetFramework.Net80, CannotWrap("StockException"));
    }

    [Fact]
    public async Task Fix_appends_the_cause_to_a_base_call_that_computes_the_message()
    {
        await Verify.CodeFix(Usings + """
            public class {|#0:StockException|} : Exception
            {
                public StockException(int code) : base("Stock error " + code)
                {
                    Code = code;
                }

                public int Code { get; }
            }
            """, Usings + """
            public class StockException : Exception
            {
                public StockException(int code) : base("Stock error " + code)
                {
                    Code = code;
                }

                public StockException(int code, Exception innerException) : base("Stock error " + code, innerException)
                {
                    Code = code;
                }

                public int Code { get; }
            }
            """, ExceptionCannotWrapCodeFix.AddConstructorKey, TargetFramework.Net80, CannotWrap("StockException"));
    }

    [Fact]
    public async Task Fix_adds_a_message_when_the_base_call_cannot_take_the_cause()
    {
        await Verify.CodeFix(Usings + """
            public class {|#0:StockException|} : Exception
            {
                public StockException(int code)
                {
                    Code = code;
                }

                public int Code { get; }
            }
            """, Usings + """
            public class StockException : Exception
            {
                public StockException(int code)
                {
                    Code = code;
                }

                public StockException(int code, string message, Exception innerException) : base(message, innerException)
                {
                    Code = code;
                }

                public int Code { get; }
            }
            """, ExceptionCannotWrapCodeFix.AddConstructorKey, TargetFramework.Net80, CannotWrap("StockException"));
    }

    [Fact]
    public async Task Fix_makes_optional_and_params_parameters_required_before_the_cause()
    {
        await Verify.CodeFix(Usings + """
            public class {|#0:StockException|} : Exception
            {
                public StockException(int code, string reason = null, params string[] skus) : base(reason)
                {
                    Code = code;
                }

                public int Code { get; }
            }
            """, Usings + """
            public class StockException : Exception
            {
                public StockException(int code, string reason = null, params string[] skus) : base(reason)
                {
                    Code = code;
                }

                public StockException(int code, string reason, string[] skus, Exception innerException) : base(reason, innerException)
                {
                    Code = code;
                }

                public int Code { get; }
            }
            """, ExceptionCannotWrapCodeFix.AddConstructorKey, TargetFramework.Net80, CannotWrap("StockException"));
    }

    [Fact]
    public async Task Fix_keeps_the_parameterless_constructor_of_a_type_without_constructors()
    {
        await Verify.CodeFix(Usings + """
            public class {|#0:StockException|} : Exception
            {
                public int Code { get; set; }
            }
            """, Usings + """
            public class StockException : Exception
            {
                public StockException()
                {
                }

                public StockException(string message, Exception innerException) : base(message, innerException)
                {
                }

                public int Code { get; set; }
            }
            """, ExceptionCannotWrapCodeFix.AddConstructorKey, TargetFramework.Net80, CannotWrap("StockException"));
    }

    [Fact]
    public async Task Fix_all_adds_a_constructor_to_each_type()
    {
        var test = new Test { CodeActionEquivalenceKey = ExceptionCannotWrapCodeFix.AddConstructorKey };
        test.TestState.Sources.Add(Usings + """
            public class {|#0:ImportException|} : Exception
            {
                public ImportException(string message) : base(message) { }
            }

            public class {|#1:ExportException|} : IOException
            {
                public ExportException(string message) : base(message) { }
            }
            """);
        test.ExpectedDiagnostics.Add(CannotWrap("ImportException", 0));
        test.ExpectedDiagnostics.Add(CannotWrap("ExportException", 1));
        test.FixedState.Sources.Add(Usings + """
            public class ImportException : Exception
            {
                public ImportException(string message) : base(message) { }

                public ImportException(string message, Exception innerException) : base(message, innerException) { }
            }

            public class ExportException : IOException
            {
                public ExportException(string message) : base(message) { }

                public ExportException(string message, Exception innerException) : base(message, innerException) { }
            }
            """);
        await test.RunAsync();
    }

    // ---- Broken and incomplete code --------------------------------------------------------------------------

    [Theory]
    [InlineData("unknown base", "public class StockException : MissingBase { }", false)]
    [InlineData("unfinished constructor", "public class {|#0:StockException|} : Exception { public StockException(string message : base(message) { } }", true)]
    [InlineData("no body", "public class {|#0:StockException|} : Exception { public StockException(string message) : base(message) }", true)]
    public async Task Survives_broken_code(string scenario, string code, bool flagged)
    {
        Assert.NotEmpty(scenario);
        var test = new Test { TestCode = Usings + code, CompilerDiagnostics = CompilerDiagnostics.None };
        if (flagged)
        {
            test.ExpectedDiagnostics.Add(CannotWrap("StockException"));
        }

        await test.RunAsync();
    }
}
