using Aims.Cli.CommandLine;

namespace Aims.Cli.Commands;

/// <summary>One top-level word of <c>aims</c> (<c>agent</c>, <c>bundle</c>, …) and the verbs under it.</summary>
internal interface ICommandGroup
{
    string Name { get; }

    /// <summary>One line for the overall help.</summary>
    string Summary { get; }

    /// <summary>The group's usage text, shown by <c>aims NAME --help</c> and after a usage error.</summary>
    string Usage { get; }

    /// <summary>Runs the verb at the front of <paramref name="args"/>; returns the exit code.</summary>
    Task<int> RunAsync(CommandContext context, ParsedArguments args, CancellationToken cancellationToken);
}
