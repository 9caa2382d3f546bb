using Aims.Core.Identity;
using Aims.Core.OAuth;
using Aims.Grains;
using Aims.Grains.Agents;
using Aims.Grains.OAuth;

namespace Aims.Api.OAuth.Authorize;

/// <summary>
/// Who is asking, as the login and consent pages show it: an agent by its SPIFFE ID with its state and attestation
/// (what the fabric verified about the workload), a registered client by its name. An agent whose registration
/// names a SPIFFE ID that is not a registered agent is not a client at all.
/// </summary>
internal sealed record ClientDescription(OAuthClientView Registration, AgentView? Agent)
{
    public const string NoAttestation = "registered client, no workload attestation";

    public bool IsAgent => Agent is not null;

    /// <summary>The SPIFFE ID of an agent, or the client's registered name, else its client_id.</summary>
    public string DisplayName => IsAgent ? Registration.ClientId : Registration.ClientName ?? Registration.ClientId;

    public AuthorizationClient AuthorizationClient =>
        new(Registration.ClientId, Registration.RedirectUris, Registration.ResponseTypes, Registration.GrantTypes);

    /// <summary>The agent's state and how and when it was attested; for a registered client, that there is no attestation.</summary>
    public string Attestation
    {
        get
        {
            if (Agent is not { } agent)
                return NoAttestation;
            var selectors = agent.Selectors.Count == 0 ? "no selectors" : "selectors " + string.Join(", ", agent.Selectors);
            return agent.Attestation is { } attestation
                ? $"{agent.State}; attested by {string.Join('+', attestation.EvidenceTypes)} at {attestation.AttestedAt.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC (policy version {attestation.PolicyVersion}); {selectors}"
                : $"{agent.State}; not attested; {selectors}";
        }
    }

    /// <summary>The client registered under <paramref name="clientId"/>, or null when there is none (or its agent is missing).</summary>
    public static async Task<ClientDescription?> LoadAsync(string clientId, IGrainFactory grains)
    {
        var registration = await grains.GetGrain<IOAuthClientGrain>(GrainKeys.OAuthClient(clientId)).GetAsync();
        if (registration is null)
            return null;
        if (!registration.IsAgent)
            return new ClientDescription(registration, null);
        if (!SpiffeId.TryParse(clientId, out var spiffeId) || spiffeId.ToString() != clientId)
            return null;

        var agent = await grains.GetGrain<IAgentGrain>(GrainKeys.Agent(spiffeId)).GetAsync();
        return agent is null ? null : new ClientDescription(registration, agent);
    }
}
