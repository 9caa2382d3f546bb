using System.Text.Json;

namespace Aims.Core.Attestation;

/// <summary>An attestation token whose issuer, signature, audience and lifetime were verified; its claims are now facts.</summary>
public sealed record VerifiedAttestationToken(
    JsonElement Claims,
    string Issuer,
    string KeyId,
    string? Subject,
    string? Jti,
    DateTimeOffset ExpiresAt);
