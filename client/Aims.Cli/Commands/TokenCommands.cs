using Aims.Cli.CommandLine;
using Aims.Cli.Http;
using Aims.Cli.Output;
using static Aims.Cli.Http.OAuthParameters;

namespace Aims.Cli.Commands;

/// <summary><c>aims token</c>: access tokens from the OAuth 2.0 authorization server (API.md "OAuth 2.0 authorization server").</summary>
internal sealed class TokenCommands : ICommandGroup
{
    private const string AssertionOption = "assertion";
    private const string SubjectTokenOption = "subject-token";
    private const string ActorTokenOption = "actor-token";
    private const string ResourceOption = "resource";
    private const string AudienceOption = "audience";
    private const string ScopeOption = "scope";
    private const string ImpersonationFlag = "impersonation";

    public string Name => "token";

    public string Summary => "get, exchange, introspect and revoke OAuth access tokens";

    public string Usage => """
        usage:
          aims token client-credentials --assertion <jwt-svid> --resource <uri> [--resource <uri> ...] [--scope "a b"]
          aims token exchange --assertion <jwt-svid> --subject-token <access-token>
                              (--resource <uri> | --audience <name>) [...] [--scope "a b"]
                              [--actor-token <jwt-svid>] [--impersonation]
          aims token introspect <access-token>
          aims token revoke <access-token>

        client-credentials and exchange authenticate as the agent named by the JWT-SVID given with --assertion
        (minted for the audience <server>/oauth2/token; each one is single-use); they need no operator token.
        introspect and revoke use the operator token.

        exchange (RFC 8693) turns an access token addressed to the agent into one for another API: the agent acts
        for the token's subject and is recorded in its "act" claim. --actor-token is the agent's own JWT-SVID;
        --impersonation asks for a token without "act", which the agent's policy must allow. It prints the
        server's JSON response.

        Tokens (--assertion, --subject-token, --actor-token) may be given as the value, as @file, or as - to read
        standard input, which keeps them out of the shell history.
        """;

    public Task<int> RunAsync(CommandContext context, ParsedArguments args, CancellationToken cancellationToken) =>
        args.First switch
        {
            "client-credentials" => ClientCredentialsAsync(context, args.Shift(), cancellationToken),
            "exchange" => ExchangeAsync(context, args.Shift(), cancellationToken),
            "introspect" => IntrospectAsync(context, args.Shift(), cancellationToken),
            "revoke" => RevokeAsync(context, args.Shift(), cancellationToken),
            null => throw new UsageException("'token' needs a command."),
            var other => throw new UsageException($"'token {other}' is not a command."),
        };

    private static async Task<int> ClientCredentialsAsync(CommandContext context, ParsedArguments args, CancellationToken cancellationToken)
    {
        args.Expect("token client-credentials", [], AssertionOption, ResourceOption, ScopeOption);
        var resources = args.Values(ResourceOption);
        if (resources.Count == 0)
            throw new UsageException("--resource <uri> is required: access tokens are always for a named API.");
        var assertion = await TokenArgument.ReadAsync(args, AssertionOption, context.In, cancellationToken);

        var form = new List<KeyValuePair<string, string>> { new(GrantType, ClientCredentialsGrant) };
        form.AddRange(ClientAuthentication(assertion));
        form.AddRange(resources.Select(r => new KeyValuePair<string, string>(Resource, r)));
        if (args.Value(ScopeOption) is { } scope)
            form.Add(new(Scope, scope));

        using var response = await context.Api.PostFormAsync(ApiPaths.Token, form, authenticate: false, cancellationToken);
        context.PrintObject(response.RootElement, "access_token", "token_type", "expires_in", "scope");
        return ExitCodes.Ok;
    }

    /// <summary>RFC 8693 §2.1: the subject token is an access token of this server; the authenticated agent is the actor.</summary>
    private static async Task<int> ExchangeAsync(CommandContext context, ParsedArguments args, CancellationToken cancellationToken)
    {
        args.Expect("token exchange", [], AssertionOption, SubjectTokenOption, ActorTokenOption, ResourceOption, AudienceOption, ScopeOption, ImpersonationFlag);
        var resources = args.Values(ResourceOption);
        var audiences = args.Values(AudienceOption);
        if (resources.Count + audiences.Count == 0)
            throw new UsageException("--resource <uri> or --audience <name> is required: access tokens are always for a named API.");
        TokenArgument.AtMostOneFromStandardInput(args, AssertionOption, SubjectTokenOption, ActorTokenOption);
        var assertion = await TokenArgument.ReadAsync(args, AssertionOption, context.In, cancellationToken);
        var subjectToken = await TokenArgument.ReadAsync(args, SubjectTokenOption, context.In, cancellationToken);
        var actorToken = await TokenArgument.ReadOptionalAsync(args, ActorTokenOption, context.In, cancellationToken);

        var form = new List<KeyValuePair<string, string>> { new(GrantType, TokenExchangeGrant) };
        form.AddRange(ClientAuthentication(assertion));
        form.Add(new(SubjectToken, subjectToken));
        form.Add(new(SubjectTokenType, AccessTokenType));
        if (actorToken is not null)
        {
            form.Add(new(ActorToken, actorToken));
            form.Add(new(ActorTokenType, JwtTokenType));
        }

        form.AddRange(resources.Select(r => new KeyValuePair<string, string>(Resource, r)));
        form.AddRange(audiences.Select(a => new KeyValuePair<string, string>(Audience, a)));
        if (args.Value(ScopeOption) is { } scope)
            form.Add(new(Scope, scope));
        if (args.Has(ImpersonationFlag))
            form.Add(new(Impersonation, "true"));

        using var response = await context.Api.PostFormAsync(ApiPaths.Token, form, authenticate: false, cancellationToken);
        await context.Out.WriteAsync(JsonText.Pretty(response.RootElement) + "\n");
        return ExitCodes.Ok;
    }

    private static async Task<int> IntrospectAsync(CommandContext context, ParsedArguments args, CancellationToken cancellationToken)
    {
        args.Expect("token introspect", ["access-token"]);
        using var response = await context.Api.PostFormAsync(ApiPaths.Introspect, [new(Token, args.Positionals[0])], authenticate: true, cancellationToken);
        context.PrintObject(response.RootElement, "active", "client_id", "sub", "aud", "scope", "exp");
        return ExitCodes.Ok;
    }

    private static async Task<int> RevokeAsync(CommandContext context, ParsedArguments args, CancellationToken cancellationToken)
    {
        args.Expect("token revoke", ["access-token"]);
        using var _ = await context.Api.PostFormAsync(ApiPaths.Revoke, [new(Token, args.Positionals[0])], authenticate: true, cancellationToken);
        await context.Out.WriteLineAsync("revoked");
        return ExitCodes.Ok;
    }

    /// <summary>RFC 7523 §2.2 client authentication with the agent's JWT-SVID; agents have no client secrets.</summary>
    private static KeyValuePair<string, string>[] ClientAuthentication(string assertion) =>
    [
        new(ClientAssertionType, JwtBearerAssertion),
        new(ClientAssertion, assertion),
    ];
}
