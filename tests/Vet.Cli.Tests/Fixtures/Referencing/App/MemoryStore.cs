using System.Threading;
using System.Threading.Tasks;
using Lib;

namespace App;

public sealed class MemoryStore : IStore
{
    public Task PutAsync(string key, CancellationToken ct, int ttl) => Task.FromResult(Keys.Normalize(key));
}
