using System.Text;
using System.Text.Json;
using Aims.Core.Identity;
using Aims.Core.Jose;
using Aims.Core.Transactions;
using Aims.Grains.Agents;
using Aims.Grains.Tests.Agents;
using Aims.Grains.Tests.Cluster;
using Aims.Grains.Tests.Policies;
using Aims.Grains.Transactions;

namespace Aims.Grains.Tests.Transactions;

/// <summary>
/// One grain per transaction: started through the requesting agent's policy, listed by the agents party to it,
/// replaced only while live, and revoked durably when one of those agents is compromised.
/// </summary>
[Collection(AimsClusterCollection.Name)]
public sealed class TransactionGrainTests(AimsClusterFixture fixture)
{
    private const string Issuer = "https://aims.test";

    [Fact]
    public async Task StartAsync_AllowedByPolicy_IssuesATxnTokenThatBothAgentsList()
    {
        var (subject, requester) = await AgentsAsync(transactions: true);
        var txn = TransactionIds.New();

        var outcome = await Transaction(txn).StartAsync(Start(subject, requester));

        Assert.NotNull(outcome.Issued);
        var claims = Payload(outcome.Issued.Token);
        Assert.Equal(txn, claims.GetProperty("txn").GetString());
        Assert.Equal(subject.ToString(), claims.GetProperty("sub").GetString());
        Assert.Equal(AimsClusterFixture.TrustDomainName, claims.GetProperty("aud").GetString());
        Assert.Equal(requester.ToString(), claims.GetProperty("req_wl").GetString());
        Assert.Equal(120, claims.GetProperty("exp").GetInt64() - claims.GetProperty("iat").GetInt64());
        Assert.Contains(await Agent(subject).GetTransactionsAsync(), t => t.Txn == txn && t.State == TransactionState.Active);
        Assert.Contains(await Agent(requester).GetTransactionsAsync(), t => t.Txn == txn);
        Assert.Equal(1, (await Agent(requester).GetAsync())!.LiveTransactions);
    }

    [Fact]
    public async Task StartAsync_PolicyWithoutTransactions_IsRefusedAndNothingIsListed()
    {
        var (subject, requester) = await AgentsAsync(transactions: false);

        var outcome = await Transaction(TransactionIds.New()).StartAsync(Start(subject, requester));

        Assert.Null(outcome.Issued);
        Assert.Equal("unauthorized_client", outcome.Error);
        Assert.Empty(await Agent(subject).GetTransactionsAsync());
    }

