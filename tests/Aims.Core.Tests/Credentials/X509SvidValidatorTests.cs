using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Aims.Core.Authority;
using Aims.Core.Credentials;
using Aims.Core.Identity;
using static Aims.Core.Tests.Credentials.X509TestAuthority;

namespace Aims.Core.Tests.Credentials;

public sealed class X509SvidValidatorTests
{
    [Fact]
    public void Validate_FreshSvidUnderRoot_ReturnsIdAndLeaf()
    {
        using var root = CreateRoot();
        var svid = Issue(root);

        var result = X509SvidValidator.Validate(svid.Chain, Bundle(root), Now);

        Assert.True(result.IsValid, result.ToString());
        Assert.Equal(AgentId, result.Value.Id);
        Assert.Equal(svid.Leaf.RawData, result.Value.Leaf.RawData);
        Assert.Single(result.Value.Chain);
        Assert.Equal(svid.SerialNumberHex, result.Value.SerialNumberHex);
    }

    [Fact]
    public void Validate_ChainUnderIntermediate_ReturnsLeafAndIntermediate()
    {
        using var root = CreateRoot();
        using var intermediate = CreateIntermediate(root);
        var svid = Issue(intermediate);

        var result = X509SvidValidator.Validate(svid.Chain, Bundle(root), Now);

        Assert.True(result.IsValid, result.ToString());
        Assert.Equal([svid.Leaf.RawData, intermediate.Certificate.RawData], result.Value.Chain.Select(c => c.RawData));
    }

    [Fact]
    public void Validate_ChainEndingWithTheAnchor_StopsAtTheAnchor()
    {
        using var root = CreateRoot();
        using var intermediate = CreateIntermediate(root);
        var svid = Issue(intermediate);

        var result = X509SvidValidator.Validate([.. svid.Chain, root.Certificate], Bundle(root), Now);

        Assert.True(result.IsValid, result.ToString());
        Assert.Equal(2, result.Value.Chain.Count);
    }

    [Fact]
    public void Validate_IntermediateMissingFromChain_UntrustedChain()
    {
        using var root = CreateRoot();
        using var intermediate = CreateIntermediate(root);
        var svid = Issue(intermediate);

        var result = X509SvidValidator.Validate([svid.Leaf], Bundle(root), Now);

        Assert.Equal(CredentialErrors.UntrustedChain, result.Error);
    }

    [Theory]
    [InlineData(-10, null)]
    [InlineData(-11, CredentialErrors.NotYetValid)]
    [InlineData(3600, null)]
    [InlineData(3601, CredentialErrors.Expired)]
    public void Validate_AtValidityEdges_AcceptsInclusiveWindow(int secondsFromIssuance, string? expectedError)
    {
        using var root = CreateRoot();
        var svid = Issue(root, ttl: TimeSpan.FromHours(1));

        var result = X509SvidValidator.Validate(svid.Chain, Bundle(root), Now.AddSeconds(secondsFromIssuance));

        Assert.Equal(expectedError, result.Error);
    }

