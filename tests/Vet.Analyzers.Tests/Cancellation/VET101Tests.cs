using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using Vet.Analyzers.Cancellation;
using Vet.Analyzers.Tests.Infrastructure;
using Vet.CodeFixes.Cancellation;
using Xunit;
using Test = Vet.Analyzers.Tests.Infrastructure.VetTest<Vet.Analyzers.Cancellation.CancellationTokenPositionAnalyzer, Vet.CodeFixes.Cancellation.CancellationTokenPositionCodeFix>;
using Verify = Vet.Analyzers.Tests.Infrastructure.Verify<Vet.Analyzers.Cancellation.CancellationTokenPositionAnalyzer, Vet.CodeFixes.Cancellation.CancellationTokenPositionCodeFix>;

namespace Vet.Analyzers.Tests.Cancellation;

/// <summary>VET101: a CancellationToken parameter in the middle of the parameter list.</summary>
public class VET101Tests
{
    private const string Usings = "using System;\nusing System.Collections.Generic;\nusing System.Runtime.CompilerServices;\nusing System.Threading;\nusing System.Threading.Tasks;\n";

    private static DiagnosticResult Misplaced(int markup, string parameter, string method, string position = "first or last") =>
        Verify.Diagnostic(position switch
        {
            "last" => Descriptors.VET101_CancellationTokenPosition,
            "first" => Descriptors.Shapes.VET101_First,
            _ => Descriptors.Shapes.VET101_FirstOrLast,
        }).WithLocation(markup).WithArguments(parameter, method);

    // ---- Flagged ---------------------------------------------------------------------------------------------

    [Theory]
    [InlineData("method", "class C { Task LoadAsync(int id, {|#0:CancellationToken ct|}, string name) => Task.CompletedTask; }", "LoadAsync")]
    [InlineData("static method", "static class C { static void Save(string path, {|#0:CancellationToken ct|}, bool overwrite) { } }", "Save")]
    [InlineData("constructor", "class Loader { public Loader(int retries, {|#0:CancellationToken ct|}, string name) { } }", "Loader")]
    [InlineData("primary constructor", "class Loader(int retries, {|#0:CancellationToken ct|}, string name) { }", "Loader")]
    [InlineData("delegate", "delegate Task Handler(int id, {|#0:CancellationToken ct|}, string name);", "Handler")]
    [InlineData("interface member", "interface IStore { Task PutAsync(string key, {|#0:CancellationToken ct|}, byte[] value); }", "PutAsync")]
    [InlineData("abstract member", "abstract class Store { public abstract Task PutAsync(string key, {|#0:CancellationToken ct|}, byte[] value); }", "PutAsync")]
    [InlineData("extension method", "static class E { public static Task SendAsync(this string s, int id, {|#0:CancellationToken ct|}, bool flush) => Task.CompletedTask; }", "SendAsync")]
    [InlineData("optional token before optional", "class C { void M(int a, {|#0:CancellationToken ct = default|}, int b = 0) { } }", "M")]
    [InlineData("required token before required after optional", "class C { void M(int a, {|#0:CancellationToken ct|}, int b, [CallerMemberName] string caller = \"\") { } }", "M")]
    [InlineData("token before IProgress and a plain parameter", "class C { void M(int a, {|#0:CancellationToken ct|}, IProgress<int> p, int b) { } }", "M")]
    [InlineData("token before a type that only mentions progress", "class ProgressOptions { } class C { void M(int a, {|#0:CancellationToken ct|}, ProgressOptions options) { } }", "M")]
    [InlineData("token before an enum named like a progress reporter", "enum UploadProgress { None } class C { void M(int a, {|#0:CancellationToken ct|}, UploadProgress state) { } }", "M")]
    public async Task Flags_token_in_the_middle(string scenario, string code, string method)
    {
        Assert.NotEmpty(scenario);
        await Verify.Analyzer(Usings + code, Misplaced(0, "ct", method));
    }

    [Fact]
    public async Task Flags_token_type_named_through_a_using_alias()
    {
        // The analyzer tests parameter lists by the written type name first; an alias must not hide the token.
        await Verify.Analyzer("""
            using Token = System.Threading.CancellationToken;

            class C
            {
                void Copy(int from, {|#0:Token token|}, int to) { }
            }
            """, Misplaced(0, "token", "Copy"));
    }

    [Fact]
    public async Task Flags_token_type_behind_a_namespace_alias_or_beside_an_unrelated_alias()
    {
        // Neither alias can hide the token's name: the file is read from the written names, not walked whole.
        await Verify.Analyzer("""
            using Threading = System.Threading;
            using Counts = System.Collections.Generic.Dictionary<string, int>;

            class C
            {
                void Copy(int from, {|#0:Threading.CancellationToken token|}, int to) { }
                void Count(Counts counts, {|#1:System.Threading.CancellationToken token|}, int limit) { }
            }
            """, Misplaced(0, "token", "Copy"), Misplaced(1, "token", "Count"));
    }

