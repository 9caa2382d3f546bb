using Aims.Cli.CommandLine;
using Aims.Cli.Commands;
using Aims.Cli.Connection;
using Aims.Cli.Http;

namespace Aims.Cli;

/// <summary>
/// The <c>aims</c> tool: parses the command line, dispatches to a command group and maps every outcome to an exit
/// code (<see cref="ExitCodes"/>). Everything it touches is passed in, so tests run commands in-process.
/// </summary>
internal sealed class AimsCli(
    HttpClient http, TextWriter output, TextWriter error, Func<string, string?>? environment = null, TextReader? input = null)
{
    private static readonly ICommandGroup[] Groups =
    [
        new AgentCommands(),
        new JoinTokenCommands(),
        new EntryCommands(),
        new BundleCommands(),
        new FederationCommands(),
        new PolicyCommands(),
        new AuditCommands(),
        new TokenCommands(),
    ];

    private readonly Func<string, string?> _environment = environment ?? Environment.GetEnvironmentVariable;

    public async Task<int> RunAsync(IReadOnlyList<string> args, CancellationToken cancellationToken = default)
    {
        ICommandGroup? group = null;
        try
        {
            var parsed = ArgumentParser.Parse(args);
            if (parsed.First is null or "help")
                return Help(parsed);

            group = Groups.FirstOrDefault(g => g.Name == parsed.First)
                ?? throw new UsageException($"'{parsed.First}' is not a command.");
            if (parsed.Has(GlobalOptions.Help))
                return Print(output, group.Usage, ExitCodes.Ok);

            var settings = ConnectionSettings.Resolve(parsed, _environment);
            var context = new CommandContext(new ApiClient(http, settings), input ?? TextReader.Null, output, error, parsed.Has(GlobalOptions.Json));
            return await group.RunAsync(context, parsed.Shift(), cancellationToken);
        }
        catch (UsageException e)
        {
            error.Write($"error: {e.Message}\n\n");
            return Print(error, group?.Usage ?? HelpText.Global(Groups), ExitCodes.Usage);
        }
        catch (ServerRefusedException e)
        {
            error.Write($"error: {e.Message}\n");
            return ExitCodes.Refused;
        }
        catch (ServerUnreachableException e)
        {
            error.Write($"error: {e.Message}\n");
            return ExitCodes.Unreachable;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            error.Write("cancelled\n");
            return ExitCodes.Cancelled;
        }
    }

    /// <summary><c>aims</c>, <c>aims --help</c>, <c>aims help</c> and <c>aims help GROUP</c>.</summary>
    private int Help(ParsedArguments parsed)
    {
        var topic = parsed.First == "help" ? parsed.Shift().First : null;
        if (topic is null)
        {
            // A bare `aims` is a usage error (scripts must not mistake it for success); asking for help is not.
            var asked = parsed.First == "help" || parsed.Has(GlobalOptions.Help);
            return Print(asked ? output : error, HelpText.Global(Groups), asked ? ExitCodes.Ok : ExitCodes.Usage);
        }

        var group = Groups.FirstOrDefault(g => g.Name == topic)
            ?? throw new UsageException($"'{topic}' is not a command.");
        return Print(output, group.Usage, ExitCodes.Ok);
    }

    private static int Print(TextWriter writer, string text, int exitCode)
    {
        writer.Write(text.TrimEnd('\n') + "\n");
        return exitCode;
    }
}
