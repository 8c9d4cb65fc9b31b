using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Vet.Analyzers.Engine;
using Xunit;

namespace Vet.Analyzers.Tests.Engine;

public class LifecycleTests
{
    [Theory]
    [InlineData("Initialize", "Construction", true)]
    [InlineData("InitializeAsync", "Construction", true)]
    [InlineData("Init", "Construction", true)]
    [InlineData("InitCore", "Construction", true)]
    [InlineData("Initial", "Construction", false)]
    [InlineData("Inits", "Construction", false)]
    [InlineData("Dispose", "Teardown", true)]
    [InlineData("DisposeAsyncCore", "Teardown", true)]
    [InlineData("StopAsync", "Teardown", true)]
    [InlineData("Stopwatch", "Teardown", false)]
    [InlineData("Closed", "Teardown", false)]
    [InlineData("Shutdown", "Teardown", true)]
    [InlineData("OnStopping", "Teardown", false)]
    [InlineData("OnStop", "Teardown", true)]
    [InlineData("ReleaseLock", "Teardown", true)]
    [InlineData("Finalize", "Teardown", true)]
    [InlineData("Dispose", "Construction", false)]
    [InlineData("Run", "Teardown", false)]
    [InlineData("Dispose", "Disposal", true)]
    [InlineData("DisposeAsync", "Disposal", true)]
    [InlineData("CloseConnection", "Disposal", true)]
    [InlineData("Finalize", "Disposal", true)]
    [InlineData("StopAsync", "Disposal", false)]
    [InlineData("Cleanup", "Disposal", false)]
    [InlineData("ReleaseLock", "Disposal", false)]
    [InlineData("Initialize", "Disposal", false)]
    public void Phase_members_are_known_by_their_verb(string name, string phase, bool expected)
    {
        Assert.Equal(expected, Lifecycle.IsPhaseName(name, Phase(phase)));
    }

    private const string Connection = """
        using System;
        public sealed class Connection : IDisposable
        {
            private int _state;
            private int _count = Seed();

            public Connection() { Reset(); }
            public void Dispose() { CloseSocket(); }
            ~Connection() { CloseSocket(); }
            public void Send() { Count(); Mixed(); }
            public void Stop() { Mixed(); }

            private static int Seed() => 1;
            private void Reset() { _state = 0; }
            private void CloseSocket() { Flush(); Flush(); }
            private void Flush() { _state = 2; }
            private void Count() { _count++; }
            private void Mixed() { _state = 3; }
            private void Unused() { _state = 4; }
            private void Handed() { }
            public Action Handler() => Handed;
            public Action Later() => () => Flush();
        }
        """;

    [Theory]
    [InlineData("Reset", "Construction", true)]
    [InlineData("Reset", "Teardown", false)]
    [InlineData("CloseSocket", "Teardown", true)]
    [InlineData("Count", "Teardown", false)]
    [InlineData("Mixed", "Teardown", false)]
    [InlineData("Unused", "Teardown", false)]
    [InlineData("Handed", "Teardown", false)]
    [InlineData("Send", "Teardown", false)]
    public void A_private_helper_belongs_to_the_phase_of_every_member_that_calls_it(string helper, string phase, bool expected)
    {
        var code = EngineCompilation.Create(Connection);
        Assert.Equal(expected, Lifecycle.IsReachedOnlyFrom((IMethodSymbol)code.Symbol(helper), Phase(phase), CancellationToken.None));
    }

    [Fact]
    public void A_helper_also_called_from_a_lambda_in_an_ordinary_member_is_not_teardown_only()
    {
        var code = EngineCompilation.Create(Connection);
        Assert.False(Lifecycle.IsReachedOnlyFrom((IMethodSymbol)code.Symbol("Flush"), LifecyclePhase.Teardown, CancellationToken.None));
    }

    [Theory]
    [InlineData("_state = 0", "Construction", true)]
    [InlineData("_state = 2", "Teardown", false)]
    [InlineData("_state = 3", "Teardown", false)]
    [InlineData("Seed()", "Construction", true)]
    public void Code_is_in_a_phase_through_its_member(string expression, string phase, bool expected)
    {
        var code = EngineCompilation.Create(Connection);
        var node = code.Tree.GetRoot().DescendantNodes().OfType<ExpressionSyntax>().First(e => e.ToString() == expression);
        Assert.Equal(expected, Lifecycle.IsInPhase(node, Phase(phase)));
    }

    private const string Buffer = """
        public class Buffer
        {
            private int[] _items = new int[0];
            public Buffer(int size) { Configure(size); }
            public void Configure(int size) { Allocate(size); }
            private void Allocate(int size) { _items = new int[size]; }
            public void Add(int item) { Grow(); }
            private void Grow() { }
            public virtual void Tune() { }
            private void Handed() { }
            public System.Action Handler() => Handed;
        }
        """;

