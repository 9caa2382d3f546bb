using System.Security.Claims;
using System.Text.Encodings.Web;
using Aims.Core.Credentials;
using Aims.Core.OAuth;
using Aims.Core.Tokens;
using Aims.Core.Wimse;
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
/// (RFC 9728 §5.1). With <see cref="AimsResourceServerOptions.TrustDomain"/> set it also accepts WIMSE WIT + WPT
/// (<see cref="WorkloadProofVerifier"/>), alone or with the access token the proof binds; their failures are 400 with
/// problem details.
/// </summary>
public sealed partial class AimsAccessTokenHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> schemeOptions,
    ILoggerFactory loggerFactory,
    UrlEncoder encoder,
    IOptions<AimsResourceServerOptions> options,
    FabricJwks jwks,
    RevocationCache revocations,
    WorkloadProofVerifier workloads,
    ValidatedTokenCache<AccessToken> accessTokens,
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

        string? presented = null;
        var header = Request.Headers.Authorization.ToString();
        if (header.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase))
        {
            presented = header[BearerPrefix.Length..].Trim();
            if (presented.Length == 0)
                return Refuse(BearerTokenRejection.InvalidRequest("the Authorization header says Bearer but carries no token (RFC 6750 section 2.1)"));
        }

        // WIT + WPT first: the proof binds the access token (ath), so a token it does not bind is never even validated.
        WorkloadIdentity? workload = null;
        // Without a TrustDomain the WIMSE headers are unknown headers here, and ignored as HTTP ignores those.
        if (options.Value.AcceptsWorkloadProofs && WorkloadProofVerifier.IsPresent(Request))
        {
            (workload, var workloadRejection) = await workloads.VerifyAsync(Context, presented);
            if (workload is null)
                return Refuse(workloadRejection!);
        }
        else if (options.Value.RequireWorkloadProof && presented is not null)
        {
            return Refuse(BearerTokenRejection.InvalidWorkloadProof(
                "this resource requires proof of possession: send the agent's WIT in Workload-Identity-Token and a WPT for this request " +
                "in Workload-Proof-Token along with the access token (draft-ietf-wimse-wpt)"));
        }

        if (presented is null)
        {
            return workload is null
                ? AuthenticateResult.NoResult()
                : Success(AccessTokenPrincipal.ForWorkload(workload, Scheme.Name));
        }

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

        // The proof shows who holds the token; the token must have been issued to that very agent.
        if (workload is not null && !string.Equals(token.ClientId, workload.Subject, StringComparison.Ordinal))
        {
            return Refuse(BearerTokenRejection.InvalidToken(
                $"the access token was issued to client {token.ClientId}, but the WIT proves {workload.Subject}; present the token issued to the workload that proves possession"));
        }

        return Success(AccessTokenPrincipal.Create(token, revocations.EffectiveScope(token), Scheme.Name, workload));
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
        if (rejection is { IsWorkloadProof: true })
        {
            // draft-ietf-wimse-workload-creds / -wpt "Error Conditions": 400 with RFC 9457 problem details, no Bearer challenge.
            await Response.WriteAsJsonAsync(
                new { type = "about:blank", title = "Bad Request", status = StatusCodes.Status400BadRequest, detail = rejection.Message },
                (System.Text.Json.JsonSerializerOptions?)null, "application/problem+json");
            return;
        }

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

    /// <summary>
    /// RFC 9068 §4 with the fabric's keys; an unknown kid gets one (rate-limited) refetch, for key rotation. A token already
    /// validated with the current keys is taken from the cache by its hash (only its expiry is checked again).
    /// </summary>
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
        var now = time.GetUtcNow();
        var hash = TokenHash.Of(presented);
        if (accessTokens.TryGet(hash, keys, now, out var cached))
            return (cached, null);

        var result = AccessTokenValidator.Validate(presented, keys, settings.Issuer, settings.Resource, now, settings.ClockSkew);
        if (result.Error == CredentialErrors.UnknownKid && await jwks.RefreshAfterUnknownKidAsync(keys, Context.RequestAborted) is { } refreshed)
        {
            keys = refreshed;
            result = AccessTokenValidator.Validate(presented, keys, settings.Issuer, settings.Resource, now, settings.ClockSkew);
        }

        if (!result.IsValid)
            return (null, BearerTokenRejection.InvalidToken($"the access token is not valid for {settings.Resource}: {result.Detail}"));

        accessTokens.Add(hash, result.Value, keys, result.Value.ExpiresAt, now);
        return (result.Value, null);
    }

    /// <summary>RFC 8705 §3: the SHA-256 thumbprint of the certificate presented on this connection equals cnf.x5t#S256.</summary>
    private async Task<bool> PresentsBoundCertificateAsync(string x5tS256)
    {
        var certificate = await Context.Connection.GetClientCertificateAsync(Context.RequestAborted);
        return certificate is not null && CertificateThumbprint.Matches(x5tS256, certificate.RawData);
    }

    private AuthenticateResult Success(ClaimsPrincipal principal) => AuthenticateResult.Success(new AuthenticationTicket(principal, Scheme.Name));

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
