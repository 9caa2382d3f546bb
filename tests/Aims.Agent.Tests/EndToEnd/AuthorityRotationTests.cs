using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Aims.Agent.Tests.Testing;

namespace Aims.Agent.Tests.EndToEnd;

/// <summary>
/// Authority rotation reaches workloads: the prepared CA and JWT key are streamed in the bundles before anything
/// signed by them reaches a workload (issue 5, item 3). The fixture's keys live 150 s, so the test watches one
/// rotation happen in real time.
/// </summary>
[Collection(WorkloadApiCollection.Name)]
public sealed class AuthorityRotationTests(WorkloadApiFixture fixture)
{
    private static readonly TimeSpan Patience = WorkloadApiFixture.KeyLifetime * 2;

    [Fact]
    public async Task X509Rotation_NewCaIsInTheStreamedBundleBeforeAnySvidItSigned()
    {
        using var workload = WorkloadBinary.Create("ca-rotation");
        await fixture.CreateEntryAsync(WorkloadApiFixture.NewWorkloadId("ca-rotation"), workload.Sha256Selector);
        await using var run = WorkloadRun.Start(workload, fixture.EndpointSocket, "x509", "--timeout", ((int)Patience.TotalSeconds + 30).ToString(System.Globalization.CultureInfo.InvariantCulture));

        var first = X509Message.Parse(await NextAsync(run)).Svids.Single();
        var firstIssuer = first.Issuer ?? throw new InvalidOperationException("the first SVID's issuer is not in its bundle");
        var seenInBundle = new HashSet<string>(first.Bundle.Select(Thumbprint), StringComparer.Ordinal);
        X509Message.Svid svid;
        do
        {
            svid = X509Message.Parse(await NextAsync(run)).Svids.Single();
            var validated = svid.Validate();
            Assert.True(validated.IsValid, $"every streamed SVID validates against the bundle streamed with it: {validated}");
            var issuer = svid.Issuer!;
            if (Thumbprint(issuer) != Thumbprint(firstIssuer))
            {
                Assert.True(seenInBundle.Contains(Thumbprint(issuer)),
                    $"the SVID {svid.Serial} is signed by {issuer.Subject}, which no earlier bundle message carried");
                return;
            }

            seenInBundle.UnionWith(svid.Bundle.Select(Thumbprint));
        }
        while (true);
    }

    [Fact]
    public async Task JwtRotation_NewKeyIsInTheStreamedJwtBundleBeforeAnyJwtSvidItSigned()
    {
        using var workload = WorkloadBinary.Create("jwt-rotation");
        await fixture.CreateEntryAsync(WorkloadApiFixture.NewWorkloadId("jwt-rotation"), workload.Sha256Selector);
        await using var bundles = WorkloadRun.Start(workload, fixture.EndpointSocket, "jwt-bundles", "--timeout", ((int)Patience.TotalSeconds + 30).ToString(System.Globalization.CultureInfo.InvariantCulture));
        var streamedKids = new HashSet<string>(StringComparer.Ordinal);
        var reader = Task.Run(async () =>
        {
            while (await bundles.NextAsync(Patience + TimeSpan.FromMinutes(1)) is { } message && message.Event() == "jwt-bundles")
            {
                using var jwks = JsonDocument.Parse(message.GetProperty("bundles").GetProperty("spiffe://aims.local").GetBytesFromBase64());
                lock (streamedKids)
                    streamedKids.UnionWith(jwks.RootElement.GetProperty("keys").EnumerateArray().Select(k => k.GetProperty("kid").GetString()!));
            }
        });

        var firstKid = await SignedKidAsync(workload);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (clock.Elapsed < Patience)
        {
            // JWT-SVIDs are cached to half their 60 s life: a fresh one comes at least every 30 s.
            await Task.Delay(TimeSpan.FromSeconds(5));
            var kid = await SignedKidAsync(workload);
            if (kid == firstKid)
                continue;

            lock (streamedKids)
                Assert.True(streamedKids.Contains(kid), $"a JWT-SVID signed by {kid} reached the workload before that key was in a streamed JWT bundle");
            return;
        }

        Assert.Fail($"no JWT-SVID signed by a new key within {Patience.TotalSeconds:0} s\n{fixture.Describe()}");
        await reader;
    }

    private async Task<string> SignedKidAsync(WorkloadBinary workload)
    {
        var answer = await WorkloadRun.RunAsync(workload, fixture.EndpointSocket, "jwt", "--audience", WorkloadApiFixture.Audience);
        Assert.True(answer.Event() == "jwt", answer.ToString());
        var token = answer.GetProperty("svids")[0].GetProperty("svid").GetString()!;
        using var header = JsonDocument.Parse(Core.Jose.Base64Url.Decode(token.Split('.')[0]));
        return header.RootElement.GetProperty("kid").GetString()!;
    }

    private async Task<JsonElement> NextAsync(WorkloadRun run) =>
        await run.NextAsync(Patience) ?? throw new InvalidOperationException($"the workload ended\n{run.Output}\n{fixture.Describe()}");

    private static string Thumbprint(X509Certificate2 certificate) => certificate.Thumbprint;
}
