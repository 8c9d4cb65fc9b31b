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

        public class Holder
        {
            public string ex = "";
        }

        public static class Faults
        {
            public static Exception Wrap(Exception cause) => new ImportException("wrapped", cause);
        }
        """;

    private static string Method(string body) => Usings + "class C\n{\n    void Work() { }\n    string M(string s)\n    {\n        " + body + "\n    }\n}\n" + Types;

    /// <summary><paramref name="type"/> thrown without <paramref name="caught"/> (null: a catch without a variable).</summary>
    private static DiagnosticResult Dropped(string type, string? caught = "ex") => caught is null
        ? Verify.Diagnostic(Descriptors.Shapes.VET301_NoVariable).WithLocation(0).WithArguments(type)
        : Verify.Diagnostic().WithLocation(0).WithArguments(type, caught);

    // ---- Flagged ---------------------------------------------------------------------------------------------

    [Theory]
    [InlineData("no arguments of the cause", "try { Work(); } catch (IOException ex) { throw {|#0:new ImportException(\"Import failed\")|}; }", "ImportException", "ex")]
    [InlineData("message only", "try { Work(); } catch (IOException ex) { throw {|#0:new ImportException(\"Import failed: \" + ex.Message)|}; }", "ImportException", "ex")]
    [InlineData("message concatenated with the exception", "try { Work(); } catch (Exception ex) { throw {|#0:new ImportException(\"Import failed: \" + ex)|}; }", "ImportException", "ex")]
    [InlineData("only the type in the message", "try { Work(); } catch (Exception ex) { throw {|#0:new ImportException($\"Unexpected {ex.GetType()}\")|}; }", "ImportException", "ex")]
    [InlineData("interpolated message", "try { Work(); } catch (Exception ex) { throw {|#0:new ImportException($\"Import failed: {ex}\")|}; }", "ImportException", "ex")]
    [InlineData("no variable", "try { Work(); } catch (IOException) { throw {|#0:new ImportException(\"Import failed\")|}; }", "ImportException", null)]
    [InlineData("catch all", "try { Work(); } catch { throw {|#0:new ImportException(\"Import failed\")|}; }", "ImportException", null)]
    [InlineData("when filter", "try { Work(); } catch (IOException ex) when (ex.HResult != 0) { throw {|#0:new ImportException(\"Import failed\")|}; }", "ImportException", "ex")]
    [InlineData("cause first in the overload", "try { Work(); } catch (IOException ex) { throw {|#0:new CodedException(7, \"Import failed\")|}; }", "CodedException", "ex")]
    [InlineData("framework type", "try { Work(); } catch (IOException ex) { throw {|#0:new InvalidOperationException(\"Import failed\")|}; }", "InvalidOperationException", "ex")]
    [InlineData("throw expression", "try { Work(); } catch (IOException ex) { return s.Length > 0 ? s : throw {|#0:new ImportException(\"Import failed\")|}; } return s;", "ImportException", "ex")]
    [InlineData("cancellation reported as another failure", "try { Work(); } catch (OperationCanceledException ex) { throw {|#0:new ImportException(\"Import stopped\")|}; }", "ImportException", "ex")]
    [InlineData("innermost catch", "try { Work(); } catch (Exception outer) { try { Work(); } catch (IOException ex) { throw {|#0:new ImportException(outer.Message)|}; } } return s;", "ImportException", "ex")]
    [InlineData("a cancellation caught by a filter, reported as another failure", "try { Work(); } catch (Exception ex) when (ex is OperationCanceledException or TimeoutException) { throw {|#0:new ImportException(\"Import failed\")|}; }", "ImportException", "ex")]
    [InlineData("a try that does more than look up an element", "try { Work(); var first = System.Linq.Enumerable.First(new[] { s }); } catch (InvalidOperationException ex) { throw {|#0:new ImportException(\"No match\")|}; }", "ImportException", "ex")]
    [InlineData("a lookup that may find nothing, without throwing", "string found; try { found = System.Linq.Enumerable.FirstOrDefault(new[] { s }, x => x == \"a\"); } catch (InvalidOperationException ex) { throw {|#0:new ImportException(\"No match\")|}; }", "ImportException", "ex")]
    [InlineData("a filter that reads the message without comparing it whole", "try { Work(); } catch (InvalidOperationException ex) when (ex.Message.Contains(\"reject\")) { throw {|#0:new ImportException(\"Rejected\")|}; }", "ImportException", "ex")]
    [InlineData("a throw guarded by something else than the cancellation", "var timeout = new System.Threading.CancellationTokenSource(); try { Work(); } catch (OperationCanceledException ex) { if (timeout.Token.IsCancellationRequested) { Console.WriteLine(); } throw {|#0:new ImportException(\"Import failed\")|}; }", "ImportException", "ex")]
    [InlineData("a retry that reads what it caught", "var tries = s.Length; try { Work(); } catch (IOException ex) { Console.WriteLine(ex.Message); if (tries > 3) throw {|#0:new ImportException(\"Gave up after 3 tries\")|}; return M(s + \"!\"); }", "ImportException", "ex")]
    [InlineData("a guarded throw that retries nothing", "try { Work(); } catch (IOException) { if (s.Length > 3) throw {|#0:new ImportException(\"Too long\")|}; }", "ImportException", null)]
    [InlineData("the variable's name only in nameof", "try { Work(); } catch (IOException ex) { throw {|#0:new ImportException(nameof(ex))|}; }", "ImportException", "ex")]
    [InlineData("a lambda parameter of the variable's name", "try { Work(); } catch (IOException ex) { throw {|#0:new ImportException(string.Concat(System.Linq.Enumerable.Select(new[] { s }, ex => ex)))|}; }", "ImportException", "ex")]
    [InlineData("a member of the variable's name", "try { Work(); } catch (IOException ex) { throw {|#0:new ImportException(new Holder().ex)|}; }", "ImportException", "ex")]
    [InlineData("the message through ToString", "try { Work(); } catch (IOException ex) { throw {|#0:new ImportException(ex.ToString())|}; }", "ImportException", "ex")]
    [InlineData("a parenthesized creation", "try { Work(); } catch (IOException ex) { throw ({|#0:new ImportException(\"Import failed\")|}); }", "ImportException", "ex")]
    [InlineData("a guarded throw in a loop the catch leaves", "for (var attempt = 0; attempt < 9; attempt++) { try { Work(); } catch (IOException) { if (attempt >= 3) throw {|#0:new ImportException(\"Gave up\")|}; break; } }", "ImportException", null)]
    public async Task Flags_a_throw_that_drops_the_cause(string scenario, string body, string type, string? caught)
    {
        Assert.NotEmpty(scenario);
        var code = body.Contains("return s", System.StringComparison.Ordinal) ? body : body + " return s;";
        await Verify.Analyzer(Method(code), Dropped(type, caught));
    }

    [Fact]
    public async Task Flags_a_framework_type_thrown_without_arguments()
    {
        await Verify.Analyzer(
            Method("try { Work(); } catch (ObjectDisposedException) { throw {|#0:new OperationCanceledException()|}; } return s;"),
            Dropped("OperationCanceledException", caught: null));
    }

    [Fact]
    public async Task Flags_an_argument_exception_whose_overload_keeps_the_parameter_name()
    {
        await Verify.Analyzer(
            Method("try { Work(); } catch (FormatException ex) { throw {|#0:new ArgumentException(\"Not a number\", nameof(s))|}; } return s;"),
            Dropped("ArgumentException"));
    }

    [Fact]
    public async Task Flags_an_argumentless_type_that_nothing_catches()
    {
        await Verify.Analyzer(Usings + """
            class C
            {
                void Work() { }

                void M()
                {
                    try { Work(); }
                    catch (IOException ex) { throw {|#0:new RetryException()|}; }
                }
            }

            class RetryException : Exception
            {
                public RetryException() { }
                public RetryException(string message, Exception inner) : base(message, inner) { }
            }
            """, Dropped("RetryException"));
    }

    // ---- Not flagged: the near misses ----------------------------------------------------------------------------

    [Theory]
    [InlineData("cause passed", "try { Work(); } catch (IOException ex) { throw new ImportException(\"Import failed\", ex); }")]
    [InlineData("inner exception passed", "try { Work(); } catch (AggregateException ex) { throw new ImportException(\"Import failed\", ex.InnerException!); }")]
    [InlineData("named cause", "try { Work(); } catch (IOException ex) { throw new CodedException(code: 1, message: \"m\", cause: ex); }")]
    [InlineData("cause passed through a conditional access", "try { Work(); } catch (AggregateException ex) { throw new ImportException(\"Import failed\", ex?.InnerException!); }")]
    [InlineData("cause passed through a cast", "try { Work(); } catch (IOException ex) { throw new ImportException(\"Import failed\", (Exception)ex); }")]
    [InlineData("a created exception returned by a helper", "try { Work(); } catch (IOException ex) { throw Faults.Wrap(ex); }")]
    [InlineData("rethrow", "try { Work(); } catch (IOException) { throw; }")]
    [InlineData("rethrow the same", "try { Work(); } catch (IOException ex) { throw ex; }")]
    [InlineData("throw in a lambda", "try { Work(); } catch (IOException) { Action fail = () => throw new ImportException(\"later\"); fail(); }")]
    [InlineData("throw outside a catch", "throw new ImportException(\"no cause\");")]
    [InlineData("throw in the try", "try { throw new ImportException(\"no cause\"); } catch (IOException ex) { throw new ImportException(\"m\", ex); }")]
    [InlineData("throw in finally", "try { Work(); } finally { if (s == null) throw new ImportException(\"no cause\"); }")]
    [InlineData("another exception chosen as the cause", "try { Work(); } catch (OperationCanceledException) { throw new ImportException(\"pool exhausted\", new TimeoutException()); }")]
    [InlineData("own cancellation tested in the filter", "var timeout = new System.Threading.CancellationTokenSource(); try { Work(); } catch (ObjectDisposedException) when (timeout.IsCancellationRequested) { throw new ImportException(\"Connect Timeout expired.\"); }")]
    [InlineData("token tested in the filter", "var token = System.Threading.CancellationToken.None; try { Work(); } catch (Exception ex) when (token.IsCancellationRequested && ex is IOException) { throw new CodedException(7, \"Connect Timeout expired.\"); }")]
    [InlineData("cancellation reported as a TimeoutException", "try { Work(); } catch (OperationCanceledException) { throw new TimeoutException(\"No reply within 5 s.\"); }")]
    [InlineData("a disposed socket reported as a timeout", "try { Work(); } catch (ObjectDisposedException) { throw new TimeoutException(\"No reply within 5 s.\"); }")]
    [InlineData("a lower timeout given more detail", "try { Work(); } catch (TimeoutException) { throw new TimeoutException(\"No reply from 10.0.0.1 within 5 s.\"); }")]
    [InlineData("cancellation reported with a timeout message", "try { Work(); } catch (System.Threading.Tasks.TaskCanceledException) { throw new ImportException($\"Import timed out after {s}.\"); }")]
    [InlineData("a missing value reported with ?? throw", "try { Work(); } catch (IOException) { return s ?? throw new ImportException(\"No name\"); }")]
    [InlineData("an impossible case in a switch", "try { Work(); } catch (IOException) { switch (s.Length) { case 0: return s; default: throw new ImportException(\"Unexpected length\"); } }")]
    [InlineData("an impossible case in a switch expression", "try { Work(); } catch (IOException) { return s.Length switch { 0 => s, _ => throw new ImportException(\"Unexpected length\") }; }")]
    [InlineData("throw of a local", "try { Work(); } catch (IOException ex) { var wrapped = new ImportException(\"m\", ex); throw wrapped; }")]
    [InlineData("own cancellation tested before the throw", "var timeout = new System.Threading.CancellationTokenSource(); try { Work(); } catch (Exception ex) when (ex is OperationCanceledException) { if (timeout.Token.IsCancellationRequested) { throw new ImportException(\"Import did not finish within 5 s\"); } throw; }")]
    [InlineData("a cancellation re-reported as a cancellation", "try { Work(); } catch (Exception ex) when (ex is OperationCanceledException or TimeoutException) { throw new OperationCanceledException(\"Import did not finish within 5 s\"); }")]
    [InlineData("retries ran out, the catch retries by calling itself", "var tries = s.Length; try { Work(); } catch (IOException) { if (tries > 3) throw new ImportException(\"Gave up after 3 tries\"); return M(s + \"!\"); }")]
    [InlineData("retries ran out, the loop retries", "for (var attempt = 0; attempt < 9; attempt++) { try { Work(); return s; } catch (IOException ignored) { if (attempt >= 3) { throw new ImportException(\"Gave up\"); } } }")]
    [InlineData("retries ran out, the message is built before the throw", "for (var attempt = 0; attempt < 9; attempt++) { try { Work(); return s; } catch (UnauthorizedAccessException) { if (attempt >= 3) { var message = \"Gave up on \" + s; throw new InvalidOperationException(message); } } }")]
    [InlineData("a signal picked by its exact message", "try { Work(); } catch (InvalidOperationException ex) when (ex.Message == \"reject\") { throw new ImportException(\"Rejected\"); }")]
    [InlineData("a signal picked by its exact message with string.Equals", "try { Work(); } catch (InvalidOperationException ex) when (string.Equals(ex.Message, \"reject\", StringComparison.Ordinal)) { throw new ArgumentException(\"Rejected\", nameof(s)); }")]
    [InlineData("a lookup that found no matching element", "string found; try { found = System.Linq.Enumerable.First(new[] { \"a\" }, x => x == s); } catch (InvalidOperationException) { throw new ImportException(\"No entry named \" + s); }")]
    [InlineData("a lookup of a single element, returned", "try { return System.Linq.Enumerable.Single(new[] { s }); } catch (Exception) { throw new ImportException(\"Not exactly one entry\"); }")]
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

    [Fact]
    public async Task Leaves_a_type_without_a_cause_constructor_to_VET306()
    {
        // LeafException(string) cannot take the cause: VET306 reports the type, once, instead of every throw here.
        await Verify.NoDiagnostics(Method("try { Work(); } catch (IOException ex) { throw new LeafException(\"Import failed\"); } return s;"));
    }

    [Fact]
    public async Task Does_not_offer_an_overload_that_drops_the_actual_value()
    {
        // ArgumentOutOfRangeException(paramName, actualValue, message) has no overload that also takes the cause.
        await Verify.NoDiagnostics(Method("try { Work(); } catch (FormatException) { throw new ArgumentOutOfRangeException(nameof(s), s, \"Not a count\"); } return s;"));
    }

    [Fact]
    public async Task Does_not_offer_an_overload_that_drops_the_parameter_name()
    {
        // ArgumentNullException(paramName): its (message, innerException) overload would turn the name into the message.
        await Verify.NoDiagnostics(Method("try { Work(); } catch (NullReferenceException) { throw new ArgumentNullException(nameof(s)); } return s;"));
    }

    [Fact]
    public async Task Leaves_cancellation_rethrown_with_its_token_alone()
    {
        await Verify.NoDiagnostics(Usings + """
            using System.Threading;

            class C
            {
                void Work(CancellationToken ct) { }

                void M(CancellationToken ct)
                {
                    try { Work(ct); }
                    catch (ObjectDisposedException) { throw new OperationCanceledException("Stopped", ct); }

                    try { Work(ct); }
                    catch (TimeoutException) { throw new OperationCanceledException(ct); }
                }
            }
            """);
    }

    [Fact]
    public async Task Leaves_an_argumentless_signal_caught_by_type_alone()
    {
        // RetryException carries nothing; the loop catches it by type to try again: a signal, not a failure report.
        await Verify.NoDiagnostics(Usings + """
            class C
            {
                void Work() { }

                void Attempt()
                {
                    try { Work(); }
                    catch (IOException) { throw new RetryException(); }
                }

                void Run()
                {
                    while (true)
                    {
                        try { Attempt(); return; }
                        catch (RetryException) { }
                    }
                }
            }

            class RetryException : Exception
            {
                public RetryException() { }
                public RetryException(string message, Exception inner) : base(message, inner) { }
            }
            """);
    }

    [Fact]
    public async Task Leaves_a_lookup_written_as_an_extension_call_alone()
    {
        await Verify.NoDiagnostics("""
            using System;
            using System.Collections.Generic;
            using System.Linq;

            class Assets
            {
                string Find(IList<string> frameworks, string target)
                {
                    string found;
                    try
                    {
                        found = frameworks.First(f => f.Equals(target, StringComparison.Ordinal));
                    }
                    catch (Exception)
                    {
                        throw new InvalidOperationException(string.Format("Cannot read the assets file for {0}", target));
                    }

                    return found;
                }
            }
            """);
    }

    /// <summary>"reject" is a signal: another member catches it by that exact text and reports the rejection itself.</summary>
    [Theory]
    [InlineData("reject", false)]
    [InlineData("Month out of range", true)]
    public async Task A_thrown_text_is_a_signal_only_where_a_filter_selects_it(string text, bool flagged)
    {
        var creation = "new InvalidOperationException(\"" + text + "\")";
        var source = Usings + """
            class C
            {
                int Convert(int month) => month;

                int Step(int month)
                {
                    try { return Convert(month); }
                    catch (ArgumentOutOfRangeException ex) { throw
            """ + " " + (flagged ? "{|#0:" + creation + "|}" : creation) + """
            ; }
                }

                int Run(int month)
                {
                    try { return Step(month); }
                    catch (InvalidOperationException ex) when (ex.Message == "reject") { return -1; }
                }
            }
            """;
        if (flagged)
        {
            await Verify.Analyzer(source, Dropped("InvalidOperationException"));
        }
        else
        {
            await Verify.NoDiagnostics(source);
        }
    }

    [Fact]
    public async Task Leaves_an_argumentless_signal_tested_in_a_filter_alone()
    {
        await Verify.NoDiagnostics(Usings + """
            class C
            {
                void Work() { }

                void Attempt()
                {
                    try { Work(); }
                    catch (IOException) { throw new RetryException(); }
                }

                bool Run()
                {
                    try { Attempt(); return true; }
                    catch (Exception ex) when (ex is RetryException) { return false; }
                }
            }

            class RetryException : Exception
            {
                public RetryException() { }
                public RetryException(string message, Exception inner) : base(message, inner) { }
            }
            """);
    }

    /// <summary>
    /// A cast of a weakly typed argument that failed, reported as the ArgumentException the non-generic collection
    /// interfaces document (the framework's own collections pass no cause either).
    /// </summary>
    [Theory]
    [InlineData("ICollection.CopyTo's array", "public void CopyTo(Array array, int index) { try { Array.Copy(_items, 0, array, index, _items.Length); } catch (ArrayTypeMismatchException) { throw new ArgumentException(\"Target array type is not compatible.\", nameof(array)); } }")]
    [InlineData("IDictionary's value", "public void Set(object value) { try { _items[0] = (string)value; } catch (InvalidCastException) { throw new ArgumentException(\"Wrong type\", \"value\"); } }")]
    public async Task Does_not_flag_a_wrong_argument_type_reported_on_the_argument(string scenario, string member)
    {
        Assert.NotEmpty(scenario);
        await Verify.NoDiagnostics(Usings + "class Items\n{\n    private readonly string[] _items = new string[1];\n    " + member + "\n}\n");
    }

    [Theory]
    [InlineData("a typed parameter", "public void Set(IComparable value) { try { _items[0] = (string)value; } catch (InvalidCastException) { throw {|#0:new ArgumentException(\"Wrong type\", nameof(value))|}; } }", "ArgumentException")]
    [InlineData("no parameter named", "public void Set(object value) { try { _items[0] = (string)value; } catch (InvalidCastException) { throw {|#0:new ArgumentException(\"Wrong type\")|}; } }", "ArgumentException")]
    [InlineData("another failure", "public void Set(object value) { try { _items[0] = value.ToString()!; } catch (FormatException) { throw {|#0:new ArgumentException(\"Bad value\", nameof(value))|}; } }", "ArgumentException")]
    [InlineData("another thrown type", "public void Set(object value) { try { _items[0] = (string)value; } catch (InvalidCastException) { throw {|#0:new InvalidOperationException(\"Wrong type\")|}; } }", "InvalidOperationException")]
    public async Task Flags_a_cast_failure_that_is_not_the_argument_contract(string scenario, string member, string type)
    {
        Assert.NotEmpty(scenario);
        await Verify.Analyzer(Usings + "class Items\n{\n    private readonly string[] _items = new string[1];\n    " + member + "\n}\n", Dropped(type, null));
    }

    /// <summary>Deprecated code is kept as it is until it is removed.</summary>
    [Theory]
    [InlineData("an obsolete type", "[Obsolete(\"Use the new parser\")]\n", "")]
    [InlineData("an obsolete member", "", "[Obsolete]\n    ")]
    public async Task Does_not_flag_obsolete_code(string scenario, string onType, string onMember)
    {
        Assert.NotEmpty(scenario);
        await Verify.NoDiagnostics(Usings + onType + "class Parser\n{\n    void Work() { }\n    " + onMember + "public void Parse() { try { Work(); } catch (FormatException) { throw new ImportException(\"Not base64\"); } }\n}\n" + Types);
    }

    [Fact]
    public async Task Flags_code_beside_obsolete_code()
    {
        await Verify.Analyzer(Usings + "class Parser\n{\n    void Work() { }\n    [Obsolete] public void Old() { }\n    public void Parse() { try { Work(); } catch (FormatException) { throw {|#0:new ImportException(\"Not base64\")|}; } }\n}\n" + Types, Dropped("ImportException", null));
    }

    // ---- The fix -------------------------------------------------------------------------------------------------

    [Theory]
    [InlineData("append", "catch (IOException ex) { throw {|#0:new ImportException(\"Import failed\")|}; }", "catch (IOException ex) { throw new ImportException(\"Import failed\", ex); }", "ImportException", "ex")]
    [InlineData("insert first", "catch (IOException ex) { throw {|#0:new CodedException(7, \"Import failed\")|}; }", "catch (IOException ex) { throw new CodedException(ex, 7, \"Import failed\"); }", "CodedException", "ex")]
    [InlineData("named arguments", "catch (IOException ex) { throw {|#0:new CodedException(message: \"Import failed\", code: 7)|}; }", "catch (IOException ex) { throw new CodedException(message: \"Import failed\", code: 7, cause: ex); }", "CodedException", "ex")]
    [InlineData("add the variable", "catch (IOException) { throw {|#0:new ImportException(\"Import failed\")|}; }", "catch (IOException ex) { throw new ImportException(\"Import failed\", ex); }", "ImportException", null)]
    [InlineData("catch all", "catch { throw {|#0:new ImportException(\"Import failed\")|}; }", "catch (Exception ex) { throw new ImportException(\"Import failed\", ex); }", "ImportException", null)]
    [InlineData("collision-free name", "catch (IOException) { var ex = 1; throw {|#0:new ImportException(\"Import failed \" + ex)|}; }", "catch (IOException ex2) { var ex = 1; throw new ImportException(\"Import failed \" + ex, ex2); }", "ImportException", null)]
    public async Task Fix_passes_the_caught_exception(string scenario, string before, string after, string type, string? caught)
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
    public async Task Fix_passes_a_message_the_call_did_not_pass()
    {
        await Verify.CodeFix(
            Method("try { Work(); } catch (IOException ex) { throw {|#0:new InvalidDataException()|}; } return s;"),
            Method("try { Work(); } catch (IOException ex) { throw new InvalidDataException(ex.Message, ex); } return s;"),
            CauseNotWrappedCodeFix.PassInnerExceptionKey,
            TargetFramework.Net80,
            Dropped("InvalidDataException"));
    }

    [Fact]
    public async Task Leaves_an_unreachable_guard_after_a_helper_that_always_throws_alone()
    {
        await Verify.NoDiagnostics("""
            #nullable enable
            using System;
            using System.Diagnostics.CodeAnalysis;
            using System.Reflection;
            using System.Runtime.ExceptionServices;

            static class Reflect
            {
                public static object? Invoke(MethodBase method)
                {
                    try
                    {
                        return method.Invoke(null, null);
                    }
                    catch (TargetInvocationException ex)
                    {
                        Rethrow(ex.InnerException!);

                        // If this line is reached, Rethrow is very broken.
                        throw new InvalidOperationException("Rethrow failed to throw an exception.");
                    }
                }

                public static object? InvokeMarked(MethodBase method)
                {
                    try
                    {
                        return method.Invoke(null, null);
                    }
                    catch (TargetInvocationException ex)
                    {
                        Fail(ex.InnerException!);
                        throw new InvalidOperationException("Fail returned.");
                    }
                }

                private static void Rethrow(Exception exception)
                {
                    ExceptionDispatchInfo.Capture(exception).Throw();
                }

                [DoesNotReturn]
                private static void Fail(Exception exception) => ExceptionDispatchInfo.Throw(exception);
            }
            """);
    }

    [Fact]
    public async Task Flags_a_throw_after_a_helper_that_can_return()
    {
        await Verify.Analyzer("""
            #nullable enable
            using System;
            using System.Reflection;
            using System.Runtime.ExceptionServices;

            static class Reflect
            {
                public static object? Invoke(MethodBase method)
                {
                    try
                    {
                        return method.Invoke(null, null);
                    }
                    catch (TargetInvocationException ex)
                    {
                        RethrowInner(ex);
                        throw {|#0:new InvalidOperationException("Invocation failed.")|};
                    }
                }

                private static void RethrowInner(Exception exception)
                {
                    if (exception.InnerException is null)
                    {
                        return;
                    }

                    ExceptionDispatchInfo.Capture(exception.InnerException).Throw();
                }
            }
            """, Dropped("InvalidOperationException"));
    }

    [Fact]
    public async Task Fix_gives_a_translated_cancellation_its_own_message_instead_of_the_cancellation_text()
    {
        await Verify.CodeFix(
            Method("try { Work(); } catch (OperationCanceledException) { throw {|#0:new InvalidOperationException()|}; } return s;"),
            Method("try { Work(); } catch (OperationCanceledException ex) { throw new InvalidOperationException(\"The operation did not complete.\", ex); } return s;"),
            CauseNotWrappedCodeFix.PassInnerExceptionKey,
            TargetFramework.Net80,
            Dropped("InvalidOperationException", caught: null));
    }

    [Fact]
    public async Task Fix_keeps_the_parameter_name_of_an_argument_exception()
    {
        await Verify.CodeFix(
            Method("try { Work(); } catch (FormatException ex) { throw {|#0:new ArgumentException(\"Not a number\", nameof(s))|}; } return s;"),
            Method("try { Work(); } catch (FormatException ex) { throw new ArgumentException(\"Not a number\", nameof(s), ex); } return s;"),
            CauseNotWrappedCodeFix.PassInnerExceptionKey,
            TargetFramework.Net80,
            Dropped("ArgumentException"));
    }

    [Fact]
    public async Task Fix_matches_message_parameters_by_meaning_not_by_name()
    {
        var types = """

            class WireException : Exception
            {
                public WireException(string msg) : base(msg) { }
                public WireException(string message, Exception inner) : base(message, inner) { }
            }
            """;
        await Verify.CodeFix(
            Method("try { Work(); } catch (IOException ex) { throw {|#0:new WireException(\"Lost\")|}; } return s;") + types,
            Method("try { Work(); } catch (IOException ex) { throw new WireException(\"Lost\", ex); } return s;") + types,
            CauseNotWrappedCodeFix.PassInnerExceptionKey,
            TargetFramework.Net80,
            Dropped("WireException"));
    }

    [Fact]
    public async Task Fix_names_the_cause_after_an_optional_parameter_it_leaves_out()
    {
        var types = """

            class StoreException : Exception
            {
                public StoreException(int code) : base("Store error " + code) { }
                public StoreException(int code, string? detail = null, Exception? inner = null) : base(detail, inner) { }
            }
            """;
        await Verify.CodeFix(
            "#nullable enable\n" + Method("try { Work(); } catch (IOException ex) { throw {|#0:new StoreException(7)|}; } return s;") + types,
            "#nullable enable\n" + Method("try { Work(); } catch (IOException ex) { throw new StoreException(7, inner: ex); } return s;") + types,
            CauseNotWrappedCodeFix.PassInnerExceptionKey,
            TargetFramework.Net80,
            Dropped("StoreException"));
    }

    [Fact]
    public async Task Fix_all_passes_every_cause_in_two_documents()
    {
        var test = new Test { CodeActionEquivalenceKey = CauseNotWrappedCodeFix.PassInnerExceptionKey };
        test.TestState.Sources.Add(Method("try { Work(); } catch (IOException ex) { throw {|#0:new ImportException(\"a\")|}; } try { Work(); } catch (FormatException ex) { throw {|#1:new CodedException(1, \"b\")|}; } return s;"));
        test.TestState.Sources.Add(Usings + "class D { void M() { try { } catch (InvalidCastException) { throw {|#2:new InvalidOperationException(\"c\")|}; } } }");
        test.ExpectedDiagnostics.Add(Dropped("ImportException"));
        test.ExpectedDiagnostics.Add(Verify.Diagnostic().WithLocation(1).WithArguments("CodedException", "ex"));
        test.ExpectedDiagnostics.Add(Verify.Diagnostic(Descriptors.Shapes.VET301_NoVariable).WithLocation(2).WithArguments("InvalidOperationException"));
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
