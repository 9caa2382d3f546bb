using System.Security.Cryptography;

namespace Aims.Core.Authority;

/// <summary>
/// Encrypts authority private keys at rest with a 256-bit key-encryption key (AES-256-GCM). The key id is
/// bound as associated data, so a blob moved to another slot does not decrypt.
/// Blob layout: version (1 byte) ‖ nonce (12) ‖ tag (16) ‖ ciphertext.
/// </summary>
public sealed class KeyProtector
{
    private const byte Version = 1;
    private const int NonceSize = 12;
    private const int TagSize = 16;
    private const int HeaderSize = 1 + NonceSize + TagSize;

    private readonly byte[] _kek;

    public KeyProtector(ReadOnlySpan<byte> keyEncryptionKey)
    {
        if (keyEncryptionKey.Length != 32)
            throw new ArgumentException("The key-encryption key must be 32 bytes (AES-256).", nameof(keyEncryptionKey));
        _kek = keyEncryptionKey.ToArray();
    }

    public byte[] Protect(ReadOnlySpan<byte> plaintext, string keyId)
    {
        var blob = new byte[HeaderSize + plaintext.Length];
        blob[0] = Version;
        var nonce = blob.AsSpan(1, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(_kek, TagSize);
        aes.Encrypt(nonce, plaintext, blob.AsSpan(HeaderSize), blob.AsSpan(1 + NonceSize, TagSize), AssociatedData(keyId));
        return blob;
    }

    /// <exception cref="CryptographicException">The blob was altered, belongs to another key id, or the KEK is wrong.</exception>
    public byte[] Unprotect(ReadOnlySpan<byte> blob, string keyId)
    {
        if (blob.Length < HeaderSize || blob[0] != Version)
            throw new CryptographicException("Protected key blob is malformed or of an unknown version.");

        var plaintext = new byte[blob.Length - HeaderSize];
        using var aes = new AesGcm(_kek, TagSize);
        aes.Decrypt(blob.Slice(1, NonceSize), blob[HeaderSize..], blob.Slice(1 + NonceSize, TagSize), plaintext, AssociatedData(keyId));
        return plaintext;
    }

    private static byte[] AssociatedData(string keyId) => System.Text.Encoding.UTF8.GetBytes("aims-authority-key:" + keyId);
}
