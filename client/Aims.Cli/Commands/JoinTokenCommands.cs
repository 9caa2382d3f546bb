using System.Globalization;
using Aims.Cli.CommandLine;
using Aims.Cli.Http;
using Aims.Cli.Output;

namespace Aims.Cli.Commands;

/// <summary><c>aims join-token create</c> (API.md "Credentials for agents").</summary>
internal sealed class JoinTokenCommands : ICommandGroup
{
    public string Name => "join-token";

    public string Summary => "create single-use join tokens that let an agent attest for the first time";

    public string Usage => """
        usage:
          aims join-token create <spiffe-id> [--ttl SECONDS]

        Prints token, spiffe_id and expires_at. In scripts, take the token from the JSON:
          TOKEN=$(aims join-token create spiffe://aims.local/agents/x --json | jq -r .token)
        """;

    public Task<int> RunAsync(CommandContext context, ParsedArguments args, CancellationToken cancellationToken) =>
        args.First switch
        {
            "create" => CreateAsync(context, args.Shift(), cancellationToken),
            null => throw new UsageException("'join-token' needs a command."),
            var other => throw new UsageException($"'join-token {other}' is not a command."),
        };

    private static async Task<int> CreateAsync(CommandContext context, ParsedArguments args, CancellationToken cancellationToken)
    {
        args.Expect("join-token create", ["spiffe-id"], "ttl");
        var ttl = ParseTtl(args.Value("ttl"));
        var body = JsonText.Build(w =>
        {
            w.WriteStartObject();
            w.WriteString(WireNames.SpiffeId, args.Positionals[0]);
            if (ttl is { } seconds)
                w.WriteNumber(WireNames.TtlSeconds, seconds);
            w.WriteEndObject();
        });

        using var response = await context.Api.PostAsync(ApiPaths.JoinTokens, body, cancellationToken);
        context.PrintObject(response.RootElement, WireNames.Token, WireNames.SpiffeId, WireNames.ExpiresAt);
        return ExitCodes.Ok;
    }

    private static long? ParseTtl(string? text)
    {
        if (text is null)
            return null;
        return long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) && seconds > 0
            ? seconds
            : throw new UsageException($"--ttl '{text}' is not a positive number of seconds.");
    }
}
