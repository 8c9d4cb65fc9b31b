using System.Text.RegularExpressions;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using Vet.Analyzers.Tests.Infrastructure;
using Vet.CodeFixes.Errors;
using Xunit;
using Test = Vet.Analyzers.Tests.Infrastructure.VetTest<Vet.Analyzers.Errors.ExceptionIdentityAnalyzer, Vet.CodeFixes.Errors.ExceptionIdentityCodeFix>;
using Verify = Vet.Analyzers.Tests.Infrastructure.Verify<Vet.Analyzers.Errors.ExceptionIdentityAnalyzer, Vet.CodeFixes.Errors.ExceptionIdentityCodeFix>;

namespace Vet.Analyzers.Tests.Errors;

/// <summary>VET304: an exception identified by its exact type, its type's name or its message.</summary>
public class VET304Tests
{
    private const string Usings = "using System;\nusing System.IO;\nusing System.Net.Sockets;\nusing System.Text.RegularExpressions;\n";

    private static string Method(string body) => Usings + "class C\n{\n    void Work() { }\n    bool M(Exception ex, IOException io)\n    {\n        " + body + "\n    }\n}\n";

    /// <summary>The comparison <paramref name="code"/> tests an exception's message; the message names that exception.</summary>
    private static DiagnosticResult ByMessage(string code) =>
        Verify.Diagnostic(Descriptors.Shapes.VET304_Message).WithLocation(0).WithArguments(Before(code, @"\.Message\b"));

    /// <summary>The comparison <paramref name="code"/> tests an exception's type name; the message names that exception.</summary>
    private static DiagnosticResult ByName(string code) =>
        Verify.Diagnostic(Descriptors.Shapes.VET304_TypeName).WithLocation(0).WithArguments(Before(code, @"\??\.GetType\(\)"));

    private static DiagnosticResult ByType(string instance, string type, bool isSealed = false) =>
        Verify.Diagnostic(isSealed ? Descriptors.Shapes.VET304_SealedExactType : Descriptors.VET304_ExceptionIdentity).WithLocation(0).WithArguments(instance, type);

    /// <summary>The expression (a name or a member chain) written right before <paramref name="suffix"/> in <paramref name="code"/>.</summary>
    private static string Before(string code, string suffix) => Regex.Match(code, @"([\w.]+?)" + suffix).Groups[1].Value;

    // ---- Flagged ---------------------------------------------------------------------------------------------

    [Theory]
    [InlineData("==", "ex.GetType() == typeof(IOException)", "ex", "IOException", false)]
    [InlineData("reversed", "typeof(IOException) == ex.GetType()", "ex", "IOException", false)]
    [InlineData("!=", "ex.GetType() != typeof(IOException)", "ex", "IOException", false)]
    [InlineData("Equals", "ex.GetType().Equals(typeof(IOException))", "ex", "IOException", false)]
    [InlineData("static Equals", "Equals(ex.GetType(), typeof(IOException))", "ex", "IOException", false)]
    [InlineData("sealed type", "ex.GetType() == typeof(InsufficientExecutionStackException)", "ex", "InsufficientExecutionStackException", true)]
    [InlineData("inner exception", "ex.InnerException?.GetType() == typeof(IOException)", "ex.InnerException", "IOException", false)]
    public async Task Flags_an_exact_type_comparison(string scenario, string code, string instance, string type, bool isSealed)
    {
        Assert.NotEmpty(scenario);
        await Verify.Analyzer(Method("return {|#0:" + code + "|};"), ByType(instance, type, isSealed));
    }

    [Theory]
    [InlineData("Name ==", "ex.GetType().Name == \"TimeoutException\"")]
    [InlineData("FullName Equals", "ex.GetType().FullName.Equals(\"System.TimeoutException\")")]
    [InlineData("Name EndsWith", "ex.GetType().Name.EndsWith(\"TimeoutException\")")]
    [InlineData("ToString", "ex.GetType().ToString() == \"System.TimeoutException\"")]
    [InlineData("is pattern", "ex.GetType().Name is \"TimeoutException\"")]
    public async Task Flags_a_type_name_comparison(string scenario, string code)
    {
        Assert.NotEmpty(scenario);
        await Verify.Analyzer(Method("return {|#0:" + code + "|};"), ByName(code));
    }

