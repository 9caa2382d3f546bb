using Aims.Core.Agents;
using Aims.Core.Attestation;
using Aims.Core.Credentials;
using Aims.Core.Identity;
using Aims.Core.Policy;
using Aims.Grains.Credentials;
using Aims.Grains.Policies;

namespace Aims.Grains.Agents;

public sealed partial class AgentGrain
{
    private const string AttestAction = "agent.attest";

    private (string Name, int Version, PolicyDocument Document)? _policy;

    public async Task<IssuanceResult> AttestAndIssueAsync(IssuanceRequest request)
    {
        if (!S.Registered)
            return IssuanceResult.Denied(IssuanceFailureKind.UnknownAgent, $"agent {Id} is not registered; register it first (POST /v1/agents)");
        if (S.State is AgentState.Suspended or AgentState.Terminated or AgentState.Compromised)
            return await DenyAsync(request with { Action = AttestAction }, $"agent {Id} is {S.State.ToString().ToLowerInvariant()}; it cannot attest");

        var (decision, version) = await EvaluateAsync(request.EvidenceTypes, request.Audiences);
        if (!decision.Allowed)
            return await DenyAsync(request with { Action = AttestAction }, decision.Reason);

        // The registered selectors are the agent's identity claims: the evidence must prove every one of them.
        var evidence = request.Evidence ?? [];
        var proven = evidence.SelectMany(e => e.Selectors).ToHashSet(StringComparer.Ordinal);
        if (SelectorCoverage.Check(S.Selectors, proven, request.EvidenceNamesAgent) is { } uncovered)
            return await DenyAsync(request with { Action = AttestAction }, uncovered);

        var attestation = new AttestationSummary([.. request.EvidenceTypes], time.GetUtcNow(), version, [.. evidence]);
        await AuditAsync(AttestAction, "Allowed", request.CorrelationId, Id.ToString(), detail: $"{decision.Reason}; {DescribeEvidence(evidence)}", attestation: attestation);
        return await IssueAsync(request, decision, attestation);
    }

    /// <summary>The evidence summary of the audit record: each item's type, what vouched for it and how many selectors it proved.</summary>
    private static string DescribeEvidence(IReadOnlyList<EvidenceRecord> evidence) =>
        evidence.Count == 0
            ? "no evidence details"
            : "evidence: " + string.Join("; ", evidence.Select(e => $"{e.Type} by {e.VerifiedBy} ({e.Selectors.Count} selectors)"));

    public async Task<IssuanceResult> RenewAsync(IssuanceRequest request)
    {
        if (!S.Registered)
            return IssuanceResult.Denied(IssuanceFailureKind.UnknownAgent, $"agent {Id} is not registered");
        if (!AgentTransitions.CanReceiveCredentials(S.State) || S.Attestation is null)
            return await DenyAsync(request, $"agent {Id} is {S.State.ToString().ToLowerInvariant()}; only an attested, active agent can renew");

        var (decision, _) = await EvaluateAsync(S.Attestation.EvidenceTypes, request.Audiences);
        if (!decision.Allowed)
            return await DenyAsync(request, decision.Reason);

        return await IssueAsync(request, decision, attestation: null);
    }

    /// <param name="attestation">The new attestation when this issuance follows one; recorded only if issuance succeeds.</param>
    private async Task<IssuanceResult> IssueAsync(IssuanceRequest request, PolicyDecision decision, AttestationSummary? attestation)
    {
        var issuer = GrainFactory.Reference<ICredentialIssuerGrain>(GrainKeys.Issuer(Id.TrustDomain));
        var id = Id.ToString();
        var now = time.GetUtcNow();

        X509SvidIssued? x509 = null;
        var jwts = new List<JwtSvidIssued>();
        WitIssued? wit = null;
        try
        {
            if (request.CsrPem is not null)
                x509 = await issuer.IssueX509SvidAsync(id, request.CsrPem, Capped(decision.X509SvidTtl, request.X509SvidTtlCap), request.DnsNames);
            if (request.Audiences.Count > 0)
                jwts.Add(await issuer.MintJwtSvidAsync(id, request.Audiences, Capped(decision.JwtSvidTtl, request.JwtSvidTtlCap)));
            if (request.JwkJson is not null)
                wit = await issuer.MintWitAsync(id, request.JwkJson, decision.WitTtl);
        }
        catch (ArgumentException e)
        {
            // The front end checks CSR and JWK first; an embedded client that skips that still gets data, not a fault.
            return IssuanceResult.Denied(IssuanceFailureKind.BadRequest, "the request is not acceptable: " + e.Message.Split(" (Parameter", 2)[0]);
        }

        var issued = new List<(CredentialSummary Summary, string IssuerKeyId)>();
        if (x509 is not null)
            issued.Add((new CredentialSummary(x509.SerialNumber, CredentialKind.X509Svid, CredentialState.Issued, now, x509.ExpiresAt, []), x509.IssuerKeyId));
        issued.AddRange(jwts.Select(j => (new CredentialSummary(j.Jti, CredentialKind.JwtSvid, CredentialState.Issued, now, j.ExpiresAt, j.Audience), j.IssuerKeyId)));
        if (wit is not null)
            issued.Add((new CredentialSummary(wit.Jti, CredentialKind.Wit, CredentialState.Issued, now, wit.ExpiresAt, []), wit.IssuerKeyId));

        // Durable before acknowledged: each tracked credential and its audit record are written before the answer.
        foreach (var (credential, issuerKeyId) in issued.Where(c => IsTracked(c.Summary)))
            await Credential(credential.Id).RecordIssuedAsync(credential.Kind, id, now, credential.ExpiresAt, issuerKeyId);
        foreach (var (credential, issuerKeyId) in issued)
        {
            await AuditAsync(
                request.Action, "Allowed", request.CorrelationId, id, resource: $"{ResourceName(credential.Kind)}:{credential.Id}",
                attestation: attestation, detail: $"expires {credential.ExpiresAt:O}; signed by {issuerKeyId}" + (credential.Audience.Count > 0 ? $"; aud {string.Join(' ', credential.Audience)}" : string.Empty));
        }

        if (x509 is not null)
            await SupersedePreviousX509Async(x509.SerialNumber);
        foreach (var (credential, _) in issued.Where(c => IsTracked(c.Summary)))
            await Credential(credential.Id).ActivateAsync();

        S.Credentials.RemoveAll(c => c.ExpiresAt <= now);
        S.ClientKeys.RemoveAll(k => k.ExpiresAt <= now);
        if (x509?.SubjectJwkJson is { } x509Key)
            AddClientKey(x509Key, x509.ExpiresAt, x509.SerialNumber);
        if (wit is not null && request.JwkJson is { } witKey)
            AddClientKey(witKey, wit.ExpiresAt, wit.Jti);
        S.Credentials.AddRange(issued.Select(c => c.Summary with { State = CredentialState.Active }));
        var previousAssurance = S.Attestation;
        if (attestation is not null)
        {
            S.State = AgentTransitions.Attest(S.State);
            S.Attestation = attestation;
        }

        S.State = AgentTransitions.Activate(S.State);
        S.UpdatedAt = now;
        await PersistAsync();
        if (attestation is not null)
            await AnnounceAssuranceChangeAsync(previousAssurance, attestation);
        return new IssuanceResult(true, null, x509, jwts, wit);
    }

