namespace Vet.Cli;

/// <summary>A mistake in the command line or a path that cannot be loaded: exit code 2 with this message.</summary>
internal sealed class UsageException(string message) : Exception(message);