    [Fact]
    public async Task Flags_token_type_named_through_a_global_alias_in_another_file()
    {
        // The file with the method never spells the token type; the analyzer must not skip it on its text.
        var test = new Test { TestCode = """
            class C
            {
                void Copy(int from, {|#0:Token token|}, int to) { }
            }
            """ };
        test.TestState.Sources.Add(("Aliases.cs", "global using Token = System.Threading.CancellationToken;"));
        test.ExpectedDiagnostics.Add(Misplaced(0, "token", "Copy"));
        await test.RunAsync();
    }

    [Fact]
    public async Task Flags_partial_method_once_at_its_definition()
    {
        await Verify.Analyzer(Usings + """
            partial class C
            {
                public partial Task LoadAsync(int id, {|#0:CancellationToken ct|}, string name);
            }

            partial class C
            {
                public partial Task LoadAsync(int id, CancellationToken ct, string name) => Task.CompletedTask;
            }
            """, Misplaced(0, "ct", "LoadAsync"));
    }

    [Fact]
    public async Task Flags_local_function()
    {
        await Verify.Analyzer(Usings + """
            class C
            {
                void Outer()
                {
                    Copy(1, default, 2);
                    static void Copy(int from, {|#0:CancellationToken token|}, int to) { }
                }
            }
            """, Misplaced(0, "token", "Copy"));
    }

    [Fact]
    public async Task Flags_local_function_with_qualified_token_type()
    {
        await Verify.Analyzer(Usings + """
            class C
            {
                void Outer()
                {
                    void Copy(int from, {|#0:System.Threading.CancellationToken token|}, int to) { }
                    void Move(int from, {|#1:global::System.Threading.CancellationToken token|}, int to) { }
                    Copy(1, default, 2);
                    Move(1, default, 2);
                }
            }
            """, Misplaced(0, "token", "Copy"), Misplaced(1, "token", "Move"));
    }

    [Fact]
    public async Task Flags_each_misplaced_token()
    {
        await Verify.Analyzer(Usings + """
            class C
            {
                void M(int a, {|#0:CancellationToken first|}, int b, {|#1:CancellationToken second|}, int c) { }
            }
            """, Misplaced(0, "first", "M"), Misplaced(1, "second", "M"));
    }

    // ---- Not flagged: the near misses ----------------------------------------------------------------------------

    [Theory]
    [InlineData("last", "void M(int a, string b, CancellationToken ct) { }")]
    [InlineData("first", "void M(CancellationToken ct, int a, string b) { }")]
    [InlineData("only parameter", "void M(CancellationToken ct) { }")]
    [InlineData("before params", "void M(int a, CancellationToken ct, params int[] rest) { }")]
    [InlineData("before caller info", "void M(int a, CancellationToken ct, [CallerMemberName] string caller = \"\", [CallerLineNumber] int line = 0) { }")]
    [InlineData("before out", "bool M(int a, CancellationToken ct, out int result) { result = 0; return true; }")]
    [InlineData("before ref", "void M(int a, CancellationToken ct, ref int state) { }")]
    [InlineData("before IProgress", "void M(int a, CancellationToken ct, IProgress<double> progress) { }")]
    [InlineData("before another token", "void M(int a, CancellationToken ct, CancellationToken other) { }")]
    [InlineData("required token before optional", "void M(int a, CancellationToken ct, int retries = 3, string? name = null) { }")]
    [InlineData("two leading tokens", "void M(CancellationToken a, CancellationToken b, int c) { }")]
    [InlineData("no token", "void M(int a, object b, int c) { }")]
    [InlineData("lambda", "void M() { Func<int, CancellationToken, int, int> f = (a, ct, b) => a; }")]
    [InlineData("token-like name only", "void M(int a, object ct, int b) { }")]
    public async Task Does_not_flag_conventional_positions(string scenario, string member)
    {
        Assert.NotEmpty(scenario);
        await Verify.NoDiagnostics(Usings + "#nullable enable\nclass C { " + member + " }");
    }

    /// <summary>
    /// A library's own progress reporter (an interface named <c>…Progress</c> that is not <c>IProgress&lt;T&gt;</c>, or a
    /// type implementing <c>IProgress&lt;T&gt;</c>) follows the token as <c>IProgress&lt;T&gt;</c> does, out parameters after it.
    /// </summary>
    [Fact]
    public async Task Does_not_flag_token_before_a_progress_reporter_of_the_projects_own_type()
    {
        await Verify.NoDiagnostics(Usings + """
            #nullable enable
            public interface ITransferProgress { void Report(long bytesTransferred); }
            sealed class PercentReporter : IProgress<double> { public void Report(double value) { } }
            class Client
            {
                bool TryQueueFetch(int uid, string section, CancellationToken cancellationToken, ITransferProgress? progress, out object? command, out object? context)
                {
                    command = null;
                    context = null;
                    return false;
                }

                string Send(string message, CancellationToken cancellationToken, ITransferProgress? progress) => message;

                void Upload(byte[] data, CancellationToken cancellationToken, PercentReporter reporter) { }
            }
            """);
    }

