using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Aims.Core.Authority;
using Aims.Core.Credentials;
using Aims.Core.Identity;
using static Aims.Core.Tests.Credentials.X509TestAuthority;

namespace Aims.Core.Tests.Credentials;

/// <summary>
/// <see cref="X509SvidValidator.ValidateDer"/> and <see cref="X509SvidValidator.Validate"/> are one validator: every
/// chain gets the same verdict, error and detail from both.
/// </summary>
public sealed class X509SvidDerValidatorTests
{
    public static TheoryData<string> Scenarios =>
    [
        "valid under root", "valid under intermediate", "chain ending with the anchor", "no extended key usage", "P-384 authority",
        "RSA upstream root", "intermediate missing", "leaf expired", "leaf not yet valid", "intermediate expired", "authority expired",
        "authority not yet valid", "foreign CA", "impostor with the same name", "tampered signature", "tampered signed field",
        "wrong trust domain", "chain too long", "empty bundle", "intermediate without keyCertSign", "path length exceeded",
        "tampered intermediate", .. ProfileDefects,
    ];

    [Theory]
    [MemberData(nameof(Scenarios))]
    public void ValidateDer_EveryScenario_AgreesWithCertificateValidator(string scenario)
    {
        var (chain, bundle, at, expectedError) = Build(scenario);

        var fromCertificates = X509SvidValidator.Validate(chain, bundle, at);
        var fromDer = X509SvidValidator.ValidateDer([.. chain.Select(c => c.RawDataMemory)], bundle, at);

        Assert.Equal(expectedError, fromDer.Error);
        Assert.Equal(fromCertificates.Error, fromDer.Error);
        Assert.Equal(fromCertificates.Detail, fromDer.Detail);
        if (fromDer.IsValid)
        {
            Assert.Equal(fromCertificates.Value!.Id, fromDer.Value.Id);
            Assert.Equal(fromCertificates.Value.SerialNumberHex, fromDer.Value.SerialNumberHex);
            Assert.Equal(fromCertificates.Value.NotBefore, fromDer.Value.NotBefore);
            Assert.Equal(fromCertificates.Value.NotAfter, fromDer.Value.NotAfter);
            Assert.Equal(fromCertificates.Value.ChainDer.Select(d => d.ToArray()), fromDer.Value.ChainDer.Select(d => d.ToArray()));
        }
    }

    [Theory]
    [InlineData("duplicate key usage", "two 2.5.29.15 extensions")]
    [InlineData("undecodable key usage", "cannot be decoded")]
    [InlineData("undecodable subjectAltName", "subjectAltName extension cannot be decoded")]
    [InlineData("inner algorithm differs", "inner and outer signature algorithms differ")]
    public void ValidateDer_LeafCertificateRequestCannotBuild_MalformedLikeCertificateValidator(string defect, string detailFragment)
    {
        using var root = CreateRoot();
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var extensions = LeafExtensions(new CertificateRequest("CN=x", key, HashAlgorithmName.SHA256).PublicKey, root);
        var der = defect switch
        {
            "duplicate key usage" => CraftLeafDer(root, extensions.Append(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true))),
            "undecodable key usage" => CraftLeafDer(root, extensions.Where(e => e is not X509KeyUsageExtension).Append(new X509Extension("2.5.29.15", [0x04, 0x00], true))),
            "undecodable subjectAltName" => CraftLeafDer(root, extensions.Where(e => e.Oid!.Value != "2.5.29.17").Append(new X509Extension("2.5.29.17", [0x30, 0x03, 0x86], true))),
            "inner algorithm differs" => CraftLeafDer(root, extensions, innerAlgorithm: AlgorithmIdentifier("1.2.840.10045.4.3.3")),
            _ => throw new ArgumentOutOfRangeException(nameof(defect)),
        };

        var fromDer = X509SvidValidator.ValidateDer([der], Bundle(root), Now);

