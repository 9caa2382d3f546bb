using Aims.Cli.CommandLine;
using Aims.Cli.Http;

namespace Aims.Cli.Commands;

/// <summary><c>aims token</c>: access tokens from the OAuth 2.0 authorization server (API.md "OAuth 2.0 authorization server").</summary>
internal sealed class TokenCommands : ICommandGroup
{
    private const string JwtBearerAssertion = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

    public string Name => "token";

    public string Summary => "get, introspect and revoke OAuth access tokens";

    public string Usage => """
        usage:
          aims token client-credentials --assertion <jwt-svid> --resource <uri> [--resource <uri> ...] [--scope "a b"]
          aims token introspect <access-token>
          aims token revoke <access-token>

        client-credentials authenticates as the agent named by the JWT-SVID (minted for the audience
        <server>/oauth2/token); it needs no operator token. introspect and revoke use the operator token.
        """;

    public Task<int> RunAsync(CommandContext context, ParsedArguments args, CancellationToken cancellationToken) =>
        args.First switch
        {
            "client-credentials" => ClientCredentialsAsync(context, args.Shift(), cancellationToken),
            "introspect" => IntrospectAsync(context, args.Shift(), cancellationToken),
            "revoke" => RevokeAsync(context, args.Shift(), cancellationToken),
            null => throw new UsageException("'token' needs a command."),
            var other => throw new UsageException($"'token {other}' is not a command."),
        };

    private static async Task<int> ClientCredentialsAsync(CommandContext context, ParsedArguments args, CancellationToken cancellationToken)
    {
        args.Expect("token client-credentials", [], "assertion", "resource", "scope");
        var assertion = args.Value("assertion") ?? throw new UsageException("--assertion <jwt-svid> is required.");
        var resources = args.Values("resource");
        if (resources.Count == 0)
            throw new UsageException("--resource <uri> is required: access tokens are always for a named API.");

        var form = new List<KeyValuePair<string, string>>
        {
            new("grant_type", "client_credentials"),
            new("client_assertion_type", JwtBearerAssertion),
            new("client_assertion", assertion),
        };
        form.AddRange(resources.Select(r => new KeyValuePair<string, string>("resource", r)));
        if (args.Value("scope") is { } scope)
            form.Add(new("scope", scope));

        using var response = await context.Api.PostFormAsync(ApiPaths.Token, form, authenticate: false, cancellationToken);
        context.PrintObject(response.RootElement, "access_token", "token_type", "expires_in", "scope");
        return ExitCodes.Ok;
    }

    private static async Task<int> IntrospectAsync(CommandContext context, ParsedArguments args, CancellationToken cancellationToken)
    {
        args.Expect("token introspect", ["access-token"]);
        using var response = await context.Api.PostFormAsync(ApiPaths.Introspect, [new("token", args.Positionals[0])], authenticate: true, cancellationToken);
        context.PrintObject(response.RootElement, "active", "client_id", "sub", "aud", "scope", "exp");
        return ExitCodes.Ok;
    }

    private static async Task<int> RevokeAsync(CommandContext context, ParsedArguments args, CancellationToken cancellationToken)
    {
        args.Expect("token revoke", ["access-token"]);
        using var _ = await context.Api.PostFormAsync(ApiPaths.Revoke, [new("token", args.Positionals[0])], authenticate: true, cancellationToken);
        await context.Out.WriteLineAsync("revoked");
        return ExitCodes.Ok;
    }
}