    [Fact]
    public async Task CompromiseAsync_OfTheSubject_RevokesItsTransactionsDurably()
    {
        var (subject, requester) = await AgentsAsync(transactions: true);
        var txn = TransactionIds.New();
        var issued = (await Transaction(txn).StartAsync(Start(subject, requester))).Issued!;

        await Agent(subject).CompromiseAsync(AgentRequests.Admin("stolen"));

        var record = await Transaction(txn).GetAsync(Known(txn, subject, requester, issued));
        Assert.Equal(TransactionState.Revoked, record.State);
        Assert.Contains("stolen", record.RevocationReason, StringComparison.Ordinal);
        Assert.Empty(await Agent(requester).GetTransactionsAsync());

        var replacement = await Transaction(txn).ReplaceAsync(new TransactionReplacement(
            Presented(txn, subject, requester, issued), requester.ToString(), ["read"], null, "private_key_jwt", "corr-replace"));
        Assert.Equal("invalid_request", replacement.Error);
        Assert.Contains("revoked", replacement.ErrorDescription, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReplaceAsync_NarrowerScope_KeepsTheTransactionAndAppendsTheRequester()
    {
        var (subject, requester) = await AgentsAsync(transactions: true);
        var txn = TransactionIds.New();
        var issued = (await Transaction(txn).StartAsync(Start(subject, requester, scopes: ["read", "write"]))).Issued!;

        var replaced = await Transaction(txn).ReplaceAsync(new TransactionReplacement(
            Presented(txn, subject, requester, issued), requester.ToString(), ["read"], """{"page":2}""", "private_key_jwt", "corr-replace"));

        var claims = Payload(replaced.Issued!.Token);
        Assert.Equal(txn, claims.GetProperty("txn").GetString());
        Assert.Equal("read", claims.GetProperty("scope").GetString());
        Assert.Equal($"{requester},{requester}", claims.GetProperty("req_wl").GetString());
        Assert.True(replaced.Issued.ExpiresAt <= issued.ExpiresAt);
    }

    [Fact]
    public async Task RevokeAsync_UnknownToTheActivation_IsStoredAndWinsOverWhatATokenSays()
    {
        var txn = TransactionIds.New();
        var now = fixture.Clock.GetUtcNow();
        var known = new TransactionRecord(txn, "spiffe://aims.test/tests/s", AimsClusterFixture.TrustDomainName, "read",
            ["spiffe://aims.test/tests/w"], now, now.AddMinutes(5), TransactionState.Active, null, 0);

        var revoked = await Transaction(txn).RevokeAsync(known, "revoked by test", "corr-revoke");
        await fixture.GrainFactory.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);

        Assert.Equal(TransactionState.Revoked, revoked.State);
        Assert.Equal(TransactionState.Revoked, (await Transaction(txn).GetAsync(known)).State);
    }

    private async Task<(SpiffeId Subject, SpiffeId Requester)> AgentsAsync(bool transactions)
    {
        var oauth = new Dictionary<string, object> { ["scopes"] = new[] { "read", "write" }, ["resources"] = new[] { "https://api.example.test" } };
        if (transactions)
            oauth["transactions"] = new Dictionary<string, object> { ["ttl_seconds"] = 120 };
        var json = JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["rules"] = new[] { new Dictionary<string, object> { ["match"] = TestPolicies.Match, ["audiences"] = new[] { "*" }, ["oauth"] = oauth } },
        });
        var policy = await TestPolicies.PutNewAsync(fixture.GrainFactory, json);
        var subject = AimsClusterFixture.NewAgentId("txn-subject");
        var requester = AimsClusterFixture.NewAgentId("txn-requester");
        foreach (var id in new[] { subject, requester })
        {
            await Agent(id).RegisterAsync(AgentRequests.Register(policy));
            await Agent(id).AttestAndIssueAsync(AgentRequests.Issue());
        }

        return (subject, requester);
    }

    private static TransactionStart Start(SpiffeId subject, SpiffeId requester, IReadOnlyList<string>? scopes = null) => new(
        Issuer, AimsClusterFixture.TrustDomainName, requester.ToString(), subject.ToString(), "jti-subject", subject.ToString(),
        [requester.ToString()], scopes ?? ["read"], """{"report":"q1"}""", """{"authn":"urn:ietf:rfc:6749"}""", "private_key_jwt", "corr-start");

    private static PresentedTxnToken Presented(string txn, SpiffeId subject, SpiffeId requester, TxnTokenIssued issued) => new(
        Issuer, txn, subject.ToString(), AimsClusterFixture.TrustDomainName, issued.Scope, [requester.ToString()],
        """{"report":"q1"}""", """{"authn":"urn:ietf:rfc:6749"}""", issued.IssuedAt, issued.ExpiresAt);

    private static TransactionRecord Known(string txn, SpiffeId subject, SpiffeId requester, TxnTokenIssued issued) =>
        TransactionRecord.From(Presented(txn, subject, requester, issued));

    private IAgentGrain Agent(SpiffeId id) => fixture.GrainFactory.GetGrain<IAgentGrain>(GrainKeys.Agent(id));

    private ITransactionGrain Transaction(string txn) => fixture.GrainFactory.GetGrain<ITransactionGrain>(GrainKeys.Transaction(txn));

    private static JsonElement Payload(string token) =>
        JsonDocument.Parse(Encoding.UTF8.GetString(Base64Url.Decode(token.Split('.')[1]))).RootElement.Clone();
}
