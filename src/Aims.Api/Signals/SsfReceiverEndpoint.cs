using System.Text;
using Aims.Api.Bundles;
using Aims.Api.Http;
using Aims.Api.OAuth;
using Aims.Core.Identity;
using Aims.Core.Jose;
using Aims.Core.Signals;
using Aims.Core.Signals.Remediation;
using Aims.Core.Signals.TokenEffects;
using Aims.Grains;
using Aims.Grains.Audit;
using Aims.Grains.Partners;
using Aims.Grains.Tokens;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Aims.Api.Signals;

/// <summary>
/// <c>POST /ssf/receive</c>: the RFC 8935 push endpoint where configured outside transmitters (EDR, ITDR, IdP) send
/// SETs. A SET is accepted only from a configured issuer, signed by one of its keys, addressed to us, not seen
/// before (<c>jti</c>). About an agent of this trust domain, <see cref="RemediationRules"/> decide what it does (only
/// for a transmitter configured to speak for this domain); about an agent of a partner trust domain whose own fabric
/// sent it, <see cref="TokenEffectRules"/> decide what becomes of the tokens and authorization grants issued to it here
/// (<see cref="IPartnerAgentGrain"/>). The change is carried out durably and audited with its cause, and only then the
/// answer is 202. A refused SET changes nothing and gets
/// 400 with <c>{"err","description"}</c> (RFC 8935 §2.3).
/// </summary>
public static class SsfReceiverEndpoint
{
    public const string Path = "/ssf/receive";

    /// <summary>How long a received <c>jti</c> is remembered; a SET replayed later is far outside any useful window.</summary>
    public static readonly TimeSpan ReplayWindow = TimeSpan.FromDays(1);

    public static void MapSsfReceiverEndpoint(this IEndpointRouteBuilder app) =>
        app.MapPost(Path, ReceiveAsync).AllowAnonymous().DisableAntiforgery();

