using Aims.Core.Wimse;

namespace Aims.Core.Tests.Wimse;

public sealed class WorkloadIdentifierTests
{
    [Theory]
    [InlineData("wimse://example.com/specific-workload", "example.com")]
    [InlineData("spiffe://aims.local/agents/a", "aims.local")]
    [InlineData("https://prod.example.org/svc", "prod.example.org")]
    public void TryGetTrustDomain_ValidIdentifier_ReturnsItsAuthority(string identifier, string trustDomain)
    {
        Assert.True(WorkloadIdentifier.TryGetTrustDomain(identifier, out var td, out var error), error);
        Assert.Equal(trustDomain, td.Name);
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("example.com/workload", "absolute URI")]
    [InlineData("wimse://example.com/w?x=1", "query")]
    [InlineData("wimse://example.com/w#f", "fragment")]
    [InlineData("wimse://user@example.com/w", "user information")]
    [InlineData("wimse://example.com:8443/w", "port")]
    [InlineData("wimse:///w", "trust domain")]
    [InlineData("spiffe://aims.local/agents/", "SPIFFE ID")]
    public void TryGetTrustDomain_InvalidIdentifier_SaysWhichRule(string identifier, string expected)
    {
        Assert.False(WorkloadIdentifier.TryGetTrustDomain(identifier, out _, out var error));
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }
}
