using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;
using Vet.Analyzers.Engine;
using Xunit;

namespace Vet.Analyzers.Tests.Engine;

public class ReleaseOnEveryPathTests
{
    private static readonly ReleaseShape Disposable = new(new[] { "Dispose" });

    // A pooled array: released by handing it back (pool.Return(buffer)); reading or writing through a call only lends it.
    private static readonly ReleaseShape PooledArray = new(System.Array.Empty<string>(), releasingCallNames: new[] { "Return" }, argumentsBorrow: true);

    [Theory]
    [InlineData("returned in finally", "try { stream.Read(buffer, 0, 16); } finally { ArrayPool<byte>.Shared.Return(buffer); }")]
    [InlineData("returned with clearArray", "var n = stream.Read(buffer, 0, 16); ArrayPool<byte>.Shared.Return(buffer, clearArray: true); Use(n);")]
    [InlineData("returned on both branches", "if (stream.Read(buffer, 0, 16) == 0) { ArrayPool<byte>.Shared.Return(buffer); return; } stream.Write(buffer, 0, 16); ArrayPool<byte>.Shared.Return(buffer);")]
    [InlineData("lent to a span, then returned", "buffer.AsSpan(0, 4)[0] = 1; ArrayPool<byte>.Shared.Return(buffer);")]
    [InlineData("lent to an awaited read, then returned", "await stream.ReadAsync(buffer, 0, 16); ArrayPool<byte>.Shared.Return(buffer);")]
    [InlineData("handed to a call that keeps it", "var kept = Keep(buffer); Use(kept);")]
    [InlineData("stored in a field", "_kept = buffer;")]
    [InlineData("carried on by a call's result", "_segment = new ArraySegment<byte>(buffer, 0, 4);")]
    [InlineData("carried on by a memory", "_memory = buffer.AsMemory(0, 4);")]
    [InlineData("passed by ref", "Array.Resize(ref buffer, 64);")]
    [InlineData("a throw path", "if (stream.Length == 0) throw new InvalidOperationException(); ArrayPool<byte>.Shared.Return(buffer);")]
    public void A_pooled_array_released_or_handed_off_on_every_path_does_not_leak(string scenario, string uses)
    {
        Assert.NotEmpty(scenario);
        Assert.False(Leaks(Pooled(uses), "buffer", PooledArray));
    }

    [Theory]
    [InlineData("never returned", "stream.Read(buffer, 0, 16);")]
    [InlineData("read into, result used", "var n = stream.Read(buffer, 0, 16); Use(n);")]
    [InlineData("awaited read, count used", "var n = await stream.ReadAsync(buffer, 0, 16); Use(n);")]
    [InlineData("returned on one branch only", "if (stream.Read(buffer, 0, 16) == 0) { ArrayPool<byte>.Shared.Return(buffer); return; } stream.Write(buffer, 0, 16);")]
    [InlineData("lent to a span only", "buffer.AsSpan(0, 4)[0] = 1;")]
    [InlineData("length read, copied from", "Use(buffer.Length); Array.Clear(buffer, 0, buffer.Length);")]
    public void A_pooled_array_not_returned_on_some_path_leaks(string scenario, string uses)
    {
        Assert.NotEmpty(scenario);
        Assert.True(Leaks(Pooled(uses), "buffer", PooledArray));
    }

    [Theory]
    [InlineData("passed to a call", "Use(source);", false)]
    [InlineData("disposed", "source.Cancel(); source.Dispose();", false)]
    [InlineData("not disposed", "source.Cancel();", true)]
    [InlineData("disposed on one branch", "if (_kept == null) { source.Dispose(); }", true)]
    public void Without_borrowing_every_argument_hands_a_disposable_off(string scenario, string uses, bool leaks)
    {
        Assert.NotEmpty(scenario);
        Assert.Equal(leaks, Leaks(Source("var source = new CancellationTokenSource(); " + uses), "source", Disposable));
    }

    private static string Pooled(string uses) => Source("var buffer = ArrayPool<byte>.Shared.Rent(16); " + uses);

    private static string Source(string body) => $$"""
        using System;
        using System.Buffers;
        using System.IO;
        using System.Threading;
        using System.Threading.Tasks;
        class C
        {
            private byte[] _kept;
            private ArraySegment<byte> _segment;
            private Memory<byte> _memory;

            async Task M(Stream stream)
            {
                {{body}}
            }

            static object Keep(byte[] buffer) => buffer;

            static void Use(object value) { }
        }
        """;

    private static bool Leaks(string source, string localName, ReleaseShape shape)
    {
        var code = EngineCompilation.Create(source);
        Assert.Empty(code.Compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
        var model = code.Compilation.GetSemanticModel(code.Tree);
        var root = code.Tree.GetRoot();
        var method = root.DescendantNodes().OfType<MethodDeclarationSyntax>().Single(m => m.Identifier.ValueText == "M");
        var declarator = method.DescendantNodes().OfType<VariableDeclaratorSyntax>().Single(d => d.Identifier.ValueText == localName);
        var local = (ILocalSymbol)model.GetDeclaredSymbol(declarator)!;
        var body = (IMethodBodyOperation)model.GetOperation(method)!;
        return ReleaseOnEveryPath.Leaks(ControlFlowGraph.Create(body), local, declarator.Initializer!.Value, shape);
    }
}