    [Fact]
    public async Task Flags_the_declaration_not_the_override_or_implementations()
    {
        await Verify.Analyzer(Usings + """
            interface IStore { Task PutAsync(string key, {|#0:CancellationToken ct|}, byte[] value); }
            abstract class Base { public abstract Task GetAsync(string key, {|#1:CancellationToken ct|}, int limit); }
            class Store : Base, IStore
            {
                public Task PutAsync(string key, CancellationToken ct, byte[] value) => Task.CompletedTask;
                public override Task GetAsync(string key, CancellationToken ct, int limit) => Task.CompletedTask;
            }
            class ExplicitStore : IStore
            {
                Task IStore.PutAsync(string key, CancellationToken ct, byte[] value) => Task.CompletedTask;
            }
            interface IFactory<TSelf> where TSelf : IFactory<TSelf>
            {
                static abstract TSelf Create(int size, {|#2:CancellationToken ct|}, string name);
            }
            class Widget : IFactory<Widget>
            {
                public static Widget Create(int size, CancellationToken ct, string name) => new();
            }
            """, Misplaced(0, "ct", "PutAsync"), Misplaced(1, "ct", "GetAsync"), Misplaced(2, "ct", "Create"));
    }

    [Fact]
    public async Task Does_not_flag_positional_record_or_extern_signature()
    {
        await Verify.NoDiagnostics(Usings + """
            using System.Runtime.InteropServices;
            record Request(int Id, CancellationToken Token, string Name);
            static class Native
            {
                [DllImport("native")]
                static extern void Run(int a, CancellationToken ct, int b);
            }
            """);
    }

    [Fact]
    public async Task Extension_this_parameter_is_not_a_position()
    {
        await Verify.NoDiagnostics(Usings + """
            static class E
            {
                public static Task SendAsync(this string s, CancellationToken ct, int id) => Task.CompletedTask;
            }
            """);
    }

    [Theory]
    [InlineData("trailing delegate", "Task ForEachAsync(IEnumerable<int> source, CancellationToken ct, Func<int, CancellationToken, ValueTask> body) => Task.CompletedTask;")]
    [InlineData("trailing Action", "void Run(int a, CancellationToken ct, Action<int> onItem) { }")]
    [InlineData("trailing custom delegate", "void Run(int a, CancellationToken ct, EventHandler handler) { }")]
    [InlineData("trailing TimeSpan", "bool Wait(int count, CancellationToken ct, TimeSpan timeout) => true;")]
    [InlineData("trailing delegate then timeout", "void Run(int a, CancellationToken ct, Action<int> onItem, TimeSpan timeout) { }")]
    public async Task Does_not_flag_a_token_before_a_trailing_delegate_or_timeout(string scenario, string member)
    {
        Assert.NotEmpty(scenario);
        await Verify.NoDiagnostics(Usings + "#nullable enable\nclass C { " + member + " }");
    }

    [Fact]
    public async Task Does_not_flag_a_token_before_a_timeout_type()
    {
        await Verify.NoDiagnostics(Usings + """
            readonly struct LockTimeout { }
            class C
            {
                void Acquire(string name, CancellationToken ct, LockTimeout timeout) { }
            }
            """);
    }

    [Fact]
    public async Task Flags_a_token_before_a_delegate_that_is_not_last()
    {
        await Verify.Analyzer(Usings + """
            class C
            {
                void Run(int a, {|#0:CancellationToken ct|}, Action<int> onItem, string name) { }
            }
            """, Misplaced(0, "ct", "Run"));
    }

    // ---- Orders a helper shares with its neighbor -----------------------------------------------------------------

    [Fact]
    public async Task Does_not_flag_a_helper_that_mirrors_the_override_calling_it()
    {
        // The override's order belongs to its base; the private helper it forwards to keeps the pair consistent.
        await Verify.Analyzer(Usings + """
            abstract class Transport { public abstract Task SendAsync(string body, {|#0:CancellationToken ct|}, int priority); }
            class HttpTransport : Transport
            {
                public override Task SendAsync(string body, CancellationToken ct, int priority) => SendCoreAsync(body, ct, priority);
                private Task SendCoreAsync(string body, CancellationToken ct, int priority) => Task.CompletedTask;
            }
            """, Misplaced(0, "ct", "SendAsync"));
    }

    [Fact]
    public async Task Does_not_flag_a_pass_through_to_a_method_whose_order_is_conventional()
    {
        // SendAsync's trailing parameter is optional, which follows a required token by convention; the helper copies
        // its order with a required one.
        await Verify.NoDiagnostics(Usings + """
            #nullable enable
            class Client
            {
                public Task SendAsync(string body, CancellationToken ct, string? tag = null) => Task.CompletedTask;
                private Task SendTaggedAsync(string body, CancellationToken ct, string tag) => SendAsync(body, ct, tag);
            }
            """);
    }

    [Fact]
    public async Task Flags_helpers_that_mirror_each_other_when_both_can_change()
    {
        // Both orders can move together: the shared order is not a constraint.
        await Verify.Analyzer(Usings + """
            class Replicas
            {
                private Task<int> GetAllAsync(string id, {|#0:CancellationToken ct|}, string options) => GetPrimaryAsync(id, ct, options);
                private Task<int> GetPrimaryAsync(string id, {|#1:CancellationToken ct|}, string options) => Task.FromResult(id.Length + options.Length);
            }
            """, Misplaced(0, "ct", "GetAllAsync"), Misplaced(1, "ct", "GetPrimaryAsync"));
    }

