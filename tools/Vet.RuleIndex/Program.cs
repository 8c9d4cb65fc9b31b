using System;
using System.IO;
using Vet.RuleIndex;

// Writes the generated files; with --check, writes nothing and fails when any of them is out of date.
var check = args.Length == 1 && args[0] == "--check";
if (args.Length > 1 || (args.Length == 1 && !check))
{
    Console.Error.WriteLine($"usage: {GeneratedFiles.RegenerateCommand} [-- --check]");
    return 2;
}

var root = FindRepositoryRoot(AppContext.BaseDirectory) ?? FindRepositoryRoot(Directory.GetCurrentDirectory());
if (root is null)
{
    Console.Error.WriteLine("cannot find the repository root (the folder with Analyzers.sln)");
    return 2;
}

var stale = GeneratedFiles.Stale(root);
if (check)
{
    foreach (var file in stale)
    {
        Console.Error.WriteLine($"{file.RelativePath} is out of date: run {GeneratedFiles.RegenerateCommand}");
    }

    return stale.Count == 0 ? 0 : 1;
}

foreach (var file in stale)
{
    var path = Path.Combine(root, file.RelativePath);
    Directory.CreateDirectory(Path.GetDirectoryName(path)!);
    File.WriteAllText(path, file.Content);
    Console.WriteLine($"wrote {file.RelativePath}");
}

Console.WriteLine(stale.Count == 0 ? "everything is up to date" : $"{stale.Count} file(s) regenerated");
return 0;

static string? FindRepositoryRoot(string start)
{
    for (var folder = new DirectoryInfo(start); folder is not null; folder = folder.Parent)
    {
        if (File.Exists(Path.Combine(folder.FullName, "Analyzers.sln")))
        {
            return folder.FullName;
        }
    }

    return null;
}