    /// <summary>From a type's call graph: members of any accessibility that only construction reaches; a null caller is a delegate.</summary>
    [Theory]
    [InlineData("Configure", true)]
    [InlineData("Allocate", true)]
    [InlineData("Grow", false)]
    [InlineData("Tune", false)]
    [InlineData("Handed", false)]
    public void Members_only_construction_calls_are_found_from_the_call_graph(string name, bool expected)
    {
        var code = EngineCompilation.Create(Buffer);
        IMethodSymbol Method(string method) => (IMethodSymbol)code.Symbol(method);
        var constructor = ((INamedTypeSymbol)code.Symbol("Buffer")).InstanceConstructors[0];
        var callers = new System.Collections.Generic.Dictionary<IMethodSymbol, System.Collections.Generic.List<IMethodSymbol?>>(SymbolEqualityComparer.Default)
        {
            [Method("Configure")] = new() { constructor },
            [Method("Allocate")] = new() { Method("Configure") },
            [Method("Grow")] = new() { Method("Add"), constructor },
            [Method("Tune")] = new() { constructor },
            [Method("Handed")] = new() { constructor, null },
        };

        Assert.Equal(expected, Lifecycle.ReachedOnlyFrom(LifecyclePhase.Construction, callers, _ => false).Contains(Method(name)));
    }

    /// <summary>A public member that code outside the graph may call is not construction; a private one is not asked about.</summary>
    [Theory]
    [InlineData("Configure", false)]
    [InlineData("Allocate", false)]
    [InlineData("Grow", true)]
    public void Members_other_code_may_call_are_not_phase_only(string name, bool expected)
    {
        var code = EngineCompilation.Create(Buffer);
        IMethodSymbol Method(string method) => (IMethodSymbol)code.Symbol(method);
        var constructor = ((INamedTypeSymbol)code.Symbol("Buffer")).InstanceConstructors[0];
        var callers = new System.Collections.Generic.Dictionary<IMethodSymbol, System.Collections.Generic.List<IMethodSymbol?>>(SymbolEqualityComparer.Default)
        {
            [Method("Configure")] = new() { constructor },
            [Method("Allocate")] = new() { Method("Configure") },
            [Method("Grow")] = new() { constructor },
        };
        var asked = new System.Collections.Generic.List<string>();

        var found = Lifecycle.ReachedOnlyFrom(LifecyclePhase.Construction, callers, method =>
        {
            asked.Add(method.Name);
            return true;
        });

        Assert.Equal(expected, found.Contains(Method(name)));
        Assert.DoesNotContain("Grow", asked);
    }

    [Theory]
    [InlineData("SetUp", "Construction", true)]
    [InlineData("SetUpAttribute", "Construction", true)]
    [InlineData("OneTimeSetUp", "Construction", true)]
    [InlineData("TestInitialize", "Construction", true)]
    [InlineData("GlobalSetup", "Construction", true)]
    [InlineData("IterationSetup", "Construction", true)]
    [InlineData("TearDown", "Construction", false)]
    [InlineData("TearDown", "Disposal", true)]
    [InlineData("GlobalCleanup", "Teardown", true)]
    [InlineData("TestCleanup", "Disposal", true)]
    [InlineData("SetUp", "Disposal", false)]
    [InlineData("Fact", "Construction", false)]
    [InlineData("Setup", "Construction", false)]
    public void Set_up_and_tear_down_attributes_mark_phase_members(string attribute, string phase, bool expected)
    {
        Assert.Equal(expected, Lifecycle.IsPhaseAttribute(attribute, Phase(phase)));
    }

    [Theory]
    [InlineData("_first = first", true)]
    [InlineData("_second = 2", false)]
    [InlineData("_late = 3", false)]
    [InlineData("_run = 4", false)]
    public void The_start_prologue_ends_at_the_first_call(string expression, bool expected)
    {
        var code = EngineCompilation.Create("""
            using System.Threading;
            public sealed class Dispatcher
            {
                private string _first;
                private int _second;
                private int _late;
                private int _run;

                public void Start(string first)
                {
                    _first = first;
                    new Thread(Work).Start();
                    _second = 2;
                }

                public void Started() { _late = 3; }

                public void Run() { _run = 4; }

                private void Work() { }
            }
            """);
        var node = code.Tree.GetRoot().DescendantNodes().OfType<ExpressionSyntax>().First(e => e.ToString() == expression);
        Assert.Equal(expected, Lifecycle.IsInStartPrologue(node));
    }

    private static LifecyclePhase Phase(string name) => (LifecyclePhase)System.Enum.Parse(typeof(LifecyclePhase), name);
}
