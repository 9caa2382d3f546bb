using System.Net;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Aims.Api.Tests.Testing;
using static Aims.Api.Tests.Attestation.AttestationWire;

namespace Aims.Api.Tests.Attestation;

[Collection(AimsApiCollection.Name)]
public sealed class ChallengeAndTpmKeyTests(AimsApiFixture fixture)
{
    [Fact]
    public async Task Challenge_Anonymous_Returns32ByteBase64UrlNonceWithExpiry()
    {
        using var response = await fixture.Anonymous.PostAsync("/v1/attest/challenge", null);

        var json = await Wire.AssertJsonAsync(response, HttpStatusCode.OK);
        var nonce = json.GetProperty("nonce").GetString()!;
        Assert.Equal(43, nonce.Length);
        Assert.Equal(32, Convert.FromBase64String(nonce.Replace('-', '+').Replace('_', '/') + "=").Length);
        Endpoints.AgentEndpointsTests.AssertRfc3339Utc(json.GetProperty("expires_at").GetString()!);
        Assert.NotEqual(nonce, await ChallengeAsync(fixture.Anonymous));
    }

    [Fact]
    public async Task EnrolTpmKey_EcAk_Returns201WithIdSelectorAndPinnedPcrs()
    {
        var id = Wire.NewAgentId("tpm-enrol");
        await Wire.RegisterAsync(fixture.Operator, id);
        using var ak = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var pcr = Convert.ToHexStringLower(SHA256.HashData("boot"u8));

        using var response = await EnrolAsync(id, ak.ExportSubjectPublicKeyInfoPem(), new JsonObject { ["16"] = pcr });

        var json = await Wire.AssertJsonAsync(response, HttpStatusCode.Created);
        var akId = Convert.ToHexStringLower(SHA256.HashData(ak.ExportSubjectPublicKeyInfo()));
        Assert.Equal(akId, json.GetProperty("ak_id").GetString());
        Assert.Equal($"tpm:ak:{akId}", json.GetProperty("selector").GetString());
        Assert.Equal(pcr, json.GetProperty("pcrs").GetProperty("16").GetString());

        using var shown = await fixture.Operator.GetAsync($"/v1/agents/{Wire.Encode(id)}/tpm-keys/{akId}");
        Assert.Equal(id, (await Wire.AssertJsonAsync(shown, HttpStatusCode.OK)).GetProperty("spiffe_id").GetString());
    }

    [Fact]
    public async Task EnrolTpmKey_SameKeyForAnotherAgent_Returns409()
    {
        var first = Wire.NewAgentId("tpm-first");
        var second = Wire.NewAgentId("tpm-second");
        await Wire.RegisterAsync(fixture.Operator, first);
        await Wire.RegisterAsync(fixture.Operator, second);
        using var ak = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using (var enrolled = await EnrolAsync(first, ak.ExportSubjectPublicKeyInfoPem()))
            await Wire.AssertJsonAsync(enrolled, HttpStatusCode.Created);

        using var response = await EnrolAsync(second, ak.ExportSubjectPublicKeyInfoPem());

        Assert.Contains("another agent", await Wire.AssertProblemAsync(response, HttpStatusCode.Conflict), StringComparison.Ordinal);
    }

    [Fact]
    public async Task EnrolTpmKey_UnregisteredAgent_Returns404()
    {
        using var ak = ECDsa.Create(ECCurve.NamedCurves.nistP256);

        using var response = await EnrolAsync(Wire.NewAgentId("tpm-nobody"), ak.ExportSubjectPublicKeyInfoPem());

        await Wire.AssertProblemAsync(response, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task EnrolTpmKey_NotAPublicKey_Returns400()
    {
        var id = Wire.NewAgentId("tpm-bad");
        await Wire.RegisterAsync(fixture.Operator, id);

        using var response = await EnrolAsync(id, "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----");

        Assert.Contains("PUBLIC KEY", await Wire.AssertProblemAsync(response, HttpStatusCode.BadRequest), StringComparison.Ordinal);
    }

    [Fact]
    public async Task EnrolTpmKey_WithoutOperatorToken_Returns401()
    {
        using var ak = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var body = new JsonObject { ["public_key"] = ak.ExportSubjectPublicKeyInfoPem() };

        using var response = await fixture.Anonymous.PostAsync($"/v1/agents/{Wire.Encode(Wire.NewAgentId("tpm-anon"))}/tpm-keys", Wire.Json(body));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task DeleteTpmKey_Enrolled_Returns204ThenQuoteIsRefusedAsUnknownKey()
    {
        var id = Wire.NewAgentId("tpm-remove");
        await Wire.RegisterAsync(fixture.Operator, id);
        using var ak = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var akId = Convert.ToHexStringLower(SHA256.HashData(ak.ExportSubjectPublicKeyInfo()));
        using (var enrolled = await EnrolAsync(id, ak.ExportSubjectPublicKeyInfoPem()))
            await Wire.AssertJsonAsync(enrolled, HttpStatusCode.Created);

        using (var removed = await fixture.Operator.DeleteAsync($"/v1/agents/{Wire.Encode(id)}/tpm-keys/{akId}"))
            Assert.Equal(HttpStatusCode.NoContent, removed.StatusCode);

        var evidence = new JsonObject
        {
            ["type"] = "tpm",
            ["ak_id"] = akId,
            ["quote"] = AgentKey.Base64Url(new byte[64]),
            ["signature"] = AgentKey.Base64Url(new byte[64]),
            ["pcrs"] = new JsonObject { ["0"] = new string('0', 64) },
            ["nonce"] = await ChallengeAsync(fixture.Anonymous),
        };
        using var response = await Wire.AttestAsync(fixture.Anonymous, Body(null, evidence));
        Assert.StartsWith("tpm.key: ", await Wire.AssertProblemAsync(response, HttpStatusCode.Forbidden), StringComparison.Ordinal);
    }

    private Task<HttpResponseMessage> EnrolAsync(string id, string pem, JsonObject? pcrs = null)
    {
        var body = new JsonObject { ["public_key"] = pem };
        if (pcrs is not null)
            body["pcrs"] = pcrs;
        return fixture.Operator.PostAsync($"/v1/agents/{Wire.Encode(id)}/tpm-keys", Wire.Json(body));
    }
}
