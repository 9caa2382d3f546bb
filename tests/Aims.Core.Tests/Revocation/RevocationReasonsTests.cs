using Aims.Core.Revocation;

namespace Aims.Core.Tests.Revocation;

public sealed class RevocationReasonsTests
{
    [Theory]
    [InlineData("unspecified", RevocationReason.Unspecified, 0)]
    [InlineData("key_compromise", RevocationReason.KeyCompromise, 1)]
    [InlineData("affiliation_changed", RevocationReason.AffiliationChanged, 3)]
    [InlineData("superseded", RevocationReason.Superseded, 4)]
    [InlineData("cessation_of_operation", RevocationReason.CessationOfOperation, 5)]
    [InlineData("privilege_withdrawn", RevocationReason.PrivilegeWithdrawn, 9)]
    public void TryParse_WireName_IsTheRfc5280Code(string name, RevocationReason expected, int code)
    {
        Assert.True(RevocationReasons.TryParse(name, out var reason, out _));
        Assert.Equal(expected, reason);
        Assert.Equal(code, (int)reason);
        Assert.Equal(name, RevocationReasons.Name(reason));
    }

    [Theory]
    [InlineData("certificate_hold")]
    [InlineData("ca_compromise")]
    [InlineData("KeyCompromise")]
    [InlineData("1")]
    [InlineData("")]
    [InlineData(null)]
    public void TryParse_NotALeafReason_FailsNamingTheAcceptedOnes(string? name)
    {
        Assert.False(RevocationReasons.TryParse(name, out _, out var error));
        Assert.Contains("key_compromise", error, StringComparison.Ordinal);
        Assert.Contains("RFC 5280", error, StringComparison.Ordinal);
    }
}
