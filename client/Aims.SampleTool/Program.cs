// A tool server that accepts the fabric's agents. Everything it needs is four calls into Aims.ResourceServer:
// validate the fabric's access tokens, subscribe to its signals, publish resource metadata, require a scope.
// Two more make it part of a call chain: transaction tokens (draft-ietf-oauth-transaction-tokens) in and out.
using System.Security.Claims;
using Aims.ResourceServer;
using Aims.ResourceServer.Authentication;
using Aims.ResourceServer.Authorization;
using Aims.ResourceServer.Metadata;
using Aims.ResourceServer.Transactions;

var builder = WebApplication.CreateBuilder(args);
var aims = builder.Configuration.GetSection("Aims");

// Access tokens of the fabric (Aims:Issuer) for this tool (Aims:Resource), checked locally on every request. With
// Aims:TrustDomain set, agents may also prove possession on each request with their WIT and a WPT (headers
// Workload-Identity-Token and Workload-Proof-Token, whose aud is Aims:PublicBaseUrl or the Resource's origin + path),
// and transaction tokens of that trust domain arrive in the Txn-Token header, which the tool also obtains from the
// fabric with the same JWT-SVID as below.
var svidFile = aims["Signals:JwtSvidFile"] ?? throw new InvalidOperationException("Set Aims:Signals:JwtSvidFile.");
builder.Services.AddAuthentication(AimsAccessTokenDefaults.AuthenticationScheme)
    .AddAimsAccessTokens(options => aims.Bind(options))
    .AddAimsTxnTokens(options =>
    {
        options.TrustDomain = aims["TrustDomain"] ?? "aims.local";
        options.ClientAssertion = cancellationToken => File.ReadAllTextAsync(svidFile, cancellationToken);
    });
builder.Services.AddAuthorization();
builder.Services.AddHttpClient("ledger", client => client.BaseAddress = new Uri(aims["Ledger"] ?? aims["Resource"]!));

// The fabric's signals: a compromised or suspended agent is refused here within seconds, not when its token expires.
// The tool authenticates to the fabric with its own JWT-SVID (audience {issuer}/oauth2/token), which a SPIFFE
// helper keeps fresh in a file; the subscriber trades it for an ssf.manage token with client_credentials.
builder.Services.AddAimsSignalSubscriber(options =>
{
    options.ReceiverId = aims["Signals:ReceiverId"];
    options.ClientAssertion = cancellationToken => File.ReadAllTextAsync(svidFile, cancellationToken);
});

var app = builder.Build();
app.UseAuthentication();
app.UseAuthorization();

// RFC 9728: where an agent learns which authorization server and scopes this tool wants. A 401 points here with
// WWW-Authenticate: Bearer resource_metadata="http://127.0.0.1:5180/.well-known/oauth-protected-resource".
app.MapProtectedResourceMetadata();

string[] reports = ["q1-revenue", "q2-revenue"];
app.MapGet("/reports", (ClaimsPrincipal agent) => new
{
    requestedBy = agent.FindFirstValue(AimsClaimTypes.ClientId),
    onBehalfOf = agent.FindFirstValue(AimsClaimTypes.Subject),
    provenByWpt = agent.FindFirstValue(AimsClaimTypes.Workload),
    reports,
}).RequireScope("read:reports");

// A call that fans out: the agent's access token starts a transaction at the fabric, and the ledger (Aims:Ledger,
// by default this very server) gets the Txn-Token, never the access token.
app.MapGet("/reports/{id}/summary", async (string id, HttpContext http, FabricTransactionTokens transactions, IHttpClientFactory clients) =>
{
    var accessToken = http.Request.Headers.Authorization.ToString()["Bearer ".Length..];
    var txn = await transactions.StartAsync(accessToken, "read:reports",
        requestDetails: System.Text.Json.JsonSerializer.Serialize(new { action = "summarize", report = id }));
    using var call = new HttpRequestMessage(HttpMethod.Get, "/entries");
    call.Headers.Add(AimsTxnTokenDefaults.Header, txn.Token);
    using var answer = await clients.CreateClient("ledger").SendAsync(call);
    return Results.Text(await answer.Content.ReadAsStringAsync(), "application/json", statusCode: (int)answer.StatusCode);
}).RequireScope("read:reports");

// The ledger: an internal endpoint of the call chain, reached only with a Txn-Token of the trust domain.
app.MapGet("/entries", (ClaimsPrincipal transaction) => new
{
    txn = transaction.FindFirstValue(TxnClaimTypes.Txn),
    onBehalfOf = transaction.FindFirstValue(AimsClaimTypes.Subject),
    callChain = transaction.FindAll(TxnClaimTypes.RequestingWorkload).Select(c => c.Value),
    context = transaction.FindFirstValue(TxnClaimTypes.TransactionContext),
}).RequireTransactionScope("read:reports");

app.Run();
