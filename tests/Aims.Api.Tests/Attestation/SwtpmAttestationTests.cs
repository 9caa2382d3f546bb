using System.Net;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Aims.Api.Tests.Testing;
using Aims.Testing;
using static Aims.Api.Tests.Attestation.AttestationWire;

namespace Aims.Api.Tests.Attestation;

/// <summary>
/// TPM attestation against a real software TPM: swtpm makes the EK and AKs and the quotes (tpm2-tools), the silo
/// verifies them through the real front end. Skipped without swtpm/tpm2-tools unless AIMS_REQUIRE_TPM=1.
/// </summary>
[Collection(AimsApiCollection.Name)]
public sealed class SwtpmAttestationTests(AimsApiFixture fixture, SwtpmAttestationTests.Tpm tpm) : IClassFixture<SwtpmAttestationTests.Tpm>
{
    [TpmFact]
    public async Task Attest_QuoteWithChallengeNonce_IssuesX509SvidAndOldNonceIsRefused()
    {
        var id = await EnrolledAgentAsync("tpm-quote", tpm.EcAk);
        var nonce = await ChallengeAsync(fixture.Anonymous);
        await tpm.Device.RunAsync("tpm2_pcrextend", $"16:sha256={Convert.ToHexStringLower(SHA256.HashData("measured-agent"u8))}");
        using var key = new AgentKey();

        var body = Body(null, await tpm.QuoteAsync(tpm.EcAk, nonce));
        body["csr"] = key.CsrPem();
        using var response = await Wire.AttestAsync(fixture.Anonymous, body);

        var result = await Wire.AssertJsonAsync(response, HttpStatusCode.OK);
        Assert.Equal(id, result.GetProperty("spiffe_id").GetString());
        Assert.StartsWith("-----BEGIN CERTIFICATE-----", result.GetProperty("x509_svid").GetString(), StringComparison.Ordinal);
        var attestation = (await AgentAsync(fixture.Operator, id)).GetProperty("attestation");
        var selectors = attestation.GetProperty("selectors").EnumerateArray().Select(s => s.GetString()).ToList();
        Assert.Contains($"tpm:ak:{tpm.EcAk.Id}", selectors);
        Assert.Contains(selectors, s => s!.StartsWith("tpm:pcr:16:", StringComparison.Ordinal));

        // A new, genuine quote over the nonce that was already spent.
        using var replay = await Wire.AttestAsync(fixture.Anonymous, Body(null, await tpm.QuoteAsync(tpm.EcAk, nonce)));
        var detail = await Wire.AssertProblemAsync(replay, HttpStatusCode.Forbidden);
        Assert.StartsWith("tpm.challenge: ", detail, StringComparison.Ordinal);
        Assert.Contains("already used", detail, StringComparison.Ordinal);
    }

    [TpmFact]
    public async Task Attest_RsaAkWithTpmtSignatureNamedByItsPem_Issues()
    {
        await EnrolledAgentAsync("tpm-rsa", tpm.RsaAk);

        var quote = await tpm.QuoteAsync(tpm.RsaAk, await ChallengeAsync(fixture.Anonymous), plain: false);
        quote.Remove("ak_id");
        quote["ak"] = tpm.RsaAk.Pem;
        using var response = await Wire.AttestAsync(fixture.Anonymous, Body(null, quote));

        await Wire.AssertJsonAsync(response, HttpStatusCode.OK);
    }

    [TpmFact]
    public async Task Attest_NonceNotIssuedByTheFabric_RefusedByChallengeRule()
    {
        await EnrolledAgentAsync("tpm-own-nonce", tpm.EcAk);
        var invented = AgentKey.Base64Url(RandomNumberGenerator.GetBytes(32));

        using var response = await Wire.AttestAsync(fixture.Anonymous, Body(null, await tpm.QuoteAsync(tpm.EcAk, invented)));

        Assert.StartsWith("tpm.challenge: the nonce is unknown", await Wire.AssertProblemAsync(response, HttpStatusCode.Forbidden), StringComparison.Ordinal);
    }

    [TpmFact]
    public async Task Attest_QuoteOverAnotherNonceThanPresented_RefusedByNonceRule()
    {
        await EnrolledAgentAsync("tpm-wrong-nonce", tpm.EcAk);
        var quoted = await ChallengeAsync(fixture.Anonymous);
        var presented = await ChallengeAsync(fixture.Anonymous);

        var evidence = await tpm.QuoteAsync(tpm.EcAk, quoted);
        evidence["nonce"] = presented;
        using var response = await Wire.AttestAsync(fixture.Anonymous, Body(null, evidence));

        Assert.StartsWith("tpm.nonce: ", await Wire.AssertProblemAsync(response, HttpStatusCode.Forbidden), StringComparison.Ordinal);
    }

