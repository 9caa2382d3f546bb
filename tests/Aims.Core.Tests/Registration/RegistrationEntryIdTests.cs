using Aims.Core.Identity;
using Aims.Core.Registration;

namespace Aims.Core.Tests.Registration;

public sealed class RegistrationEntryIdTests
{
    private static readonly SpiffeId Workload = SpiffeId.Parse("spiffe://aims.local/workloads/web");
    private static readonly SpiffeId Node = SpiffeId.Parse("spiffe://aims.local/node/n1");

    [Fact]
    public void For_SelectorOrder_DoesNotChangeTheId()
    {
        Assert.Equal(
            RegistrationEntryId.For(Workload, Node, ["unix:uid:0", "unix:gid:0"]),
            RegistrationEntryId.For(Workload, Node, ["unix:gid:0", "unix:uid:0"]));
    }

    [Fact]
    public void For_AnyDefiningFieldChanged_DifferentId()
    {
        var id = RegistrationEntryId.For(Workload, Node, ["unix:uid:0"]);

        Assert.NotEqual(id, RegistrationEntryId.For(SpiffeId.Parse("spiffe://aims.local/workloads/api"), Node, ["unix:uid:0"]));
        Assert.NotEqual(id, RegistrationEntryId.For(Workload, SpiffeId.Parse("spiffe://aims.local/node/n2"), ["unix:uid:0"]));
        Assert.NotEqual(id, RegistrationEntryId.For(Workload, Node, ["unix:uid:1"]));
        Assert.NotEqual(id, RegistrationEntryId.For(Workload, Node, ["unix:uid:0", "unix:gid:0"]));
    }

    [Fact]
    public void For_Always32LowercaseHex()
    {
        var id = RegistrationEntryId.For(Workload, Node, ["unix:uid:0"]);

        Assert.True(RegistrationEntryId.IsWellFormed(id));
        Assert.Equal(32, id.Length);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("0123456789abcdef0123456789abcde")]
    [InlineData("0123456789ABCDEF0123456789ABCDEF")]
    [InlineData("0123456789abcdef0123456789abcdeg")]
    [InlineData("../../../../0123456789abcdef0123")]
    public void IsWellFormed_NotAnId_False(string? value) => Assert.False(RegistrationEntryId.IsWellFormed(value));
}
