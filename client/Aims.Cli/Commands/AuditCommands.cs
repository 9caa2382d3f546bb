using System.Globalization;
using System.Text.Json;
using Aims.Cli.CommandLine;
using Aims.Cli.Http;
using Aims.Cli.Output;

namespace Aims.Cli.Commands;

/// <summary><c>aims audit verify|list</c>: the hash-chained audit log.</summary>
internal sealed class AuditCommands : ICommandGroup
{
    public string Name => "audit";

    public string Summary => "verify the audit chain and list audit records";

    public string Usage => """
        usage:
          aims audit verify
          aims audit list [--agent SPIFFE-ID] [--since RFC3339-TIME]

        verify exits 1 when the server reports the chain as broken.
        """;

    public Task<int> RunAsync(CommandContext context, ParsedArguments args, CancellationToken cancellationToken) =>
        args.First switch
        {
            "verify" => VerifyAsync(context, args.Shift(), cancellationToken),
            "list" => ListAsync(context, args.Shift(), cancellationToken),
            null => throw new UsageException("'audit' needs a command."),
            var other => throw new UsageException($"'audit {other}' is not a command."),
        };

    private static async Task<int> VerifyAsync(CommandContext context, ParsedArguments args, CancellationToken cancellationToken)
    {
        args.Expect("audit verify", []);
        using var response = await context.Api.GetAsync(ApiPaths.AuditVerify, cancellationToken);
        var result = response.RootElement;
        context.PrintObject(result, WireNames.Valid);

        if (result.ValueKind == JsonValueKind.Object && result.TryGetProperty(WireNames.Valid, out var valid) && valid.ValueKind == JsonValueKind.False)
        {
            var where = result.TryGetProperty(WireNames.FirstBadSequence, out var bad) && bad.ValueKind == JsonValueKind.Number ? $" at sequence {bad.GetRawText()}" : "";
            var problem = result.TryGetString(WireNames.Problem, out var text) ? $": {text}" : "";
            return context.Fail($"the audit chain is broken{where}{problem}");
        }

        return ExitCodes.Ok;
    }

    private static async Task<int> ListAsync(CommandContext context, ParsedArguments args, CancellationToken cancellationToken)
    {
        args.Expect("audit list", [], "agent", "since");
        var since = NormalizeSince(args.Value("since"));
        var agent = args.Value("agent");
        using var records = await PagedList.GetAsync(
            context.Api,
            WireNames.Records,
            after => ApiPaths.WithQuery(ApiPaths.Audit, (WireNames.Agent, agent), (WireNames.Since, since), (WireNames.After, after)),
            cancellationToken);

        context.Print(records.Merged(), _ => TableWriter.Write(
            context.Out,
            ["SEQ", "TIME", "ACTION", "DECISION", "AGENT", "ACTOR"],
            [.. records.Items.Select(r => new[]
            {
                JsonText.Property(r, WireNames.Sequence), JsonText.Property(r, WireNames.Timestamp), JsonText.Property(r, WireNames.Action),
                JsonText.Property(r, WireNames.Decision), JsonText.Property(r, WireNames.AgentId), JsonText.Property(r, WireNames.Actor),
            })]));
        return ExitCodes.Ok;
    }

    /// <summary>RFC 3339 times are sent in UTC with a "Z", the form the server writes.</summary>
    private static string? NormalizeSince(string? text)
    {
        if (text is null)
            return null;
        if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var since))
            throw new UsageException($"--since '{text}' is not an RFC 3339 time such as 2026-11-28T21:00:00Z.");
        return since.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);
    }
}
