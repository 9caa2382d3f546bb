// A tool server that accepts the fabric's agents. Everything it needs is four calls into Aims.ResourceServer:
// validate the fabric's access tokens, subscribe to its signals, publish resource metadata, require a scope.
using System.Security.Claims;
using Aims.ResourceServer;
using Aims.ResourceServer.Authentication;
using Aims.ResourceServer.Authorization;
using Aims.ResourceServer.Metadata;

var builder = WebApplication.CreateBuilder(args);
var aims = builder.Configuration.GetSection("Aims");

// Access tokens of the fabric (Aims:Issuer) for this tool (Aims:Resource), checked locally on every request. With
// Aims:TrustDomain set, agents may also prove possession on each request with their WIT and a WPT (headers
// Workload-Identity-Token and Workload-Proof-Token, whose aud is Aims:PublicBaseUrl or the Resource's origin + path).
builder.Services.AddAuthentication(AimsAccessTokenDefaults.AuthenticationScheme)
    .AddAimsAccessTokens(options => aims.Bind(options));
builder.Services.AddAuthorization();

// The fabric's signals: a compromised or suspended agent is refused here within seconds, not when its token expires.
// The tool authenticates to the fabric with its own JWT-SVID (audience {issuer}/oauth2/token), which a SPIFFE
// helper keeps fresh in a file; the subscriber trades it for an ssf.manage token with client_credentials.
var svidFile = aims["Signals:JwtSvidFile"] ?? throw new InvalidOperationException("Set Aims:Signals:JwtSvidFile.");
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

app.Run();
