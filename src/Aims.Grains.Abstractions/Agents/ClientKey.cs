namespace Aims.Grains.Agents;

/// <summary>
/// A public key the agent proved it holds when it was issued an X509-SVID (the CSR's key) or a WIT (its cnf key):
/// what it may sign private_key_jwt client assertions with (RFC 7523 §2.2), until that credential (<paramref name="CredentialId"/>)
/// expires or is revoked.
/// </summary>
[GenerateSerializer, Immutable, Alias("aims.ClientKey")]
public sealed record ClientKey(
    [property: Id(0)] string Kid,
    [property: Id(1)] string JwkJson,
    [property: Id(2)] DateTimeOffset ExpiresAt,
    [property: Id(3)] string? CredentialId = null);
