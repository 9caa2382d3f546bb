using System.Text.Encodings.Web;
using Aims.Core.Credentials;
using Aims.Core.Identity;
using Aims.Core.OAuth;
using Aims.Core.Tokens;
using Aims.Core.Transactions;
using Aims.ResourceServer.Authentication;
using Aims.ResourceServer.Authorization;
using Aims.ResourceServer.Keys;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Aims.ResourceServer.Transactions;

/// <summary>
/// Authenticates a request by the fabric's Transaction Token in the <c>Txn-Token</c> header (draft-ietf-oauth-transaction-tokens
/// §7.1), validated locally against the fabric's cached keys: <c>typ</c> <c>txntoken+jwt</c>, ES* only, <c>iss</c> the
/// fabric, <c>aud</c> exactly this trust domain, not expired. A Txn-Token in <c>Authorization</c> is refused: it is
/// never an access token. A transaction whose subject or requesting workload the fabric signalled revoked is refused;
/// its scope is narrowed by any reduction signalled. The validated token is on <see cref="TxnTokenFeature"/>.
/// </summary>
public sealed partial class AimsTxnTokenHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> schemeOptions,
    ILoggerFactory loggerFactory,
    UrlEncoder encoder,
    IOptions<AimsResourceServerOptions> fabric,
    IOptions<AimsTxnTokenOptions> options,
    FabricJwks jwks,
    RevocationCache revocations,
    TimeProvider time) : AuthenticationHandler<AuthenticationSchemeOptions>(schemeOptions, loggerFactory, encoder)
{
    private const string BearerPrefix = "Bearer ";

    /// <summary>The challenge scheme: a Txn-Token is not a Bearer credential, so the challenge does not say Bearer.</summary>
    private const string ChallengeScheme = "Txn-Token";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (header.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase) && TxnTokenValidator.LooksLikeTxnToken(header[BearerPrefix.Length..].Trim()))
        {
            return Refuse(BearerTokenRejection.InvalidRequest(
                "a transaction token is never sent in Authorization: send it in the Txn-Token header (draft-ietf-oauth-transaction-tokens section 7.1)"));
        }

        var values = Request.Headers[AimsTxnTokenDefaults.Header];
        if (values.Count == 0)
            return AuthenticateResult.NoResult();
        if (values.Count > 1 || string.IsNullOrWhiteSpace(values[0]) || values[0]!.Contains(',', StringComparison.Ordinal))
            return Refuse(BearerTokenRejection.InvalidRequest("the Txn-Token header must carry exactly one transaction token (draft-ietf-oauth-transaction-tokens section 7.1)"));

        var (token, rejection) = await ValidateAsync(values[0]!.Trim());
        if (token is null)
            return Refuse(rejection!);

        if (revocations.RevocationReason(token) is { } reason)
        {
            LogRevokedTransactionRefused(Logger, token.Txn, token.Subject);
            return Refuse(BearerTokenRejection.InvalidToken($"the transaction was revoked: {reason}"));
        }

        TxnTokenFeature.Set(Context, token);
        var principal = TxnTokenPrincipal.Create(token, revocations.EffectiveScope(token), Scheme.Name);
        return AuthenticateResult.Success(new AuthenticationTicket(principal, Scheme.Name));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var rejection = (await HandleAuthenticateOnceSafeAsync()).Failure switch
        {
            BearerTokenRejection known => known,
            null => BearerTokenRejection.InvalidRequest($"this endpoint needs a transaction token in the {AimsTxnTokenDefaults.Header} header"),
            _ => BearerTokenRejection.InvalidToken("the transaction token could not be validated"),
        };

        Response.StatusCode = rejection.Error is null ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status401Unauthorized;
        Response.Headers.CacheControl = "no-store";
        if (rejection.Error is null)
            Response.Headers.RetryAfter = "5";
        else
            Response.Headers.WWWAuthenticate = $"{ChallengeScheme} error=\"{new OAuthError(rejection.Error, string.Empty).Error}\"";
        await WriteErrorAsync(rejection.Error ?? "temporarily_unavailable", rejection.Message);
    }

    protected override async Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status403Forbidden;
        if (InsufficientScope.Of(Context) is { } missing)
            await WriteErrorAsync(InsufficientScope.Error, $"this request needs scope '{missing}', which the transaction does not carry (or no longer carries)");
    }

    /// <summary>Draft §7.1 with the fabric's keys; an unknown kid gets one (rate-limited) refetch, for key rotation.</summary>
    private async Task<(TxnToken? Token, BearerTokenRejection? Rejection)> ValidateAsync(string presented)
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

        var settings = fabric.Value;
        var trustDomain = TrustDomain.Parse(options.Value.TrustDomain);
        var result = TxnTokenValidator.Validate(presented, keys, settings.Issuer, trustDomain, time.GetUtcNow(), settings.ClockSkew);
        if (result.Error == CredentialErrors.UnknownKid && await jwks.RefreshAfterUnknownKidAsync(keys, Context.RequestAborted) is { } refreshed)
            result = TxnTokenValidator.Validate(presented, refreshed, settings.Issuer, trustDomain, time.GetUtcNow(), settings.ClockSkew);

        return result.IsValid
            ? (result.Value, null)
            : (null, BearerTokenRejection.InvalidToken($"the transaction token is not valid in trust domain {trustDomain}: {result.Detail}"));
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

    [LoggerMessage(EventId = 1, Level = LogLevel.Warning, Message = "Refused transaction token of revoked transaction txn={Txn} sub={Subject}")]
    private static partial void LogRevokedTransactionRefused(ILogger logger, string txn, string subject);
}
