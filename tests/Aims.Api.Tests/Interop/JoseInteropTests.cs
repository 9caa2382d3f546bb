using System.Net;
using System.Text.Json;
using Aims.Api.Tests.Testing;
using Aims.Testing;

namespace Aims.Api.Tests.Interop;

/// <summary>The issued JWT-SVIDs and WITs as npm <c>jose</c> (a JOSE library nobody here wrote) sees them.</summary>
[Collection(AimsApiCollection.Name)]
public sealed class JoseInteropTests(AimsApiFixture fixture)
{
    private const string Audience = "spiffe://aims.local/svc/db";

    [NodeInteropFact]
    public async Task Jose_JwtSvidAgainstPublishedBundle_Verifies()
    {
        var (id, _, result) = await AttestAsync();
        var token = result.GetProperty("jwt_svids")[0].GetProperty("token").GetString()!;

        var verify = await NodeInterop.VerifyJwtSvidAsync(await BundleJsonAsync(), token, Audience);

        Assert.True(verify.ExitCode == 0, verify.Output);
        var output = NodeInterop.ParseOutput(verify);
        Assert.True(output.GetProperty("ok").GetBoolean());
        Assert.Equal(id, output.GetProperty("sub").GetString());
    }

    [NodeInteropFact]
    public async Task Jose_JwtSvidWithWrongAudience_Fails()
    {
        var (_, _, result) = await AttestAsync();
        var token = result.GetProperty("jwt_svids")[0].GetProperty("token").GetString()!;

        var verify = await NodeInterop.VerifyJwtSvidAsync(await BundleJsonAsync(), token, "spiffe://aims.local/svc/other");

        Assert.Equal(1, verify.ExitCode);
        Assert.False(NodeInterop.ParseOutput(verify).GetProperty("ok").GetBoolean());
    }

    [NodeInteropFact]
    public async Task Jose_JwtSvidAgainstBundleInAttestResponse_Verifies()
    {
        var (_, _, result) = await AttestAsync();
        var token = result.GetProperty("jwt_svids")[0].GetProperty("token").GetString()!;

        var verify = await NodeInterop.VerifyJwtSvidAsync(result.GetProperty("spiffe_bundle").GetRawText(), token, Audience);

        Assert.True(verify.ExitCode == 0, verify.Output);
    }

    [NodeInteropFact]
    public async Task Jose_WitAgainstPublishedBundle_VerifiesAndBindsAgentKey()
    {
        var (id, jwk, result) = await AttestAsync();

        var verify = await NodeInterop.VerifyWitAsync(await BundleJsonAsync(), result.GetProperty("wit").GetString()!);

        Assert.True(verify.ExitCode == 0, verify.Output);
        var output = NodeInterop.ParseOutput(verify);
        Assert.Equal(id, output.GetProperty("sub").GetString());
        var cnf = output.GetProperty("cnf").GetProperty("jwk");
        Assert.Equal(jwk.GetProperty("x").GetString(), cnf.GetProperty("x").GetString());
        Assert.Equal(jwk.GetProperty("y").GetString(), cnf.GetProperty("y").GetString());
    }

    private async Task<string> BundleJsonAsync()
    {
        using var response = await fixture.Anonymous.GetAsync("/spiffe/bundle");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    private async Task<(string SpiffeId, JsonElement Jwk, JsonElement Result)> AttestAsync()
    {
        var (id, token) = await Wire.RegisteredWithTokenAsync(fixture.Operator, "jose");
        using var key = new AgentKey();
        var jwk = key.PublicJwk();
        using var response = await Wire.AttestAsync(fixture.Anonymous, Wire.AttestBody(token, jwk: jwk, audience: Audience));
        var result = await Wire.AssertJsonAsync(response, HttpStatusCode.OK);
        return (id, JsonSerializer.Deserialize<JsonElement>(jwk.ToJsonString()), result);
    }
}
