using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Aims.Core.Identity;

namespace Aims.Core.Credentials;

/// <summary>
/// An X509-SVID (X509-SVID §2): the leaf certificate carrying <see cref="Id"/> as its only URI SAN, and the
/// chain a peer needs to reach the trust domain's authority. The chain is held as DER; <see cref="Leaf"/> and
/// <see cref="Chain"/> decode it on first use, because decoding a certificate costs several signatures.
/// </summary>
public sealed record X509Svid
{
    private readonly X509Certificate2?[] _decoded;

    /// <param name="chain">Leaf first, then the intermediates up to, not including, the trust anchor.</param>
    /// <exception cref="ArgumentException"><paramref name="chain"/> does not start with <paramref name="leaf"/>.</exception>
    public X509Svid(SpiffeId Id, X509Certificate2 Leaf, IReadOnlyList<X509Certificate2> Chain, string SerialNumberHex, DateTimeOffset NotBefore, DateTimeOffset NotAfter)
        : this(Id, [.. (Chain ?? throw new ArgumentNullException(nameof(Chain))).Select(c => c.RawDataMemory)], [.. Chain], SerialNumberHex, NotBefore, NotAfter)
    {
        ArgumentNullException.ThrowIfNull(Leaf);
        if (Chain.Count == 0 || !Chain[0].RawDataMemory.Span.SequenceEqual(Leaf.RawDataMemory.Span))
            throw new ArgumentException("The chain must start with the leaf.", nameof(Chain));
        _decoded[0] = Leaf;
    }

    /// <param name="decoded">Per chain entry, the certificate already decoded, or null to decode on first use.</param>
    internal X509Svid(SpiffeId id, IReadOnlyList<ReadOnlyMemory<byte>> chainDer, X509Certificate2?[] decoded, string serialNumberHex, DateTimeOffset notBefore, DateTimeOffset notAfter)
    {
        ArgumentNullException.ThrowIfNull(id);
        ArgumentOutOfRangeException.ThrowIfZero(chainDer.Count);
        ArgumentOutOfRangeException.ThrowIfNotEqual(decoded.Length, chainDer.Count);
        Id = id;
        ChainDer = chainDer;
        _decoded = decoded;
        SerialNumberHex = serialNumberHex;
        NotBefore = notBefore;
        NotAfter = notAfter;
    }

    public SpiffeId Id { get; }

    /// <summary>Leaf first, then the intermediates up to, not including, the trust anchor, each as DER (RFC 5280 §4.1).</summary>
    public IReadOnlyList<ReadOnlyMemory<byte>> ChainDer { get; }

    /// <summary>The leaf certificate as DER.</summary>
    public ReadOnlyMemory<byte> LeafDer => ChainDer[0];

    /// <summary>The leaf, decoded on first access.</summary>
    public X509Certificate2 Leaf => Decoded(0);

    /// <summary>Leaf first, then the intermediates up to, not including, the trust anchor; decoded on first access.</summary>
    public IReadOnlyList<X509Certificate2> Chain => [.. Enumerable.Range(0, ChainDer.Count).Select(Decoded)];

    /// <summary>The leaf's serial number as <see cref="X509Certificate2.SerialNumber"/> prints it: big-endian uppercase hex.</summary>
    public string SerialNumberHex { get; }

    public DateTimeOffset NotBefore { get; }

    public DateTimeOffset NotAfter { get; }

    /// <summary>The chain as concatenated PEM CERTIFICATE blocks, leaf first (RFC 7468 §5).</summary>
    public string ToPem()
    {
        var pem = new StringBuilder();
        foreach (var der in ChainDer)
            pem.Append(PemEncoding.WriteString("CERTIFICATE", der.Span)).Append('\n');
        return pem.ToString();
    }

    private X509Certificate2 Decoded(int index)
    {
        if (Volatile.Read(ref _decoded[index]) is { } decoded)
            return decoded;

        var loaded = X509CertificateLoader.LoadCertificate(ChainDer[index].Span);
        if (Interlocked.CompareExchange(ref _decoded[index], loaded, null) is not { } winner)
            return loaded;

        loaded.Dispose();
        return winner;
    }
}
