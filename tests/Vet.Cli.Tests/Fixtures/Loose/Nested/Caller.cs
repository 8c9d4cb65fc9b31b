namespace Loose.Nested;

// No using directives: the folder is compiled with the SDK's implicit usings, as a project with ImplicitUsings would be.
public class Caller
{
    private readonly Api _api = new();

    public Task RunAsync(CancellationToken ct) => _api.FetchAsync("https://example.invalid", ct, 3);
}