    [Fact]
    public async Task Flags_a_helper_that_passes_only_its_token_on()
    {
        // Forwarding the token alone, or the following parameters in another order, shares no order.
        await Verify.Analyzer(Usings + """
            #nullable enable
            class Client
            {
                public Task SendAsync(string body, CancellationToken ct, string? tag = null) => Task.CompletedTask;
                private Task SendTaggedAsync(string body, {|#0:CancellationToken ct|}, string tag) => SendAsync(tag, ct);
                private Task Reversed(string a, {|#1:CancellationToken ct|}, string b, string c) => Take(a, ct, c, b);
                private static Task Take(string a, CancellationToken ct, string? c = null, string? b = null) => Task.CompletedTask;
            }
            """, Misplaced(0, "ct", "SendTaggedAsync"), Misplaced(1, "ct", "Reversed"));
    }

    [Theory]
    [InlineData("controller action", "public class OrdersController : ControllerBase { public Task<int> Get(int id, CancellationToken ct, [FromServices] string service) => Task.FromResult(id); }")]
    [InlineData("controller by attribute", "[ApiController] public class Orders { public Task<int> Get(int id, CancellationToken ct, string service) => Task.FromResult(id); }")]
    [InlineData("hub method", "public class ChatHub : Hub { public Task Send(string room, CancellationToken ct, string text) => Task.CompletedTask; }")]
    [InlineData("routed action", "public class Orders { [HttpGet] public Task<int> Get(int id, CancellationToken ct, string service) => Task.FromResult(id); }")]
    [InlineData("function", "public static class Functions { [Function(\"Run\")] public static Task Run(string input, CancellationToken ct, string context) => Task.CompletedTask; }")]
    public async Task Does_not_flag_a_method_a_framework_binds_by_name(string scenario, string code)
    {
        // The framework's types are declared here; without its package they do not bind, and the names still decide.
        Assert.NotEmpty(scenario);
        await Verify.NoDiagnostics(Usings + """
            public abstract class ControllerBase { }
            public abstract class Hub { }
            public sealed class ApiControllerAttribute : Attribute { }
            public sealed class HttpGetAttribute : Attribute { }
            public sealed class FromServicesAttribute : Attribute { }
            public sealed class FunctionAttribute : Attribute { public FunctionAttribute(string name) { } }

            """ + code);
    }

    [Fact]
    public async Task Flags_a_non_public_member_of_a_controller()
    {
        await Verify.Analyzer(Usings + """
            public abstract class ControllerBase { }
            public class OrdersController : ControllerBase
            {
                private Task<int> LoadAsync(int id, {|#0:CancellationToken ct|}, string name) => Task.FromResult(id);
            }
            """, Misplaced(0, "ct", "LoadAsync"));
    }

    // ---- API contracts and stated decisions ----------------------------------------------------------------------

    private const string PublicApi = """
        public class Client
        {
            public Task SendAsync(string message, {|#0:CancellationToken ct|}, bool flush) => Task.CompletedTask;
            public virtual Task ReadAsync(int count, {|#1:CancellationToken ct|}, bool peek) => Task.CompletedTask;
            internal Task PingAsync(int count, {|#2:CancellationToken ct|}, bool wait) => Task.CompletedTask;
            private Task FlushAsync(int count, {|#3:CancellationToken ct|}, bool wait) => Task.CompletedTask;
        }
        """;

    [Fact]
    public async Task Does_not_flag_the_visible_surface_of_a_published_library()
    {
        var test = new Test { TestCode = Usings + PublicApi }.WithBuildProperties(("PackageTags", "messaging"));
        test.ExpectedDiagnostics.Add(Misplaced(2, "ct", "PingAsync"));
        test.ExpectedDiagnostics.Add(Misplaced(3, "ct", "FlushAsync"));
        await test.RunAsync();
    }

    [Fact]
    public async Task Flags_the_visible_surface_of_an_application()
    {
        await Verify.Analyzer(Usings + PublicApi,
            Misplaced(0, "ct", "SendAsync"), Misplaced(1, "ct", "ReadAsync"), Misplaced(2, "ct", "PingAsync"), Misplaced(3, "ct", "FlushAsync"));
    }

    [Fact]
    public async Task Flags_the_published_surface_when_api_surface_is_all()
    {
        var test = new Test { TestCode = Usings + PublicApi }
            .WithBuildProperties(("PackageTags", "messaging"))
            .WithEditorConfig("vet.api_surface = all");
        test.ExpectedDiagnostics.Add(Misplaced(0, "ct", "SendAsync"));
        test.ExpectedDiagnostics.Add(Misplaced(1, "ct", "ReadAsync"));
        test.ExpectedDiagnostics.Add(Misplaced(2, "ct", "PingAsync"));
        test.ExpectedDiagnostics.Add(Misplaced(3, "ct", "FlushAsync"));
        await test.RunAsync();
    }

    [Fact]
    public async Task Does_not_flag_members_that_friend_assemblies_can_call()
    {
        await Verify.Analyzer(Usings + "[assembly: InternalsVisibleTo(\"Client.Tests\")]\n" + PublicApi,
            Misplaced(0, "ct", "SendAsync"), Misplaced(1, "ct", "ReadAsync"), Misplaced(3, "ct", "FlushAsync"));
    }

