using System.Net;
using System.Security.Cryptography;
using System.Text;
using Aims.Testing;
using Xunit.Abstractions;

namespace Aims.Silo.Tests;

/// <summary>
/// The Local profile keeps everything in its data directory: a silo killed with SIGKILL and started again on the same
/// directory serves the same agents, policies, audit chain and trust-domain keys.
/// </summary>
public sealed class LocalDurabilityTests(ITestOutputHelper output)
{
    private const string Audience = "https://rp.example.test";

    [Fact]
    public async Task Restart_AfterSigkill_ServesSameStateKeysAndAuditChain()
    {
        using var data = ExternalTool.CreateTempDirectory();
        using var work = ExternalTool.CreateTempDirectory();
        using var key = new AgentKey();
        var name = SiloApi.UniqueName("durable");
        var agentId = SiloApi.AgentId(name);
        var policyName = "durable-" + name[^6..];

        // --- silo A: write everything ---
        string chainPem, jwtSvid, joinToken, bundleBeforeText;
        int policyVersion;
        long auditCountBefore, sequenceBefore;
        IReadOnlyList<string> rootsBefore, jwtKeysBefore;
        await using (var a = SiloProcess.StartLocal("silo-A", data.Path))
        {
            await a.WaitReadyAsync();
            using var op = a.CreateHttpClient(asOperator: true);
            using var anon = a.CreateHttpClient();

            var policy = await SiloApi.PutPolicyAsync(a, op, policyName, SiloApi.AgentsPolicy("durability test"));
            policyVersion = policy.GetProperty("version").GetInt32();
            await SiloApi.RegisterAgentAsync(a, op, agentId, policyName);
            joinToken = await SiloApi.CreateJoinTokenAsync(a, op, agentId);
            var issued = await SiloApi.AttestAsync(a, anon, agentId, joinToken, key, Audience);
            chainPem = issued.GetProperty("x509_svid").GetString()!;
            jwtSvid = issued.GetProperty("jwt_svids")[0].GetProperty("token").GetString()!;
            Assert.Contains("BEGIN CERTIFICATE", issued.GetProperty("trust_bundle").GetString(), StringComparison.Ordinal);

            var (valid, count, raw) = await SiloApi.VerifyAuditAsync(a, op);
            Assert.True(valid, $"audit chain of silo A is not valid: {raw}");
            Assert.True(count > 0, $"silo A has no audit records: {raw}");
            auditCountBefore = count;

            var bundle = await SiloApi.GetBundleAsync(a, anon);
            bundleBeforeText = bundle.GetRawText();
            sequenceBefore = bundle.GetProperty("spiffe_sequence").GetInt64();
            rootsBefore = SiloApi.X509Roots(bundle);
            jwtKeysBefore = SiloApi.JwtKeys(bundle);
            Assert.NotEmpty(rootsBefore);
            Assert.NotEmpty(jwtKeysBefore);

            await a.KillAsync();
            Assert.True(a.HasExited, "silo A still runs after SIGKILL");
        }

        // --- the data directory at rest, as SIGKILL left it ---
        AssertOwnerOnly(Path.Combine(data.Path, "admin.token"));
        AssertOwnerOnly(Path.Combine(data.Path, "kek"));
        AssertNoClearPrivateKeys(data.Path, agentId);

        // --- silo B on the same data directory, new ports ---
        await using var b = SiloProcess.StartLocal("silo-B", data.Path);
        await b.WaitReadyAsync();
        using var opB = b.CreateHttpClient(asOperator: true);
        using var anonB = b.CreateHttpClient();

        var agent = await SiloApi.SendAsync(b, opB, HttpMethod.Get, $"/v1/agents/{SiloApi.PathOf(agentId)}", null, HttpStatusCode.OK);
        Assert.Equal("active", agent.GetProperty("state").GetString());
        Assert.Equal(policyName, agent.GetProperty("policy").GetString());

        var policyAfter = await SiloApi.SendAsync(b, opB, HttpMethod.Get, $"/v1/policies/{policyName}", null, HttpStatusCode.OK);
        Assert.Equal(policyVersion, policyAfter.GetProperty("version").GetInt32());

        var (validAfter, countAfter, rawAfter) = await SiloApi.VerifyAuditAsync(b, opB);
        Assert.True(validAfter, $"audit chain after restart is not valid: {rawAfter}");
        Assert.True(countAfter >= auditCountBefore, $"audit records were lost: {auditCountBefore} before, {countAfter} after: {rawAfter}");

        var bundleAfter = await SiloApi.GetBundleAsync(b, anonB);
        Assert.True(
            sequenceBefore == bundleAfter.GetProperty("spiffe_sequence").GetInt64(),
            $"spiffe_sequence changed across the restart: before {bundleBeforeText}\nafter {bundleAfter.GetRawText()}");
        Assert.Equal(rootsBefore, SiloApi.X509Roots(bundleAfter));
        Assert.Equal(jwtKeysBefore, SiloApi.JwtKeys(bundleAfter));

        // The X509-SVID issued before the crash still chains to the bundle served after it (checked by OpenSSL).
        var chain = AgentKey.Chain(chainPem);
        await File.WriteAllTextAsync(work.File("roots.pem"), SiloApi.X509RootsPem(bundleAfter));
        await File.WriteAllTextAsync(work.File("leaf.pem"), chain[0].ExportCertificatePem() + "\n");
        var args = new List<string> { "verify", "-CAfile", "roots.pem" };
        if (chain.Count > 1)
        {
            await File.WriteAllTextAsync(work.File("intermediates.pem"), string.Concat(chain.Skip(1).Select(c => c.ExportCertificatePem() + "\n")));
            args.AddRange(["-untrusted", "intermediates.pem"]);
        }

        args.Add("leaf.pem");
        var openssl = await ExternalTool.OpenSslAsync(work.Path, [.. args]);
        Assert.True(openssl.ExitCode == 0, $"openssl verify of the pre-crash X509-SVID against the post-crash bundle failed: {openssl.Output}");

        // The JWT-SVID issued before the crash still verifies (jose) against the bundle served after it.
        if (NodeInterop.IsInstalled || NodeInterop.IsRequired)
        {
            var jose = await NodeInterop.VerifyJwtSvidAsync(bundleAfter.GetRawText(), jwtSvid, Audience);
            Assert.True(jose.ExitCode == 0, $"jose rejected the pre-crash JWT-SVID against the post-crash bundle: {jose.Output}");
            var verdict = NodeInterop.ParseOutput(jose);
            Assert.True(verdict.GetProperty("ok").GetBoolean(), jose.Output);
            Assert.Equal(agentId, verdict.GetProperty("sub").GetString());
        }
        else
        {
            output.WriteLine($"jose check skipped: {NodeInterop.UnavailableReason}");
        }

        // The join token redeemed before the crash stays redeemed.
        var replay = await SiloApi.SendAsync(
            b, anonB, HttpMethod.Post, "/v1/attest", SiloApi.AttestBody(agentId, joinToken, key, []), HttpStatusCode.Forbidden);
        output.WriteLine($"replayed join token: {replay.GetRawText()}");
    }

