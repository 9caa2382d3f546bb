using Aims.Core.Agents;

namespace Aims.Core.Registration;

/// <summary>What the cluster knows about a node agent when it asks for a workload's SVID.</summary>
/// <param name="Registered">The node's SPIFFE ID is a registered agent.</param>
/// <param name="State">The node agent's lifecycle state.</param>
/// <param name="EvidenceTypes">How the node attested (e.g. <c>join_token</c>); empty when it never did.</param>
/// <param name="CredentialLive">The node X509-SVID it presented is one of its live, active credentials.</param>
public sealed record NodeStanding(bool Registered, AgentState State, IReadOnlyList<string> EvidenceTypes, bool CredentialLive);