    [Fact]
    public async Task Does_not_flag_members_listed_as_shipped_API()
    {
        var test = new Test { TestCode = Usings + PublicApi };
        test.TestState.AdditionalFiles.Add(("/PublicAPI.Shipped.txt", """
            #nullable enable
            Client
            Client.Client() -> void
            Client.SendAsync(string! message, System.Threading.CancellationToken ct, bool flush) -> System.Threading.Tasks.Task!
            """));
        test.ExpectedDiagnostics.Add(Misplaced(1, "ct", "ReadAsync"));
        test.ExpectedDiagnostics.Add(Misplaced(2, "ct", "PingAsync"));
        test.ExpectedDiagnostics.Add(Misplaced(3, "ct", "FlushAsync"));
        await test.RunAsync();
    }

    [Fact]
    public async Task Does_not_flag_a_member_whose_CA1068_is_suppressed()
    {
        await Verify.Analyzer(Usings + """
            using System.Diagnostics.CodeAnalysis;
            class Client
            {
            #pragma warning disable CA1068 // the order matches the wire protocol
                void Send(string message, CancellationToken ct, bool flush) { }
            #pragma warning restore CA1068

                [SuppressMessage("Design", "CA1068:CancellationToken parameters must come last", Justification = "Shipped")]
                void Read(int count, CancellationToken ct, bool peek) { }

                void Ping(int count, {|#0:CancellationToken ct|}, bool wait) { }
            }
            """, Misplaced(0, "ct", "Ping"));
    }

    // ---- Option vet.VET101.position ------------------------------------------------------------------------------

    [Theory]
    [InlineData("last", "void M({|#0:CancellationToken ct|}, int a) { }", "last")]
    [InlineData("last", "void M(int a, {|#0:CancellationToken ct|}, int b) { }", "last")]
    [InlineData("first", "void M(int a, {|#0:CancellationToken ct|}) { }", "first")]
    [InlineData("first", "void M(int a, {|#0:CancellationToken ct|}, int b) { }", "first")]
    [InlineData("FIRST_OR_LAST", "void M(int a, {|#0:CancellationToken ct|}, int b) { }", "first or last")]
    [InlineData("nonsense", "void M(int a, {|#0:CancellationToken ct|}, int b) { }", "first or last")]
    public async Task Position_option_selects_the_convention(string option, string member, string expected)
    {
        await Verify.Analyzer(
            Usings + "class C { " + member + " }",
            TargetFramework.Net80,
            "vet.VET101.position = " + option,
            Misplaced(0, "ct", "M", expected));
    }

    [Theory]
    [InlineData("last", "void M(int a, CancellationToken ct) { }")]
    [InlineData("last", "void M(int a, CancellationToken ct, params object[] rest) { }")]
    [InlineData("first", "void M(CancellationToken ct, int a) { }")]
    [InlineData("first", "void M(CancellationToken a, CancellationToken b, int c) { }")]
    public async Task Position_option_accepts_its_convention(string option, string member)
    {
        await Verify.NoDiagnostics(Usings + "class C { " + member + " }", TargetFramework.Net80, "vet.VET101.position = " + option);
    }

    // ---- Broken and incomplete code ------------------------------------------------------------------------------

    [Fact]
    public async Task Unresolved_parameter_types_still_count_as_positions()
    {
        var test = new Test
        {
            TestCode = Usings + "class C { void M(Missing a, {|#0:CancellationToken ct|}, Unknown b) { } }",
            CompilerDiagnostics = CompilerDiagnostics.None,
        };
        test.ExpectedDiagnostics.Add(Misplaced(0, "ct", "M"));
        await test.RunAsync();
    }

    [Theory]
    [InlineData("class C { void M(int a, {|#0:CancellationToken ct|}, int b) ", true)]
    [InlineData("class C { C(int a, {|#0:CancellationToken ct|}, int b) : this( { } }", true)]
    [InlineData("class C { void M(int a, CancellationToken ct, ", false)]
    [InlineData("class C { void M(int a, CancellationToken ct, int", false)]
    [InlineData("class C { void M(int a, CancellationToken", false)]
    [InlineData("delegate void D(int a, CancellationToken ct", false)]
    public async Task Incomplete_code_is_analyzed_without_crashing(string code, bool flagged)
    {
        // A parameter still being typed is not a position; an exception would surface as AD0001 and fail the run.
        var test = new Test { TestCode = Usings + code, CompilerDiagnostics = CompilerDiagnostics.None };
        if (flagged)
        {
            test.ExpectedDiagnostics.Add(Misplaced(0, "ct", code.Contains("C(int") ? "C" : "M"));
        }

        await test.RunAsync();
    }

    [Fact]
    public async Task Unresolved_token_type_is_not_flagged()
    {
        var test = new Test
        {
            TestCode = "class C { void M(int a, CancellationToken ct, int b) { } }",
            CompilerDiagnostics = CompilerDiagnostics.None,
        };
        await test.RunAsync();
    }

    // ---- Fix: move to the end ------------------------------------------------------------------------------------

