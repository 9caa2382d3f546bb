namespace Aims.Core.Attestation.Slsa;

/// <summary>One signature of a DSSE envelope; <paramref name="KeyId"/> is an unauthenticated hint (DSSE protocol.md).</summary>
public sealed record DsseSignature(string? KeyId, byte[] Signature);
