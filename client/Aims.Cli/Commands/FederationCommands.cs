using Aims.Cli.CommandLine;
using Aims.Cli.Http;
using Aims.Cli.Output;

namespace Aims.Cli.Commands;

/// <summary><c>aims federation list|refresh</c>: the foreign trust domains whose bundles this fabric fetches (SPIFFE Federation §5).</summary>
internal sealed class FederationCommands : ICommandGroup
{
    private const string TrustDomain = "trust_domain";
    private const string Endpoint = "endpoint";
    private const string Profile = "profile";
    private const string Sequence = "sequence";
    private const string FetchedAt = "fetched_at";
    private const string NextRefreshAt = "next_refresh_at";
    private const string LastError = "last_error";

    public string Name => "federation";

    public string Summary => "list federation relationships and refresh a foreign trust domain's bundle";

    public string Usage => """
        usage:
          aims federation list
          aims federation refresh <trust-domain>

        list shows each configured relationship (Aims:Federation:Relationships): endpoint, profile, state
        (unfetched, current, stale), the stored bundle's sequence, when it was fetched and will be next, and the
        last error. refresh fetches one bundle now and prints the same fields.
        """;

    public Task<int> RunAsync(CommandContext context, ParsedArguments args, CancellationToken cancellationToken) =>
        args.First switch
        {
            "list" => ListAsync(context, args.Shift(), cancellationToken),
            "refresh" => RefreshAsync(context, args.Shift(), cancellationToken),
            null => throw new UsageException("'federation' needs a command."),
            var other => throw new UsageException($"'federation {other}' is not a command."),
        };

    private static async Task<int> ListAsync(CommandContext context, ParsedArguments args, CancellationToken cancellationToken)
    {
        args.Expect("federation list", []);
        using var response = await context.Api.GetAsync("/v1/federation", cancellationToken);
        var list = response.RootElement;
        if (!list.TryGetArray("relationships", out var relationships))
            throw ServerRefusedException.UnexpectedAnswer("no \"relationships\" array in the answer");
        context.Print(list, _ => TableWriter.Write(context.Out, ["TRUST DOMAIN", "PROFILE", "STATE", "SEQUENCE", "NEXT REFRESH", "LAST ERROR"],
            [.. relationships.EnumerateArray().Select(r => (IReadOnlyList<string>)[
                JsonText.Property(r, TrustDomain), JsonText.Property(r, Profile), JsonText.Property(r, WireNames.State),
                JsonText.Property(r, Sequence), JsonText.Property(r, NextRefreshAt), JsonText.Property(r, LastError)])]));
        return ExitCodes.Ok;
    }

    private static async Task<int> RefreshAsync(CommandContext context, ParsedArguments args, CancellationToken cancellationToken)
    {
        args.Expect("federation refresh", ["trust-domain"]);
        using var response = await context.Api.PostAsync($"/v1/federation/{Uri.EscapeDataString(args.Positionals[0])}/refresh", "{}", cancellationToken);
        context.PrintObject(response.RootElement, TrustDomain, Endpoint, Profile, WireNames.State, Sequence, FetchedAt, NextRefreshAt, LastError);
        return ExitCodes.Ok;
    }
}
