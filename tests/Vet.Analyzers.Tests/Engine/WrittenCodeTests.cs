using System.Linq;
using System.Threading;
using Vet.Analyzers.Engine;
using Xunit;

namespace Vet.Analyzers.Tests.Engine;

public class WrittenCodeTests
{
    private const string Source = """
        using System;
        class Gate
        {
            public void Enter() { }
            public void Enter<T>() { }
            public static void Enter(int level) { }
        }
        class User
        {
            private Gate _gate = new Gate();
            private Gate? _maybe;

            // Enter() in a comment, and "Enter()" in a string, are not calls.
            void Plain() { _gate.Enter(); _maybe?.Enter(); _gate.Enter<int>(); Gate.Enter(1); var text = "Enter()"; }
            void Group() { Action a = _gate.Enter; var n = nameof(Gate.Enter); _gate.EnterLater(); }
            void Nested() { Action a = () => _gate.Enter(); Local(); void Local() => _gate.Enter(); }
            int Property => Use(() => _gate.Enter());
            static int Use(Action a) => 0;
        }
        static class Extensions { public static void EnterLater(this Gate gate) { } }
        """;

    [Fact]
    public void Calls_are_found_in_every_written_form_and_belong_to_the_member_around_lambdas_and_local_functions()
    {
        var code = EngineCompilation.Create(Source);
        var model = code.Compilation.GetSemanticModel(code.Tree);
        var found = WrittenCode.Calls(model, "Enter", CancellationToken.None)
            .Select(c => c.Call.Syntax.ToString() + " in " + c.Owner.Name)
            .ToList();
        Assert.Equal(
            new[]
            {
                "_gate.Enter() in Plain",
                ".Enter() in Plain", // the call inside _maybe?.Enter()
                "_gate.Enter<int>() in Plain",
                "Gate.Enter(1) in Plain",
                "_gate.Enter() in Nested",
                "_gate.Enter() in Nested",
                "_gate.Enter() in get_Property",
            },
            found);
    }
}
