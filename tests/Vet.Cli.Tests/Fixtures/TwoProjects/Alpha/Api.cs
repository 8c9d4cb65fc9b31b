using System.Threading;
using System.Threading.Tasks;

namespace Alpha;

public class Api
{
    public Task FetchAsync(string url, CancellationToken ct, int retries) => Task.CompletedTask;
}
