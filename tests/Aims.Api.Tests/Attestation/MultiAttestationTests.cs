using System.Net;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Aims.Api.Tests.Testing;
using static Aims.Api.Tests.Attestation.AttestationWire;

namespace Aims.Api.Tests.Attestation;

/// <summary>
/// <c>POST /v1/attest</c> with Kubernetes, OIDC and SLSA evidence through the real front end. The tokens and the
/// provenance are minted with the keys of <see cref="AttestationAuthorities"/> (no cluster, cloud or CI here).
/// </summary>
[Collection(AimsApiCollection.Name)]
public sealed class MultiAttestationTests(AimsApiFixture fixture)
{
    private static readonly string[] PodSelectors = ["k8s:ns:payments", "k8s:sa:api"];

    [Fact]
    public async Task Attest_K8sTokenProvingRegisteredSelectors_IssuesAndShowsEvidenceOnAgent()
    {
        var (policy, prefix) = await PolicyAsync(fixture.Operator);
        var id = await RegisterAsync(fixture.Operator, prefix + "api", policy, PodSelectors);
        var podUid = Guid.NewGuid().ToString();

        using var response = await Wire.AttestAsync(fixture.Anonymous, Body(id, K8s(AttestationAuthorities.PodToken(podUid))));

        var result = await Wire.AssertJsonAsync(response, HttpStatusCode.OK);
        Assert.Equal(id, result.GetProperty("spiffe_id").GetString());
        var attestation = (await AgentAsync(fixture.Operator, id)).GetProperty("attestation");
        Assert.Equal(["k8s_psat"], attestation.GetProperty("evidence_types").EnumerateArray().Select(e => e.GetString()));
        var selectors = attestation.GetProperty("selectors").EnumerateArray().Select(s => s.GetString()).ToList();
        Assert.Contains("k8s:ns:payments", selectors);
        Assert.Contains($"k8s:pod-uid:{podUid}", selectors);
        var evidence = Assert.Single(attestation.GetProperty("evidence").EnumerateArray());
        Assert.Equal("k8s_psat", evidence.GetProperty("type").GetString());
        Assert.StartsWith($"issuer {AttestationAuthorities.ClusterIssuer}", evidence.GetProperty("verified_by").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Attest_EvidenceMissingARegisteredSelector_Returns403NamingIt()
    {
        var (policy, prefix) = await PolicyAsync(fixture.Operator);
        var id = await RegisterAsync(fixture.Operator, prefix + "api", policy, "k8s:ns:payments", "k8s:sa:batch");

        using var response = await Wire.AttestAsync(fixture.Anonymous, Body(id, K8s(AttestationAuthorities.PodToken("p"))));

        var detail = await Wire.AssertProblemAsync(response, HttpStatusCode.Forbidden);
        Assert.Contains("'k8s:sa:batch'", detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Attest_K8sTokenForAgentWithoutSelectors_Returns403()
    {
        var (policy, prefix) = await PolicyAsync(fixture.Operator);
        var id = await RegisterAsync(fixture.Operator, prefix + "api", policy);

        using var response = await Wire.AttestAsync(fixture.Anonymous, Body(id, K8s(AttestationAuthorities.PodToken("p"))));

        var detail = await Wire.AssertProblemAsync(response, HttpStatusCode.Forbidden);
        Assert.Contains("no registered selectors", detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Attest_K8sTokenWithoutSpiffeId_Returns400()
    {
        using var response = await Wire.AttestAsync(fixture.Anonymous, Body(null, K8s(AttestationAuthorities.PodToken("p"))));

        var detail = await Wire.AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains("spiffe_id is required", detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Attest_K8sTokenForAnotherAudience_Returns403ByAudienceRuleAndIsAudited()
    {
        var (policy, prefix) = await PolicyAsync(fixture.Operator);
        var id = await RegisterAsync(fixture.Operator, prefix + "api", policy, PodSelectors);

        using var response = await Wire.AttestAsync(fixture.Anonymous, Body(id, K8s(AttestationAuthorities.PodToken("p", audience: "https://kubernetes.default.svc"))));

        var detail = await Wire.AssertProblemAsync(response, HttpStatusCode.Forbidden);
        Assert.StartsWith("k8s_psat.audience: ", detail, StringComparison.Ordinal);
        var denied = (await AuditAsync(fixture.Operator, id)).Single(r => r.GetProperty("action").GetString() == "agent.attest");
        Assert.Equal("denied", denied.GetProperty("decision").GetString()!.ToLowerInvariant());
        Assert.Equal("evidence:k8s_psat", denied.GetProperty("resource").GetString());
    }

    [Fact]
    public async Task Attest_TokenOfUntrustedIssuer_Returns403ByIssuerRule()
    {
        var (policy, prefix) = await PolicyAsync(fixture.Operator);
        var id = await RegisterAsync(fixture.Operator, prefix + "api", policy, PodSelectors);
        using var rogue = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var header = AgentKey.Base64Url("""{"alg":"ES256","kid":"x"}"""u8.ToArray());
        var claims = AgentKey.Base64Url("""{"iss":"https://rogue.example","sub":"system:serviceaccount:payments:api","aud":"aims"}"""u8.ToArray());
        var signature = rogue.SignData(System.Text.Encoding.ASCII.GetBytes(header + "." + claims), HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        var token = $"{header}.{claims}.{AgentKey.Base64Url(signature)}";

        using var response = await Wire.AttestAsync(fixture.Anonymous, Body(id, K8s(token)));

        var detail = await Wire.AssertProblemAsync(response, HttpStatusCode.Forbidden);
        Assert.Contains("k8s_psat.issuer: issuer 'https://rogue.example' is not trusted", detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Attest_SingleUseOidcTokenTwice_SecondRefusedAsReplay()
    {
        var (policy, prefix) = await PolicyAsync(fixture.Operator);
        var id = await RegisterAsync(fixture.Operator, prefix + "ci", policy, "oidc:repository:acme/payments", $"oidc:iss:{AttestationAuthorities.OidcIssuer}");
        var token = AttestationAuthorities.CiToken();
        using (var first = await Wire.AttestAsync(fixture.Anonymous, Body(id, Oidc(token))))
            await Wire.AssertJsonAsync(first, HttpStatusCode.OK);

        using var second = await Wire.AttestAsync(fixture.Anonymous, Body(id, Oidc(token)));

        var detail = await Wire.AssertProblemAsync(second, HttpStatusCode.Forbidden);
        Assert.StartsWith("oidc.replay: ", detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Attest_OidcTokenForAnotherAudience_Returns403()
    {
        var (policy, prefix) = await PolicyAsync(fixture.Operator);
        var id = await RegisterAsync(fixture.Operator, prefix + "ci", policy, "oidc:repository:acme/payments");

        using var response = await Wire.AttestAsync(fixture.Anonymous, Body(id, Oidc(AttestationAuthorities.CiToken(audience: "https://github.com/acme"))));

        Assert.StartsWith("oidc.audience: ", await Wire.AssertProblemAsync(response, HttpStatusCode.Forbidden), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Attest_PolicyRequiresK8sAndSlsa_K8sAloneRefusedBothIssued()
    {
        var (policy, prefix) = await PolicyAsync(fixture.Operator, "k8s_psat", "slsa");
        var id = await RegisterAsync(fixture.Operator, prefix + "api", policy, [.. PodSelectors, $"slsa:builder:{AttestationAuthorities.BuilderId}"]);
        var image = AttestationAuthorities.ImageDigest("api:" + Guid.NewGuid());

        using (var alone = await Wire.AttestAsync(fixture.Anonymous, Body(id, K8s(AttestationAuthorities.PodToken("p", imageDigests: image)))))
            Assert.Contains("requires attestation type 'slsa'", await Wire.AssertProblemAsync(alone, HttpStatusCode.Forbidden), StringComparison.Ordinal);

        var envelope = AttestationAuthorities.Envelope(AttestationAuthorities.Provenance(image["sha256:".Length..]));
        using var both = await Wire.AttestAsync(fixture.Anonymous, Body(id, K8s(AttestationAuthorities.PodToken("p", imageDigests: image)), Slsa(envelope, $"k8s:image:{image}")));

        await Wire.AssertJsonAsync(both, HttpStatusCode.OK);
        var attestation = (await AgentAsync(fixture.Operator, id)).GetProperty("attestation");
        Assert.Equal(["k8s_psat", "slsa"], attestation.GetProperty("evidence_types").EnumerateArray().Select(e => e.GetString()));
        Assert.Contains($"slsa:source:{AttestationAuthorities.Source}", attestation.GetProperty("selectors").EnumerateArray().Select(s => s.GetString()));
        var allowed = (await AuditAsync(fixture.Operator, id)).Last(r => r.GetProperty("action").GetString() == "agent.attest");
        Assert.Contains("evidence: k8s_psat by issuer", allowed.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Contains($"slsa by builder {AttestationAuthorities.BuilderId}", allowed.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Attest_ProvenanceOfAnotherImage_Returns403BySubjectRule()
    {
        var (policy, prefix) = await PolicyAsync(fixture.Operator);
        var id = await RegisterAsync(fixture.Operator, prefix + "api", policy, PodSelectors);
        var running = AttestationAuthorities.ImageDigest("running");
        var built = AttestationAuthorities.ImageDigest("something-else");

        using var response = await Wire.AttestAsync(fixture.Anonymous, Body(id,
            K8s(AttestationAuthorities.PodToken("p", imageDigests: running)),
            Slsa(AttestationAuthorities.Envelope(AttestationAuthorities.Provenance(built["sha256:".Length..])))));

        Assert.StartsWith("slsa.subject: ", await Wire.AssertProblemAsync(response, HttpStatusCode.Forbidden), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Attest_MeasuredDigestAssertedByCaller_Returns403ByMeasuredRule()
    {
        var (policy, prefix) = await PolicyAsync(fixture.Operator);
        var id = await RegisterAsync(fixture.Operator, prefix + "api", policy, PodSelectors);
        var claimed = AttestationAuthorities.ImageDigest("claimed-only");

        using var response = await Wire.AttestAsync(fixture.Anonymous, Body(id,
            K8s(AttestationAuthorities.PodToken("p")),
            Slsa(AttestationAuthorities.Envelope(AttestationAuthorities.Provenance(claimed["sha256:".Length..])), claimed)));

        var detail = await Wire.AssertProblemAsync(response, HttpStatusCode.Forbidden);
        Assert.StartsWith("slsa.measured: ", detail, StringComparison.Ordinal);
        Assert.Contains("was not measured by another verified item", detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Attest_ProvenanceSignedByUntrustedBuilder_Returns403BySignatureRule()
    {
        var (policy, prefix) = await PolicyAsync(fixture.Operator);
        var id = await RegisterAsync(fixture.Operator, prefix + "api", policy, PodSelectors);
        var image = AttestationAuthorities.ImageDigest("api");
        using var rogue = ECDsa.Create(ECCurve.NamedCurves.nistP256);

        using var response = await Wire.AttestAsync(fixture.Anonymous, Body(id,
            K8s(AttestationAuthorities.PodToken("p", imageDigests: image)),
            Slsa(AttestationAuthorities.Envelope(AttestationAuthorities.Provenance(image["sha256:".Length..]), rogue))));

        Assert.StartsWith("slsa.signature: ", await Wire.AssertProblemAsync(response, HttpStatusCode.Forbidden), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Attest_ProvenanceOfBuilderTheKeyMayNotVouchFor_Returns403ByBuilderRule()
    {
        var (policy, prefix) = await PolicyAsync(fixture.Operator);
        var id = await RegisterAsync(fixture.Operator, prefix + "api", policy, PodSelectors);
        var image = AttestationAuthorities.ImageDigest("api");

        using var response = await Wire.AttestAsync(fixture.Anonymous, Body(id,
            K8s(AttestationAuthorities.PodToken("p", imageDigests: image)),
            Slsa(AttestationAuthorities.Envelope(AttestationAuthorities.Provenance(image["sha256:".Length..], "https://laptop.example/make")))));

        Assert.StartsWith("slsa.builder: ", await Wire.AssertProblemAsync(response, HttpStatusCode.Forbidden), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Attest_ProvenanceSignedWithOpenSsl_Verifies()
    {
        var (policy, prefix) = await PolicyAsync(fixture.Operator, "slsa");
        var id = await RegisterAsync(fixture.Operator, prefix + "api", policy, PodSelectors);
        var image = AttestationAuthorities.ImageDigest("api-openssl");
        var payload = System.Text.Encoding.UTF8.GetBytes(AttestationAuthorities.Provenance(image["sha256:".Length..]).ToJsonString());
        using var dir = Aims.Testing.ExternalTool.CreateTempDirectory();
        await File.WriteAllTextAsync(dir.File("builder.pem"), AttestationAuthorities.BuilderKey.ExportPkcs8PrivateKeyPem());
        await File.WriteAllBytesAsync(dir.File("pae.bin"), AttestationAuthorities.Pae(payload));

        // The builder's signature made by a tool we did not write: openssl's DER ECDSA over SHA-256 of the PAE.
        var signed = await Aims.Testing.ExternalTool.OpenSslAsync(dir.Path, "dgst", "-sha256", "-sign", "builder.pem", "-out", "pae.sig", "pae.bin");
        Assert.True(signed.ExitCode == 0, signed.Output);
        var envelope = AttestationAuthorities.Envelope(payload, await File.ReadAllBytesAsync(dir.File("pae.sig")));

        using var response = await Wire.AttestAsync(fixture.Anonymous, Body(id, K8s(AttestationAuthorities.PodToken("p", imageDigests: image)), Slsa(envelope)));

        await Wire.AssertJsonAsync(response, HttpStatusCode.OK);
    }

    [Fact]
    public async Task Attest_UnixEvidenceOverHttp_Returns400()
    {
        var body = Body(Wire.NewAgentId("unix"), new JsonObject { ["type"] = "unix", ["uid"] = 0 });

        using var response = await Wire.AttestAsync(fixture.Anonymous, body);

        Assert.Contains("unix evidence comes only from a node agent", await Wire.AssertProblemAsync(response, HttpStatusCode.BadRequest), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"type":"k8s_psat"}""", "needs a \"token\"")]
    [InlineData("""{"type":"k8s_psat","token":"x","extra":1}""", "unknown member 'extra'")]
    [InlineData("""{"type":"slsa","envelope":{"payloadType":"x"}}""", "payload")]
    [InlineData("""{"type":"tpm","quote":"AA","signature":"AA","pcrs":{"0":"00"},"nonce":"x"}""", "ak_id")]
    public async Task Attest_MalformedEvidenceItem_Returns400SayingWhatToFix(string item, string expected)
    {
        var body = Body(Wire.NewAgentId("malformed"), JsonNode.Parse(item)!.AsObject());

        using var response = await Wire.AttestAsync(fixture.Anonymous, body);

        Assert.Contains(expected, await Wire.AssertProblemAsync(response, HttpStatusCode.BadRequest), StringComparison.Ordinal);
    }
}
