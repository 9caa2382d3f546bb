using Aims.Core.Identity;
using Aims.Core.Registration;

namespace Aims.Core.Tests.Registration;

public sealed class RegistrationEntryRulesTests
{
    private static readonly TrustDomain Td = TrustDomain.Parse("aims.local");
    private const string Workload = "spiffe://aims.local/workloads/web";
    private const string Node = "spiffe://aims.local/node/n1";

    [Fact]
    public void TryCreate_ValidEntry_SortedSelectorsAndDerivedId()
    {
        var (entry, error) = RegistrationEntryRules.TryCreate(Td, Workload, Node, ["unix:uid:1000", "unix:gid:0"], 300, 120, ["web.internal", "10.0.0.1"], "internal");

        Assert.Null(error);
        Assert.NotNull(entry);
        Assert.Equal(SpiffeId.Parse(Workload), entry.SpiffeId);
        Assert.Equal(SpiffeId.Parse(Node), entry.ParentId);
        Assert.Equal(["unix:gid:0", "unix:uid:1000"], entry.Selectors);
        Assert.Equal(TimeSpan.FromSeconds(300), entry.X509SvidTtl);
        Assert.Equal(TimeSpan.FromSeconds(120), entry.JwtSvidTtl);
        Assert.Equal(["web.internal", "10.0.0.1"], entry.DnsNames);
        Assert.Equal("internal", entry.Hint);
        Assert.Equal(RegistrationEntryId.For(entry.SpiffeId, entry.ParentId, entry.Selectors), entry.Id);
    }

    [Fact]
    public void TryCreate_OptionalFieldsLeftOut_NoCapsNoNamesNoHint()
    {
        var (entry, error) = RegistrationEntryRules.TryCreate(Td, Workload, Node, ["unix:uid:1000"]);

        Assert.Null(error);
        Assert.Null(entry!.X509SvidTtl);
        Assert.Null(entry.JwtSvidTtl);
        Assert.Empty(entry.DnsNames);
        Assert.Null(entry.Hint);
    }

    public static TheoryData<string?, string?, string?[]?, long?, long?, string?[]?, string?, string> Invalid() => new()
    {
        { null, Node, ["unix:uid:0"], null, null, null, null, "spiffe_id is required" },
        { "spiffe://aims.local/a/../b", Node, ["unix:uid:0"], null, null, null, null, "spiffe_id is invalid" },
        { "spiffe://other.example/w", Node, ["unix:uid:0"], null, null, null, null, "outside the trust domain aims.local" },
        { "spiffe://aims.local", Node, ["unix:uid:0"], null, null, null, null, "spiffe_id must have a path" },
        { Workload, null, ["unix:uid:0"], null, null, null, null, "parent_id is required" },
        { Workload, "spiffe://other.example/node/n1", ["unix:uid:0"], null, null, null, null, "parent_id spiffe://other.example/node/n1 is outside" },
        { Workload, Workload, ["unix:uid:0"], null, null, null, null, "not the workload's own spiffe_id" },
        { Workload, Node, null, null, null, null, null, "selectors are required" },
        { Workload, Node, [], null, null, null, null, "selectors are required" },
        { Workload, Node, ["uid"], null, null, null, null, "is not type:value" },
        { Workload, Node, ["unix:"], null, null, null, null, "is not type:value" },
        { Workload, Node, [":x"], null, null, null, null, "is not type:value" },
        { Workload, Node, ["Unix:uid:0"], null, null, null, null, "a type is 1 to 32 of a-z, 0-9 and _" },
        { Workload, Node, ["unix:uid:0\n"], null, null, null, null, "control character" },
        { Workload, Node, [null], null, null, null, null, "a selector is empty" },
        { Workload, Node, ["unix:uid:0", "unix:uid:0"], null, null, null, null, "is listed twice" },
        { Workload, Node, ["unix:path:/" + new string('a', 1100)], null, null, null, null, "longer than 1024" },
        { Workload, Node, ["unix:uid:0"], 59, null, null, null, "x509_svid_ttl must be between 60 and 86400 seconds" },
        { Workload, Node, ["unix:uid:0"], 86401, null, null, null, "x509_svid_ttl must be between 60 and 86400 seconds" },
        { Workload, Node, ["unix:uid:0"], null, 3601, null, null, "jwt_svid_ttl must be between 60 and 3600 seconds" },
        { Workload, Node, ["unix:uid:0"], null, 0, null, null, "jwt_svid_ttl must be between" },
        { Workload, Node, ["unix:uid:0"], null, null, ["-bad.example"], null, "is neither a DNS name" },
        { Workload, Node, ["unix:uid:0"], null, null, ["a..b"], null, "is neither a DNS name" },
        { Workload, Node, ["unix:uid:0"], null, null, ["under_score.example"], null, "is neither a DNS name" },
        { Workload, Node, ["unix:uid:0"], null, null, [""], null, "is neither a DNS name" },
        { Workload, Node, ["unix:uid:0"], null, null, ["Web.Example", "web.example"], null, "is listed twice" },
        { Workload, Node, ["unix:uid:0"], null, null, null, "", "hint must be 1 to 1024 bytes" },
        { Workload, Node, ["unix:uid:0"], null, null, null, new string('h', 1025), "hint must be 1 to 1024 bytes" },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public void TryCreate_InvalidField_ErrorNamesTheFieldAndTheFix(
        string? spiffeId, string? parentId, string?[]? selectors, long? x509Ttl, long? jwtTtl, string?[]? dnsNames, string? hint, string expected)
    {
        var (entry, error) = RegistrationEntryRules.TryCreate(Td, spiffeId, parentId, selectors, x509Ttl, jwtTtl, dnsNames, hint);

        Assert.Null(entry);
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryCreate_TooManySelectors_Refused()
    {
        var selectors = Enumerable.Range(0, RegistrationEntryLimits.MaxSelectors + 1).Select(i => $"unix:gid:{i}").ToArray();

        var (_, error) = RegistrationEntryRules.TryCreate(Td, Workload, Node, selectors);

        Assert.Contains("at most 64 selectors", error, StringComparison.Ordinal);
    }
}
