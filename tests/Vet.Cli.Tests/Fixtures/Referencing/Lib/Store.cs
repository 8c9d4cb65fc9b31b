using System.Threading;
using System.Threading.Tasks;

namespace Lib;

public interface IStore
{
    Task PutAsync(string key, CancellationToken ct, int ttl);
}

internal static class Keys
{
    internal static string Normalize(string key) => key.Trim();
}
