using Aims.Core.OAuth;
using Aims.Core.Tokens;

namespace Aims.Core.Tests.Tokens;

public sealed class RevocationCacheTests
{
    private const string Agent = "spiffe://example.org/agents/a";
    private const string Other = "spiffe://example.org/agents/b";
    private static readonly DateTimeOffset Now = new(2026, 7, 1, 12, 0, 0, TimeSpan.Zero);

    private static AccessToken Token(string jti = "t1", string sub = Agent, string client = Agent, string[]? actors = null, string scope = "read write", int issuedSecondsAgo = 10) =>
        new("x.y.z", jti, "https://aims.example.org", sub, client, ["https://api.example.org"], ScopeSet.Parse(scope),
            Now.AddSeconds(-issuedSecondsAgo), Now.AddMinutes(5), actors ?? [], null, "k1");

    [Fact]
    public void A_revoked_jti_is_refused_and_others_are_not()
    {
        var cache = new RevocationCache();
        cache.RevokeToken("t1", Now.AddMinutes(5));

        Assert.NotNull(cache.RevocationReason(Token("t1")));
        Assert.Null(cache.RevocationReason(Token("t2")));
    }

    [Theory]
    [InlineData(Agent, Other, null)]
    [InlineData(Other, Agent, null)]
    [InlineData(Other, Other, Agent)]
    public void A_revoked_agent_revokes_tokens_it_is_subject_client_or_actor_of(string sub, string client, string? actor)
    {
        var cache = new RevocationCache();
        cache.RevokeAgent(Agent, Now);

        Assert.NotNull(cache.RevocationReason(Token(sub: sub, client: client, actors: actor is null ? [] : [actor])));
        Assert.Null(cache.RevocationReason(Token(sub: Other, client: Other)));
    }

    [Fact]
    public void Tokens_issued_after_the_revocation_stay_valid()
    {
        var cache = new RevocationCache();
        cache.RevokeAgent(Agent, Now.AddSeconds(-60));

        Assert.Null(cache.RevocationReason(Token(issuedSecondsAgo: 10)));
        Assert.NotNull(cache.RevocationReason(Token(issuedSecondsAgo: 60)));
    }

    [Fact]
    public void An_older_revocation_never_replaces_a_newer_one()
    {
        var cache = new RevocationCache();
        cache.RevokeAgent(Agent, Now);
        cache.RevokeAgent(Agent, Now.AddMinutes(-10));

        Assert.NotNull(cache.RevocationReason(Token(issuedSecondsAgo: 60)));
    }

    [Fact]
    public void A_reduced_ceiling_narrows_the_effective_scope_until_lifted()
    {
        var cache = new RevocationCache();
        cache.SetScopeCeiling(Agent, ScopeSet.Parse("read"));

        Assert.Equal("read", cache.EffectiveScope(Token()).ToString());
        Assert.Equal("read write", cache.EffectiveScope(Token(sub: Other, client: Other)).ToString());

        cache.SetScopeCeiling(Agent, null);
        Assert.Equal("read write", cache.EffectiveScope(Token()).ToString());
    }

    [Fact]
    public void Prune_drops_only_entries_that_can_no_longer_revoke_anything()
    {
        var cache = new RevocationCache();
        cache.RevokeToken("expired", Now.AddSeconds(-1));
        cache.RevokeToken("live", Now.AddMinutes(1));
        cache.RevokeAgent(Agent, Now - RevocationCache.AgentEntryLifetime - TimeSpan.FromSeconds(1));
        cache.RevokeAgent(Other, Now);

        cache.Prune(Now);

        Assert.Equal(2, cache.Count);
        Assert.NotNull(cache.RevocationReason(Token("live", sub: "x", client: "x")));
        Assert.NotNull(cache.RevocationReason(Token(sub: Other, client: Other)));
    }
}
