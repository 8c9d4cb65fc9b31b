using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using Vet.Analyzers.Tests.Infrastructure;
using Vet.CodeFixes.Concurrency;
using Xunit;
using Test = Vet.Analyzers.Tests.Infrastructure.VetTest<Vet.Analyzers.Concurrency.DoubleCheckedLockingAnalyzer, Vet.CodeFixes.Concurrency.DoubleCheckedLockingCodeFix>;
using Verify = Vet.Analyzers.Tests.Infrastructure.Verify<Vet.Analyzers.Concurrency.DoubleCheckedLockingAnalyzer, Vet.CodeFixes.Concurrency.DoubleCheckedLockingCodeFix>;

namespace Vet.Analyzers.Tests.Concurrency;

/// <summary>VET204: double-checked locking on a non-volatile field.</summary>
public class VET204Tests
{
    private const string Usings = "using System;\nusing System.Collections.Generic;\nusing System.IO;\nusing System.Threading;\n";

    /// <summary>The option that turns on the reference-null variant (off by default).</summary>
    private const string Strict = "vet.VET204.strict_memory_model = true";

    private static DiagnosticResult Null(int markup, string field) =>
        Verify.Diagnostic(Descriptors.Shapes.VET204_ReferenceNull).WithLocation(markup).WithArguments(field).WithSeverity(DiagnosticSeverity.Info);

    private static DiagnosticResult Early(int markup, string field) =>
        Verify.Diagnostic(Descriptors.Shapes.VET204_EarlyPublication).WithLocation(markup).WithArguments(field).WithSeverity(DiagnosticSeverity.Info);

    private static DiagnosticResult Flag(int markup, string field) =>
        Verify.Diagnostic().WithLocation(markup).WithArguments(field).WithSeverity(DiagnosticSeverity.Info);

    // ---- Flagged ---------------------------------------------------------------------------------------------

    [Theory]
    [InlineData("== null", "if ({|#0:_cache == null|}) { lock (_gate) { if (_cache == null) { _cache = new List<int>(); } } }")]
    [InlineData("null ==", "if ({|#0:null == _cache|}) { lock (_gate) { if (null == _cache) _cache = new List<int>(); } }")]
    [InlineData("is null", "if ({|#0:_cache is null|}) lock (_gate) { if (_cache is null) _cache = new List<int>(); }")]
    [InlineData("this.", "if ({|#0:this._cache == null|}) { lock (_gate) { if (this._cache == null) this._cache = new List<int>(); } }")]
    [InlineData("??= under the lock", "if ({|#0:_cache == null|}) { lock (_gate) { _cache ??= new List<int>(); } }")]
    [InlineData("other statements under the lock", "if ({|#0:_cache == null|}) { lock (_gate) { Log(); if (_cache == null) _cache = Load(); } }")]
    [InlineData("snapshot in a local", "var m = _cache; if ({|#0:m == null|}) { lock (_gate) { if (_cache == null) _cache = new List<int>(); m = _cache; } }")]
    [InlineData("snapshot assigned to a local", "List<int>? m; m = _cache; if ({|#0:m is null|}) { lock (_gate) { if (_cache is null) _cache = new List<int>(); } }")]
    [InlineData("statements after the lock", "if ({|#0:_cache == null|}) { lock (_gate) { if (_cache == null) _cache = Load(); } Log(); }")]
    [InlineData("two locks around a nested one", "if ({|#0:_cache == null|}) { lock (_gate) { if (_other == null) { lock (_gate) { _other = Load(); } } } lock (_gate) { if (_cache == null) _cache = Load(); } }")]
    public async Task Flags_the_reference_null_variant_as_info_under_the_strict_memory_model(string scenario, string body)
    {
        Assert.NotEmpty(scenario);
        var source = Usings + "#nullable enable\nclass C { private readonly object _gate = new(); private List<int>? _cache; private List<int>? _other; void Log() { } List<int> Load() => new(); public List<int> Get() { " + body + " return _cache!; } }";
        await Verify.Analyzer(source, TargetFramework.Net80, Strict, Null(0, "_cache"));
        await Verify.NoDiagnostics(source.Replace("{|#0:", string.Empty).Replace("|}", string.Empty));
    }

