using Aims.Core.Revocation;

namespace Aims.Grains.Agents;

/// <summary>
/// An operator revokes one credential of the agent: an X.509-SVID by its serial (hex), a JWT-SVID or WIT by its
/// <c>jti</c>. <paramref name="Reason"/> is the text for the audit log and signals; <paramref name="Code"/> is what the
/// CRL and OCSP say (RFC 5280 §5.3.1).
/// </summary>
[GenerateSerializer, Immutable, Alias("aims.CredentialRevocation")]
public sealed record CredentialRevocation(
    [property: Id(0)] string CredentialId,
    [property: Id(1)] string Reason,
    [property: Id(2)] RevocationReason Code,
    [property: Id(3)] string Actor,
    [property: Id(4)] string CorrelationId);
