using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;

namespace Vet.EditorCheck;

/// <summary>
/// Opens every C# file of a project in a language server, waits until the server shows exactly the Vet
/// diagnostics the build reported (same IDs, ranges and help links), then edits one violation away and waits
/// until its diagnostic clears while the others stay.
/// </summary>
public sealed class EditorCheck
{
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(2);

    /// <summary>The client settings an editor sends; csharp-ls runs analyzers only when they say so.</summary>
    private static JsonObject CSharpSettings() => new() { ["analyzersEnabled"] = true };

    private readonly CheckOptions _options;
    private readonly object _gate = new();
    private readonly Dictionary<string, List<Reported>> _pushed = new(StringComparer.Ordinal);
    private readonly Stopwatch _clock = new();
    private IReadOnlySet<string> _compilationEndRules = new HashSet<string>(StringComparer.Ordinal);
    private bool _pullSupported;

    public EditorCheck(CheckOptions options) => _options = options;

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        _clock.Start();
        var expected = Reported.FromSarif(_options.Sarif, out _compilationEndRules).Where(d => d.Path.StartsWith(_options.ProjectDirectory + Path.DirectorySeparatorChar, StringComparison.Ordinal)).ToList();
        if (!expected.Any(d => d.Id == _options.Clears && d.Path == _options.EditFile))
        {
            return Fail($"the build reported no {_options.Clears} in {_options.EditFile}: the analyzers did not run in the build, or the edit targets the wrong file");
        }

        Log($"the build reported {expected.Count} Vet diagnostics in {_options.ProjectDirectory}");
        var files = Directory.EnumerateFiles(_options.ProjectDirectory, "*.cs", SearchOption.AllDirectories)
            .Where(path => !path.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !path.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .ToList();

        using var serverLog = new StreamWriter(_options.ServerLog) { AutoFlush = true };
        var start = new ProcessStartInfo(_options.Server) { WorkingDirectory = _options.Workspace };
        start.ArgumentList.Add("--solution");
        start.ArgumentList.Add(_options.Solution);
        start.ArgumentList.Add("--rpclog");
        start.ArgumentList.Add(_options.ServerLog + ".rpc");
        await using var server = new LspConnection(start, AnswerServerRequest, (method, parameters) => OnNotification(method, parameters, serverLog), serverLog);

        var initialize = await server.RequestAsync("initialize", InitializeParams(), RequestTimeout).WaitAsync(cancellationToken);
        var capabilities = initialize?["capabilities"];
        lock (_gate)
        {
            _pullSupported |= capabilities?["diagnosticProvider"] is not null;
        }

        Log($"initialized {initialize?["serverInfo"]?["name"]} {initialize?["serverInfo"]?["version"]}; pull diagnostics offered: {PullSupported}");
        await server.NotifyAsync("initialized", new JsonObject());
        await server.NotifyAsync("workspace/didChangeConfiguration", new JsonObject { ["settings"] = new JsonObject { ["csharp"] = CSharpSettings() } });
        foreach (var file in files)
        {
            await server.NotifyAsync("textDocument/didOpen", new JsonObject
            {
                ["textDocument"] = new JsonObject { ["uri"] = Uri(file), ["languageId"] = "csharp", ["version"] = 1, ["text"] = File.ReadAllText(file) },
            });
        }

        Log($"opened {files.Count} files");
        var firstPass = await WaitForAsync(server, files, expected, idsOnlyIn: null, "the build's Vet diagnostics", cancellationToken);
        if (firstPass is not null)
        {
            return Fail(firstPass);
        }

        Log($"every Vet diagnostic of the build is shown at its range with its help link ({_clock.Elapsed.TotalSeconds:0.0} s)");

        var text = File.ReadAllText(_options.EditFile);
        var at = text.IndexOf(_options.Find, StringComparison.Ordinal);
        if (at < 0 || text.IndexOf(_options.Find, at + 1, StringComparison.Ordinal) >= 0)
        {
            return Fail($"'{_options.Find}' must occur exactly once in {_options.EditFile}");
        }

        var edited = string.Concat(text.AsSpan(0, at), _options.Replace, text.AsSpan(at + _options.Find.Length));
        lock (_gate)
        {
            _pushed.Remove(_options.EditFile);
        }

        var editedAt = _clock.Elapsed;
        await server.NotifyAsync("textDocument/didChange", new JsonObject
        {
            ["textDocument"] = new JsonObject { ["uri"] = Uri(_options.EditFile), ["version"] = 2 },
            // The whole document, which every server accepts whatever sync kind it registered.
            ["contentChanges"] = new JsonArray(new JsonObject { ["text"] = edited }),
        });
        Log($"edited {Path.GetFileName(_options.EditFile)}: '{_options.Find}' -> '{_options.Replace}'");

        // After the edit: every other file keeps its diagnostics at the same ranges; the edited file keeps its other
        // rules (their ranges may move with the edit) and loses the cleared one.
        var afterEdit = expected.Where(d => !(d.Path == _options.EditFile && d.Id == _options.Clears)).ToList();
        var secondPass = await WaitForAsync(server, files, afterEdit, idsOnlyIn: _options.EditFile, $"{_options.Clears} to clear", cancellationToken);
        if (secondPass is not null)
        {
            return Fail(secondPass);
        }

        Log($"{_options.Clears} cleared {(_clock.Elapsed - editedAt).TotalSeconds:0.0} s after the edit; the other {afterEdit.Count} Vet diagnostics stayed");
        Log($"editor check passed in {_clock.Elapsed.TotalSeconds:0.0} s");
        return 0;
    }