    [Fact]
    public async Task The_reference_null_variant_that_assigns_a_finished_object_last_is_off_by_default()
    {
        await Verify.NoDiagnostics(Usings + """
            #nullable enable
            sealed class Catalog
            {
                private readonly object _gate = new();
                private Dictionary<string, int>? _index;

                public Dictionary<string, int> Index
                {
                    get
                    {
                        if (_index == null)
                        {
                            lock (_gate)
                            {
                                if (_index == null)
                                {
                                    var index = new Dictionary<string, int>();
                                    index["a"] = 1;
                                    _index = index;
                                }
                            }
                        }

                        return _index;
                    }
                }
            }
            """);
    }

    [Theory]
    [InlineData("false", "vet.VET204.strict_memory_model = false")]
    [InlineData("anything else", "vet.VET204.strict_memory_model = yes")]
    public async Task Only_true_turns_on_the_reference_null_variant(string scenario, string config)
    {
        Assert.NotEmpty(scenario);
        await Verify.NoDiagnostics(Usings + "#nullable enable\nclass C { private readonly object _gate = new(); private List<int>? _f; public List<int> Get() { if (_f == null) { lock (_gate) { if (_f == null) _f = new List<int>(); } } return _f; } }", TargetFramework.Net80, config);
    }

    [Fact]
    public async Task Flags_a_static_field()
    {
        await Verify.Analyzer(Usings + """
            #nullable enable
            sealed class Registry
            {
                private static readonly object s_gate = new();
                private static Dictionary<string, int>? s_names;

                public static Dictionary<string, int> Names
                {
                    get
                    {
                        if ({|#0:s_names == null|})
                        {
                            lock (s_gate)
                            {
                                if (s_names == null)
                                {
                                    s_names = new Dictionary<string, int>();
                                }
                            }
                        }

                        return s_names;
                    }
                }
            }
            """, TargetFramework.Net80, Strict, Null(0, "s_names"));
    }

    [Fact]
    public async Task Flags_a_reference_assigned_before_its_initialization_ends()
    {
        await Verify.Analyzer(Usings + """
            #nullable enable
            sealed class Settings
            {
                private readonly object _gate = new();
                private Dictionary<string, string>? _values;

                public string Get(string key)
                {
                    if ({|#0:_values == null|})
                    {
                        lock (_gate)
                        {
                            if (_values == null)
                            {
                                _values = new Dictionary<string, string>();
                                _values["mode"] = "fast";
                            }
                        }
                    }

                    return _values[key];
                }
            }
            """, Early(0, "_values"));
    }

    /// <summary>After the assignment, a statement that touches the published object (or reads it into a local) still finishes it.</summary>
    [Theory]
    [InlineData("a local read from the field", "var count = 0;", "count = _f.Count; _f.Add(count);")]
    [InlineData("a call on the object", "", "_f.Add(1);")]
    [InlineData("a local set, then the object changed", "var created = false;", "created = true; _f.Add(1);")]
    [InlineData("a local set from the field", "List<int>? copy = null;", "copy = _f;")]
    public async Task Flags_an_assignment_followed_by_work_on_the_object(string scenario, string local, string after)
    {
        Assert.NotEmpty(scenario);
        await Verify.Analyzer(Usings + "#nullable enable\nclass C { private readonly object _gate = new(); private List<int>? _f; public void M() { " + local + " if ({|#0:_f == null|}) { lock (_gate) { if (_f == null) { _f = new List<int>(); " + after + " } } } } }", Early(0, "_f"));
    }

    [Theory]
    [InlineData("!flag", "if ({|#0:!_loaded|}) { lock (_gate) { if (!_loaded) { _items = Load(); _loaded = true; } } }")]
    [InlineData("== false", "if ({|#0:_loaded == false|}) { lock (_gate) { if (_loaded == false) { _items = Load(); _loaded = true; } } }")]
    [InlineData("is false", "if ({|#0:_loaded is false|}) { lock (_gate) { if (_loaded is false) { _items = Load(); _loaded = true; } } }")]
    [InlineData("flag set first", "if ({|#0:!_loaded|}) { lock (_gate) { if (!_loaded) { _loaded = true; _items = Load(); } } }")]
    [InlineData("element of a field written", "if ({|#0:!_loaded|}) { lock (_gate) { if (!_loaded) { _items[0] = 1; _loaded = true; } } }")]
    [InlineData("field written in a nested block", "if ({|#0:!_loaded|}) { lock (_gate) { if (!_loaded) { if (_items.Length == 0) { _items = Load(); } _loaded = true; } } }")]
    public async Task Flags_the_flag_variant(string scenario, string body)
    {
        Assert.NotEmpty(scenario);
        await Verify.Analyzer(Usings + "#nullable enable\nclass C { private readonly object _gate = new(); private bool _loaded; private int[] _items = []; int[] Load() => new int[3]; public int[] Get() { " + body + " return _items; } }", Flag(0, "_loaded"));
    }

