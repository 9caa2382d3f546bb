using System.Security.Claims;
using System.Text.Encodings.Web;
using Aims.Api.Bundles;
using Aims.Core.Credentials;
using Aims.Core.Wimse;
using Aims.Grains;
using Aims.Grains.Credentials;
using Aims.Grains.Tokens;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;

namespace Aims.Api.Security;

/// <summary>
/// Authenticates an agent by its WIT and a WPT for this very request, the alternative to mTLS on the agent endpoints
/// (API.md: "the caller authenticates with its current X509-SVID (mTLS) or WIT+WPT"). The WIT is validated by the same
/// validator relying parties use against the live bundle's wit-svid keys and refused once revoked (its jti is a
/// credential, revoked with the agent); the WPT's <c>aud</c> must be a configured base URL of the fabric plus the
/// path, its <c>jti</c> is single use across the cluster (the replay cache grains), and it binds any access token or Txn-Token the request carries. Failures are
/// 400 with problem details, as the WIMSE drafts recommend.
/// </summary>
public sealed partial class WitAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    BundleCache bundles,
    IGrainFactory grains,
    WorkloadProofAudiences audiences,
    TimeProvider time) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    /// <summary>Two minutes: agents make a proof per call, and the replay cache keeps each jti only as long as its proof lives.</summary>
    public static readonly TimeSpan MaxProofLifetime = TimeSpan.FromMinutes(2);

    private const string BearerPrefix = "Bearer ";

    /// <summary>Whether the request carries either WIMSE header, which selects this scheme over mTLS.</summary>
    public static bool IsPresent(HttpRequest request) =>
        request.Headers.ContainsKey(WimseHeaders.WorkloadIdentityToken) || request.Headers.ContainsKey(WimseHeaders.WorkloadProofToken);

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!IsPresent(Request))
            return AuthenticateResult.NoResult();
        if (!TrySingle(WimseHeaders.WorkloadIdentityToken, out var witToken, out var failure)
            || !TrySingle(WimseHeaders.WorkloadProofToken, out var proof, out failure)
            || !TryOptional(WimseHeaders.TxnToken, out var txnToken, out failure))
        {
            return AuthenticateResult.Fail(failure!);
        }

        var now = time.GetUtcNow();
        var current = await bundles.GetAsync();
        var wit = WitValidator.Validate(witToken, current.WitKeys, now);
        if (!wit.IsValid)
            return AuthenticateResult.Fail($"the Workload-Identity-Token is not a valid WIT of trust domain {bundles.TrustDomain}: {wit.Detail}");
        if (!WitBinding.TryCreate(wit.Value, out var binding, out var keyError))
            return AuthenticateResult.Fail($"the WIT's confirmation key cannot verify proofs: {keyError}");

        using (binding.Key)
        {
            var accessToken = Request.Headers.Authorization.ToString() is { } authorization && authorization.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase)
                ? authorization[BearerPrefix.Length..].Trim()
                : null;
            var path = (Request.PathBase + Request.Path).ToUriComponent();
            var result = WptValidator.Validate(proof, binding, new WptValidationParameters
            {
                Audience = audiences.BaseUrls[0] + path,
                AudienceAliases = [.. audiences.BaseUrls.Skip(1).Select(b => b + path)],
                Now = now,
                MaxLifetime = MaxProofLifetime,
                Tokens = new RequestTokens(accessToken, txnToken),
                ReplayCache = WptReplayCache.CheckedByCaller,
            });
            if (!result.IsValid)
                return AuthenticateResult.Fail($"the Workload-Proof-Token is not valid for this request: {result.Detail}");

            // Single use across the cluster (draft-ietf-wimse-wpt §2 rule 9): the same replay cache as client assertions,
            // in a namespace of its own; only a proof valid in every other respect spends its jti.
            var proven = result.Value;
            var scope = "wpt " + proven.Subject;
            if (!await grains.GetGrain<IReplayCacheGrain>(GrainKeys.ReplayShard(bundles.TrustDomain, scope, proven.Jti))
                    .TryUseAsync(scope, proven.Jti, proven.ExpiresAt + CredentialValidationWindow.DefaultClockSkew))
            {
                return AuthenticateResult.Fail(
                    $"the WPT with jti '{proven.Jti}' was already used (draft-ietf-wimse-wpt section 2); make a new proof, with a new jti, for every request");
            }
        }

        var jti = wit.Value.Jti;
        if (jti.Length > 0 && await grains.GetGrain<ICredentialGrain>(GrainKeys.Credential(jti)).GetAsync() is { State: CredentialState.Revoked } revoked)
            return AuthenticateResult.Fail($"the WIT (jti {jti}) was revoked at {revoked.RevokedAt:O}; attest again for a new one");

        var id = wit.Value.Subject.ToString();
        LogAuthenticated(Logger, id, jti);
        var identity = new ClaimsIdentity(
            [new Claim(ClaimTypes.NameIdentifier, id), new Claim(AuthSchemes.SpiffeIdClaim, id), new Claim("amr", "wit")], Scheme.Name);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), Scheme.Name));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        // draft-ietf-wimse-workload-creds / -wpt "Error Conditions": 400 is appropriate, 401 NOT RECOMMENDED.
        Response.StatusCode = StatusCodes.Status400BadRequest;
        var failure = (await HandleAuthenticateOnceSafeAsync()).Failure?.Message;
        await Response.WriteAsJsonAsync(
            new { type = "about:blank", title = "Bad Request", status = 400, detail = failure ?? "send the agent's WIT in Workload-Identity-Token and a WPT for this request in Workload-Proof-Token" },
            (System.Text.Json.JsonSerializerOptions?)null, "application/problem+json");
    }

    /// <summary>draft-ietf-wimse-wpt §2 rule 1: exactly one header field with one token.</summary>
    private bool TrySingle(string name, out string value, out string? failure)
    {
        var values = Request.Headers.TryGetValue(name, out var found) ? found : StringValues.Empty;
        value = values.Count == 1 ? values[0]!.Trim(' ') : string.Empty;
        failure = value.Length > 0 ? null
            : values.Count == 0 ? $"the request has no {name} header; send the WIT in Workload-Identity-Token and a fresh WPT in Workload-Proof-Token together"
            : $"send exactly one {name} header with one token";
        return failure is null;
    }

    private bool TryOptional(string name, out string? value, out string? failure)
    {
        value = null;
        failure = null;
        if (!Request.Headers.ContainsKey(name))
            return true;
        if (!TrySingle(name, out var single, out failure))
            return false;
        value = single;
        return true;
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Debug, Message = "Agent {SpiffeId} authenticated with WIT jti={Jti} and a WPT")]
    private static partial void LogAuthenticated(ILogger logger, string spiffeId, string jti);
}
