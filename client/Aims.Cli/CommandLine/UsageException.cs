namespace Aims.Cli.CommandLine;

/// <summary>The command line cannot be run as given; <see cref="Usage"/> is printed after the message.</summary>
internal sealed class UsageException(string message, string? usage = null) : Exception(message)
{
    public string? Usage { get; } = usage;

    /// <summary>The same error, showing the usage of the command that was being parsed.</summary>
    public UsageException WithUsage(string usage) => Usage is null ? new UsageException(Message, usage) : this;
}
