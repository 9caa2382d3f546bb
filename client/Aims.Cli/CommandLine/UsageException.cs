namespace Aims.Cli.CommandLine;

/// <summary>The command line cannot be run as given; the message is printed with the usage of the command group.</summary>
internal sealed class UsageException(string message) : Exception(message);