    [Fact]
    public async Task Fix_moves_token_to_the_end_and_rewrites_call_sites()
    {
        await Verify.CodeFix(Usings + """
            class Repository
            {
                public Task LoadAsync(int id, {|#0:CancellationToken ct|}, string name) => Task.CompletedTask;

                async Task Caller(CancellationToken token)
                {
                    await LoadAsync(1, token, "a");
                    await LoadAsync(2, CancellationToken.None, name: "b");
                    await LoadAsync(name: "c", ct: token, id: 3);
                    await this.LoadAsync(
                        4,
                        token,
                        "d");
                }
            }
            """, Usings + """
            class Repository
            {
                public Task LoadAsync(int id, string name, CancellationToken ct) => Task.CompletedTask;

                async Task Caller(CancellationToken token)
                {
                    await LoadAsync(1, "a", token);
                    await LoadAsync(2, name: "b", ct: CancellationToken.None);
                    await LoadAsync(name: "c", ct: token, id: 3);
                    await this.LoadAsync(
                        4,
                        "d",
                        token);
                }
            }
            """, CancellationTokenPositionCodeFix.MoveToEndKey, TargetFramework.Net80, Misplaced(0, "ct", "LoadAsync"));
    }

    [Fact]
    public async Task Fix_keeps_token_before_trailing_conventional_parameters()
    {
        await Verify.CodeFix(Usings + """
            class C
            {
                void Log(string message, {|#0:CancellationToken ct|}, int level, [CallerMemberName] string caller = "") { }
                void Use(CancellationToken ct) => Log("x", ct, 2);
            }
            """, Usings + """
            class C
            {
                void Log(string message, int level, CancellationToken ct, [CallerMemberName] string caller = "") { }
                void Use(CancellationToken ct) => Log("x", 2, ct);
            }
            """, CancellationTokenPositionCodeFix.MoveToEndKey, TargetFramework.Net80, Misplaced(0, "ct", "Log"));
    }

    [Fact]
    public async Task Fix_names_arguments_after_an_omitted_optional_parameter()
    {
        await Verify.CodeFix(Usings + """
            class C
            {
                void Send(int id, {|#0:CancellationToken ct = default|}, int retries = 3, bool flush = false) { }
                void Use(CancellationToken ct)
                {
                    Send(1, ct);
                    Send(2, ct, 5);
                    Send(3, ct, flush: true);
                    Send(4);
                }
            }
            """, Usings + """
            class C
            {
                void Send(int id, int retries = 3, bool flush = false, CancellationToken ct = default) { }
                void Use(CancellationToken ct)
                {
                    Send(1, ct: ct);
                    Send(2, 5, ct: ct);
                    Send(3, flush: true, ct: ct);
                    Send(4);
                }
            }
            """, CancellationTokenPositionCodeFix.MoveToEndKey, TargetFramework.Net80, Misplaced(0, "ct", "Send"));
    }

    [Fact]
    public async Task Fix_updates_overrides_implementations_and_their_callers()
    {
        await Verify.CodeFix(Usings + """
            interface IStore { Task PutAsync(string key, {|#0:CancellationToken ct|}, byte[] value); }
            class Store : IStore
            {
                public virtual Task PutAsync(string key, CancellationToken ct, byte[] value) => Task.CompletedTask;
            }
            class CachedStore : Store
            {
                public override Task PutAsync(string key, CancellationToken ct, byte[] value) => base.PutAsync(key, ct, value);
            }
            class ExplicitStore : IStore
            {
                Task IStore.PutAsync(string key, CancellationToken ct, byte[] value) => Task.CompletedTask;
            }
            class Client
            {
                Task Save(IStore store, CachedStore cached, CancellationToken ct) =>
                    Task.WhenAll(store.PutAsync("k", ct, new byte[0]), cached.PutAsync("k", ct, new byte[0]));
            }
            """, Usings + """
            interface IStore { Task PutAsync(string key, byte[] value, CancellationToken ct); }
            class Store : IStore
            {
                public virtual Task PutAsync(string key, byte[] value, CancellationToken ct) => Task.CompletedTask;
            }
            class CachedStore : Store
            {
                public override Task PutAsync(string key, byte[] value, CancellationToken ct) => base.PutAsync(key, value, ct);
            }
            class ExplicitStore : IStore
            {
                Task IStore.PutAsync(string key, byte[] value, CancellationToken ct) => Task.CompletedTask;
            }
            class Client
            {
                Task Save(IStore store, CachedStore cached, CancellationToken ct) =>
                    Task.WhenAll(store.PutAsync("k", new byte[0], ct), cached.PutAsync("k", new byte[0], ct));
            }
            """, CancellationTokenPositionCodeFix.MoveToEndKey, TargetFramework.Net80, Misplaced(0, "ct", "PutAsync"));
    }