    [TpmFact]
    public async Task Attest_PcrExtendedAfterEnrolmentPinnedIt_RefusedByPcrPolicyRule()
    {
        var pcr23 = await tpm.ReadPcrAsync(23);
        await EnrolledAgentAsync("tpm-pinned", tpm.EcAk, new JsonObject { ["23"] = pcr23 });
        using (var unchanged = await Wire.AttestAsync(fixture.Anonymous, Body(null, await tpm.QuoteAsync(tpm.EcAk, await ChallengeAsync(fixture.Anonymous), pcrs: "0,23"))))
            await Wire.AssertJsonAsync(unchanged, HttpStatusCode.OK);

        await tpm.Device.RunAsync("tpm2_pcrextend", $"23:sha256={Convert.ToHexStringLower(SHA256.HashData("tampered"u8))}");
        using var response = await Wire.AttestAsync(fixture.Anonymous, Body(null, await tpm.QuoteAsync(tpm.EcAk, await ChallengeAsync(fixture.Anonymous), pcrs: "0,23")));

        var detail = await Wire.AssertProblemAsync(response, HttpStatusCode.Forbidden);
        Assert.StartsWith("tpm.pcr-policy: PCR 23", detail, StringComparison.Ordinal);
    }

    [TpmFact]
    public async Task Attest_AkThatWasNeverEnrolled_RefusedByKeyRule()
    {
        using var response = await Wire.AttestAsync(fixture.Anonymous, Body(null, await tpm.QuoteAsync(tpm.StrayAk, await ChallengeAsync(fixture.Anonymous))));

        Assert.StartsWith("tpm.key: ", await Wire.AssertProblemAsync(response, HttpStatusCode.Forbidden), StringComparison.Ordinal);
    }

    [TpmFact]
    public async Task Attest_PaymentsPolicyNeedsTpmK8sAndSlsa_AllThreeIssue()
    {
        var (policy, prefix) = await PolicyAsync(fixture.Operator, "tpm", "k8s_psat", "slsa");
        var id = await RegisterAsync(fixture.Operator, prefix + "api", policy, "k8s:ns:payments", $"slsa:builder:{AttestationAuthorities.BuilderId}");
        await EnrolAsync(id, tpm.EcAk);
        var image = AttestationAuthorities.ImageDigest("payments-api:" + Guid.NewGuid());
        var quote = await tpm.QuoteAsync(tpm.EcAk, await ChallengeAsync(fixture.Anonymous));
        var k8s = K8s(AttestationAuthorities.PodToken("pod-1", imageDigests: image));

        using (var withoutSlsa = await Wire.AttestAsync(fixture.Anonymous, Body(id, quote, k8s)))
            Assert.Contains("requires attestation type 'slsa'", await Wire.AssertProblemAsync(withoutSlsa, HttpStatusCode.Forbidden), StringComparison.Ordinal);

        var slsa = Slsa(AttestationAuthorities.Envelope(AttestationAuthorities.Provenance(image["sha256:".Length..])));
        var fresh = await tpm.QuoteAsync(tpm.EcAk, await ChallengeAsync(fixture.Anonymous));
        using var response = await Wire.AttestAsync(fixture.Anonymous, Body(id, fresh, K8s(AttestationAuthorities.PodToken("pod-1", imageDigests: image)), slsa));

        await Wire.AssertJsonAsync(response, HttpStatusCode.OK);
        var types = (await AgentAsync(fixture.Operator, id)).GetProperty("attestation").GetProperty("evidence_types").EnumerateArray().Select(t => t.GetString());
        Assert.Equal(["tpm", "k8s_psat", "slsa"], types);
    }

    private async Task<string> EnrolledAgentAsync(string name, Tpm.AttestationKey ak, JsonObject? pcrs = null)
    {
        // The built-in default policy accepts join tokens only; this one allows tpm evidence.
        var (policy, prefix) = await PolicyAsync(fixture.Operator);
        var id = await RegisterAsync(fixture.Operator, prefix + name, policy);
        await EnrolAsync(id, ak, pcrs);
        return id;
    }

    /// <summary>An AK is enrolled for one agent at a time: the previous test's enrolment is withdrawn first.</summary>
    private async Task EnrolAsync(string id, Tpm.AttestationKey ak, JsonObject? pcrs = null)
    {
        if (ak.EnrolledFor is { } previous)
            (await fixture.Operator.DeleteAsync($"/v1/agents/{Wire.Encode(previous)}/tpm-keys/{ak.Id}")).Dispose();

        var body = new JsonObject { ["public_key"] = ak.Pem };
        if (pcrs is not null)
            body["pcrs"] = pcrs;
        using var response = await fixture.Operator.PostAsync($"/v1/agents/{Wire.Encode(id)}/tpm-keys", Wire.Json(body));
        await Wire.AssertJsonAsync(response, HttpStatusCode.Created);
        ak.EnrolledFor = id;
    }