    [Theory]
    [InlineData("==", "ex.Message == \"Connection reset\"")]
    [InlineData("constant on the left", "\"Connection reset\" != ex.Message")]
    [InlineData("Contains", "ex.Message.Contains(\"timeout\")")]
    [InlineData("Contains with comparison", "ex.Message.Contains(\"timeout\", StringComparison.OrdinalIgnoreCase)")]
    [InlineData("StartsWith", "io.Message.StartsWith(\"The process cannot access\")")]
    [InlineData("IndexOf", "ex.Message.IndexOf(\"denied\") >= 0")]
    [InlineData("string.Equals", "string.Equals(ex.Message, \"Access denied\", StringComparison.Ordinal)")]
    [InlineData("Regex", "Regex.IsMatch(ex.Message, \"time(d)? ?out\")")]
    [InlineData("inner exception", "ex.InnerException != null && ex.InnerException.Message.Contains(\"refused\")")]
    public async Task Flags_a_message_comparison(string scenario, string code)
    {
        Assert.NotEmpty(scenario);
        var marked = code.StartsWith("ex.InnerException != null && ", System.StringComparison.Ordinal)
            ? "ex.InnerException != null && {|#0:ex.InnerException.Message.Contains(\"refused\")|}"
            : code.EndsWith(">= 0", System.StringComparison.Ordinal) ? "{|#0:ex.Message.IndexOf(\"denied\")|} >= 0" : "{|#0:" + code + "|}";
        var reported = code.StartsWith("ex.InnerException != null && ", System.StringComparison.Ordinal)
            ? "ex.InnerException.Message.Contains(\"refused\")"
            : code.EndsWith(">= 0", System.StringComparison.Ordinal) ? "ex.Message.IndexOf(\"denied\")" : code;
        await Verify.Analyzer(Method("return " + marked + ";"), ByMessage(reported));
    }

    [Fact]
    public async Task Flags_a_switch_on_the_message_or_the_type_name()
    {
        await Verify.Analyzer(Usings + """
            class C
            {
                int Code(Exception ex)
                {
                    {|#0:switch (ex.Message)
                    {
                        case "Not found": return 404;
                        default: return 500;
                    }|}
                }

                int Kind(Exception ex) => {|#1:ex.GetType().Name switch
                {
                    "IOException" => 1,
                    _ => 0,
                }|};
            }
            """,
            Verify.Diagnostic(Descriptors.Shapes.VET304_Message).WithLocation(0).WithArguments("ex"),
            Verify.Diagnostic(Descriptors.Shapes.VET304_TypeName).WithLocation(1).WithArguments("ex"));
    }

    // ---- Not flagged: the near misses ----------------------------------------------------------------------------

    [Theory]
    [InlineData("is test", "return ex is IOException;")]
    [InlineData("typed code", "return ex is SocketException { SocketErrorCode: SocketError.TimedOut };")]
    [InlineData("HResult", "return ex.HResult == unchecked((int)0x80070020);")]
    [InlineData("exactly the base type", "return ex.GetType() == typeof(Exception);")]
    [InlineData("GetType of something else", "return Work().GetType() == typeof(IOException);")]
    [InlineData("two messages compared", "return ex.Message == io.Message;")]
    [InlineData("message is empty", "return ex.Message == \"\" || string.IsNullOrEmpty(ex.Message);")]
    [InlineData("message logged", "Console.WriteLine(ex.Message); return true;")]
    [InlineData("message built", "return (ex.Message + \"!\").Length > 1;")]
    [InlineData("non-exception message", "var m = new Note(); return m.Message == \"x\";")]
    [InlineData("non-exception type name", "return this.GetType().Name == \"C\";")]
    [InlineData("Debug.Assert", "System.Diagnostics.Debug.Assert(ex.Message.Contains(\"x\")); return true;")]
    [InlineData("test assertion", "Assert.True(ex.Message.Contains(\"x\")); Assert.True(ex.GetType() == typeof(IOException)); return true;")]
    public async Task Does_not_flag_near_misses(string scenario, string body)
    {
        Assert.NotEmpty(scenario);
        var source = Method(body.Replace("Work()", "new object()"))
            + "class Note { public string Message = \"\"; }\nstatic class Assert { public static void True(bool condition) { } }\n";
        await Verify.NoDiagnostics(source);
    }

