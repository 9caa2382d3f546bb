using Aims.Core.OAuth;
using Aims.Core.Transactions;

namespace Aims.Core.Tests.Transactions;

public sealed class TxnTokenRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 7, 1, 12, 0, 0, TimeSpan.Zero);
    private const string Gateway = "spiffe://example.org/tools/gateway";
    private const string Ledger = "spiffe://example.org/svc/ledger";

    private static TxnToken Presented(string scope = "read:reports write:reports", string? tctx = """{"report":"q1"}""", int workloads = 1) => new(
        "token", "https://aims.example.org", "txn-1", "spiffe://example.org/agents/analyst", "example.org", ScopeSet.Parse(scope),
        [.. Enumerable.Range(0, workloads).Select(i => i == 0 ? Gateway : $"spiffe://example.org/svc/{i}")],
        tctx, """{"authn":"urn:ietf:rfc:6749"}""", Now.AddSeconds(-30), Now.AddSeconds(270), "key-1");

    [Fact]
    public void ScopeRefusal_Subset_IsNull() =>
        Assert.Null(TxnTokenRules.ScopeRefusal(ScopeSet.Parse("read:reports"), ScopeSet.Parse("read:reports write:reports"), "the subject token"));

    [Fact]
    public void ScopeRefusal_Empty_IsInvalidRequest() =>
        Assert.Equal(OAuthErrors.InvalidRequest, TxnTokenRules.ScopeRefusal(ScopeSet.Empty, ScopeSet.Parse("a"), "the subject token")!.Error);

    [Fact]
    public void ScopeRefusal_Widening_IsInvalidScopeNamingTheExtraScope()
    {
        var refusal = TxnTokenRules.ScopeRefusal(ScopeSet.Parse("read:reports admin"), ScopeSet.Parse("read:reports"), "the subject token");

        Assert.Equal(OAuthErrors.InvalidScope, refusal!.Error);
        Assert.Contains("admin", refusal.Description, StringComparison.Ordinal);
        Assert.Contains("only narrow", refusal.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void Replace_NarrowerScope_KeepsTxnSubAudAndAppendsTheRequester()
    {
        var presented = Presented();

        var (next, error) = TxnTokenRules.Replace(presented, ScopeSet.Parse("read:reports"), null, Ledger, TimeSpan.FromMinutes(5), Now);

        Assert.Null(error);
        Assert.Equal(presented.Txn, next!.Txn);
        Assert.Equal(presented.Subject, next.Subject);
        Assert.Equal(presented.Audience, next.Audience);
        Assert.Equal(presented.Issuer, next.Issuer);
        Assert.Equal(ScopeSet.Parse("read:reports"), next.Scope);
        Assert.Equal([Gateway, Ledger], next.RequestingWorkloads);
        Assert.Equal(presented.TransactionContext, next.TransactionContext);
        Assert.Equal(presented.RequesterContext, next.RequesterContext);
    }

    [Fact]
    public void Replace_NeverOutlivesTheReplacedToken()
    {
        var (next, _) = TxnTokenRules.Replace(Presented(), ScopeSet.Empty, null, Ledger, TimeSpan.FromMinutes(15), Now);

        Assert.Equal(Presented().ExpiresAt, next!.NotAfter);
    }

    [Fact]
    public void Replace_NoScope_KeepsThePresentedScope()
    {
        var (next, _) = TxnTokenRules.Replace(Presented(), ScopeSet.Empty, null, Ledger, TimeSpan.FromMinutes(5), Now);

        Assert.Equal(Presented().Scope, next!.Scope);
    }

    [Fact]
    public void Replace_WiderScope_IsInvalidScope()
    {
        var (next, error) = TxnTokenRules.Replace(Presented("read:reports"), ScopeSet.Parse("read:reports write:reports"), null, Ledger, TimeSpan.FromMinutes(5), Now);

        Assert.Null(next);
        Assert.Equal(OAuthErrors.InvalidScope, error!.Error);
    }

    [Fact]
    public void Replace_AddedContextValue_IsAppended()
    {
        var (next, _) = TxnTokenRules.Replace(Presented(), ScopeSet.Empty, """{"page":2}""", Ledger, TimeSpan.FromMinutes(5), Now);

        Assert.Equal("""{"report":"q1","page":2}""", next!.TransactionContext);
    }

    [Fact]
    public void Replace_ChangedContextValue_IsRefused()
    {
        var (_, error) = TxnTokenRules.Replace(Presented(), ScopeSet.Empty, """{"report":"q2"}""", Ledger, TimeSpan.FromMinutes(5), Now);

        Assert.Equal(OAuthErrors.InvalidRequest, error!.Error);
        Assert.Contains("'report'", error.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void Replace_ExpiredToken_IsRefused()
    {
        var (_, error) = TxnTokenRules.Replace(Presented(), ScopeSet.Empty, null, Ledger, TimeSpan.FromMinutes(5), Now.AddMinutes(10));

        Assert.Contains("expired", error!.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void Replace_FullCallChain_IsRefused()
    {
        var (_, error) = TxnTokenRules.Replace(Presented(workloads: TxnTokenConstants.Limits.MaxRequestingWorkloads), ScopeSet.Empty, null, Ledger, TimeSpan.FromMinutes(5), Now);

        Assert.Equal(OAuthErrors.InvalidRequest, error!.Error);
    }
}
