using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Vet.Analyzers.Engine;

namespace Vet.Analyzers.Errors;

/// <summary>
/// VET306: an exception type of the compilation with no constructor that takes an inner exception, which some catch of
/// the compilation throws (<c>throw new T(...)</c> in the handler), so the cause is lost there. The message names the
/// first such place. Needs every throw of the compilation, so it reports at compilation end (builds, full-solution analysis).
/// </summary>
/// <remarks>
/// Not reported: types only constructed elsewhere (as another exception's inner, or thrown outside catches), control-flow
/// signals (no constructor takes a message, and the compilation catches the type by name), remote-fault types whose
/// constructor takes a fault payload (a parameter typed <c>…Fault…</c>, <c>…Error…</c>, <c>…Status…</c> or
/// <c>…ExceptionInfo…</c>), types whose base cannot take a cause, and API contracts unless <c>vet.api_surface = all</c>.
/// </remarks>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ExceptionCannotWrapAnalyzer : DiagnosticAnalyzer
{
    private static readonly DiagnosticDescriptor Rule = Descriptors.VET306_ExceptionCannotWrap;

    private static readonly string[] FaultPayloadWords = { "Fault", "Error", "Status", "ExceptionInfo" };

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Rule);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(static start =>
        {
            if (TestCode.SkipsCompilation(start.Compilation, start.Options, Rule.Id))
            {
                return;
            }

            if (WellKnownTypes.Get(start.Compilation, "System.Exception") is { } exception)
            {
                var state = new CompilationState(start.Compilation, exception, ApiContracts.Create(start.Compilation, start.Options));
                // Only the compilation's own types are judged: a creation of a type it does not declare is not bound. An
                // alias can name any type otherwise.
                var ownTypes = start.Compilation.Assembly.TypeNames;
                var globalAlias = new System.Lazy<bool>(() => UsingAliases.AnyGlobal(start.Compilation, static _ => true));

                // One action per file: the throws in catch blocks are found from the text, and only the created type is
                // bound (ExceptionConstructors.CreationsThrownInCatches).
                start.RegisterSemanticModelAction(ctx =>
                {
                    var model = ctx.SemanticModel;
                    var aliased = globalAlias.Value || UsingAliases.InFile(model.SyntaxTree.GetRoot(ctx.CancellationToken), static _ => true);
                    foreach (var (@throw, creation, _) in ExceptionConstructors.CreationsThrownInCatches(model.SyntaxTree, ctx.CancellationToken))
                    {
                        if ((aliased || MayCreateOwnType(creation, ownTypes))
                            && model.GetSymbolInfo(creation, ctx.CancellationToken).Symbol is IMethodSymbol { MethodKind: MethodKind.Constructor, ContainingType: { } thrown }
                            && WrittenCode.OwnerOf(model, @throw, ctx.CancellationToken) is { } member)
                        {
                            state.AnalyzeThrow(thrown, @throw, member);
                        }
                    }
                });
                start.RegisterCompilationEndAction(state.Report);
            }
        });
    }

    /// <summary>Whether the created type's written name is one of the compilation's own type names (a target-typed <c>new</c> may be anything).</summary>
    private static bool MayCreateOwnType(BaseObjectCreationExpressionSyntax creation, ICollection<string> ownTypes) =>
        creation is not ObjectCreationExpressionSyntax { Type: var type } || WrittenCode.TypeName(type) is not { } name || ownTypes.Contains(name);

    private sealed class CompilationState
    {
        private readonly Compilation compilation;
        private readonly INamedTypeSymbol exception;
        private readonly ApiContracts contracts;
        private readonly CaughtTypes caught;

        // The types thrown from a catch, with the earliest such throw (by file and position, so the message is stable).
        private readonly ConcurrentDictionary<INamedTypeSymbol, Place> thrownFromCatch = new(SymbolEqualityComparer.Default);

        public CompilationState(Compilation compilation, INamedTypeSymbol exception, ApiContracts contracts)
        {
            this.compilation = compilation;
            this.exception = exception;
            this.contracts = contracts;
            caught = new CaughtTypes(compilation);
        }

        public void AnalyzeThrow(INamedTypeSymbol created, SyntaxNode @throw, ISymbol member)
        {
            var thrown = created.OriginalDefinition;
            if (!SymbolEqualityComparer.Default.Equals(thrown.ContainingAssembly, compilation.Assembly)
                || ExceptionConstructors.CanTakeCause(thrown, exception, includePrivate: true))
            {
                return;
            }

            var place = new Place(@throw.GetLocation(), MemberName(member));
            thrownFromCatch.AddOrUpdate(thrown, place, (_, known) => place.IsBefore(known) ? place : known);
        }

        public void Report(CompilationAnalysisContext context)
        {
            foreach (var entry in thrownFromCatch)
            {
                var type = entry.Key;
                if (IsCandidate(type, context.CancellationToken))
                {
                    context.ReportDiagnostic(Diagnostic.Create(Rule, type.Locations[0], type.Name, entry.Value.Member));
                }
            }
        }

        private bool IsCandidate(INamedTypeSymbol type, System.Threading.CancellationToken cancellationToken)
        {
            if (type.TypeKind != TypeKind.Class
                || type.IsAbstract
                || type.IsStatic
                || !IsPublicOrInternal(type)
                || SymbolEqualityComparer.Default.Equals(type, exception)
                || !BaseTypes.IsOrDerivesFrom(type.BaseType, exception)
                || type.Locations.IsEmpty
                || !type.Locations[0].IsInSource)
            {
                return false;
            }

            // Only when the base type can take the cause: otherwise there is nothing to pass it to.
            if (!ExceptionConstructors.CanTakeCause(type.BaseType!, exception, includePrivate: false)
                || TakesFaultPayload(type)
                || (!ExceptionConstructors.HasMessageConstructor(type) && caught.IsCaught(type, cancellationToken)))
            {
                return false;
            }

            var tree = type.Locations[0].SourceTree!;
            return contracts.MayChange(type, Rule.Id, tree, cancellationToken);
        }

        /// <summary>
        /// A constructor takes what a remote party reported (<c>RequestFaultException(string, Fault)</c>,
        /// <c>RpcException(Status)</c>): the exception stands for that payload, and an inner exception means nothing there.
        /// </summary>
        private bool TakesFaultPayload(INamedTypeSymbol type)
        {
            foreach (var constructor in type.InstanceConstructors)
            {
                foreach (var parameter in constructor.Parameters)
                {
                    var parameterType = parameter.Type;
                    if (parameterType is IArrayTypeSymbol array)
                    {
                        parameterType = array.ElementType;
                    }

                    if (parameterType is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable)
                    {
                        parameterType = nullable.TypeArguments[0];
                    }

                    if (parameterType.SpecialType != SpecialType.None || BaseTypes.IsOrDerivesFrom(parameterType, exception))
                    {
                        continue;
                    }

                    foreach (var word in FaultPayloadWords)
                    {
                        if (parameterType.Name.IndexOf(word, StringComparison.Ordinal) >= 0)
                        {
                            return true;
                        }
                    }
                }
            }

            return false;
        }
    }

    /// <summary>A throw from a catch, and the member it is in as the message names it (<c>Bar.Load</c>).</summary>
    private sealed class Place
    {
        public Place(Location location, string member)
        {
            Location = location;
            Member = member;
        }

        public Location Location { get; }

        public string Member { get; }

        public bool IsBefore(Place other)
        {
            var byFile = string.CompareOrdinal(Location.SourceTree?.FilePath, other.Location.SourceTree?.FilePath);
            return byFile < 0 || (byFile == 0 && Location.SourceSpan.Start < other.Location.SourceSpan.Start);
        }
    }

    private static string MemberName(ISymbol member)
    {
        var name = member switch
        {
            IMethodSymbol { MethodKind: MethodKind.Constructor or MethodKind.StaticConstructor } constructor => constructor.ContainingType.Name,
            IMethodSymbol { AssociatedSymbol: { } associated } => associated.Name,
            _ => member.Name,
        };
        return member.ContainingType is { } type ? type.Name + "." + name : name;
    }

    private static bool IsPublicOrInternal(INamedTypeSymbol type)
    {
        for (ISymbol? current = type; current is INamedTypeSymbol named; current = named.ContainingType)
        {
            if (named.DeclaredAccessibility is not (Accessibility.Public or Accessibility.Internal or Accessibility.ProtectedOrInternal))
            {
                return false;
            }
        }

        return true;
    }
}
