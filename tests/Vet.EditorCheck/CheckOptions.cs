using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;

namespace Vet.EditorCheck;

/// <summary>What to check: the server, the solution it loads, where the expected diagnostics come from, and one edit.</summary>
public sealed record CheckOptions(
    string Server,
    string Workspace,
    string Solution,
    string Sarif,
    string ProjectDirectory,
    string EditFile,
    string Find,
    string Replace,
    string Clears,
    int TimeoutSeconds,
    string ServerLog)
{
    public static CheckOptions? Parse(string[] args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal))
            {
                return null;
            }

            values[args[i][2..]] = args[i + 1];
        }

        if (args.Length % 2 != 0)
        {
            return null;
        }

        string? Get(string key) => values.TryGetValue(key, out var value) ? value : null;
        if (Get("server") is not { } server || Get("workspace") is not { } workspace || Get("solution") is not { } solution || Get("sarif") is not { } sarif
            || Get("project-dir") is not { } projectDirectory || Get("edit-file") is not { } editFile
            || Get("find") is not { } find || Get("replace") is not { } replace || Get("clears") is not { } clears)
        {
            return null;
        }

        var timeout = Get("timeout-seconds") is { } text ? int.Parse(text, CultureInfo.InvariantCulture) : 600;
        return new CheckOptions(
            server,
            Path.GetFullPath(workspace),
            Path.GetFullPath(solution),
            Path.GetFullPath(sarif),
            Path.GetFullPath(projectDirectory),
            Path.GetFullPath(Path.Combine(projectDirectory, editFile)),
            find,
            replace,
            clears,
            timeout,
            Get("server-log") ?? Path.Combine(Path.GetTempPath(), "vet-editor-check-server.log"));
    }
}