    [Fact]
    public async Task Fix_reorders_xml_doc_params_and_crefs()
    {
        await Verify.CodeFix(Usings + """
            class C
            {
                /// <summary>Copies. See <see cref="Copy(int, CancellationToken, int)"/>.</summary>
                /// <param name="from">Source.</param>
                /// <param name="ct">Token.</param>
                /// <param name="to">Target.</param>
                public void Copy(int from, {|#0:CancellationToken ct|}, int to) { }
            }
            """, Usings + """
            class C
            {
                /// <summary>Copies. See <see cref="Copy(int, int, CancellationToken)"/>.</summary>
                /// <param name="from">Source.</param>
                /// <param name="to">Target.</param>
                /// <param name="ct">Token.</param>
                public void Copy(int from, int to, CancellationToken ct) { }
            }
            """, CancellationTokenPositionCodeFix.MoveToEndKey, TargetFramework.Net80, Misplaced(0, "ct", "Copy"));
    }

    [Fact]
    public async Task Fix_rewrites_constructor_calls_and_initializers()
    {
        await Verify.CodeFix(Usings + """
            class Loader
            {
                public Loader(int retries, {|#0:CancellationToken ct|}, string name) { }
                public Loader(CancellationToken ct) : this(1, ct, "default") { }
            }
            class SlowLoader : Loader
            {
                public SlowLoader(CancellationToken ct) : base(5, ct, "slow") { }
                static Loader Make(CancellationToken ct)
                {
                    Loader a = new(2, ct, "x");
                    return new Loader(3, ct, "y");
                }
            }
            """, Usings + """
            class Loader
            {
                public Loader(int retries, string name, CancellationToken ct) { }
                public Loader(CancellationToken ct) : this(1, "default", ct) { }
            }
            class SlowLoader : Loader
            {
                public SlowLoader(CancellationToken ct) : base(5, "slow", ct) { }
                static Loader Make(CancellationToken ct)
                {
                    Loader a = new(2, "x", ct);
                    return new Loader(3, "y", ct);
                }
            }
            """, CancellationTokenPositionCodeFix.MoveToEndKey, TargetFramework.Net80, Misplaced(0, "ct", "Loader"));
    }

    [Fact]
    public async Task Fix_rewrites_extension_and_local_function_calls()
    {
        await Verify.CodeFix(Usings + """
            static class E
            {
                public static void Send(this string s, int id, {|#0:CancellationToken ct|}, bool flush) { }
                static void Use(CancellationToken ct)
                {
                    "a".Send(1, ct, true);
                    E.Send("b", 2, ct, false);
                    Copy(1, ct, 2);
                    void Copy(int from, {|#1:CancellationToken token|}, int to) { }
                }
            }
            """, Usings + """
            static class E
            {
                public static void Send(this string s, int id, bool flush, CancellationToken ct) { }
                static void Use(CancellationToken ct)
                {
                    "a".Send(1, true, ct);
                    E.Send("b", 2, false, ct);
                    Copy(1, 2, ct);
                    void Copy(int from, int to, CancellationToken token) { }
                }
            }
            """, CancellationTokenPositionCodeFix.MoveToEndKey, TargetFramework.Net80, Misplaced(0, "ct", "Send"), Misplaced(1, "token", "Copy"));
    }

    [Fact]
    public async Task Fix_rewrites_call_sites_in_other_projects()
    {
        var test = new Test
        {
            TestCode = Usings + """
                namespace Library;
                public class Api { public Task FetchAsync(string url, {|#0:CancellationToken ct|}, int retries) => Task.CompletedTask; }
                """,
            FixedCode = Usings + """
                namespace Library;
                public class Api { public Task FetchAsync(string url, int retries, CancellationToken ct) => Task.CompletedTask; }
                """,
            CodeActionEquivalenceKey = CancellationTokenPositionCodeFix.MoveToEndKey,
        };
        test.AddDependentProject(
            "Client",
            Usings + """
                class Client
                {
                    Task Run(Library.Api api, CancellationToken ct) => api.FetchAsync("u", ct, 3);
                }
                """,
            Usings + """
                class Client
                {
                    Task Run(Library.Api api, CancellationToken ct) => api.FetchAsync("u", 3, ct);
                }
                """);
        test.ExpectedDiagnostics.Add(Misplaced(0, "ct", "FetchAsync"));
        await test.RunAsync();
    }

    // ---- Fix: move to the start ----------------------------------------------------------------------------------

    [Fact]
    public async Task Fix_can_move_token_to_the_start()
    {
        await Verify.CodeFix(Usings + """
            class C
            {
                void M(int a, {|#0:CancellationToken ct|}, int b) { }
                void Use(CancellationToken ct) => M(1, ct, 2);
            }
            """, Usings + """
            class C
            {
                void M(CancellationToken ct, int a, int b) { }
                void Use(CancellationToken ct) => M(ct, 1, 2);
            }
            """, CancellationTokenPositionCodeFix.MoveToStartKey, TargetFramework.Net80, Misplaced(0, "ct", "M"));
    }

    [Fact]
    public async Task Optional_token_is_not_offered_the_start()
    {
        // Moving an optional token before required parameters would not compile: only "to the end" is offered.
        var test = new Test
        {
            TestCode = Usings + "class C { void M(int a, {|#0:CancellationToken ct = default|}, int b = 0) { } }",
            FixedCode = Usings + "class C { void M(int a, {|#0:CancellationToken ct = default|}, int b = 0) { } }",
            CodeActionEquivalenceKey = CancellationTokenPositionCodeFix.MoveToStartKey,
        };
        test.ExpectedDiagnostics.Add(Misplaced(0, "ct", "M"));
        test.FixedState.ExpectedDiagnostics.Add(Misplaced(0, "ct", "M"));
        await test.RunAsync();
    }