    private bool PullSupported
    {
        get
        {
            lock (_gate)
            {
                return _pullSupported;
            }
        }
    }

    /// <summary>
    /// Polls until the server shows exactly <paramref name="expected"/> among Vet diagnostics, or the deadline passes.
    /// Returns null on success, else what was missing or extra. In <paramref name="idsOnlyIn"/>, only IDs are compared.
    /// </summary>
    private async Task<string?> WaitForAsync(LspConnection server, IReadOnlyList<string> files, IReadOnlyList<Reported> expected, string? idsOnlyIn, string what, CancellationToken cancellationToken)
    {
        var lastReport = TimeSpan.Zero;
        var pulled = new Dictionary<string, List<Reported>>(StringComparer.Ordinal);
        var problem = "nothing was reported";
        var detail = "";
        while (true)
        {
            if (server.HasExited)
            {
                return $"the language server exited while waiting for {what}; see {_options.ServerLog}";
            }

            if (PullSupported)
            {
                foreach (var file in files)
                {
                    var report = await PullAsync(server, file).WaitAsync(cancellationToken);
                    if (report is not null)
                    {
                        pulled[file] = report;
                    }
                }
            }

            List<Reported> shown;
            bool editedFileReported;
            lock (_gate)
            {
                shown = _pushed.Values.SelectMany(list => list).Concat(pulled.Values.SelectMany(list => list))
                    .Where(d => d.Id.StartsWith("VET", StringComparison.Ordinal) && !_compilationEndRules.Contains(d.Id))
                    .DistinctBy(d => d.ToString())
                    .ToList();
                editedFileReported = idsOnlyIn is null || _pushed.ContainsKey(idsOnlyIn) || pulled.ContainsKey(idsOnlyIn);
            }

            if (!editedFileReported)
            {
                problem = $"no diagnostics for {Path.GetFileName(idsOnlyIn)} since the edit";
            }
            else
            {
                var missing = expected.Where(e => !shown.Any(s => Matches(e, s, idsOnlyIn))).ToList();
                var extra = shown.Where(s => !expected.Any(e => Matches(e, s, idsOnlyIn))).ToList();
                if (missing.Count == 0 && extra.Count == 0)
                {
                    return null;
                }

                problem = $"{expected.Count - missing.Count} of {expected.Count} shown, {extra.Count} unexpected";
                detail = $"missing:\n  {string.Join("\n  ", missing)}\nunexpected:\n  {string.Join("\n  ", extra)}";
            }

            if (_clock.Elapsed - lastReport > TimeSpan.FromSeconds(15))
            {
                lastReport = _clock.Elapsed;
                Log($"waiting for {what}: {problem}");
            }

            try
            {
                await Task.Delay(PollInterval, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return $"timed out waiting for {what}: {problem}; server log: {_options.ServerLog}\n{detail}";
            }
        }
    }

    private static bool Matches(Reported expected, Reported shown, string? idsOnlyIn) =>
        expected.Path == idsOnlyIn
            ? shown.Path == expected.Path && shown.Id == expected.Id && shown.HelpLink == expected.HelpLink
            : shown.SameAs(expected);

    /// <summary>A pull (textDocument/diagnostic) for one document, or null when the server has no full report yet.</summary>
    private async Task<List<Reported>?> PullAsync(LspConnection server, string file)
    {
        JsonNode? report;
        try
        {
            report = await server.RequestAsync("textDocument/diagnostic", new JsonObject { ["textDocument"] = new JsonObject { ["uri"] = Uri(file) } }, RequestTimeout);
        }
        catch (Exception exception) when (exception is TimeoutException or InvalidOperationException)
        {
            Log($"pull for {Path.GetFileName(file)}: {exception.Message}");
            return null;
        }

        if (report?["kind"]?.GetValue<string>() != "full" || report["items"] is not JsonArray items)
        {
            return null;
        }

        return items.Select(item => Reported.FromLsp(file, item!)).ToList();
    }

    private JsonNode? AnswerServerRequest(string method, JsonNode? parameters)
    {
        switch (method)
        {
            case "workspace/configuration":
                var answers = new JsonArray();
                foreach (var item in parameters?["items"]?.AsArray() ?? [])
                {
                    var section = item?["section"]?.GetValue<string>();
                    answers.Add(section switch
                    {
                        "csharp" => CSharpSettings(),
                        null or "" => new JsonObject { ["csharp"] = CSharpSettings() },
                        _ => null,
                    });
                }

                Log($"answered workspace/configuration for [{string.Join(", ", parameters?["items"]?.AsArray().Select(i => i?["section"]?.GetValue<string>() ?? "(all)") ?? [])}]");
                return answers;
            case "client/registerCapability":
                if (parameters?["registrations"]?.AsArray().Any(r => r?["method"]?.GetValue<string>() == "textDocument/diagnostic") == true)
                {
                    lock (_gate)
                    {
                        _pullSupported = true;
                    }
                }

                return null;
            default:
                return null;
        }
    }

    private void OnNotification(string method, JsonNode? parameters, TextWriter serverLog)
    {
        if (method == "textDocument/publishDiagnostics" && parameters?["uri"]?.GetValue<string>() is { } uri)
        {
            var path = new Uri(uri).LocalPath;
            var diagnostics = parameters["diagnostics"]!.AsArray().Select(d => Reported.FromLsp(path, d!)).ToList();
            lock (_gate)
            {
                _pushed[path] = diagnostics;
            }
        }
        else if (method is "window/logMessage" or "window/showMessage")
        {
            lock (serverLog)
            {
                serverLog.WriteLine($"[{method}] {parameters?["message"]}");
            }
        }
    }

    private JsonObject InitializeParams() => new()
    {
        ["processId"] = Environment.ProcessId,
        ["clientInfo"] = new JsonObject { ["name"] = "Vet.EditorCheck" },
        ["rootUri"] = Uri(_options.Workspace),
        ["workspaceFolders"] = new JsonArray(new JsonObject { ["uri"] = Uri(_options.Workspace), ["name"] = Path.GetFileName(_options.Workspace) }),
        ["capabilities"] = new JsonObject
        {
            ["workspace"] = new JsonObject { ["configuration"] = true, ["workspaceFolders"] = true, ["didChangeConfiguration"] = new JsonObject { ["dynamicRegistration"] = true } },
            ["textDocument"] = new JsonObject
            {
                ["synchronization"] = new JsonObject { ["dynamicRegistration"] = true, ["didSave"] = true },
                ["publishDiagnostics"] = new JsonObject { ["relatedInformation"] = true, ["codeDescriptionSupport"] = true, ["versionSupport"] = true },
                ["diagnostic"] = new JsonObject { ["dynamicRegistration"] = true, ["relatedDocumentSupport"] = false },
            },
            ["window"] = new JsonObject { ["workDoneProgress"] = true },
        },
        ["initializationOptions"] = new JsonObject { ["csharp"] = CSharpSettings() },
    };

    private static string Uri(string path) => new Uri(path).AbsoluteUri;

    private void Log(string message) => Console.WriteLine($"[{_clock.Elapsed.TotalSeconds,6:0.0} s] {message}");

    private int Fail(string message)
    {
        Console.Error.WriteLine($"FAIL: {message}");
        return 1;
    }
}