    /// <summary>One swtpm for the class, with an EK and three AKs made by tpm2-tools: ECC (enrolled by tests), RSA, and a stray one never enrolled.</summary>
    public sealed class Tpm : IAsyncLifetime
    {
        private SoftwareTpm? _device;

        public SoftwareTpm Device => _device ?? throw new InvalidOperationException(SoftwareTpm.UnavailableReason ?? "swtpm did not start");

        public AttestationKey EcAk { get; private set; } = null!;

        public AttestationKey RsaAk { get; private set; } = null!;

        public AttestationKey StrayAk { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            if (SoftwareTpm.UnavailableReason is not null && !SoftwareTpm.IsRequired)
                return;

            _device = await SoftwareTpm.StartAsync();
            await Device.RunAsync("tpm2_createek", "-c", "ek.ctx", "-G", "rsa", "-u", "ek.pub");
            EcAk = await CreateAkAsync("ec", "-G", "ecc", "-g", "sha256", "-s", "ecdsa");
            RsaAk = await CreateAkAsync("rsa", "-G", "rsa", "-g", "sha256", "-s", "rsassa");
            StrayAk = await CreateAkAsync("stray", "-G", "ecc", "-g", "sha256", "-s", "ecdsa");
        }

        public async Task DisposeAsync()
        {
            if (_device is not null)
                await _device.DisposeAsync();
        }

        /// <summary>
        /// tpm2_quote over <paramref name="pcrs"/> (SHA-256 bank) with <paramref name="nonce"/> as qualifying data, then
        /// tpm2_pcrread of the same PCRs: the tpm evidence item exactly as an agent on this machine would send it.
        /// </summary>
        public async Task<JsonObject> QuoteAsync(AttestationKey ak, string nonce, string pcrs = "0,1,16", bool plain = true)
        {
            var nonceHex = Convert.ToHexStringLower(Convert.FromBase64String(nonce.Replace('-', '+').Replace('_', '/') + "="));
            string[] format = plain ? ["-f", "plain"] : [];
            await Device.RunAsync("tpm2_quote", ["-c", ak.Context, "-l", $"sha256:{pcrs}", "-q", nonceHex, "-m", "quote.msg", "-s", "quote.sig", "-g", "sha256", .. format]);
            var values = new JsonObject();
            foreach (var index in pcrs.Split(','))
                values[index] = await ReadPcrAsync(int.Parse(index, System.Globalization.CultureInfo.InvariantCulture));

            return new JsonObject
            {
                ["type"] = "tpm",
                ["ak_id"] = ak.Id,
                ["quote"] = AgentKey.Base64Url(await File.ReadAllBytesAsync(Device.File("quote.msg"))),
                ["signature"] = AgentKey.Base64Url(await File.ReadAllBytesAsync(Device.File("quote.sig"))),
                ["pcrs"] = values,
                ["nonce"] = nonce,
            };
        }

        /// <summary>A PCR's SHA-256 bank value as hex, from the raw file tpm2_pcrread -o writes.</summary>
        public async Task<string> ReadPcrAsync(int index)
        {
            await Device.RunAsync("tpm2_pcrread", $"sha256:{index}", "-o", "pcr.bin");
            return Convert.ToHexStringLower(await File.ReadAllBytesAsync(Device.File("pcr.bin")));
        }

        private async Task<AttestationKey> CreateAkAsync(string name, params string[] algorithm)
        {
            await Device.RunAsync("tpm2_createak", ["-C", "ek.ctx", "-c", $"{name}.ctx", .. algorithm, "-u", $"{name}.pem", "-f", "pem", "-n", $"{name}.name"]);
            var pem = await File.ReadAllTextAsync(Device.File($"{name}.pem"));
            var der = Convert.FromBase64String(string.Concat(pem.Split('\n').Where(l => !l.StartsWith("-----", StringComparison.Ordinal))));
            return new AttestationKey($"{name}.ctx", pem, Convert.ToHexStringLower(SHA256.HashData(der)));
        }

        public sealed class AttestationKey(string context, string pem, string id)
        {
            public string Context { get; } = context;

            public string Pem { get; } = pem;

            public string Id { get; } = id;

            public string? EnrolledFor { get; set; }
        }
    }
}
