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

    /// <summary>A catch that throws <c>StockException</c> built by <paramref name="creation"/>.</summary>
    private static string Loader(string creation = "new StockException(\"Stock file unreadable\")") =>
        "\npublic class Loader\n{\n    public void Load()\n    {\n        try { System.IO.File.ReadAllText(\"stock.csv\"); }\n        catch (IOException) { throw " + creation + "; }\n    }\n}\n";

    private static DiagnosticResult CannotWrap(string type, int markup = 0, string where = "Loader.Load") =>
        Verify.Diagnostic().WithLocation(markup).WithArguments(type, where);

    // ---- Flagged ---------------------------------------------------------------------------------------------

    [Theory]
    [InlineData("no constructors", "public class {|#0:StockException|} : Exception { }", "new StockException()")]
    [InlineData("message only", "public class {|#0:StockException|} : Exception { public StockException(string message) : base(message) { } }", "new StockException(\"m\")")]
    [InlineData("internal", "internal class {|#0:StockException|} : Exception { public StockException(string message) : base(message) { } }", "new StockException(\"m\")")]
    [InlineData("derived from IOException", "public sealed class {|#0:StockException|} : IOException { public StockException(string message) : base(message) { } }", "new StockException(\"m\")")]
    [InlineData("domain parameter only", "public class {|#0:StockException|} : Exception { public StockException(int code) { Code = code; } public int Code { get; } }", "new StockException(7)")]
    [InlineData("nested", "public class Outer { public class {|#0:StockException|} : Exception { public StockException(string message) : base(message) { } } }", "new Outer.StockException(\"m\")")]
    [InlineData("generic", "public class {|#0:StockException|}<T> : Exception { public StockException(string message) : base(message) { } }", "new StockException<int>(\"m\")")]
    [InlineData("through an alias", "using Shortage = StockException;\npublic class {|#0:StockException|} : Exception { public StockException(string message) : base(message) { } }", "new Shortage(\"m\")")]
    public async Task Flags_an_exception_type_a_catch_throws(string scenario, string code, string creation)
    {
        Assert.NotEmpty(scenario);
        await Verify.Analyzer(Usings + code + Loader(creation), CannotWrap("StockException"));
    }

    [Fact]
    public async Task Names_the_first_place_that_throws_it_from_a_catch()
    {
        await Verify.Analyzer(Usings + """
            public class {|#0:StockException|} : Exception
            {
                public StockException(string message) : base(message) { }
            }

            public class Feed
            {
                private string text = "";

                public Feed(string path)
                {
                    try { text = File.ReadAllText(path); }
                    catch (IOException) { throw new StockException("Feed unreadable"); }
                }

                public string Text
                {
                    get
                    {
                        try { return text.Trim(); }
                        catch (NullReferenceException) { throw new StockException("No text"); }
                    }
                }
            }
            """, CannotWrap("StockException", where: "Feed.Feed"));
    }

    [Fact]
    public async Task Names_a_property_by_its_name()
    {
        await Verify.Analyzer(Usings + """
            public class {|#0:StockException|} : Exception
            {
                public StockException(string message) : base(message) { }
            }

            public class Feed
            {
                public string Text
                {
                    get
                    {
                        try { return File.ReadAllText("feed.txt"); }
                        catch (IOException) { throw new StockException("No text"); }
                    }
                }
            }
            """, CannotWrap("StockException", where: "Feed.Text"));
    }

    [Fact]
    public async Task Flags_a_type_whose_message_carries_no_signal()
    {
        // No message constructor, but nothing catches it by type: a failure report that loses its cause.
        await Verify.Analyzer(Usings + """
            public class {|#0:StockException|} : Exception
            {
                public StockException() : base("Stock file unreadable") { }
            }
            """ + Loader("new StockException()"), CannotWrap("StockException"));
    }

    // ---- Not flagged: the near misses ----------------------------------------------------------------------------

    [Theory]
    [InlineData("standard constructor", "public class StockException : Exception { public StockException(string message) : base(message) { } public StockException(string message, Exception inner) : base(message, inner) { } }")]
    [InlineData("inner exception first", "public class StockException : Exception { public StockException(string message) : base(message) { } public StockException(Exception cause, string message) : base(message, cause) { } }")]
    [InlineData("derived exception parameter", "public class StockException : Exception { public StockException(string message) : base(message) { } public StockException(IOException cause) : base(\"io\", cause) { } }")]
    [InlineData("base cannot take a cause", "public class BaseError : Exception { public BaseError(string m) : base(m) { } private BaseError(string m, Exception e) : base(m, e) { } } public class StockException : BaseError { public StockException(string m) : base(m) { } }")]
    public async Task Does_not_flag_types_that_can_take_the_cause(string scenario, string code)
    {
        Assert.NotEmpty(scenario);
        await Verify.NoDiagnostics(Usings + code + Loader());
    }

    [Theory]
    [InlineData("abstract", "public abstract class StockException : Exception { protected StockException(string message) : base(message) { } }")]
    [InlineData("private nested", "public class Outer { private class StockException : Exception { } }")]
    [InlineData("not an exception", "public class Stock { public Stock(string message) { } }")]
    public async Task Does_not_flag_types_that_are_not_candidates(string scenario, string code)
    {
        Assert.NotEmpty(scenario);
        await Verify.NoDiagnostics(Usings + code);
    }

    [Fact]
    public async Task Does_not_flag_a_type_no_catch_throws()
    {
        await Verify.NoDiagnostics(Usings + """
            public class StockException : Exception
            {
                public StockException(string message) : base(message) { }
            }

            public class Loader
            {
                public void Load(string path)
                {
                    if (path.Length == 0) throw new StockException("No path");
                    try { File.ReadAllText(path); }
                    catch (IOException ex) { throw new InvalidOperationException("Stock file unreadable", ex); }
                }
            }
            """);
    }

    [Fact]
    public async Task Does_not_flag_a_type_only_constructed_as_an_inner_exception()
    {
        await Verify.NoDiagnostics(Usings + """
            public class ChecksumException : Exception
            {
                public ChecksumException(string message) : base(message) { }
            }

            public class Loader
            {
                public void Load(string path)
                {
                    try { File.ReadAllText(path); }
                    catch (IOException) { throw new InvalidDataException("Stock file unreadable", new ChecksumException("bad block")); }
                }
            }
            """);
    }

    [Fact]
    public async Task Does_not_flag_a_type_thrown_from_a_lambda_written_in_a_catch()
    {
        await Verify.NoDiagnostics(Usings + """
            public class StockException : Exception
            {
                public StockException(string message) : base(message) { }
            }

            public class Loader
            {
                public Action Load(string path)
                {
                    try { File.ReadAllText(path); return () => { }; }
                    catch (IOException) { return () => throw new StockException("later"); }
                }
            }
            """);
    }

    [Fact]
    public async Task Does_not_flag_a_control_flow_signal_caught_by_type()
    {
        await Verify.NoDiagnostics(Usings + """
            public class RetryException : Exception
            {
            }

            public class Loader
            {
                public void Load(string path)
                {
                    try { File.ReadAllText(path); }
                    catch (IOException) { throw new RetryException(); }
                }

                public void Run(string path)
                {
                    while (true)
                    {
                        try { Load(path); return; }
                        catch (RetryException) { }
                    }
                }
            }
            """);
    }

    [Fact]
    public async Task Does_not_flag_a_remote_fault_type_with_a_fault_payload()
    {
        await Verify.NoDiagnostics(Usings + """
            public sealed class Fault
            {
                public string Code { get; set; } = "";
            }

            public class RequestFaultException : Exception
            {
                public RequestFaultException(string requestType, Fault fault) : base(requestType + " faulted: " + fault.Code) => Fault = fault;

                public Fault Fault { get; }
            }

            public class Client
            {
                public void Send(Func<Fault?> call)
                {
                    try { call(); }
                    catch (TimeoutException) { throw new RequestFaultException("Send", new Fault { Code = "timeout" }); }
                }
            }
            """);
    }

    [Fact]
    public async Task Does_not_flag_the_visible_surface_of_a_published_library()
    {
        var test = new Test { TestCode = Usings + "public class StockException : Exception { public StockException(string message) : base(message) { } }" + Loader() }
            .WithBuildProperties(("PackageTags", "inventory"));
        await test.RunAsync();
    }

    [Fact]
    public async Task Flags_the_published_surface_when_api_surface_is_all()
    {
        var test = new Test { TestCode = Usings + "public class {|#0:StockException|} : Exception { public StockException(string message) : base(message) { } }" + Loader() }
            .WithBuildProperties(("PackageTags", "inventory"))
            .WithEditorConfig("vet.api_surface = all");
        test.ExpectedDiagnostics.Add(CannotWrap("StockException"));
        await test.RunAsync();
    }

    [Fact]
    public async Task Flags_an_internal_type_of_a_published_library()
    {
        var test = new Test { TestCode = Usings + "internal class {|#0:StockException|} : Exception { public StockException(string message) : base(message) { } }" + Loader() }
            .WithBuildProperties(("PackageTags", "inventory"));
        test.ExpectedDiagnostics.Add(CannotWrap("StockException"));
        await test.RunAsync();
    }

    /// <summary>
    /// Verify.CodeFix for a compilation-end diagnostic: the test framework asks fixes for local diagnostics only, unless told
    /// otherwise.
    /// </summary>
    private static Task Fix(string source, string fixedSource, string equivalenceKey, TargetFramework framework, params DiagnosticResult[] expected)
    {
        var test = new Test(framework)
        {
            TestCode = source,
            FixedCode = fixedSource,
            CodeActionEquivalenceKey = equivalenceKey,
            CodeFixTestBehaviors = CodeFixTestBehaviors.SkipLocalDiagnosticCheck,
        };
        test.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync();
    }

    // ---- The fix -------------------------------------------------------------------------------------------------

    [Fact]
    public async Task Fix_keeps_the_domain_parameters_body_and_base_call()
    {
        await Fix(Usings + """
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
            """ + Loader("new StockException(7, \"m\")"), Usings + """
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
            """ + Loader("new StockException(7, \"m\")"), ExceptionCannotWrapCodeFix.AddConstructorKey, TargetFramework.Net80, CannotWrap("StockException"));
    }

    [Fact]
    public async Task Fix_appends_the_cause_to_a_base_call_that_computes_the_message()
    {
        await Fix(Usings + """
            public class {|#0:StockException|} : Exception
            {
                public StockException(int code) : base("Stock error " + code)
                {
                    Code = code;
                }

                public int Code { get; }
            }
            """ + Loader("new StockException(7)"), Usings + """
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
            """ + Loader("new StockException(7)"), ExceptionCannotWrapCodeFix.AddConstructorKey, TargetFramework.Net80, CannotWrap("StockException"));
    }

    [Fact]
    public async Task Fix_adds_a_message_when_the_base_call_cannot_take_the_cause()
    {
        await Fix(Usings + """
            public class {|#0:StockException|} : Exception
            {
                public StockException(int code)
                {
                    Code = code;
                }

                public int Code { get; }
            }
            """ + Loader("new StockException(7)"), Usings + """
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
            """ + Loader("new StockException(7)"), ExceptionCannotWrapCodeFix.AddConstructorKey, TargetFramework.Net80, CannotWrap("StockException"));
    }

    [Fact]
    public async Task Fix_makes_optional_and_params_parameters_required_before_the_cause()
    {
        await Fix(Usings + """
            public class {|#0:StockException|} : Exception
            {
                public StockException(int code, string reason = null, params string[] skus) : base(reason)
                {
                    Code = code;
                }

                public int Code { get; }
            }
            """ + Loader("new StockException(7)"), Usings + """
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
            """ + Loader("new StockException(7)"), ExceptionCannotWrapCodeFix.AddConstructorKey, TargetFramework.Net80, CannotWrap("StockException"));
    }

    [Fact]
    public async Task Fix_keeps_the_parameterless_constructor_of_a_type_without_constructors()
    {
        await Fix(Usings + """
            public class {|#0:StockException|} : Exception
            {
                public int Code { get; set; }
            }
            """ + Loader("new StockException()"), Usings + """
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
            """ + Loader("new StockException()"), ExceptionCannotWrapCodeFix.AddConstructorKey, TargetFramework.Net80, CannotWrap("StockException"));
    }

    private const string Thrower = """

        public class Mover
        {
            public void Move(string from, string to)
            {
                try { File.Copy(from, to); }
                catch (FileNotFoundException) { throw new ImportException("Nothing to import"); }
                catch (IOException) { throw new ExportException("Could not export"); }
            }
        }
        """;

    [Fact]
    public async Task Fix_all_adds_a_constructor_to_each_type()
    {
        var test = new Test { CodeActionEquivalenceKey = ExceptionCannotWrapCodeFix.AddConstructorKey, CodeFixTestBehaviors = CodeFixTestBehaviors.SkipLocalDiagnosticCheck };
        test.TestState.Sources.Add(Usings + """
            public class {|#0:ImportException|} : Exception
            {
                public ImportException(string message) : base(message) { }
            }

            public class {|#1:ExportException|} : IOException
            {
                public ExportException(string message) : base(message) { }
            }
            """ + Thrower);
        test.ExpectedDiagnostics.Add(CannotWrap("ImportException", 0, "Mover.Move"));
        test.ExpectedDiagnostics.Add(CannotWrap("ExportException", 1, "Mover.Move"));
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
            """ + Thrower);
        await test.RunAsync();
    }

    // ---- Broken and incomplete code --------------------------------------------------------------------------

    [Theory]
    [InlineData("unknown base", "public class StockException : MissingBase { }", false)]
    [InlineData("unfinished constructor", "public class StockException : Exception { public StockException(string message : base(message) { } }", false)]
    [InlineData("no body", "public class {|#0:StockException|} : Exception { public StockException(string message) : base(message) }", true)]
    public async Task Survives_broken_code(string scenario, string code, bool flagged)
    {
        Assert.NotEmpty(scenario);
        var test = new Test { TestCode = Usings + code + Loader(), CompilerDiagnostics = CompilerDiagnostics.None };
        if (flagged)
        {
            test.ExpectedDiagnostics.Add(CannotWrap("StockException"));
        }

        await test.RunAsync();
    }
}
