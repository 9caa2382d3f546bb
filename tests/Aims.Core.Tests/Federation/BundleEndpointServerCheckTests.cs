using Aims.Core.Federation;
using Aims.Core.Identity;
using Aims.Core.Tests.Credentials;

namespace Aims.Core.Tests.Federation;

/// <summary>The https_spiffe server check (SPIFFE Federation §5.2.2).</summary>
public sealed class BundleEndpointServerCheckTests
{
    private static readonly SpiffeId Endpoint = X509TestAuthority.Domain.NewId("/aims/silo");

    [Fact]
    public void Check_SvidOfTheEndpointId_Accepted()
    {
        using var ca = X509TestAuthority.CreateRoot();
        var svid = X509TestAuthority.Issue(ca, id: Endpoint);
        Assert.Null(BundleEndpointServerCheck.Check([.. svid.Chain], Endpoint, X509TestAuthority.Bundle(ca), X509TestAuthority.Now));
    }

    [Fact]
    public void Check_SvidOfAnotherId_RefusedNamingBoth()
    {
        using var ca = X509TestAuthority.CreateRoot();
        var svid = X509TestAuthority.Issue(ca, id: X509TestAuthority.AgentId);
        var error = BundleEndpointServerCheck.Check([.. svid.Chain], Endpoint, X509TestAuthority.Bundle(ca), X509TestAuthority.Now);
        Assert.Contains(X509TestAuthority.AgentId.ToString(), error, StringComparison.Ordinal);
        Assert.Contains($"not the configured EndpointSpiffeId {Endpoint}", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_SvidFromAnotherAuthority_Refused()
    {
        using var ca = X509TestAuthority.CreateRoot();
        using var other = X509TestAuthority.CreateRoot();
        var svid = X509TestAuthority.Issue(other, id: Endpoint);
        var error = BundleEndpointServerCheck.Check([.. svid.Chain], Endpoint, X509TestAuthority.Bundle(ca), X509TestAuthority.Now);
        Assert.Contains("not a valid X509-SVID", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_NoCertificate_Refused() =>
        Assert.NotNull(BundleEndpointServerCheck.Check([], Endpoint, new Core.Credentials.X509Bundle(X509TestAuthority.Domain, []), X509TestAuthority.Now));
}