    private void AddClientKey(string jwkJson, DateTimeOffset expiresAt, string credentialId)
    {
        if (Core.Jose.JsonWebKey.Parse(jwkJson) is not { } jwk)
            return;
        var publicOnly = jwk with { Kid = null, Use = null, Alg = null, X5c = null, Extra = null };
        var kid = publicOnly.Thumbprint();
        S.ClientKeys.RemoveAll(k => k.Kid == kid);
        S.ClientKeys.Add(new ClientKey(kid, System.Text.Json.JsonSerializer.Serialize(publicOnly), expiresAt, credentialId));
    }

    private async Task SupersedePreviousX509Async(string newSerial)
    {
        for (var i = 0; i < S.Credentials.Count; i++)
        {
            var c = S.Credentials[i];
            if (c.Kind == CredentialKind.X509Svid && c.State == CredentialState.Active && c.Id != newSerial)
            {
                await Credential(c.Id).SupersedeAsync();
                S.Credentials[i] = c with { State = CredentialState.Superseded };
            }
        }
    }

    private async Task<(PolicyDecision Decision, int Version)> EvaluateAsync(IReadOnlyCollection<string> evidence, IReadOnlyCollection<string> audiences)
    {
        var (document, version) = await LoadPolicyAsync();
        if (document is null)
            return (new PolicyDecision(false, $"policy '{S.Policy}' does not exist; create it (PUT /v1/policies/{S.Policy}) or bind the agent to another", null, null), 0);
        return (PolicyEvaluator.Evaluate(document, new PolicyRequest(Id, evidence, audiences)), version);
    }

    private async Task<(PolicyDocument? Document, int Version)> LoadPolicyAsync()
    {
        var stored = await GrainFactory.Reference<IPolicyGrain>(GrainKeys.Policy(S.Policy)).GetAsync();
        if (stored is not null)
        {
            // The stored document is parsed once per version, not on every token request.
            if (_policy is { } cached && cached.Name == stored.Name && cached.Version == stored.Version)
                return (cached.Document, cached.Version);
            if (!PolicyParser.TryParse(stored.Document, out var document, out var error))
                throw new InvalidOperationException($"Stored policy {S.Policy} v{stored.Version} no longer parses: {error}");
            _policy = (stored.Name, stored.Version, document);
            return (document, stored.Version);
        }

        return S.Policy == BuiltInPolicies.DefaultName ? (BuiltInPolicies.Default(Id.TrustDomain), 0) : (null, 0);
    }

    private async Task<IssuanceResult> DenyAsync(IssuanceRequest request, string reason)
    {
        await AuditAsync(request.Action, "Denied", request.CorrelationId, Id.ToString(), detail: reason);
        return IssuanceResult.Denied(IssuanceFailureKind.Forbidden, reason);
    }

    /// <summary>A registration entry may shorten what policy allows, never lengthen it.</summary>
    private static TimeSpan Capped(TimeSpan policy, TimeSpan? cap) => cap is { } shorter && shorter < policy ? shorter : policy;

    private ICredentialGrain Credential(string id) => GrainFactory.Reference<ICredentialGrain>(GrainKeys.Credential(id));

    private static string ResourceName(CredentialKind kind) => kind switch
    {
        CredentialKind.X509Svid => "x509-svid",
        CredentialKind.JwtSvid => "jwt-svid",
        _ => "wit",
    };

    /// <summary>
    /// X.509-SVIDs and WITs get a credential grain (CRL, OCSP, key-bound sessions need it); short-lived JWT-SVIDs
    /// are tracked only in the agent's live list, so the hot path writes no per-token state.
    /// </summary>
    private static bool IsTracked(CredentialSummary credential) => credential.Kind != CredentialKind.JwtSvid;
}
