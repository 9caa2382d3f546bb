using Aims.Core.Identity;

namespace Aims.Api.OAuth;

/// <summary>
/// A client the token endpoint has authenticated and how it proved it. An agent's client_id is its SPIFFE ID
/// (<see cref="Agent"/>); a client registered through RFC 7591 has no SPIFFE ID and <see cref="Agent"/> is null.
/// </summary>
internal sealed record AuthenticatedClient(string ClientId, SpiffeId? Agent, string Method, string? CnfX5tS256)
{
    /// <summary>
    /// The credential that proved it, for the audit log (e.g. <c>X509-SVID spiffe://a.test/x serial 1f…</c>); set
    /// where the method alone does not say which SVID it was, as for a partner agent's.
    /// </summary>
    public string? Credential { get; init; }

    /// <summary>
    /// The agent's client assertion, not spent yet: the caller asked to pass it to the agent grain call it makes next,
    /// which spends it before anything else (<see cref="Grains.Tokens.AccessTokenGrant.Assertion"/>).
    /// </summary>
    public Grains.Tokens.ClientAssertionUse? UnspentAssertion { get; init; }

    public static AuthenticatedClient ForAgent(SpiffeId agent, string method, string? cnfX5tS256) =>
        new(agent.ToString(), agent, method, cnfX5tS256);
}