    [Fact]
    public async Task Restart_AfterSigterm_ExitsCleanlyAndKeepsAgent()
    {
        using var data = ExternalTool.CreateTempDirectory();
        var agentId = SiloApi.AgentId(SiloApi.UniqueName("graceful"));

        await using (var a = SiloProcess.StartLocal("silo-A", data.Path))
        {
            await a.WaitReadyAsync();
            using var op = a.CreateHttpClient(asOperator: true);
            await SiloApi.RegisterAgentAsync(a, op, agentId);

            await a.StopAsync(TimeSpan.FromSeconds(60));
            Assert.True(a.ExitCode == 0, $"silo A did not shut down cleanly on SIGTERM\n{a.Describe()}");
        }

        await using var b = SiloProcess.StartLocal("silo-B", data.Path);
        await b.WaitReadyAsync();
        using var opB = b.CreateHttpClient(asOperator: true);
        var agent = await SiloApi.SendAsync(b, opB, HttpMethod.Get, $"/v1/agents/{SiloApi.PathOf(agentId)}", null, HttpStatusCode.OK);
        Assert.Equal("registered", agent.GetProperty("state").GetString());
    }

    private static void AssertOwnerOnly(string path)
    {
        Assert.True(File.Exists(path), $"{path} does not exist");
        if (OperatingSystem.IsWindows())
            return;
        var mode = File.GetUnixFileMode(path);
        Assert.True(mode == (UnixFileMode.UserRead | UnixFileMode.UserWrite), $"{path} has mode {mode} ({Convert.ToString((int)mode, 8)}), expected 0600");
    }

    /// <summary>
    /// The SQLite files (database and WAL) hold the authority's private keys only encrypted under the KEK: no PEM
    /// private key, and no PKCS#8 P-256 private key structure, raw or base64, appears in them.
    /// </summary>
    /// <remarks>
    /// The JWT signing key's <c>d</c> is not checked directly: the test cannot learn it without the KEK code. The
    /// PKCS#8 header check covers every key the authority generates (all are P-256 keys exported as PKCS#8), and the
    /// agent's SPIFFE ID being found proves the bytes searched are the state and not compressed or encrypted wholesale.
    /// </remarks>
    private static void AssertNoClearPrivateKeys(string dataDirectory, string agentId)
    {
        var files = Directory.GetFiles(dataDirectory, "aims.db*");
        Assert.NotEmpty(files);
        var bytes = files.SelectMany(f => File.ReadAllBytes(f)).ToArray();

        // version 0, AlgorithmIdentifier { id-ecPublicKey, prime256v1 }, then the OCTET STRING holding the private key.
        byte[] pkcs8P256Header = Convert.FromHexString("020100301306072A8648CE3D020106082A8648CE3D03010704");
        using (var probe = ECDsa.Create(ECCurve.NamedCurves.nistP256))
        {
            var sample = probe.ExportPkcs8PrivateKey();
            Assert.True(sample.AsSpan().IndexOf(pkcs8P256Header) >= 0, "the PKCS#8 needle does not match a P-256 PKCS#8 key; fix the test");
            var base64Needle = Convert.ToBase64String(sample)[..40];
            Assert.True(Find(bytes, Encoding.ASCII.GetBytes(base64Needle)) < 0, $"{string.Join(", ", files)} contain a base64 PKCS#8 P-256 private key");
        }

        Assert.True(Find(bytes, Encoding.UTF8.GetBytes(agentId)) >= 0, $"the agent {agentId} is not in {string.Join(", ", files)}; the search below would prove nothing");
        Assert.True(Find(bytes, Encoding.ASCII.GetBytes("PRIVATE KEY")) < 0, $"{string.Join(", ", files)} contain a PEM private key");
        Assert.True(Find(bytes, pkcs8P256Header) < 0, $"{string.Join(", ", files)} contain a clear PKCS#8 P-256 private key");
    }

    private static int Find(byte[] haystack, byte[] needle) => haystack.AsSpan().IndexOf(needle);
}
