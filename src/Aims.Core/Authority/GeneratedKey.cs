namespace Aims.Core.Authority;

/// <summary>A freshly generated authority key: its slot, PKCS#8 private key (to be encrypted at once) and, for a CA, its certificate.</summary>
public sealed record GeneratedKey(KeySlot Slot, byte[] Pkcs8PrivateKey, byte[]? CertificateDer);