    [Fact]
    public void Validate_ExpiredLeaf_Expired()
    {
        using var root = CreateRoot(notBefore: Now.AddDays(-3));
        var svid = Issue(root, now: Now.AddDays(-2), ttl: TimeSpan.FromHours(1));

        var result = X509SvidValidator.Validate(svid.Chain, Bundle(root), Now);

        Assert.Equal(CredentialErrors.Expired, result.Error);
        Assert.Contains("The leaf expired", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_NotYetValidLeaf_NotYetValid()
    {
        using var root = CreateRoot();
        var svid = Issue(root, now: Now.AddHours(1));

        var result = X509SvidValidator.Validate(svid.Chain, Bundle(root), Now);

        Assert.Equal(CredentialErrors.NotYetValid, result.Error);
    }

    [Fact]
    public void Validate_ExpiredIntermediate_Expired()
    {
        using var root = CreateRoot();
        using var intermediate = CreateIntermediate(root, notBefore: Now.AddDays(-1), notAfter: Now.AddHours(2));
        var leaf = CraftLeaf(intermediate, (_, extensions) => extensions, notAfter: Now.AddDays(1));

        var result = X509SvidValidator.Validate([leaf, intermediate.Certificate], Bundle(root), Now.AddHours(3));

        Assert.Equal(CredentialErrors.Expired, result.Error);
        Assert.Contains("Certificate 1 of the chain expired", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_ExpiredAuthority_Expired()
    {
        using var root = CreateRoot(notAfter: Now.AddHours(2));
        var leaf = CraftLeaf(root, (_, extensions) => extensions, notAfter: Now.AddDays(1));

        var result = X509SvidValidator.Validate([leaf], Bundle(root), Now.AddHours(3));

        Assert.Equal(CredentialErrors.Expired, result.Error);
        Assert.Contains("bundle authority", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_LeafSignedByForeignCa_UntrustedChain()
    {
        using var root = CreateRoot();
        using var foreign = CreateRoot();
        var svid = Issue(foreign);

        var result = X509SvidValidator.Validate(svid.Chain, Bundle(root), Now);

        Assert.Equal(CredentialErrors.UntrustedChain, result.Error);
    }

    [Fact]
    public void Validate_ForeignCaWithSameNameAndNoKeyId_BadSignature()
    {
        using var root = CreateRoot();
        using var impostorKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var impostor = new CertificateAuthority(root.Certificate, impostorKey, []);
        var leaf = CraftLeaf(impostor, (_, extensions) => extensions.Where(e => e is not X509AuthorityKeyIdentifierExtension));

        var result = X509SvidValidator.Validate([leaf], Bundle(root), Now);

        Assert.Equal(CredentialErrors.BadSignature, result.Error);
    }

    [Fact]
    public void Validate_TamperedSignatureByte_BadSignature()
    {
        using var root = CreateRoot();
        var der = Issue(root).Leaf.RawData;
        der[^1] ^= 0x01;
        var tampered = X509CertificateLoader.LoadCertificate(der);

        var result = X509SvidValidator.Validate([tampered], Bundle(root), Now);

        Assert.Equal(CredentialErrors.BadSignature, result.Error);
    }

    [Fact]
    public void Validate_TamperedSignedField_BadSignature()
    {
        using var root = CreateRoot();
        var leaf = Issue(root).Leaf;
        var der = leaf.RawData;
        var skiValue = leaf.Extensions.OfType<X509SubjectKeyIdentifierExtension>().Single().SubjectKeyIdentifierBytes.ToArray();
        var at = der.AsSpan().IndexOf(skiValue);
        der[at] ^= 0xFF;
        var tampered = X509CertificateLoader.LoadCertificate(der);

        var result = X509SvidValidator.Validate([tampered], Bundle(root), Now);

        Assert.Equal(CredentialErrors.BadSignature, result.Error);
    }

    [Theory]
    [InlineData("two URI SANs", "more than one URI SAN")]
    [InlineData("no URI SAN", "no URI SAN")]
    [InlineData("URI SAN not SPIFFE", "is not a SPIFFE ID")]
    [InlineData("root path", "non-root path")]
    [InlineData("cA=true", "cA=true")]
    [InlineData("no key usage", "no key usage")]
    [InlineData("key usage not critical", "not critical")]
    [InlineData("no digitalSignature", "lacks digitalSignature")]
    [InlineData("keyCertSign", "keyCertSign")]
    [InlineData("cRLSign", "cRLSign")]
    [InlineData("EKU without clientAuth", "id-kp-clientAuth")]
    [InlineData("unknown critical extension", "1.2.3.4")]
    public void Validate_LeafBreakingX509SvidProfile_NotSvid(string defect, string detailFragment)
    {
        using var root = CreateRoot();
        var leaf = CraftDefectiveLeaf(root, defect);

        var result = X509SvidValidator.Validate([leaf], Bundle(root), Now);

        Assert.Equal(CredentialErrors.NotSvid, result.Error);
        Assert.Contains(detailFragment, result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_LeafWithoutExtendedKeyUsage_Valid()
    {
        using var root = CreateRoot();
        var leaf = CraftLeaf(root, (_, extensions) => extensions.Where(e => e is not X509EnhancedKeyUsageExtension));

        var result = X509SvidValidator.Validate([leaf], Bundle(root), Now);

        Assert.True(result.IsValid, result.ToString());
    }

    [Fact]
    public void Validate_SvidOfAnotherTrustDomain_WrongTrustDomain()
    {
        var other = TrustDomain.Parse("other.test");
        using var root = CreateRoot(other);
        var svid = X509SvidIssuer.Issue(root, other.NewId("/agents/a"), EcCsr(), Now, TimeSpan.FromHours(1), CertificateSerialNumber.Create());

        var result = X509SvidValidator.Validate(svid.Chain, new X509Bundle(Domain, [root.Certificate]), Now);

        Assert.Equal(CredentialErrors.WrongTrustDomain, result.Error);
    }

    [Fact]
    public void Validate_EmptyChain_Malformed()
    {
        using var root = CreateRoot();

        var result = X509SvidValidator.Validate([], Bundle(root), Now);

        Assert.Equal(CredentialErrors.Malformed, result.Error);
    }

    [Fact]
    public void Validate_ChainLongerThanFive_Malformed()
    {
        using var root = CreateRoot();
        var svid = Issue(root);

        var result = X509SvidValidator.Validate([.. Enumerable.Repeat(svid.Leaf, 6)], Bundle(root), Now);

        Assert.Equal(CredentialErrors.Malformed, result.Error);
    }

    [Fact]
    public void Validate_EmptyBundle_UntrustedChain()
    {
        using var root = CreateRoot();
        var svid = Issue(root);

        var result = X509SvidValidator.Validate(svid.Chain, new X509Bundle(Domain, []), Now);

        Assert.Equal(CredentialErrors.UntrustedChain, result.Error);
    }

    [Fact]
    public void Validate_IntermediateWithoutKeyCertSign_UntrustedChain()
    {
        using var root = CreateRoot();
        using var intermediateKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=not a signer", intermediateKey, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        var certificate = request.Create(root.Certificate.SubjectName, X509SignatureGenerator.CreateForECDsa(root.PrivateKey), Now.AddDays(-1), Now.AddDays(1), CertificateSerialNumber.Create());
        using var intermediate = new CertificateAuthority(certificate, intermediateKey, []);
        var leaf = CraftLeaf(intermediate, (_, extensions) => extensions);

        var result = X509SvidValidator.Validate([leaf, certificate], Bundle(root), Now);

        Assert.Equal(CredentialErrors.UntrustedChain, result.Error);
        Assert.Contains("not a CA", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_AuthorityPathLengthZeroAboveIntermediate_UntrustedChain()
    {
        using var rootKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=path length zero", rootKey, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        using var root = new CertificateAuthority(request.CreateSelfSigned(Now.AddDays(-1), Now.AddDays(30)), rootKey, []);
        using var intermediate = CreateIntermediate(root);
        var svid = Issue(intermediate);

        var result = X509SvidValidator.Validate(svid.Chain, Bundle(root), Now);

        Assert.Equal(CredentialErrors.UntrustedChain, result.Error);
        Assert.Contains("RFC 5280 §4.2.1.9", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_P384Authority_VerifiesEcdsaWithSha384()
    {
        using var root = CreateRoot(curve: ECCurve.NamedCurves.nistP384);
        var svid = Issue(root);

        var result = X509SvidValidator.Validate(svid.Chain, Bundle(root), Now);

        Assert.True(result.IsValid, result.ToString());
        Assert.Equal("1.2.840.10045.4.3.3", svid.Leaf.SignatureAlgorithm.Value);
    }

    [Fact]
    public void Validate_IntermediateUnderRsaUpstreamRoot_VerifiesSha256WithRsa()
    {
        using var rsa = RSA.Create(2048);
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
        using var intermediate = new CertificateAuthority(certificate, key, []);
        var svid = Issue(intermediate);

        var result = X509SvidValidator.Validate(svid.Chain, new X509Bundle(Domain, [rsaRoot]), Now);

        Assert.True(result.IsValid, result.ToString());
        Assert.Equal("1.2.840.113549.1.1.11", certificate.SignatureAlgorithm.Value);
    }

    [Fact]
    public void Validate_TwoAuthoritiesDuringRotation_AcceptsLeavesOfBoth()
    {
        using var oldRoot = CreateRoot();
        using var newRoot = CreateRoot();
        var bundle = Bundle(oldRoot, newRoot);

        var fromOld = X509SvidValidator.Validate(Issue(oldRoot).Chain, bundle, Now);
        var fromNew = X509SvidValidator.Validate(Issue(newRoot).Chain, bundle, Now);

        Assert.True(fromOld.IsValid, fromOld.ToString());
        Assert.True(fromNew.IsValid, fromNew.ToString());
    }
}
