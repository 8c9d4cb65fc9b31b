using System;
using System.Threading;
using Vet.EditorCheck;

// Usage: Vet.EditorCheck --server <csharp-ls> --workspace <folder the editor opened> --solution <.sln> --sarif <build log of the project> --project-dir <dir>
//                        --edit-file <file> --find <text> --replace <text> --clears <VETnnn> [--timeout-seconds N] [--server-log <file>]
var options = CheckOptions.Parse(args);
if (options is null)
{
    Console.Error.WriteLine("usage: Vet.EditorCheck --server PATH --workspace DIR --solution PATH --sarif PATH --project-dir DIR --edit-file FILE --find TEXT --replace TEXT --clears VETnnn [--timeout-seconds N] [--server-log FILE]");
    return 2;
}

using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(options.TimeoutSeconds));
try
{
    return await new EditorCheck(options).RunAsync(deadline.Token);
}
catch (OperationCanceledException) when (deadline.IsCancellationRequested)
{
    Console.Error.WriteLine($"FAIL: the editor check did not finish within {options.TimeoutSeconds} s");
    return 1;
}
