namespace Aims.Core.Authority;

/// <summary>A key slot with its private key decrypted, on its way into an <see cref="AuthorityKeyRing"/>.</summary>
public sealed record UnlockedKey(KeySlot Slot, byte[] Pkcs8PrivateKey, byte[]? CertificateDer);
