using Aims.Core.Credentials;
using Aims.Core.Tokens;
using Aims.Core.Wimse;
using Aims.ResourceServer.Keys;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;

namespace Aims.ResourceServer.Authentication;

/// <summary>
/// WIT + WPT on one request (draft-ietf-wimse-workload-creds §3, draft-ietf-wimse-wpt §2): exactly one
/// <c>Workload-Identity-Token</c> and one <c>Workload-Proof-Token</c>; the WIT is a WIT-SVID of
/// <see cref="AimsResourceServerOptions.TrustDomain"/> signed by a <c>wit-svid</c> key of the fabric's bundle, cached by
/// its hash so that repeated requests skip its signature; not revoked; and the WPT is valid for this request: its
/// <c>aud</c> is <see cref="AimsResourceServerOptions.PublicBaseUrl"/> plus the request path, and it binds the access
/// token (<c>ath</c>) and the <c>Txn-Token</c> (<c>tth</c>) when the request has them. Refusals are 400 with problem
/// details, as the drafts recommend ("401 is NOT RECOMMENDED").
/// </summary>
public sealed partial class WorkloadProofVerifier(
    IOptions<AimsResourceServerOptions> options,
    FabricWitKeys witKeys,
    RevocationCache revocations,
    IWptReplayCache replayCache,
    TimeProvider time,
    ILogger<WorkloadProofVerifier> logger)
{
    private readonly ValidatedTokenCache<CachedWit> _wits = new(options.Value.ValidatedTokenCacheCapacity, options.Value.ClockSkew);

    /// <summary>WITs validated and kept by hash.</summary>
    internal int CachedWitCount => _wits.Count;

    /// <summary>Whether the request carries either WIMSE header; then both must be valid.</summary>
    public static bool IsPresent(HttpRequest request) =>
        request.Headers.ContainsKey(WimseHeaders.WorkloadIdentityToken) || request.Headers.ContainsKey(WimseHeaders.WorkloadProofToken);

    /// <remarks>Called only when <see cref="AimsResourceServerOptions.TrustDomain"/> is set.</remarks>
    /// <param name="accessToken">The request's bearer token, which the WPT must bind with <c>ath</c>; null when there is none.</param>
    internal async Task<(WorkloadIdentity? Workload, BearerTokenRejection? Rejection)> VerifyAsync(HttpContext context, string? accessToken)
    {
        var settings = options.Value;
        var headers = context.Request.Headers;
        if (!TrySingle(headers, WimseHeaders.WorkloadIdentityToken, out var witToken, out var rejection)
            || !TrySingle(headers, WimseHeaders.WorkloadProofToken, out var proof, out rejection))
        {
            return (null, rejection);
        }

        string? txnToken = null;
        if (headers.TryGetValue(WimseHeaders.TxnToken, out var txnValues))
        {
            if (txnValues.Count != 1)
                return (null, BearerTokenRejection.InvalidWorkloadProof("send exactly one Txn-Token header"));
            txnToken = txnValues[0]!.Trim(' ');
        }

        var (cached, witRejection) = await ValidateWitAsync(witToken, context.RequestAborted);
        if (cached is null)
            return (null, witRejection);

        var wit = cached.Wit;
        if (revocations.CredentialRevocationReason(wit.Subject.ToString(), wit.Jti, wit.IssuedAt) is { } reason)
        {
            LogRevokedWitRefused(logger, wit.Subject.ToString(), wit.Jti);
            return (null, BearerTokenRejection.InvalidWorkloadProof($"the WIT was revoked: {reason}; get a new one from the fabric"));
        }

        var result = WptValidator.Validate(proof, cached.Binding, new WptValidationParameters
        {
            Audience = settings.EffectivePublicBaseUrl + (context.Request.PathBase + context.Request.Path).ToUriComponent(),
            Now = time.GetUtcNow(),
            ClockSkew = settings.ClockSkew,
            MaxLifetime = settings.MaxProofLifetime,
            Tokens = accessToken is null && txnToken is null ? RequestTokens.None : new RequestTokens(accessToken, txnToken),
            ReplayCache = replayCache,
        });
        if (!result.IsValid)
        {
            if (result.Error == CredentialErrors.Replayed)
                LogReplayedProof(logger, wit.Subject.ToString());
            return (null, BearerTokenRejection.InvalidWorkloadProof($"the Workload-Proof-Token is not valid for this request: {result.Detail}"));
        }

        return (new WorkloadIdentity(wit, result.Value), null);
    }

    /// <summary>WIT-SVID §4 against the fabric's wit-svid keys; a WIT seen before with the same keys is not verified again.</summary>
    private async Task<(CachedWit? Wit, BearerTokenRejection? Rejection)> ValidateWitAsync(string token, CancellationToken cancellationToken)
    {
        JwtBundle keys;
        try
        {
            keys = await witKeys.GetKeysAsync(cancellationToken);
        }
        catch (FabricUnavailableException e)
        {
            return (null, BearerTokenRejection.Unavailable(e.Message));
        }

        var now = time.GetUtcNow();
        var hash = TokenHash.Of(token);
        if (_wits.TryGet(hash, keys, now, out var cached))
            return (cached, null);

        var settings = options.Value;
        var result = WitValidator.Validate(token, keys, now, settings.ClockSkew);
        if (result.Error == CredentialErrors.UnknownKid && await witKeys.RefreshAfterUnknownKidAsync(keys, cancellationToken) is { } refreshed)
        {
            keys = refreshed;
            result = WitValidator.Validate(token, keys, now, settings.ClockSkew);
        }

        if (!result.IsValid)
            return (null, BearerTokenRejection.InvalidWorkloadProof($"the Workload-Identity-Token is not a valid WIT of trust domain {settings.TrustDomain}: {result.Detail}"));
        if (!WitBinding.TryCreate(result.Value, out var binding, out var error))
            return (null, BearerTokenRejection.InvalidWorkloadProof($"the WIT's confirmation key cannot verify proofs: {error}"));

        cached = new CachedWit(result.Value, binding);
        _wits.Add(hash, cached, keys, result.Value.ExpiresAt, now);
        return (cached, null);
    }

    /// <summary>draft-ietf-wimse-wpt §2 rule 1: exactly one header field, one value.</summary>
    private static bool TrySingle(IHeaderDictionary headers, string name, out string value, out BearerTokenRejection? rejection)
    {
        var values = headers.TryGetValue(name, out var found) ? found : StringValues.Empty;
        if (values.Count != 1 || string.IsNullOrWhiteSpace(values[0]))
        {
            value = string.Empty;
            rejection = BearerTokenRejection.InvalidWorkloadProof(values.Count == 0
                ? $"the request has no {name} header; send the WIT in Workload-Identity-Token and a fresh WPT in Workload-Proof-Token together"
                : $"send exactly one {name} header with one token (draft-ietf-wimse-wpt section 2)");
            return false;
        }

        value = values[0]!.Trim(' ');
        rejection = null;
        return true;
    }

    [LoggerMessage(EventId = 10, Level = LogLevel.Warning, Message = "Refused the WIT of revoked workload {Subject} jti={Jti}")]
    private static partial void LogRevokedWitRefused(ILogger logger, string subject, string jti);

    [LoggerMessage(EventId = 11, Level = LogLevel.Warning, Message = "Refused a replayed WPT of {Subject}")]
    private static partial void LogReplayedProof(ILogger logger, string subject);
}
