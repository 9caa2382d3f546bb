using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.RegularExpressions;
using Aims.Api.Tests.Testing;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Aims.Api.Tests.Security;

[Collection(AimsApiCollection.Name)]
public sealed partial class OperatorAccessTests(AimsApiFixture fixture)
{
    public static TheoryData<string> BadCredentials => ["none", "wrong-bearer", "basic-with-operator-token", "bearer-without-token", "operator-token-without-scheme"];

    [Theory]
    [MemberData(nameof(BadCredentials))]
    public async Task EveryOperatorEndpoint_WithoutValidOperatorToken_Returns401Problem(string credentials)
    {
        var endpoints = OperatorEndpoints();

        foreach (var (method, path) in endpoints)
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = Wire.Json("{}") };
            Authorize(request, credentials);

            using var response = await fixture.Anonymous.SendAsync(request);

            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{method} {path} with {credentials}: {(int)response.StatusCode} {text}");
            await Wire.AssertProblemAsync(response, HttpStatusCode.Unauthorized);
            Assert.Contains(response.Headers.WwwAuthenticate, h => h.Scheme == "Bearer");
        }
    }

    [Fact]
    public void OperatorEndpoints_Enumerated_IncludeEveryAdminFamily()
    {
        var endpoints = OperatorEndpoints().Select(e => $"{e.Method} {e.Path}").ToList();

        // The enumeration must not pass vacuously: each family of API.md's operator API is present.
        Assert.Contains(endpoints, e => e.StartsWith("POST /v1/agents", StringComparison.Ordinal));
        Assert.Contains(endpoints, e => e.StartsWith("POST /v1/join-tokens", StringComparison.Ordinal));
        Assert.Contains(endpoints, e => e.StartsWith("PUT /v1/policies/", StringComparison.Ordinal));
        Assert.Contains(endpoints, e => e.StartsWith("GET /v1/audit/verify", StringComparison.Ordinal));
        Assert.Contains(endpoints, e => e.Contains("/suspend", StringComparison.Ordinal));
        Assert.True(endpoints.Count >= 14, string.Join("\n", endpoints));
    }

    [Theory]
    [InlineData("/v1/svid/x509", "{\"csr\":\"x\"}")]
    [InlineData("/v1/svid/jwt", "{\"audience\":[\"a\"]}")]
    [InlineData("/v1/wit", "{\"jwk\":{}}")]
    public async Task AgentEndpoint_WithoutClientCertificate_Returns401EvenWithOperatorToken(string path, string body)
    {
        using var anonymous = await fixture.Anonymous.PostAsync(path, Wire.Json(body));
        using var withOperatorToken = await fixture.Operator.PostAsync(path, Wire.Json(body));

        await Wire.AssertProblemAsync(anonymous, HttpStatusCode.Unauthorized);
        await Wire.AssertProblemAsync(withOperatorToken, HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Attest_WithoutAuthentication_IsNotRefusedAsUnauthorized()
    {
        using var response = await fixture.Anonymous.PostAsync("/v1/attest", Wire.Json("{}"));

        await Wire.AssertProblemAsync(response, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task ListAgents_WithOperatorToken_Returns200()
    {
        using var response = await fixture.Operator.GetAsync("/v1/agents");

        await Wire.AssertJsonAsync(response, HttpStatusCode.OK);
    }

    [Fact]
    public void OperatorTokenFile_OnFirstStart_IsOwnerReadWriteOnly()
    {
        Assert.True(fixture.OperatorToken.Length >= 32);
        if (!OperatingSystem.IsWindows())
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(fixture.OperatorTokenPath));
    }

    /// <summary>Every /v1 route from the live endpoint data source, except attestation (anonymous) and agent renewal (mTLS).</summary>
    private List<(string Method, string Path)> OperatorEndpoints()
    {
        var source = fixture.Services.GetRequiredService<EndpointDataSource>();
        var endpoints = new List<(string, string)>();
        foreach (var endpoint in source.Endpoints.OfType<RouteEndpoint>())
        {
            var route = "/" + endpoint.RoutePattern.RawText!.TrimStart('/');
            if (!route.StartsWith("/v1/", StringComparison.Ordinal) && route != "/v1")
                continue;
            if (route.StartsWith("/v1/attest", StringComparison.Ordinal) || route.StartsWith("/v1/svid", StringComparison.Ordinal) || route.StartsWith("/v1/wit", StringComparison.Ordinal))
                continue;

            var path = Parameter().Replace(route, m => m.Groups[1].Value switch
            {
                "id" => Wire.Encode(Wire.NewAgentId("unauthenticated")),
                _ => "default",
            });
            foreach (var method in endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["GET"])
                endpoints.Add((method, path));
        }

        return endpoints;
    }

    private void Authorize(HttpRequestMessage request, string credentials)
    {
        switch (credentials)
        {
            case "none":
                break;
            case "wrong-bearer":
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", new string('x', 43));
                break;
            case "basic-with-operator-token":
                request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("operator:" + fixture.OperatorToken)));
                break;
            case "bearer-without-token":
                request.Headers.TryAddWithoutValidation("Authorization", "Bearer ");
                break;
            case "operator-token-without-scheme":
                request.Headers.TryAddWithoutValidation("Authorization", fixture.OperatorToken);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(credentials), credentials, null);
        }
    }

    [GeneratedRegex(@"\{([a-zA-Z]+)[^}]*\}")]
    private static partial Regex Parameter();
}
