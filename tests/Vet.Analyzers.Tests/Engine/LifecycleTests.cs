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

    private static LifecyclePhase Phase(string name) => (LifecyclePhase)System.Enum.Parse(typeof(LifecyclePhase), name);
}