    private static async Task<IResult> ReceiveAsync(
        HttpContext http, IGrainFactory grains, SignalTransmitterDirectory transmitters, TrustedIssuerKeys keys, BundleCache bundles, TimeProvider time)
    {
        if (http.Request.ContentType?.StartsWith(SecurityEventClaims.MediaType, StringComparison.OrdinalIgnoreCase) != true)
            return Problems.UnsupportedMediaType($"send the SET as {SecurityEventClaims.MediaType} (RFC 8935 section 2)");
        if (http.Request.ContentLength > SetValidationContext.DefaultMaxLength)
            return Refuse(SetDeliveryErrors.InvalidRequest, $"the SET is larger than {SetValidationContext.DefaultMaxLength} bytes");

        var body = await ReadBodyAsync(http.Request);
        if (body is null)
            return Refuse(SetDeliveryErrors.InvalidRequest, $"the SET is larger than {SetValidationContext.DefaultMaxLength} bytes");
        if (!CompactJws.TryParse(body, SetValidationContext.DefaultMaxLength, out var jws, out var parseError))
            return Refuse(SetDeliveryErrors.InvalidRequest, $"the body is not a SET: {parseError}");

        var claimedIssuer = jws.Payload.TryGetProperty("iss", out var iss) && iss.ValueKind == System.Text.Json.JsonValueKind.String ? iss.GetString() : null;
        if (!transmitters.TryGet(claimedIssuer, out var transmitter))
            return Refuse(SetDeliveryErrors.InvalidIssuer, $"'{claimedIssuer}' is not a transmitter this fabric accepts SETs from");

        var keySet = await keys.GetAsync(transmitter.Issuer, jws.KeyId, http.RequestAborted);
        if (keySet is null)
            return Refuse(SetDeliveryErrors.InvalidKey, $"the keys of {transmitter.Issuer.Issuer} could not be loaded; try again later");

        var result = SecurityEventTokenValidator.Validate(body, SetValidationContext.ForJwks(transmitter.Issuer.Issuer, [.. transmitter.Audiences], keySet), time.GetUtcNow());
        if (!result.IsValid)
            return Refuse(result.Error!, result.Description!);

        var received = result.Event!;
        var fresh = await grains.GetGrain<IReplayCacheGrain>(GrainKeys.ReplayShard(bundles.TrustDomain, received.Issuer, received.Jti))
            .TryUseAsync(received.Issuer, received.Jti, received.IssuedAt + ReplayWindow);
        if (!fresh)
            return Refuse(SetDeliveryErrors.InvalidRequest, $"SET {received.Jti} was already received; each SET is acted on once");

        // About an agent of a partner trust domain its own fabric speaks for: what this fabric issued to it (identity chaining).
        var effect = TokenEffectRules.Decide(received);
        if (effect.Agent is { } named && SpiffeId.TryParse(named, out var partner) && !partner.IsMemberOf(bundles.TrustDomain)
            && transmitter.SpeaksFor(partner))
        {
            if (effect.Kind == TokenEffectKind.Malformed)
                return Refuse(SetDeliveryErrors.InvalidRequest, effect.Description);
            var standing = await grains.GetGrain<IPartnerAgentGrain>(GrainKeys.Agent(partner))
                .ApplyAsync(PartnerSignal.From(effect, received.Issuer, received.Jti, http.CorrelationId()));
            await AuditAsync(grains, bundles, received, http, partner.ToString(), effect.Description,
                $"partner agent: revoked before {standing.RevokedBefore?.ToString("O") ?? "-"}, ceiling '{standing.Ceiling ?? "none"}'");
            return Results.Accepted();
        }

        var decision = RemediationRules.Decide(received, bundles.TrustDomain, transmitter.Overrides);
        if (decision.Agent is { } local && !transmitter.SpeaksFor(local))
            decision = decision with { Kind = RemediationKind.None, Reason = $"{decision.Reason}; not applied: {received.Issuer} does not speak for agents of {bundles.TrustDomain}" };
        var outcome = await Remediations.ApplyAsync(grains, decision, transmitter, http.CorrelationId());
        await AuditAsync(grains, bundles, received, http, decision.Agent?.ToString(), decision.Reason, outcome);
        return Results.Accepted();
    }

    private static Task<AuditRecordView> AuditAsync(
        IGrainFactory grains, BundleCache bundles, ReceivedSecurityEvent received, HttpContext http, string? agent, string cause, string outcome) =>
        grains.GetGrain<IAuditLogGrain>(GrainKeys.AuditLog(bundles.TrustDomain)).AppendAsync(new AuditEntryMessage(
            "ssf.receive", "Allowed", AgentId: agent, Resource: $"set:{received.Jti}",
            CorrelationId: http.CorrelationId(), Actor: $"ssf:{received.Issuer}", Cause: cause, Detail: outcome));

    private static async Task<string?> ReadBodyAsync(HttpRequest request)
    {
        var buffer = new byte[SetValidationContext.DefaultMaxLength + 1];
        var total = 0;
        int read;
        while ((read = await request.Body.ReadAsync(buffer.AsMemory(total), request.HttpContext.RequestAborted)) > 0)
        {
            total += read;
            if (total > SetValidationContext.DefaultMaxLength)
                return null;
        }

        return Encoding.ASCII.GetString(buffer, 0, total).Trim();
    }

    private static SetError Refuse(string err, string description) => new(err, description);

    /// <summary>RFC 8935 §2.3: 400, JSON <c>err</c> and <c>description</c>, with <c>Content-Language</c>.</summary>
    private sealed class SetError(string err, string description) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.Headers.ContentLanguage = "en";
            return Results.Json(new Dictionary<string, string> { ["err"] = err, ["description"] = description }, statusCode: StatusCodes.Status400BadRequest)
                .ExecuteAsync(httpContext);
        }
    }
}
