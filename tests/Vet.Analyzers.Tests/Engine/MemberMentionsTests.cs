using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Vet.Analyzers.Tests.Infrastructure;
using Vet.Analyzers.Engine;
using Xunit;

namespace Vet.Analyzers.Tests.Engine;

/// <summary>MemberMentions: whether code outside a type may call one of its members, from the compilation's syntax.</summary>
public class MemberMentionsTests
{
    private const string Source = """
        public class Buffer
        {
            public Buffer() { Configure(); this.Prepare(); }
            public void Configure() { }
            public void Prepare() { }
            public void Reset() { }
            public void Clear() { }
            public void Grow() { }
            public int Count { get; set; }
            public int Size { get; set; }
            public int this[int index] => index;
            public void Unused() { }
        }

        public class Owner
        {
            private Buffer _buffer = new Buffer();
            public void Restart() => _buffer.Reset();
            public void Drop(Buffer buffer) => buffer?.Clear();
            public int Total => _buffer.Count;
        }

        public class Bigger : Buffer
        {
            public void Expand() { Grow(); }
        }
        """;

    [Theory]
    [InlineData("Configure", false)]
    [InlineData("Prepare", false)]
    [InlineData("Unused", false)]
    [InlineData("Reset", true)]
    [InlineData("Clear", true)]
    [InlineData("Grow", true)]
    public void Methods_named_by_other_types_are_mentioned_outside(string name, bool expected)
    {
        var code = EngineCompilation.Create(Source);
        var type = (INamedTypeSymbol)code.Symbol("Buffer");
        var mentions = new MemberMentions(code.Compilation);

        Assert.Equal(expected, mentions.IsMentionedOutside((IMethodSymbol)type.GetMembers(name)[0], type, CancellationToken.None));
    }

    [Theory]
    [InlineData("Count", true)]
    [InlineData("Size", false)]
    public void Accessors_are_mentioned_by_their_property_name(string name, bool expected)
    {
        var code = EngineCompilation.Create(Source);
        var type = (INamedTypeSymbol)code.Symbol("Buffer");
        var property = (IPropertySymbol)type.GetMembers(name)[0];
        var mentions = new MemberMentions(code.Compilation);

        Assert.Equal(expected, mentions.IsMentionedOutside(property.GetMethod!, type, CancellationToken.None));
    }

    [Theory]
    [InlineData("Limit", true)]
    [InlineData("Name", false)]
    public void A_property_set_in_another_types_object_initializer_is_mentioned_outside(string name, bool expected)
    {
        // The builder sets Limit on the object it creates; Name is only an argument name and a named attribute argument.
        var code = EngineCompilation.Create("""
            public class Queue
            {
                public int Limit { get; set; }
                public string Name { get; set; } = "";
            }

            public class TagAttribute : System.Attribute { public string Name { get; set; } = ""; }

            [Tag(Name = "q")]
            public class Builder
            {
                public Queue Build(int limit) => new Queue { Limit = limit };
                public void Log(string Name) { }
                public void Run() => Log(Name: "q");
            }
            """);
        var type = (INamedTypeSymbol)code.Symbol("Queue");
        var property = (IPropertySymbol)type.GetMembers(name)[0];
        var mentions = new MemberMentions(code.Compilation);

        Assert.Equal(expected, mentions.IsMentionedOutside(property.SetMethod!, type, CancellationToken.None));
    }

    [Fact]
    public void Indexers_are_always_reachable()
    {
        var code = EngineCompilation.Create(Source);
        var type = (INamedTypeSymbol)code.Symbol("Buffer");
        var indexer = (IPropertySymbol)type.GetMembers("this[]")[0];
        var mentions = new MemberMentions(code.Compilation);

        Assert.True(mentions.IsMentionedOutside(indexer.GetMethod!, type, CancellationToken.None));
    }

