using System.Text;
using Aims.Agent.Svids;
using Aims.Core.Credentials;
using Aims.Core.Identity;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Spiffe.WorkloadApi;

namespace Aims.Agent.WorkloadApi;

internal sealed partial class WorkloadApiService
{
    /// <summary>Bounds on what a workload may send: a handful of audiences of sane length, a token of sane size.</summary>
    private const int MaxAudiences = 16;
    private const int MaxAudienceLength = 1024;
    private const int MaxTokenLength = 16 * 1024;

    public override async Task<JWTSVIDResponse> FetchJWTSVID(JWTSVIDRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        const string method = nameof(FetchJWTSVID);

        // Workload API §6.2.1: audience is mandatory; a request without it is invalid, whoever sends it.
        if (request.Audience.Count == 0 || request.Audience.Any(string.IsNullOrEmpty))
            throw Refuse(method, 0, StatusCode.InvalidArgument, "audience must be specified: one or more non-empty values");
        if (request.Audience.Count > MaxAudiences || request.Audience.Any(a => a.Length > MaxAudienceLength))
            throw Refuse(method, 0, StatusCode.InvalidArgument, $"at most {MaxAudiences} audiences of at most {MaxAudienceLength} characters each");
        SpiffeId? wanted = null;
        if (request.SpiffeId.Length > 0 && !SpiffeId.TryParse(request.SpiffeId, out wanted, out var idError))
            throw Refuse(method, 0, StatusCode.InvalidArgument, $"spiffe_id is invalid: {idError}");

        var caller = Attest(context, method);
        var matched = await EntitledAsync(caller, method);
        if (wanted is not null)
        {
            matched = [.. matched.Where(e => e.SpiffeId == wanted)];
            if (matched.Count == 0)
                throw Refuse(method, caller.Pid, StatusCode.PermissionDenied, $"the calling process is not entitled to {wanted}");
        }

        var response = new JWTSVIDResponse();
        string? refusal = null;
        string? failure = null;
        foreach (var entry in matched)
        {
            try
            {
                var svid = await jwtSvids.GetAsync(entry, caller.Selectors, request.Audience);
                response.Svids.Add(new JWTSVID { SpiffeId = entry.SpiffeId.ToString(), Svid = svid.Token, Hint = entry.Hint ?? string.Empty });
            }
            catch (IssuanceRefusedException e)
            {
                refusal ??= e.Message;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                failure ??= e.Message;
            }
        }

        if (response.Svids.Count == 0)
        {
            throw refusal is not null
                ? Refuse(method, caller.Pid, StatusCode.PermissionDenied, "no JWT-SVID issued: " + refusal)
                : Refuse(method, caller.Pid, StatusCode.Unavailable, $"no JWT-SVID could be obtained from the cluster ({failure}); retry");
        }

        return response;
    }

    public override async Task FetchJWTBundles(JWTBundlesRequest request, IServerStreamWriter<JWTBundlesResponse> responseStream, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var caller = Attest(context, nameof(FetchJWTBundles));
        await RequireVerifierAsync(caller, nameof(FetchJWTBundles));
        await StreamAsync(context, responseStream, () =>
        {
            var bundle = CurrentBundle(caller, nameof(FetchJWTBundles));
            var response = new JWTBundlesResponse();
            response.Bundles.Add(bundle.Key, ByteString.CopyFrom(bundle.JwtAuthoritiesJson));
            foreach (var federated in bundles.Federated)
                response.Bundles.Add(federated.TrustDomain.Name, ByteString.CopyFrom(federated.JwtAuthoritiesJson));
            return Task.FromResult((response, bundles.Fingerprint));
        });
    }

    public override async Task<ValidateJWTSVIDResponse> ValidateJWTSVID(ValidateJWTSVIDRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        const string method = nameof(ValidateJWTSVID);
        if (string.IsNullOrEmpty(request.Audience))
            throw Refuse(method, 0, StatusCode.InvalidArgument, "audience must be specified");
        if (string.IsNullOrEmpty(request.Svid))
            throw Refuse(method, 0, StatusCode.InvalidArgument, "svid must be specified");
        if (request.Svid.Length > MaxTokenLength || request.Audience.Length > MaxAudienceLength)
            throw Refuse(method, 0, StatusCode.InvalidArgument, $"svid is limited to {MaxTokenLength} characters and audience to {MaxAudienceLength}");

        var caller = Attest(context, method);
        await RequireVerifierAsync(caller, method);
        var bundle = CurrentBundle(caller, method);
        // The bundle of the token's own trust domain: ours or a federated one, never a merge (Workload API §6.2.4).
        if (ClaimedTrustDomain(request.Svid) is { } claimed && claimed != bundle.TrustDomain)
        {
            bundle = bundles.Federated.FirstOrDefault(b => b.TrustDomain == claimed)
                ?? throw Refuse(method, caller.Pid, StatusCode.InvalidArgument,
                    $"the JWT-SVID is not valid: its subject is in trust domain {claimed}, which this node agent has no bundle for (not federated)");
        }

        // JWT-SVID §4 and App. A through the relying-party validator: alg allow-list first (never none or HS*),
        // typ, sub, kid in that trust domain's jwt-svid keys only, signature, aud, exp.
        var result = JwtSvidValidator.Validate(request.Svid, bundle.JwtAuthorities, [request.Audience], time.GetUtcNow());
        if (!result.IsValid)
            throw Refuse(method, caller.Pid, StatusCode.InvalidArgument, $"the JWT-SVID is not valid: {result.Detail}");

        var payload = Encoding.UTF8.GetString(Core.Jose.Base64Url.Decode(request.Svid.Split('.')[1]));
        return new ValidateJWTSVIDResponse { SpiffeId = result.Value!.Subject.ToString(), Claims = Struct.Parser.ParseJson(payload) };
    }

    /// <summary>
    /// The trust domain the token's unverified <c>sub</c> names, only to choose which bundle verifies it; null when
    /// it cannot be read, and the validator then refuses the token with the precise reason.
    /// </summary>
    private static Core.Identity.TrustDomain? ClaimedTrustDomain(string token)
    {
        var parts = token.Split('.');
        if (parts.Length != 3 || !Core.Jose.Base64Url.TryDecode(parts[1], out var payload))
            return null;
        try
        {
            using var claims = System.Text.Json.JsonDocument.Parse(payload);
            return claims.RootElement.ValueKind == System.Text.Json.JsonValueKind.Object
                && claims.RootElement.TryGetProperty("sub", out var sub) && sub.ValueKind == System.Text.Json.JsonValueKind.String
                && Core.Identity.SpiffeId.TryParse(sub.GetString(), out var id)
                ? id.TrustDomain
                : null;
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }
}
