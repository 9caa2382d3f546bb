using Aims.Core.Tokens;

namespace Aims.Core.Tests.Tokens;

public sealed class LiveTokenSetTests
{
    private static readonly DateTimeOffset Now = new(2026, 7, 1, 12, 0, 0, TimeSpan.Zero);

    private static LiveToken Token(string jti, int expiresInSeconds) =>
        new(jti, "spiffe://aims.local/agents/a", "client_credentials", ["https://api.example.com"], "read", Now, Now.AddSeconds(expiresInSeconds));

    [Fact]
    public void Count_TokensExpireAtTheirExpiry_PrunedThen()
    {
        var set = new LiveTokenSet();
        set.Add(Token("short", 60), Now);
        set.Add(Token("long", 600), Now);

        Assert.Equal(2, set.Count(Now));
        Assert.Equal(2, set.Count(Now.AddSeconds(59)));
        Assert.Equal(1, set.Count(Now.AddSeconds(60)));
        Assert.Equal(0, set.Count(Now.AddSeconds(600)));
    }

    [Fact]
    public void Add_AlreadyExpired_NotTracked()
    {
        var set = new LiveTokenSet();

        set.Add(Token("gone", 60), Now.AddSeconds(60));

        Assert.Equal(0, set.Count(Now));
    }

    [Fact]
    public void Snapshot_SoonestToExpireFirst()
    {
        var set = new LiveTokenSet();
        set.Add(Token("b", 300), Now);
        set.Add(Token("a", 120), Now);
        set.Add(Token("c", 900), Now);

        Assert.Equal(["a", "b", "c"], set.Snapshot(Now).Select(t => t.Jti));
        Assert.Equal(["b", "c"], set.Snapshot(Now.AddSeconds(200)).Select(t => t.Jti));
    }

    [Fact]
    public void Remove_Tracked_TrueAndGone()
    {
        var set = new LiveTokenSet();
        set.Add(Token("a", 120), Now);

        Assert.True(set.Remove("a"));
        Assert.False(set.Remove("a"));
        Assert.Equal(0, set.Count(Now));
    }

    [Fact]
    public void Add_BeyondTheCap_ForgetsTheOneExpiringFirst()
    {
        var set = new LiveTokenSet();
        for (var i = 0; i < LiveTokenSet.MaxTracked; i++)
            set.Add(Token($"t{i}", 100 + i), Now);

        set.Add(Token("newest", 5000), Now);

        var live = set.Snapshot(Now);
        Assert.Equal(LiveTokenSet.MaxTracked, live.Count);
        Assert.DoesNotContain(live, t => t.Jti == "t0");
        Assert.Equal("t1", live[0].Jti);
        Assert.Equal("newest", live[^1].Jti);
    }

    [Fact]
    public void Add_SameJtiAgain_Replaced()
    {
        var set = new LiveTokenSet();
        set.Add(Token("a", 120), Now);
        set.Add(Token("a", 300), Now);

        Assert.Equal(Now.AddSeconds(300), Assert.Single(set.Snapshot(Now.AddSeconds(150))).ExpiresAt);
    }
}