    [Theory]
    [InlineData("Reset", false)]
    [InlineData("Clear", true)]
    [InlineData("Shrink", true)]
    public void A_private_member_is_looked_for_only_in_its_types_files(string name, bool expected)
    {
        // Another file's `other.Reset()` names some other type's Reset: a private Reset cannot be reached from there. A
        // second instance of the type (Clear) and a nested type (Shrink) can reach it.
        var pool = CSharpSyntaxTree.ParseText("""
            public class Pool
            {
                private void Reset() { }
                private void Clear() { }
                private void Shrink() { }
                public void Merge(Pool other) { other.Clear(); }
                private class Trimmer { public void Run() { Shrink(); } private static void Shrink() { } }
            }
            """, path: "/Pool.cs");
        var other = CSharpSyntaxTree.ParseText("""
            public class Valve { public void Reset() { } }
            public class Operator { public void Close(Valve valve) { valve.Reset(); } }
            """, path: "/Valve.cs");
        var compilation = CSharpCompilation.Create("Test", new[] { pool, other }, TestEnvironment.ReferencesFor(TargetFramework.Net80));
        var type = compilation.GetTypeByMetadataName("Pool")!;
        var mentions = new MemberMentions(compilation);

        Assert.Equal(expected, mentions.IsMentionedOutside((IMethodSymbol)type.GetMembers(name)[0], type, CancellationToken.None));
    }

    private const string Written = """"
        public class Store
        {
            public void Flush() { }
            public void Load() { }
            public void Save() { }
            public void Trim() { }
            public void Swap<T>() { }
            public void Seal() { }
        }

        public class Reader
        {
            // Calls other.Flush() when done; "other.Load()" in a comment is no call.
            private const string Verbatim = @"store.Save() and ""store.Trim()""";
            private const string Raw = """
                store.Seal()
                """;
            private readonly char _quote = '"';
            public void Run(Store store) { }
        }

        public class Derived : Store
        {
            public void Go() { this.Load(); Swap<int>(); }
        }
        """";

    [Theory]
    [InlineData("Flush", false)]
    [InlineData("Save", false)]
    [InlineData("Trim", false)]
    [InlineData("Seal", false)]
    [InlineData("Load", true)]
    [InlineData("Swap", true)]
    public void Only_code_mentions_count_not_comments_or_string_literals(string name, bool expected)
    {
        var code = EngineCompilation.Create(Written);
        var type = (INamedTypeSymbol)code.Symbol("Store");
        var mentions = new MemberMentions(code.Compilation);

        Assert.Equal(expected, mentions.IsMentionedOutside((IMethodSymbol)type.GetMembers(name)[0], type, CancellationToken.None));
    }

    /// <summary>A file that writes hundreds of names, most after a receiver: each is found where it is written.</summary>
    [Theory]
    [InlineData("Target0", true)]
    [InlineData("Target299", true)]
    [InlineData("Helper0", true)]
    [InlineData("Helper299", true)]
    [InlineData("Quiet", false)]
    public void Files_that_write_many_names_keep_every_one(string name, bool expected)
    {
        var members = new System.Text.StringBuilder();
        var qualifiedCalls = new System.Text.StringBuilder();
        var derivedCalls = new System.Text.StringBuilder();
        for (var i = 0; i < 300; i++)
        {
            members.Append($"public void Target{i}() {{ }} public void Helper{i}() {{ }} ");
            qualifiedCalls.Append($"wide.Target{i}(); ");
            derivedCalls.Append($"Helper{i}(); ");
        }

        var code = EngineCompilation.Create($$"""
            public class Caller { public void Run(Wide wide) { {{qualifiedCalls}} } }
            public class Wide { {{members}} public void Quiet() { } }
            public class Narrow : Wide { public void Go() { {{derivedCalls}} } }
            """);
        var type = (INamedTypeSymbol)code.Symbol("Wide");
        var mentions = new MemberMentions(code.Compilation);

        Assert.Equal(expected, mentions.IsMentionedOutside((IMethodSymbol)type.GetMembers(name)[0], type, CancellationToken.None));
    }
}
