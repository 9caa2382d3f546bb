using System.Security.Cryptography;
using Aims.Core.Authority;

namespace Aims.Core.Tests.Authority;

/// <summary>AES-256-GCM at rest: version ‖ nonce (12) ‖ tag (16) ‖ ciphertext, with the key id as associated data.</summary>
public sealed class KeyProtectorTests
{
    private const int HeaderSize = 1 + 12 + 16;

    private static readonly byte[] Kek = [.. Enumerable.Range(1, 32).Select(i => (byte)i)];

    private static readonly byte[] Plaintext = [.. Enumerable.Range(0, 138).Select(i => (byte)(i * 7))];

    [Fact]
    public void Unprotect_WhatWasProtected_ReturnsThePlaintext()
    {
        var protector = new KeyProtector(Kek);

        var blob = protector.Protect(Plaintext, "kid-1");

        Assert.Equal(Plaintext, protector.Unprotect(blob, "kid-1"));
        Assert.Equal(HeaderSize + Plaintext.Length, blob.Length);
        Assert.Equal(1, blob[0]);
        Assert.True(blob.AsSpan().IndexOf(Plaintext.AsSpan(0, 16)) < 0, "the blob contains plaintext");
    }

    [Fact]
    public void Unprotect_EmptyPlaintext_RoundTrips()
    {
        var protector = new KeyProtector(Kek);

        Assert.Empty(protector.Unprotect(protector.Protect([], "kid-1"), "kid-1"));
    }

    [Fact]
    public void Protect_SamePlaintextTwice_DifferentNonceAndCiphertext()
    {
        var protector = new KeyProtector(Kek);

        var first = protector.Protect(Plaintext, "kid-1");
        var second = protector.Protect(Plaintext, "kid-1");

        Assert.NotEqual(first.AsSpan(1, 12).ToArray(), second.AsSpan(1, 12).ToArray());
        Assert.NotEqual(first, second);
    }

    [Fact]
    public void Unprotect_OtherKeyId_ThrowsBecauseTheKidIsAssociatedData()
    {
        var protector = new KeyProtector(Kek);
        var blob = protector.Protect(Plaintext, "kid-1");

        Assert.ThrowsAny<CryptographicException>(() => protector.Unprotect(blob, "kid-2"));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(12)]
    [InlineData(13)]
    [InlineData(28)]
    [InlineData(HeaderSize)]
    [InlineData(HeaderSize + 137)]
    public void Unprotect_OneByteFlipped_Throws(int index)
    {
        var protector = new KeyProtector(Kek);
        var blob = protector.Protect(Plaintext, "kid-1");

        blob[index] ^= 0x01;

        Assert.ThrowsAny<CryptographicException>(() => protector.Unprotect(blob, "kid-1"));
    }

    [Fact]
    public void Unprotect_UnknownVersion_ThrowsMalformed()
    {
        var protector = new KeyProtector(Kek);
        var blob = protector.Protect(Plaintext, "kid-1");
        blob[0] = 2;

        var e = Assert.Throws<CryptographicException>(() => protector.Unprotect(blob, "kid-1"));

        Assert.Contains("malformed or of an unknown version", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unprotect_ShorterThanTheHeader_ThrowsMalformed()
    {
        var protector = new KeyProtector(Kek);

        Assert.Throws<CryptographicException>(() => protector.Unprotect(new byte[HeaderSize - 1], "kid-1"));
    }

    [Fact]
    public void Unprotect_WrongKek_Throws()
    {
        var blob = new KeyProtector(Kek).Protect(Plaintext, "kid-1");
        var other = (byte[])Kek.Clone();
        other[31] ^= 0x80;

        Assert.ThrowsAny<CryptographicException>(() => new KeyProtector(other).Unprotect(blob, "kid-1"));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(16)]
    [InlineData(24)]
    [InlineData(31)]
    [InlineData(33)]
    [InlineData(64)]
    public void Constructor_KekNot32Bytes_Rejected(int length)
    {
        var e = Assert.Throws<ArgumentException>(() => new KeyProtector(new byte[length]));

        Assert.Equal("keyEncryptionKey", e.ParamName);
    }

    [Fact]
    public void Constructor_CallerChangesTheKekAfterwards_ProtectorKeepsItsCopy()
    {
        var kek = (byte[])Kek.Clone();
        var protector = new KeyProtector(kek);
        var blob = protector.Protect(Plaintext, "kid-1");

        Array.Clear(kek);

        Assert.Equal(Plaintext, protector.Unprotect(blob, "kid-1"));
    }
}