    [Fact]
    public async Task Does_not_flag_data_extracted_from_the_message()
    {
        // The match reads a name out of the message (its groups are read), and `throw;` is the fallback.
        await Verify.NoDiagnostics(Usings + """
            class C
            {
                void Work() { }

                string MissingAssembly()
                {
                    try
                    {
                        Work();
                        return "";
                    }
                    catch (Exception ex)
                    {
                        var match = Regex.Match(ex.Message, @"'(System\..*?)[,']");
                        if (match.Success)
                        {
                            return match.Groups[1].Value;
                        }

                        throw;
                    }
                }

                string Code(Exception ex) => Regex.Match(ex.Message, @"code (\d+)").Groups[1].Value;
            }
            """);
    }

    [Fact]
    public async Task Flags_a_match_whose_groups_are_not_read()
    {
        await Verify.Analyzer(Usings + """
            class C
            {
                bool IsTimeout(Exception ex)
                {
                    var match = {|#0:Regex.Match(ex.Message, "time(d)? ?out")|};
                    return match.Success;
                }
            }
            """, ByMessage("Regex.Match(ex.Message, \"time(d)? ?out\")"));
    }

    [Fact]
    public async Task Does_not_flag_a_choice_whose_reason_is_given_above_it()
    {
        await Verify.NoDiagnostics(Usings + """
            using System.Net.Http;

            class Pipe
            {
                void Copy(Action copy)
                {
                    try
                    {
                        copy();
                    }
                    // Expect IOException: the pipe ends if the process exits before reading all of stdin.
                    // Don't catch derived exceptions, such as FileNotFoundException, because they are real failures.
                    catch (IOException ex) when (ex.GetType() == typeof(IOException)) { }
                }

                int Map(Exception exception)
                {
                    // If the header format is invalid, HttpClient throws this exception locally, with no status code.
                    if (exception is HttpRequestException && exception.Message.Contains("Request headers must contain only ASCII characters."))
                    {
                        return 400;
                    }

                    return 502;
                }
            }
            """);
    }

    [Fact]
    public async Task Flags_a_choice_whose_comment_only_says_what_it_does()
    {
        await Verify.Analyzer(Usings + """
            class Pipe
            {
                void Copy(Action copy)
                {
                    try
                    {
                        copy();
                    }
                    // Only the base type.
                    catch (IOException ex) when ({|#0:ex.GetType() == typeof(IOException)|}) { }
                }
            }
            """, ByType("ex", "IOException"));
    }

    [Fact]
    public async Task Does_not_flag_test_methods()
    {
        await Verify.NoDiagnostics(Usings + """
            using System.Collections.Generic;

            class FactAttribute : Attribute { }
            class TestAttribute : Attribute { }

            class ParserTests
            {
                [Fact]
                public void Rejects_a_bad_header()
                {
                    var ex = new FormatException("Bad header");
                    if (ex.Message != "Bad header" || ex.GetType() != typeof(FormatException)) throw new Exception("wrong error");
                }

                [Test]
                public void Logs_the_expected_error()
                {
                    var expected = new List<Func<Exception, bool>>();
                    expected.Add(e => e.Message == "The client reset the request stream.");
                }
            }
            """);
    }

    // ---- The fix -------------------------------------------------------------------------------------------------

    [Theory]
    [InlineData("==", "if (ex.GetType() == typeof(IOException)) return true;", "if (ex is IOException) return true;")]
    [InlineData("!=", "if (ex.GetType() != typeof(IOException)) return true;", "if (ex is not IOException) return true;")]
    [InlineData("Equals", "if (ex.GetType().Equals(typeof(IOException))) return true;", "if (ex is IOException) return true;")]
    [InlineData("in a larger condition", "if (ex != null && ex.GetType() == typeof(IOException)) return true;", "if (ex != null && ex is IOException) return true;")]
    [InlineData("negated", "if (!(ex.GetType() == typeof(IOException))) return true;", "if (!(ex is IOException)) return true;")]
    public async Task Fix_uses_an_is_test(string scenario, string before, string after)
    {
        Assert.NotEmpty(scenario);
        var marked = before.Replace("ex.GetType() == typeof(IOException)", "{|#0:ex.GetType() == typeof(IOException)|}")
            .Replace("ex.GetType() != typeof(IOException)", "{|#0:ex.GetType() != typeof(IOException)|}")
            .Replace("ex.GetType().Equals(typeof(IOException))", "{|#0:ex.GetType().Equals(typeof(IOException))|}");
        var reported = before.Contains("!=", System.StringComparison.Ordinal) && !before.Contains("ex != null", System.StringComparison.Ordinal)
            ? "ex.GetType() != typeof(IOException)"
            : before.Contains("Equals", System.StringComparison.Ordinal) ? "ex.GetType().Equals(typeof(IOException))" : "ex.GetType() == typeof(IOException)";
        await Verify.CodeFix(
            Method(marked + " return false;"),
            Method(after + " return false;"),
            ExceptionIdentityCodeFix.UseIsKey,
            TargetFramework.Net80,
            ByType("ex", "IOException"));
    }

