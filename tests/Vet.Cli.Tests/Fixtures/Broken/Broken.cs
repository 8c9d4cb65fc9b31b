using System.Threading;
using System.Threading.Tasks;

namespace Broken;

public class Api
{
    public Task FetchAsync(string url, CancellationToken ct, int retries) => Task.CompletedTask;

    public int Half(int value) => value / MissingConstant;

    public void Unfinished(
}