    [Fact]
    public async Task Flags_the_flag_variant_in_a_method_whose_callers_read_the_state_next()
    {
        // EnsureLoaded returns nothing: its callers read _items next, and can see the flag before the array.
        await Verify.Analyzer(Usings + """
            class C
            {
                private readonly object _gate = new();
                private bool _loaded;
                private int[] _items = [];

                private void EnsureLoaded()
                {
                    if ({|#0:!_loaded|}) { lock (_gate) { if (!_loaded) { _items = new int[3]; _loaded = true; } } }
                }

                public int Count() { EnsureLoaded(); return _items.Length; }
            }
            """, Flag(0, "_loaded"));
    }

    [Fact]
    public async Task Does_not_flag_a_run_once_flag_whose_fast_path_only_answers()
    {
        // A second Stop() returns false and reads nothing the first one wrote under the lock.
        await Verify.NoDiagnostics(Usings + """
            class Profiler
            {
                private readonly object _gate = new();
                private bool _stopped;
                private double _endTime;

                public bool Stop(double end)
                {
                    if (!_stopped)
                    {
                        lock (_gate)
                        {
                            if (!_stopped) { _stopped = true; _endTime = end; return true; }
                        }
                    }

                    return false;
                }

                public double EndTime => _endTime;
            }
            """);
    }

    // ---- Not flagged: the near misses ----------------------------------------------------------------------------

    [Theory]
    [InlineData("volatile field", "private volatile List<int>? _f;", "if (_f == null) { lock (_gate) { if (_f == null) _f = new List<int>(); } }")]
    [InlineData("volatile flag", "private volatile bool _f; private List<int>? _v;", "if (!_f) { lock (_gate) { if (!_f) { _v = new(); _f = true; } } }")]
    [InlineData("Volatile.Read outside", "private List<int>? _f;", "if (Volatile.Read(ref _f) == null) { lock (_gate) { if (_f == null) Volatile.Write(ref _f, new List<int>()); } }")]
    [InlineData("no inner check", "private List<int>? _f;", "if (_f == null) { lock (_gate) { _f = new List<int>(); } }")]
    [InlineData("no outer check", "private List<int>? _f;", "lock (_gate) { if (_f == null) _f = new List<int>(); }")]
    [InlineData("inner check on another field", "private List<int>? _f; private List<int>? _g;", "if (_f == null) { lock (_gate) { if (_g == null) _f = new List<int>(); } }")]
    [InlineData("inner check without assignment", "private List<int>? _f;", "if (_f == null) { lock (_gate) { if (_f == null) throw new InvalidOperationException(); } }")]
    [InlineData("lock in the else branch", "private List<int>? _f;", "if (_f == null) { } else { lock (_gate) { if (_f == null) _f = new List<int>(); } }")]
    [InlineData("outer if with an else", "private List<int>? _f;", "if (_f == null) { lock (_gate) { if (_f == null) _f = new List<int>(); } } else { }")]
    [InlineData("not-null check", "private List<int>? _f;", "if (_f != null) { lock (_gate) { if (_f != null) _f = null; } }")]
    [InlineData("a local", "private List<int>? _f;", "var l = _f; if (l == null) { lock (_gate) { if (l == null) l = new List<int>(); } }")]
    [InlineData("another object's field", "private C? _other; private List<int>? _f;", "if (_other!._f == null) { lock (_gate) { if (_other._f == null) _other._f = new List<int>(); } }")]
    [InlineData("local not copied from the field", "private List<int>? _f;", "var l = new List<int>(); if (l == null) { lock (_gate) { if (_f == null) _f = new List<int>(); } }")]
    [InlineData("snapshot not just before the check", "private List<int>? _f;", "var l = _f; l = null; if (l == null) { lock (_gate) { if (_f == null) _f = new List<int>(); } }")]
    [InlineData("flag checked true", "private bool _f;", "if (_f) { lock (_gate) { if (_f) { _f = false; } } }")]
    [InlineData("flag set false", "private bool _f;", "if (!_f) { lock (_gate) { if (!_f) { _f = false; } } }")]
    [InlineData("flag that only makes an action run once", "private bool _f; private void Send() { }", "if (!_f) { lock (_gate) { if (!_f) { Send(); var sent = 1; sent++; _f = true; } } }")]
    [InlineData("value type field", "private int? _f;", "if (_f == null) { lock (_gate) { if (_f == null) _f = 1; } }")]
    [InlineData("only a local set after the assignment", "private List<int>? _f;", "if (_f == null) { var created = false; lock (_gate) { if (_f == null) { _f = new List<int> { 1 }; created = true; } } if (created) { } }")]
    public async Task Does_not_flag_near_misses(string scenario, string fields, string body)
    {
        Assert.NotEmpty(scenario);
        await Verify.NoDiagnostics(Usings + "#nullable enable\nclass C { private readonly object _gate = new(); " + fields + " public void M() { " + body + " } }");
    }