        Assert.Equal(CredentialErrors.Malformed, fromDer.Error);
        Assert.Contains(detailFragment, fromDer.Detail, StringComparison.Ordinal);
        if (TryLoad(der) is { } certificate)
        {
            var fromCertificate = X509SvidValidator.Validate([certificate], Bundle(root), Now);
            Assert.Equal(fromDer.Error, fromCertificate.Error);
            Assert.Equal(fromDer.Detail, fromCertificate.Detail);
        }
    }

    [Theory]
    [InlineData(new byte[] { })]
    [InlineData(new byte[] { 0x30, 0x03, 0x02, 0x01 })]
    [InlineData(new byte[] { 0x30, 0x00 })]
    [InlineData(new byte[] { 0x04, 0x02, 0x30, 0x00 })]
    public void ValidateDer_NotACertificate_Malformed(byte[] der)
    {
        using var root = CreateRoot();

        var result = X509SvidValidator.ValidateDer([der], Bundle(root), Now);

        Assert.Equal(CredentialErrors.Malformed, result.Error);
    }

    [Fact]
    public void ValidateDer_CallerChangesTheBytesAfterwards_ResultKeepsWhatWasValidated()
    {
        using var root = CreateRoot();
        var der = Issue(root).LeafDer.ToArray();
        var validated = der.ToArray();

        var result = X509SvidValidator.ValidateDer([der], Bundle(root), Now);
        der.AsSpan().Clear();

        Assert.True(result.IsValid, result.ToString());
        Assert.Equal(validated, result.Value.LeafDer.ToArray());
    }

    private static (X509Certificate2[] Chain, X509Bundle Bundle, DateTimeOffset At, string? ExpectedError) Build(string scenario)
    {
        var root = CreateRoot();
        if (ProfileDefects.Contains(scenario))
            return ([CraftDefectiveLeaf(root, scenario)], Bundle(root), Now, CredentialErrors.NotSvid);

        switch (scenario)
        {
            case "valid under root":
                return ([.. Issue(root).Chain], Bundle(root), Now, null);
            case "valid under intermediate":
                return ([.. Issue(CreateIntermediate(root)).Chain], Bundle(root), Now, null);
            case "chain ending with the anchor":
                return ([.. Issue(CreateIntermediate(root)).Chain, root.Certificate], Bundle(root), Now, null);
            case "no extended key usage":
                return ([CraftLeaf(root, (_, e) => e.Where(x => x is not X509EnhancedKeyUsageExtension))], Bundle(root), Now, null);
            case "P-384 authority":
                var p384 = CreateRoot(curve: ECCurve.NamedCurves.nistP384);
                return ([.. Issue(p384).Chain], Bundle(p384), Now, null);
            case "RSA upstream root":
                var (rsaRoot, underRsa) = RsaUpstream();
                return ([.. Issue(underRsa).Chain], new X509Bundle(Domain, [rsaRoot]), Now, null);
            case "intermediate missing":
                return ([Issue(CreateIntermediate(root)).Leaf], Bundle(root), Now, CredentialErrors.UntrustedChain);
            case "leaf expired":
                return ([.. Issue(root, now: Now.AddHours(-2)).Chain], Bundle(root), Now, CredentialErrors.Expired);
            case "leaf not yet valid":
                return ([.. Issue(root, now: Now.AddHours(1)).Chain], Bundle(root), Now, CredentialErrors.NotYetValid);
            case "intermediate expired":
                var shortIntermediate = CreateIntermediate(root, notAfter: Now.AddHours(2));
                return ([CraftLeaf(shortIntermediate, (_, e) => e, notAfter: Now.AddDays(1)), shortIntermediate.Certificate], Bundle(root), Now.AddHours(3), CredentialErrors.Expired);
            case "authority expired":
                var shortRoot = CreateRoot(notAfter: Now.AddHours(2));
                return ([CraftLeaf(shortRoot, (_, e) => e, notAfter: Now.AddDays(1))], Bundle(shortRoot), Now.AddHours(3), CredentialErrors.Expired);
            case "authority not yet valid":
                var lateRoot = CreateRoot(notBefore: Now.AddHours(1));
                return ([CraftLeaf(lateRoot, (_, e) => e)], Bundle(lateRoot), Now, CredentialErrors.NotYetValid);
            case "foreign CA":
                return ([.. Issue(CreateRoot()).Chain], Bundle(root), Now, CredentialErrors.UntrustedChain);
            case "impostor with the same name":
                var impostor = new CertificateAuthority(root.Certificate, ECDsa.Create(ECCurve.NamedCurves.nistP256), []);
                return ([CraftLeaf(impostor, (_, e) => e.Where(x => x is not X509AuthorityKeyIdentifierExtension))], Bundle(root), Now, CredentialErrors.BadSignature);
            case "tampered signature":
                var signature = Issue(root).LeafDer.ToArray();
                signature[^1] ^= 0x01;
                return ([X509CertificateLoader.LoadCertificate(signature)], Bundle(root), Now, CredentialErrors.BadSignature);
            case "tampered signed field":
                var svid = Issue(root);
                var signed = svid.LeafDer.ToArray();
                signed[signed.AsSpan().IndexOf(svid.Leaf.Extensions.OfType<X509SubjectKeyIdentifierExtension>().Single().SubjectKeyIdentifierBytes.Span)] ^= 0xFF;
                return ([X509CertificateLoader.LoadCertificate(signed)], Bundle(root), Now, CredentialErrors.BadSignature);
            case "wrong trust domain":
                var other = TrustDomain.Parse("other.test");
                var otherRoot = CreateRoot(other);
                var foreignSvid = X509SvidIssuer.Issue(otherRoot, other.NewId("/agents/a"), EcCsr(), Now, TimeSpan.FromHours(1), CertificateSerialNumber.Create());
                return ([.. foreignSvid.Chain], new X509Bundle(Domain, [otherRoot.Certificate]), Now, CredentialErrors.WrongTrustDomain);
            case "chain too long":
                return ([.. Enumerable.Repeat(Issue(root).Leaf, 6)], Bundle(root), Now, CredentialErrors.Malformed);
            case "empty bundle":
                return ([.. Issue(root).Chain], new X509Bundle(Domain, []), Now, CredentialErrors.UntrustedChain);
            case "intermediate without keyCertSign":
                var notSigner = Signer(root, "CN=not a signer", new X509BasicConstraintsExtension(true, false, 0, true), new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
                return ([CraftLeaf(notSigner, (_, e) => e), notSigner.Certificate], Bundle(root), Now, CredentialErrors.UntrustedChain);
            case "path length exceeded":
                var zeroRoot = Signer(null, "CN=path length zero", new X509BasicConstraintsExtension(true, true, 0, true), new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign, true));
                return ([.. Issue(CreateIntermediate(zeroRoot)).Chain], Bundle(zeroRoot), Now, CredentialErrors.UntrustedChain);
            case "tampered intermediate":
                var chain = Issue(CreateIntermediate(root)).Chain;
                var intermediateDer = chain[1].RawData;
                intermediateDer[^1] ^= 0x01;
                return ([chain[0], X509CertificateLoader.LoadCertificate(intermediateDer)], Bundle(root), Now, CredentialErrors.BadSignature);
            default:
                throw new ArgumentOutOfRangeException(nameof(scenario));
        }
    }

    // A CA certificate with the given extensions, signed by upstream, or self-signed when upstream is null.
    private static CertificateAuthority Signer(CertificateAuthority? upstream, string subject, params X509Extension[] extensions)
    {
        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        foreach (var extension in extensions)
            request.CertificateExtensions.Add(extension);
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        var certificate = upstream is null
            ? request.CreateSelfSigned(Now.AddDays(-1), Now.AddDays(30))
            : request.Create(upstream.Certificate.SubjectName, X509SignatureGenerator.CreateForECDsa(upstream.PrivateKey), Now.AddDays(-1), Now.AddDays(1), CertificateSerialNumber.Create());
        return new CertificateAuthority(certificate, key, []);
    }

    private static (X509Certificate2 Root, CertificateAuthority Intermediate) RsaUpstream()
    {
        var rsa = RSA.Create(2048);
        var rootRequest = new CertificateRequest("CN=RSA upstream root", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        rootRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        rootRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        rootRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(rootRequest.PublicKey, false));
        var rsaRoot = rootRequest.CreateSelfSigned(Now.AddDays(-1), Now.AddDays(30));

        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("O=Aims.Orleans, CN=aims.test intermediate", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(rsaRoot, true, false));
        var certificate = request.Create(rsaRoot.SubjectName, X509SignatureGenerator.CreateForRSA(rsa, RSASignaturePadding.Pkcs1), Now.AddDays(-1), Now.AddDays(7), CertificateSerialNumber.Create());
        return (rsaRoot, new CertificateAuthority(certificate, key, []));
    }

    private static X509Certificate2? TryLoad(byte[] der)
    {
        try
        {
            return X509CertificateLoader.LoadCertificate(der);
        }
        catch (CryptographicException)
        {
            return null;
        }
    }
}
