using Aims.Core.Credentials;

namespace Aims.Core.Tests.Credentials;

public sealed class X509SvidClaimedIdTests
{
    [Fact]
    public void Read_IssuedX509Svid_ItsSpiffeId()
    {
        using var ca = X509TestAuthority.CreateRoot();
        var svid = X509TestAuthority.Issue(ca);

        Assert.Equal(X509TestAuthority.AgentId, X509SvidClaimedId.Read(svid.Leaf));
    }

    [Theory]
    [InlineData("two URI SANs")]
    [InlineData("no URI SAN")]
    [InlineData("URI SAN not SPIFFE")]
    public void Read_NotExactlyOneSpiffeId_Null(string defect)
    {
        using var ca = X509TestAuthority.CreateRoot();
        using var leaf = X509TestAuthority.CraftDefectiveLeaf(ca, defect);

        Assert.Null(X509SvidClaimedId.Read(leaf));
    }

    [Fact]
    public void Read_CertificateOfAnotherCa_StillItsClaimNotAVerdict()
    {
        using var other = X509TestAuthority.CreateRoot();
        using var leaf = X509TestAuthority.CraftLeaf(other, (_, extensions) => extensions);

        // The claim only picks the bundle; the validator decides whether the certificate is trusted.
        Assert.Equal(X509TestAuthority.AgentId, X509SvidClaimedId.Read(leaf));
    }
}