    // ---- Severity: one descriptor (Info by default), the null variant reported as Info ---------------------------------------

    private const string BothVariants = """
        #nullable enable
        class C
        {
            private readonly object _gate = new();
            private List<int>? _cache;
            private bool _loaded;
            private int _value;

            public List<int> Cache()
            {
                if ({|#0:_cache == null|}) { lock (_gate) { if (_cache == null) _cache = new List<int>(); } }
                return _cache;
            }

            public int Value()
            {
                if ({|#1:!_loaded|}) { lock (_gate) { if (!_loaded) { _value = 42; _loaded = true; } } }
                return _value;
            }
        }
        """;

    // The test harness applies ID-level warning/suggestion/none from .editorconfig but neither 'error' nor category-level
    // settings; a real build (csc) applies those to both variants alike, as docs/rules/VET204.md records.
    [Theory]
    [InlineData("dotnet_diagnostic.VET204.severity = warning", DiagnosticSeverity.Warning, DiagnosticSeverity.Warning)]
    [InlineData("dotnet_diagnostic.VET204.severity = suggestion", DiagnosticSeverity.Info, DiagnosticSeverity.Info)]
    [InlineData("", DiagnosticSeverity.Info, DiagnosticSeverity.Info)]
    public async Task A_configured_severity_applies_to_both_variants(string config, DiagnosticSeverity nullSeverity, DiagnosticSeverity flagSeverity)
    {
        await Verify.Analyzer(
            Usings + BothVariants,
            TargetFramework.Net80,
            config + "\n" + Strict,
            Null(0, "_cache").WithSeverity(nullSeverity),
            Flag(1, "_loaded").WithSeverity(flagSeverity));
    }

    [Fact]
    public async Task Severity_none_silences_both_variants()
    {
        await Verify.NoDiagnostics(Usings + BothVariants.Replace("{|#0:", string.Empty).Replace("{|#1:", string.Empty).Replace("|}", string.Empty), TargetFramework.Net80, "dotnet_diagnostic.VET204.severity = none");
    }

    // ---- The fix -----------------------------------------------------------------------------------------------

    [Fact]
    public async Task Fix_uses_EnsureInitialized_and_keeps_the_field()
    {
        await StrictFix(
            Usings + """
            #nullable enable
            sealed class PriceCache
            {
                private readonly object _gate = new();
                private Dictionary<string, decimal>? _prices;

                public decimal Price(string sku)
                {
                    // Built on first use.
                    if ({|#0:_prices == null|})
                    {
                        lock (_gate)
                        {
                            if (_prices == null)
                            {
                                _prices = new Dictionary<string, decimal>(StringComparer.Ordinal);
                            }
                        }
                    }

                    return _prices.TryGetValue(sku, out var price) ? price : 0m;
                }

                public void Clear() => _prices?.Clear();
            }
            """,
            Usings + """
            #nullable enable
            sealed class PriceCache
            {
                private readonly object _gate = new();
                private Dictionary<string, decimal>? _prices;

                public decimal Price(string sku)
                {
                    // Built on first use.
                    LazyInitializer.EnsureInitialized(ref _prices, () => new Dictionary<string, decimal>(StringComparer.Ordinal));

                    return _prices.TryGetValue(sku, out var price) ? price : 0m;
                }

                public void Clear() => _prices?.Clear();
            }
            """,
            Null(0, "_prices"));
    }