    // ---- Fix: when it is not offered -----------------------------------------------------------------------------

    [Theory]
    [InlineData("method group bound to a delegate", """
        class C
        {
            void M(int a, {|#0:CancellationToken ct|}, int b) { }
            void Use() { Action<int, CancellationToken, int> f = M; }
        }
        """)]
    [InlineData("delegate type", """
        delegate void D(int a, {|#0:CancellationToken ct|}, int b);
        """)]
    [InlineData("method group after a receiver, in another type", """
        class C
        {
            public void M(int a, {|#0:CancellationToken ct|}, int b) { }
        }

        class User
        {
            void Use(C c) { Action<int, CancellationToken, int> f = c.M; }
        }
        """)]
    public async Task No_fix_when_the_signature_is_bound_elsewhere(string scenario, string code)
    {
        Assert.NotEmpty(scenario);
        var test = new Test
        {
            TestCode = Usings + code,
            FixedCode = Usings + code,
            CodeActionEquivalenceKey = CancellationTokenPositionCodeFix.MoveToEndKey,
        };
        test.ExpectedDiagnostics.Add(Misplaced(0, "ct", code.Contains("delegate void D") ? "D" : "M"));
        test.FixedState.ExpectedDiagnostics.Add(Misplaced(0, "ct", code.Contains("delegate void D") ? "D" : "M"));
        await test.RunAsync();
    }

    [Fact]
    public async Task Fix_rewrites_calls_on_this_and_conditional_calls()
    {
        await Verify.CodeFix(Usings + """
            class C
            {
                void M(int a, {|#0:CancellationToken ct|}, int b) { }
                void Use(C other, CancellationToken ct) { this.M(1, ct, 2); other?.M(3, ct, 4); }
            }
            """, Usings + """
            class C
            {
                void M(int a, int b, CancellationToken ct) { }
                void Use(C other, CancellationToken ct) { this.M(1, 2, ct); other?.M(3, 4, ct); }
            }
            """, CancellationTokenPositionCodeFix.MoveToEndKey, TargetFramework.Net80, Misplaced(0, "ct", "M"));
    }

    [Fact]
    public async Task Fix_keeps_nameof_references()
    {
        await Verify.CodeFix(Usings + """
            class C
            {
                void M(int a, {|#0:CancellationToken ct|}, int b) { }
                string Name => nameof(M);
            }
            """, Usings + """
            class C
            {
                void M(int a, int b, CancellationToken ct) { }
                string Name => nameof(M);
            }
            """, CancellationTokenPositionCodeFix.MoveToEndKey, TargetFramework.Net80, Misplaced(0, "ct", "M"));
    }

    // ---- Fix All -------------------------------------------------------------------------------------------------

    [Fact]
    public async Task Fix_all_moves_every_token_across_documents()
    {
        var test = new Test { CodeActionEquivalenceKey = CancellationTokenPositionCodeFix.MoveToEndKey };
        test.TestState.Sources.Add(("/0/A.cs", Usings + """
            class A
            {
                public void Run(int x, {|#0:CancellationToken ct|}, int y) { }
                public void Call(B b, CancellationToken ct) { Run(1, ct, 2); b.Go("s", ct, true); }
            }
            """));
        test.TestState.Sources.Add(("/0/B.cs", Usings + """
            class B
            {
                public void Go(string s, {|#1:CancellationToken ct|}, bool fast) { }
                public void Call(A a, CancellationToken ct) { a.Run(3, ct, 4); Go("t", ct, false); }
            }
            """));
        test.FixedState.Sources.Add(("/0/A.cs", Usings + """
            class A
            {
                public void Run(int x, int y, CancellationToken ct) { }
                public void Call(B b, CancellationToken ct) { Run(1, 2, ct); b.Go("s", true, ct); }
            }
            """));
        test.FixedState.Sources.Add(("/0/B.cs", Usings + """
            class B
            {
                public void Go(string s, bool fast, CancellationToken ct) { }
                public void Call(A a, CancellationToken ct) { a.Run(3, 4, ct); Go("t", false, ct); }
            }
            """));
        test.ExpectedDiagnostics.Add(Misplaced(0, "ct", "Run"));
        test.ExpectedDiagnostics.Add(Misplaced(1, "ct", "Go"));
        await test.RunAsync();
    }

    [Fact]
    public async Task Fix_works_on_net10()
    {
        await Verify.CodeFix(Usings + """
            class C(int retries, {|#0:CancellationToken ct|}, string name)
            {
                static C Make(CancellationToken ct) => new(1, ct, "n");
            }
            class D(CancellationToken ct) : C(2, ct, "d");
            """, Usings + """
            class C(int retries, string name, CancellationToken ct)
            {
                static C Make(CancellationToken ct) => new(1, "n", ct);
            }
            class D(CancellationToken ct) : C(2, "d", ct);
            """, CancellationTokenPositionCodeFix.MoveToEndKey, TargetFramework.Net100, Misplaced(0, "ct", "C"));
    }
}