    [Fact]
    public async Task Fix_writes_a_negated_is_before_CSharp_9()
    {
        var test = new Test
        {
            TestCode = Method("if ({|#0:ex.GetType() != typeof(IOException)|}) return true; return false;"),
            FixedCode = Method("if (!(ex is IOException)) return true; return false;"),
            CodeActionEquivalenceKey = ExceptionIdentityCodeFix.UseIsKey,
        }.WithLanguageVersion(Microsoft.CodeAnalysis.CSharp.LanguageVersion.CSharp8);
        test.ExpectedDiagnostics.Add(ByType("ex", "IOException"));
        await test.RunAsync();
    }

    [Fact]
    public async Task No_fix_for_names_and_messages()
    {
        var source = Method("return {|#0:ex.Message.Contains(\"timeout\")|};");
        var test = new Test { TestCode = source, FixedCode = source, CodeActionEquivalenceKey = ExceptionIdentityCodeFix.UseIsKey };
        test.ExpectedDiagnostics.Add(ByMessage("ex.Message.Contains(\"timeout\")"));
        test.FixedState.ExpectedDiagnostics.Add(ByMessage("ex.Message.Contains(\"timeout\")"));
        await test.RunAsync();
    }

    [Fact]
    public async Task Fix_all_rewrites_every_exact_type_test_in_two_documents()
    {
        var test = new Test { CodeActionEquivalenceKey = ExceptionIdentityCodeFix.UseIsKey };
        test.TestState.Sources.Add(Usings + """
            class Retry
            {
                bool Transient(Exception ex) => {|#0:ex.GetType() == typeof(IOException)|} || {|#1:ex.GetType() == typeof(TimeoutException)|};
            }
            """);
        test.TestState.Sources.Add(Usings + """
            class Report
            {
                string Describe(Exception ex) => {|#2:ex.GetType() != typeof(ArgumentException)|} ? "other" : "argument";
            }
            """);
        test.ExpectedDiagnostics.Add(ByType("ex", "IOException"));
        test.ExpectedDiagnostics.Add(Verify.Diagnostic().WithLocation(1).WithArguments("ex", "TimeoutException"));
        test.ExpectedDiagnostics.Add(Verify.Diagnostic().WithLocation(2).WithArguments("ex", "ArgumentException"));
        test.FixedState.Sources.Add(Usings + """
            class Retry
            {
                bool Transient(Exception ex) => ex is IOException || ex is TimeoutException;
            }
            """);
        test.FixedState.Sources.Add(Usings + """
            class Report
            {
                string Describe(Exception ex) => ex is not ArgumentException ? "other" : "argument";
            }
            """);
        await test.RunAsync();
    }

    // ---- Broken and incomplete code --------------------------------------------------------------------------

    [Theory]
    [InlineData("missing type", "return ex.GetType() == typeof();", false)]
    [InlineData("unknown type", "return {|#0:ex.GetType() == typeof(Missing)|};", false)]
    [InlineData("unfinished call", "return ex.Message.Contains(\"x\";", true)]
    [InlineData("unknown member", "return ex.Mesage == \"x\";", false)]
    public async Task Survives_broken_code(string scenario, string body, bool flagged)
    {
        Assert.NotEmpty(scenario);
        var test = new Test { TestCode = Method(body.Replace("{|#0:", string.Empty).Replace("|}", string.Empty)), CompilerDiagnostics = CompilerDiagnostics.None };
        if (flagged)
        {
            test.ExpectedDiagnostics.Add(Verify.Diagnostic(Descriptors.Shapes.VET304_Message).WithSpan(10, 16, 10, 39).WithArguments("ex"));
        }

        await test.RunAsync();
    }
}