    [Theory]
    [InlineData("this. and ??=", "if ({|#0:this._f == null|}) { lock (_gate) { this._f ??= new List<int>(); } }", "LazyInitializer.EnsureInitialized(ref this._f, () => new List<int>());")]
    [InlineData("static", "if ({|#0:s_f is null|}) lock (_gate) if (s_f is null) s_f = new List<int> { 1, 2 };", "LazyInitializer.EnsureInitialized(ref s_f, () => new List<int> { 1, 2 });")]
    [InlineData("array capturing a parameter", "if ({|#0:_a == null|}) { lock (_gate) { if (_a == null) { _a = new int[size]; } } }", "LazyInitializer.EnsureInitialized(ref _a, () => new int[size]);")]
    public async Task Fix_shapes(string scenario, string before, string after)
    {
        Assert.NotEmpty(scenario);
        const string Shell = "#nullable enable\nclass C\n{\n    private readonly object _gate = new();\n    private List<int>? _f;\n    private static List<int>? s_f;\n    private int[]? _a;\n\n    public void M(int size)\n    {\n        BODY\n    }\n}\n";
        var field = scenario.StartsWith("static") ? "s_f" : scenario.StartsWith("array") ? "_a" : "_f";
        await StrictFix(Usings + Shell.Replace("BODY", before), Usings + Shell.Replace("BODY", after), Null(0, field));
    }

    [Theory]
    [InlineData("factory is a call", "private List<int>? _f; List<int> Load() => new();", "if ({|#0:_f == null|}) { lock (_gate) { if (_f == null) _f = Load(); } }")]
    [InlineData("disposable factory", "private MemoryStream? _f;", "if ({|#0:_f == null|}) { lock (_gate) { if (_f == null) _f = new MemoryStream(); } }")]
    [InlineData("two statements under the lock", "private List<int>? _f; int _n;", "if ({|#0:_f == null|}) { lock (_gate) { _n++; if (_f == null) _f = new List<int>(); } }")]
    [InlineData("written elsewhere", "private List<int>? _f; public void Reset() { lock (_gate) _f = null; }", "if ({|#0:_f == null|}) { lock (_gate) { if (_f == null) _f = new List<int>(); } }")]
    [InlineData("ref parameter captured", "private List<int>? _f;", "if ({|#0:_f == null|}) { lock (_gate) { if (_f == null) _f = new List<int>(r); } }")]
    public async Task No_fix_when_it_cannot_be_made_safely(string scenario, string members, string body)
    {
        Assert.NotEmpty(scenario);
        var code = Usings + "#nullable enable\nclass C { private readonly object _gate = new(); " + members + " public void M(ref int r) { " + body + " } }";
        var test = new Test { TestCode = code, FixedCode = code, CodeActionEquivalenceKey = DoubleCheckedLockingCodeFix.EnsureInitializedKey };
        test.WithEditorConfig(Strict);
        test.ExpectedDiagnostics.Add(Null(0, "_f"));
        await test.RunAsync();
    }

    [Fact]
    public async Task No_fix_for_the_flag_variant_or_early_publication()
    {
        var code = Usings + """
            #nullable enable
            class C
            {
                private readonly object _gate = new();
                private bool _loaded;
                private int _value;
                private List<int>? _list;

                public int Value()
                {
                    if ({|#0:!_loaded|}) { lock (_gate) { if (!_loaded) { _value = 42; _loaded = true; } } }
                    if ({|#1:_list == null|}) { lock (_gate) { if (_list == null) { _list = new List<int>(); _list.Add(1); } } }
                    return _value + _list.Count;
                }
            }
            """;
        var test = new Test { TestCode = code, FixedCode = code };
        test.ExpectedDiagnostics.Add(Flag(0, "_loaded"));
        test.ExpectedDiagnostics.Add(Early(1, "_list"));
        await test.RunAsync();
    }

