using System.Security.Cryptography;
using Aims.Core.Authority;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Asn1.X9;
using Org.BouncyCastle.Crypto;

namespace Aims.Core.Revocation;

/// <summary>
/// Lets BouncyCastle's OCSP generator sign with the CA's .NET <see cref="ECDsa"/> key, so the key never exists in a
/// second form: ecdsa-with-SHA256 on P-256, ecdsa-with-SHA384 on P-384 (RFC 5758 §3.2), DER signature value.
/// </summary>
internal sealed class EcdsaSignatureFactory(ECDsa key) : ISignatureFactory
{
    private readonly HashAlgorithmName _hash = CertificateAuthorityFactory.SignatureHash(key);

    public object AlgorithmDetails => new AlgorithmIdentifier(
        _hash == HashAlgorithmName.SHA384 ? X9ObjectIdentifiers.ECDsaWithSha384 : X9ObjectIdentifiers.ECDsaWithSha256);

    public IStreamCalculator<IBlockResult> CreateCalculator() => new Calculator(key, _hash);

    private sealed class Calculator(ECDsa key, HashAlgorithmName hash) : IStreamCalculator<IBlockResult>, IDisposable
    {
        private readonly MemoryStream _data = new();

        public Stream Stream => _data;

        public IBlockResult GetResult() =>
            new SimpleBlockResult(key.SignData(_data.ToArray(), hash, DSASignatureFormat.Rfc3279DerSequence));

        public void Dispose() => _data.Dispose();
    }
}
