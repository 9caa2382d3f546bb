using System.Security.Claims;
using System.Text.Encodings.Web;
using Aims.Core.Credentials;
using Aims.Core.OAuth;
using Aims.Core.Tokens;
using Aims.ResourceServer.Authorization;
using Aims.ResourceServer.Keys;
using Aims.ResourceServer.Metadata;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Aims.ResourceServer.Authentication;

/// <summary>
/// Authenticates an agent by the fabric's RFC 9068 access token in <c>Authorization: Bearer</c> (RFC 6750 §2.1; never
/// the query or the form body), validated locally against the fabric's cached keys: issuer exact, audience this
/// resource, lifetime, ES* only. A token the <see cref="RevocationCache"/> knows is revoked is refused; its scope is
/// narrowed by any reduction the fabric signalled; a certificate-bound token (RFC 8705 §3) needs the very client
/// certificate it names. Refusals answer per RFC 6750 §3.1 with a challenge pointing at the resource's metadata
/// (RFC 9728 §5.1).
/// </summary>
public sealed partial class AimsAccessTokenHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> schemeOptions,
    ILoggerFactory loggerFactory,
    UrlEncoder encoder,
    IOptions<AimsResourceServerOptions> options,
    FabricJwks jwks,
    RevocationCache revocations,
    TimeProvider time) : AuthenticationHandler<AuthenticationSchemeOptions>(schemeOptions, loggerFactory, encoder)
{
    private const string BearerPrefix = "Bearer ";

    private string Resource => options.Value.Resource;

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        // RFC 6750 §2.3, §5.3: a token in the URL ends up in logs and Referer headers; it is refused, not read.
        if (Request.Query.ContainsKey("access_token"))
        {
            return Refuse(BearerTokenRejection.InvalidRequest(
                "access tokens are not accepted in the query string; send it as Authorization: Bearer (RFC 6750 section 2.1)"));
        }

        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase))
            return AuthenticateResult.NoResult();
        var presented = header[BearerPrefix.Length..].Trim();
        if (presented.Length == 0)
            return Refuse(BearerTokenRejection.InvalidRequest("the Authorization header says Bearer but carries no token (RFC 6750 section 2.1)"));

        var (token, rejection) = await ValidateAsync(presented);
        if (token is null)
            return Refuse(rejection!);

        if (revocations.RevocationReason(token) is { } reason)
        {
            LogRevokedTokenRefused(Logger, token.Jti, token.Subject, token.ClientId);
            return Refuse(BearerTokenRejection.InvalidToken($"the access token was revoked: {reason}; get a new one from the authorization server"));
        }

        if (token.CnfX5tS256 is not null && !await PresentsBoundCertificateAsync(token.CnfX5tS256))
        {
            return Refuse(BearerTokenRejection.InvalidToken(
                "the access token is bound to a client certificate (cnf x5t#S256) and this connection did not present that certificate (RFC 8705 section 3)"));
        }

        var principal = AccessTokenPrincipal.Create(token, revocations.EffectiveScope(token), Scheme.Name);
        return AuthenticateResult.Success(new AuthenticationTicket(principal, Scheme.Name));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var rejection = (await HandleAuthenticateOnceSafeAsync()).Failure switch
        {
            BearerTokenRejection known => known,
            null => null,
            _ => BearerTokenRejection.InvalidToken("the access token could not be validated"),
        };

        Response.StatusCode = rejection?.Status ?? StatusCodes.Status401Unauthorized;
        Response.Headers.CacheControl = "no-store";
        if (rejection is { Error: null })
        {
            // Not the token's fault: no challenge that would make the agent throw its token away.
            Response.Headers.RetryAfter = "5";
            await Response.WriteAsJsonAsync(
                new { title = "Service Unavailable", status = StatusCodes.Status503ServiceUnavailable, detail = rejection.Message },
                (System.Text.Json.JsonSerializerOptions?)null, "application/problem+json");
            return;
        }

        Response.Headers.WWWAuthenticate = BearerChallenge.Format(ProtectedResourceMetadata.UrlFor(Resource), rejection?.Error, rejection?.Message);
        if (rejection is not null)
            await WriteErrorAsync(rejection.Error!, rejection.Message);
    }

    protected override async Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status403Forbidden;
        if (InsufficientScope.Of(Context) is not { } missing)
            return;

        // RFC 6750 §3.1: insufficient_scope, naming the scope the request needs.
        var description = $"this request needs scope '{missing}', which the access token does not carry (or no longer carries); ask for it at the authorization server";
        Response.Headers.WWWAuthenticate = BearerChallenge.Format(ProtectedResourceMetadata.UrlFor(Resource), InsufficientScope.Error, description, missing);
        await WriteErrorAsync(InsufficientScope.Error, description);
    }

    /// <summary>RFC 9068 §4 with the fabric's keys; an unknown kid gets one (rate-limited) refetch, for key rotation.</summary>
    private async Task<(AccessToken? Token, BearerTokenRejection? Rejection)> ValidateAsync(string presented)
    {
        JwtBundle keys;
        try
        {
            keys = await jwks.GetKeysAsync(Context.RequestAborted);
        }
        catch (FabricUnavailableException e)
        {
            return (null, BearerTokenRejection.Unavailable(e.Message));
        }

        var settings = options.Value;
        var result = AccessTokenValidator.Validate(presented, keys, settings.Issuer, settings.Resource, time.GetUtcNow(), settings.ClockSkew);
        if (result.Error == CredentialErrors.UnknownKid && await jwks.RefreshAfterUnknownKidAsync(keys, Context.RequestAborted) is { } refreshed)
            result = AccessTokenValidator.Validate(presented, refreshed, settings.Issuer, settings.Resource, time.GetUtcNow(), settings.ClockSkew);

        return result.IsValid
            ? (result.Value, null)
            : (null, BearerTokenRejection.InvalidToken($"the access token is not valid for {settings.Resource}: {result.Detail}"));
    }

    /// <summary>RFC 8705 §3: the SHA-256 thumbprint of the certificate presented on this connection equals cnf.x5t#S256.</summary>
    private async Task<bool> PresentsBoundCertificateAsync(string x5tS256)
    {
        var certificate = await Context.Connection.GetClientCertificateAsync(Context.RequestAborted);
        return certificate is not null && CertificateThumbprint.Matches(x5tS256, certificate.RawData);
    }

    /// <summary>The framework logs the failure's message (never the token) when it sees the result.</summary>
    private static AuthenticateResult Refuse(BearerTokenRejection rejection) => AuthenticateResult.Fail(rejection);

    private Task WriteErrorAsync(string error, string description)
    {
        var wire = new OAuthError(error, description);
        return Response.WriteAsJsonAsync(new Dictionary<string, string>
        {
            [OAuthConstants.Parameters.Error] = wire.Error,
            [OAuthConstants.Parameters.ErrorDescription] = wire.Description,
        });
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Warning, Message = "Refused revoked access token jti={Jti} sub={Subject} client_id={ClientId}")]
    private static partial void LogRevokedTokenRefused(ILogger logger, string jti, string subject, string clientId);
}