    [Fact]
    public async Task Fix_all_rewrites_every_site_in_two_documents()
    {
        var test = new Test
        {
            CodeActionEquivalenceKey = DoubleCheckedLockingCodeFix.EnsureInitializedKey,
        };
        test.WithEditorConfig(Strict);
        test.TestState.Sources.Add(Usings + """
            #nullable enable
            class A
            {
                private readonly object _gate = new();
                private List<int>? _ints;
                private HashSet<string>? _names;

                public int Count()
                {
                    if ({|#0:_ints == null|}) { lock (_gate) { if (_ints == null) _ints = new List<int>(); } }
                    if ({|#1:_names == null|}) { lock (_gate) { if (_names == null) _names = new HashSet<string>(); } }
                    return _ints.Count + _names.Count;
                }
            }
            """);
        test.TestState.Sources.Add(Usings + """
            #nullable enable
            class B
            {
                private static readonly object s_gate = new();
                private static object? s_token;

                public static object Token()
                {
                    if ({|#2:s_token == null|}) { lock (s_gate) { if (s_token == null) s_token = new object(); } }
                    return s_token;
                }
            }
            """);
        test.FixedState.Sources.Add(Usings + """
            #nullable enable
            class A
            {
                private readonly object _gate = new();
                private List<int>? _ints;
                private HashSet<string>? _names;

                public int Count()
                {
                    LazyInitializer.EnsureInitialized(ref _ints, () => new List<int>());
                    LazyInitializer.EnsureInitialized(ref _names, () => new HashSet<string>());
                    return _ints.Count + _names.Count;
                }
            }
            """);
        test.FixedState.Sources.Add(Usings + """
            #nullable enable
            class B
            {
                private static readonly object s_gate = new();
                private static object? s_token;

                public static object Token()
                {
                    LazyInitializer.EnsureInitialized(ref s_token, () => new object());
                    return s_token;
                }
            }
            """);
        test.ExpectedDiagnostics.Add(Null(0, "_ints"));
        test.ExpectedDiagnostics.Add(Null(1, "_names"));
        test.ExpectedDiagnostics.Add(Null(2, "s_token"));
        await test.RunAsync();
    }

    [Fact]
    public async Task Fix_adds_the_using_directive()
    {
        await StrictFix(
            """
            #nullable enable
            using System.Text;
            class C
            {
                private readonly object _gate = new();
                private StringBuilder? _sb;

                public StringBuilder Get()
                {
                    if ({|#0:_sb == null|}) { lock (_gate) { if (_sb == null) _sb = new StringBuilder(); } }
                    return _sb;
                }
            }
            """,
            """
            #nullable enable
            using System.Text;
            using System.Threading;
            class C
            {
                private readonly object _gate = new();
                private StringBuilder? _sb;

                public StringBuilder Get()
                {
                    LazyInitializer.EnsureInitialized(ref _sb, () => new StringBuilder());
                    return _sb;
                }
            }
            """,
            Null(0, "_sb"));
    }

    /// <summary>The fix of the reference-null variant, with the option that reports it.</summary>
    private static Task StrictFix(string source, string fixedSource, params DiagnosticResult[] expected)
    {
        var test = new Test { TestCode = source, FixedCode = fixedSource, CodeActionEquivalenceKey = DoubleCheckedLockingCodeFix.EnsureInitializedKey };
        test.WithEditorConfig(Strict);
        test.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync();
    }

    // ---- Broken code ---------------------------------------------------------------------------------------------

    [Theory]
    [InlineData("missing lock target", "class C { object _f; void M() { if ({|#0:_f == null|}) { lock () { if (_f == null) _f = new object(); } } } }", true)]
    [InlineData("unknown field", "class C { void M() { if (_nope == null) { lock (this) { if (_nope == null) _nope = new object(); } } } }", false)]
    [InlineData("half-typed inner if", "class C { object _f; readonly object _g = new object(); void M() { if (_f == null) { lock (_g) { if (_f == ) } } } }", false)]
    [InlineData("unterminated", "class C { object _f; readonly object _g = new object(); void M() { if ({|#0:_f == null|}) { lock (_g) { if (_f == null) _f = new", true)]
    public async Task Does_not_throw_on_broken_code(string scenario, string code, bool flagged)
    {
        Assert.NotEmpty(scenario);
        var test = new Test { TestCode = Usings + code, CompilerDiagnostics = CompilerDiagnostics.None };
        test.WithEditorConfig(Strict);
        if (flagged)
        {
            test.ExpectedDiagnostics.Add(Null(0, "_f"));
        }

        await test.RunAsync();
    }
}
