using Aims.Core.OAuth;
using Aims.Core.Tokens;
using Aims.Core.Transactions;

namespace Aims.Core.Tests.Transactions;

public sealed class TxnTokenRevocationTests
{
    private static readonly DateTimeOffset Now = new(2026, 7, 1, 12, 0, 0, TimeSpan.Zero);

    private static TxnToken Token(DateTimeOffset issuedAt) => new(
        "token", "https://aims.example.org", "txn-1", "spiffe://example.org/agents/analyst", "example.org", ScopeSet.Parse("read write"),
        ["spiffe://example.org/tools/gateway", "spiffe://example.org/svc/ledger"], null, null, issuedAt, issuedAt.AddMinutes(5), "key-1");

    [Theory]
    [InlineData("spiffe://example.org/agents/analyst")]
    [InlineData("spiffe://example.org/tools/gateway")]
    [InlineData("spiffe://example.org/svc/ledger")]
    public void RevocationReason_AnyPartyRevokedAfterIssue_Revokes(string party)
    {
        var cache = new RevocationCache();
        cache.RevokeAgent(party, Now);

        Assert.Contains(party, cache.RevocationReason(Token(Now.AddSeconds(-5))), StringComparison.Ordinal);
        Assert.Null(cache.RevocationReason(Token(Now.AddSeconds(5))));
    }

    [Fact]
    public void EffectiveScope_ReducedParty_Narrows()
    {
        var cache = new RevocationCache();
        cache.SetScopeCeiling("spiffe://example.org/agents/analyst", ScopeSet.Parse("read"));

        Assert.Equal(ScopeSet.Parse("read"), cache.EffectiveScope(Token(Now)));
    }
}
