using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using Aims.Agent.Tests.Testing;

namespace Aims.Agent.Tests.EndToEnd;

/// <summary>
/// A workload process calls the node agent over its Unix socket with a gRPC client generated from workload.proto.
/// Its identity comes from matching its real unix:sha256 (and path, uid, gid) against registration entries.
/// </summary>
[Collection(WorkloadApiCollection.Name)]
public sealed class WorkloadApiEndToEndTests(WorkloadApiFixture fixture)
{
    [Fact]
    public async Task FetchX509SVID_ProcessMatchesEntryBySha256_GetsThatIdentityWithItsKeyAndBundle()
    {
        using var workload = WorkloadBinary.Create("x509");
        var spiffeId = WorkloadApiFixture.NewWorkloadId("x509");
        await fixture.CreateEntryAsync(spiffeId, workload.Sha256Selector);

        var message = X509Message.Parse(await FirstAsync(workload, "x509"));

        var svid = Assert.Single(message.Svids);
        Assert.Equal(spiffeId, svid.SpiffeId);
        Assert.True(svid.KeyMatchesLeaf, "the private key the agent generated must be the leaf's");
        var validated = svid.Validate();
        Assert.True(validated.IsValid, validated.ToString());
        Assert.Equal(spiffeId, validated.Value!.Id.ToString());
        using var key = svid.Leaf.GetECDsaPublicKey();
        Assert.Equal(256, key?.KeySize);
    }

    [Theory]
    [InlineData("x509")]
    [InlineData("x509-bundles")]
    [InlineData("jwt-bundles")]
    [InlineData("jwt", "--audience", WorkloadApiFixture.Audience)]
    [InlineData("validate", "--audience", WorkloadApiFixture.Audience, "--svid", "a.b.c")]
    public async Task AnyCall_WithoutSecurityHeader_InvalidArgument(params string[] call)
    {
        using var workload = WorkloadBinary.Create("no-header");
        await fixture.CreateEntryAsync(WorkloadApiFixture.NewWorkloadId("no-header"), workload.Sha256Selector);

        var answer = await WorkloadRun.RunAsync(workload, fixture.EndpointSocket, [.. call, "--no-header", "--timeout", "10"]);

        var (status, detail) = answer.Error();
        Assert.Equal("InvalidArgument", status);
        Assert.Contains("security header missing from request", detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("x509")]
    [InlineData("x509-bundles")]
    [InlineData("jwt-bundles")]
    [InlineData("jwt", "--audience", WorkloadApiFixture.Audience)]
    public async Task AnyCall_NoEntryMatchesTheProcess_PermissionDeniedNamingItsSelectors(params string[] call)
    {
        using var workload = WorkloadBinary.Create("no-entry");
        await fixture.CreateEntryAsync(WorkloadApiFixture.NewWorkloadId("someone-else"), "unix:sha256:" + new string('0', 64));

        var answer = await WorkloadRun.RunAsync(workload, fixture.EndpointSocket, [.. call, "--timeout", "10"]);

        var (status, detail) = answer.Error();
        Assert.Equal("PermissionDenied", status);
        Assert.Contains("no identity issued", detail, StringComparison.Ordinal);
        Assert.Contains(workload.Sha256Selector, detail, StringComparison.Ordinal);
        Assert.Contains("unix:path:" + workload.Path, detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FetchX509SVID_EntryNeedsASelectorTheProcessLacks_PermissionDenied()
    {
        using var workload = WorkloadBinary.Create("partial");
        await fixture.CreateEntryAsync(WorkloadApiFixture.NewWorkloadId("partial"), workload.Sha256Selector, "unix:uid:4242");

        var (status, _) = (await WorkloadRun.RunAsync(workload, fixture.EndpointSocket, "x509", "--timeout", "10")).Error();

        Assert.Equal("PermissionDenied", status);
    }

    [Fact]
    public async Task FetchX509SVID_Stream_RotatedSvidArrivesBeforeTheFirstExpires()
    {
        using var workload = WorkloadBinary.Create("rotate");
        var spiffeId = WorkloadApiFixture.NewWorkloadId("rotate");
        await fixture.CreateEntryAsync(spiffeId, workload.Sha256Selector, "unix:path:" + workload.Path);
        await using var run = WorkloadRun.Start(workload, fixture.EndpointSocket, "x509", "--timeout", "180");

        var first = X509Message.Parse(await NextAsync(run)).Svids.Single();
        X509Message rotated;
        do
        {
            rotated = X509Message.Parse(await NextAsync(run));
        }
        while (rotated.Svids.Single().Serial == first.Serial);

        var second = rotated.Svids.Single();
        Assert.Equal(spiffeId, second.SpiffeId);
        Assert.True(rotated.At < first.NotAfter, $"the rotated SVID came at {rotated.At:O}, after the first expired at {first.NotAfter:O}");
        Assert.True(second.NotAfter > first.NotAfter || second.Leaf.NotBefore > first.Leaf.NotBefore);
        Assert.True(second.KeyMatchesLeaf);
        Assert.False(second.Leaf.GetECDsaPublicKey()!.ExportSubjectPublicKeyInfo().AsSpan()
            .SequenceEqual(first.Leaf.GetECDsaPublicKey()!.ExportSubjectPublicKeyInfo()), "a rotated SVID has a new key");
        Assert.True(second.Validate().IsValid);
    }

    [Fact]
    public async Task FetchX509SVID_EntryDeletedWhileStreaming_StreamEndsWithPermissionDenied()
    {
        using var workload = WorkloadBinary.Create("deleted");
        var entry = await fixture.CreateEntryAsync(WorkloadApiFixture.NewWorkloadId("deleted"), workload.Sha256Selector);
        await using var run = WorkloadRun.Start(workload, fixture.EndpointSocket, "x509", "--timeout", "120");
        X509Message.Parse(await NextAsync(run));

        await fixture.DeleteEntryAsync(entry);

        JsonElement last;
        do
        {
            last = await NextAsync(run);
        }
        while (last.Event() == "x509");
        Assert.Equal("PermissionDenied", last.Error().Status);
    }

    [Fact]
    public async Task FetchJWTSVID_ThenValidateJWTSVID_SameIdentityAndItsClaims()
    {
        using var workload = WorkloadBinary.Create("jwt");
        var spiffeId = WorkloadApiFixture.NewWorkloadId("jwt");
        await fixture.CreateEntryAsync(spiffeId, workload.Sha256Selector);

        var fetched = await WorkloadRun.RunAsync(workload, fixture.EndpointSocket, "jwt", "--audience", WorkloadApiFixture.Audience);
        Assert.Equal("jwt", fetched.Event());
        var svid = Assert.Single(fetched.GetProperty("svids").EnumerateArray());
        Assert.Equal(spiffeId, svid.GetProperty("spiffe_id").GetString());
        var token = svid.GetProperty("svid").GetString()!;

        var validated = await WorkloadRun.RunAsync(workload, fixture.EndpointSocket, "validate", "--audience", WorkloadApiFixture.Audience, "--svid", token);

        Assert.Equal("validated", validated.Event());
        Assert.Equal(spiffeId, validated.GetProperty("spiffe_id").GetString());
        var claims = validated.GetProperty("claims");
        Assert.Equal(spiffeId, claims.GetProperty("sub").GetString());
        Assert.Equal(WorkloadApiFixture.Audience, claims.GetProperty("aud").ValueKind == JsonValueKind.Array
            ? claims.GetProperty("aud")[0].GetString() : claims.GetProperty("aud").GetString());
        Assert.True(claims.TryGetProperty("exp", out _));
    }

    [Fact]
    public async Task FetchJWTSVID_SameAudienceTwice_SameTokenUntilItsRenewalPoint()
    {
        using var workload = WorkloadBinary.Create("jwt-cache");
        await fixture.CreateEntryAsync(WorkloadApiFixture.NewWorkloadId("jwt-cache"), workload.Sha256Selector);

        var first = await WorkloadRun.RunAsync(workload, fixture.EndpointSocket, "jwt", "--audience", WorkloadApiFixture.Audience);
        var second = await WorkloadRun.RunAsync(workload, fixture.EndpointSocket, "jwt", "--audience", WorkloadApiFixture.Audience);

        Assert.Equal(first.GetProperty("svids")[0].GetProperty("svid").GetString(), second.GetProperty("svids")[0].GetProperty("svid").GetString());
    }

    public static TheoryData<string[], string> InvalidJwtCalls() => new()
    {
        { ["jwt"], "audience must be specified" },
        { ["jwt", "--audience", WorkloadApiFixture.Audience, "--spiffe-id", "spiffe://aims.local/a/../b"], "spiffe_id is invalid" },
        { ["validate", "--audience", WorkloadApiFixture.Audience], "svid must be specified" },
        { ["validate", "--svid", "a.b.c"], "audience must be specified" },
        { ["validate", "--audience", WorkloadApiFixture.Audience, "--svid", "not-a-jwt"], "the JWT-SVID is not valid" },
        { ["validate", "--audience", WorkloadApiFixture.Audience, "--svid", NoneAlgToken()], "the JWT-SVID is not valid" },
    };

    [Theory]
    [MemberData(nameof(InvalidJwtCalls))]
    public async Task JwtCalls_Malformed_InvalidArgumentSayingWhat(string[] call, string expected)
    {
        using var workload = WorkloadBinary.Create("jwt-bad");
        await fixture.CreateEntryAsync(WorkloadApiFixture.NewWorkloadId("jwt-bad"), workload.Sha256Selector);

        var (status, detail) = (await WorkloadRun.RunAsync(workload, fixture.EndpointSocket, call)).Error();

        Assert.Equal("InvalidArgument", status);
        Assert.Contains(expected, detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ValidateJWTSVID_WrongAudienceOrTampered_InvalidArgument()
    {
        using var workload = WorkloadBinary.Create("jwt-tamper");
        var spiffeId = WorkloadApiFixture.NewWorkloadId("jwt-tamper");
        await fixture.CreateEntryAsync(spiffeId, workload.Sha256Selector);
        var token = (await WorkloadRun.RunAsync(workload, fixture.EndpointSocket, "jwt", "--audience", WorkloadApiFixture.Audience))
            .GetProperty("svids")[0].GetProperty("svid").GetString()!;
        var parts = token.Split('.');
        var forged = Encoding.UTF8.GetString(Core.Jose.Base64Url.Decode(parts[1])).Replace(spiffeId, WorkloadApiFixture.NewWorkloadId("victim"), StringComparison.Ordinal);
        var tampered = $"{parts[0]}.{Core.Jose.Base64Url.Encode(Encoding.UTF8.GetBytes(forged))}.{parts[2]}";

        var wrongAudience = (await WorkloadRun.RunAsync(workload, fixture.EndpointSocket, "validate", "--audience", "https://other.example", "--svid", token)).Error();
        var forgedSubject = (await WorkloadRun.RunAsync(workload, fixture.EndpointSocket, "validate", "--audience", WorkloadApiFixture.Audience, "--svid", tampered)).Error();

        Assert.Equal("InvalidArgument", wrongAudience.Status);
        Assert.Contains("not for any of [https://other.example]", wrongAudience.Detail, StringComparison.Ordinal);
        Assert.Equal("InvalidArgument", forgedSubject.Status);
        Assert.Contains("signature", forgedSubject.Detail, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task FetchBundles_X509AndJwt_EqualTheSilosPublishedBundle()
    {
        using var workload = WorkloadBinary.Create("bundles");
        await fixture.CreateEntryAsync(WorkloadApiFixture.NewWorkloadId("bundles"), workload.Sha256Selector);

        // The authority rotates every few minutes here and the silo's HTTP cache trails it by seconds: compare
        // until both sides show the same moment (a mismatch that persists fails).
        (string[] Cas, string?[] Kids) published = default, streamed = default;
        for (var attempt = 0; attempt < 5; attempt++)
        {
            using var document = JsonDocument.Parse(await fixture.Operator.GetStringAsync(new Uri("/spiffe/bundle", UriKind.Relative)));
            var keys = document.RootElement.GetProperty("keys").EnumerateArray().ToList();
            published = (
                [.. keys.Where(k => k.GetProperty("use").GetString() == "x509-svid").Select(k => k.GetProperty("x5c")[0].GetString()!).Order()],
                [.. keys.Where(k => k.GetProperty("use").GetString() == "jwt-svid").Select(k => k.GetProperty("kid").GetString()).Order()]);

            var x509Bundle = await FirstAsync(workload, "x509-bundles");
            var jwtBundle = await FirstAsync(workload, "jwt-bundles");
            using var jwks = JsonDocument.Parse(jwtBundle.GetProperty("bundles").GetProperty("spiffe://aims.local").GetBytesFromBase64());
            Assert.All(jwks.RootElement.GetProperty("keys").EnumerateArray(), k => Assert.Equal("jwt-svid", k.GetProperty("use").GetString()));
            streamed = (
                [.. SplitDer(x509Bundle.GetProperty("bundles").GetProperty("spiffe://aims.local").GetBytesFromBase64()).Order()],
                [.. jwks.RootElement.GetProperty("keys").EnumerateArray().Select(k => k.GetProperty("kid").GetString()).Order()]);
            if (published.Cas.SequenceEqual(streamed.Cas) && published.Kids.SequenceEqual(streamed.Kids))
                break;
            await Task.Delay(TimeSpan.FromSeconds(3));
        }

        Assert.Equal(published.Cas, streamed.Cas);
        Assert.Equal(published.Kids, streamed.Kids);
        Assert.NotEmpty(streamed.Cas!);
        Assert.NotEmpty(streamed.Kids!);
    }

    [Fact]
    public async Task FetchBundles_FederatedTrustDomain_OwnEntryUnderItsNameNeverMerged()
    {
        using var workload = WorkloadBinary.Create("federated");
        await fixture.CreateEntryAsync(WorkloadApiFixture.NewWorkloadId("federated"), workload.Sha256Selector);
        var peer = WorkloadApiFixture.PeerBundle;

        // The silo fetches peer.test's bundle at start and the agent picks it up at its next sync: look a few times.
        JsonElement x509 = default, jwt = default;
        for (var attempt = 0; attempt < 10; attempt++)
        {
            x509 = (await FirstAsync(workload, "x509-bundles")).GetProperty("bundles");
            jwt = (await FirstAsync(workload, "jwt-bundles")).GetProperty("bundles");
            if (x509.TryGetProperty(WorkloadApiFixture.PeerTrustDomain, out _) && jwt.TryGetProperty(WorkloadApiFixture.PeerTrustDomain, out _))
                break;
            await Task.Delay(TimeSpan.FromSeconds(2));
        }

        Assert.Equal(peer.CaDer, x509.GetProperty(WorkloadApiFixture.PeerTrustDomain).GetBytesFromBase64());
        using var peerJwks = JsonDocument.Parse(jwt.GetProperty(WorkloadApiFixture.PeerTrustDomain).GetBytesFromBase64());
        Assert.Equal([peer.JwtKid], peerJwks.RootElement.GetProperty("keys").EnumerateArray().Select(k => k.GetProperty("kid").GetString()));

        // FetchX509SVID: federated bundles keyed by the trust domain's SPIFFE ID, apart from the SVID's own bundle.
        var svidMessage = await FirstAsync(workload, "x509");
        Assert.Equal(peer.CaDer, svidMessage.GetProperty("federated_bundles").GetProperty($"spiffe://{WorkloadApiFixture.PeerTrustDomain}").GetBytesFromBase64());
        Assert.DoesNotContain(X509Message.Parse(svidMessage).Svids, s => s.Bundle.Any(ca => ca.RawData.AsSpan().SequenceEqual(peer.CaDer)));

        // Our own entries stay ours only.
        var peerCa = Convert.ToBase64String(peer.CaDer);
        Assert.DoesNotContain(peerCa, SplitDer(x509.GetProperty("spiffe://aims.local").GetBytesFromBase64()));
        using var ownJwks = JsonDocument.Parse(jwt.GetProperty("spiffe://aims.local").GetBytesFromBase64());
        Assert.DoesNotContain(peer.JwtKid, ownJwks.RootElement.GetProperty("keys").EnumerateArray().Select(k => k.GetProperty("kid").GetString()));
    }

    [Fact]
    public async Task ValidateJWTSVID_FederatedTrustDomain_VerifiedWithThatDomainsBundleOnly()
    {
        using var workload = WorkloadBinary.Create("jwt-federated");
        await fixture.CreateEntryAsync(WorkloadApiFixture.NewWorkloadId("jwt-federated"), workload.Sha256Selector);
        var peer = WorkloadApiFixture.PeerBundle;
        var subject = $"spiffe://{WorkloadApiFixture.PeerTrustDomain}/agents/partner";
        var now = DateTimeOffset.UtcNow;

        // Signed by peer.test's key: valid once the agent holds peer.test's bundle (it syncs every second).
        JsonElement validated = default;
        for (var attempt = 0; attempt < 10; attempt++)
        {
            var run = await WorkloadRun.RunAsync(workload, fixture.EndpointSocket, "validate", "--audience", WorkloadApiFixture.Audience,
                "--svid", peer.SignJwtSvid(subject, WorkloadApiFixture.Audience, now));
            if (run.Event() == "validated")
            {
                validated = run;
                break;
            }

            await Task.Delay(TimeSpan.FromSeconds(2));
        }

        Assert.Equal(subject, validated.GetProperty("spiffe_id").GetString());

        // The same claims under peer.test signed by another key, and a trust domain nobody federates with: refused.
        var stranger = FederatedPeerBundle.Create(WorkloadApiFixture.PeerTrustDomain);
        var wrongKey = (await WorkloadRun.RunAsync(workload, fixture.EndpointSocket, "validate", "--audience", WorkloadApiFixture.Audience,
            "--svid", stranger.SignJwtSvid(subject, WorkloadApiFixture.Audience, now))).Error();
        var unknownDomain = (await WorkloadRun.RunAsync(workload, fixture.EndpointSocket, "validate", "--audience", WorkloadApiFixture.Audience,
            "--svid", peer.SignJwtSvid("spiffe://elsewhere.test/agents/x", WorkloadApiFixture.Audience, now))).Error();

        Assert.Equal("InvalidArgument", wrongKey.Status);
        Assert.Equal("InvalidArgument", unknownDomain.Status);
        Assert.Contains("elsewhere.test, which this node agent has no bundle for", unknownDomain.Detail, StringComparison.Ordinal);
    }

    private async Task<JsonElement> FirstAsync(WorkloadBinary workload, string stream)
    {
        await using var run = WorkloadRun.Start(workload, fixture.EndpointSocket, stream, "--timeout", "30");
        var message = await NextAsync(run);
        Assert.Equal(stream, message.Event());
        return message;
    }

    private async Task<JsonElement> NextAsync(WorkloadRun run) =>
        await run.NextAsync(TimeSpan.FromSeconds(150)) ?? throw new InvalidOperationException($"the workload ended\n{run.Output}\n{fixture.Describe()}");

    private static IEnumerable<string> SplitDer(byte[] der)
    {
        var rest = der.AsMemory();
        while (!rest.IsEmpty)
        {
            var reader = new System.Formats.Asn1.AsnReader(rest, System.Formats.Asn1.AsnEncodingRules.DER);
            var length = reader.PeekEncodedValue().Length;
            yield return Convert.ToBase64String(rest.Span[..length]);
            rest = rest[length..];
        }
    }

    /// <summary>An unsigned token (<c>alg: none</c>) naming a workload: never accepted (JWT-SVID §4 alg allow-list).</summary>
    private static string NoneAlgToken() =>
        Core.Jose.Base64Url.Encode("""{"alg":"none","typ":"JWT"}"""u8) + "."
        + Core.Jose.Base64Url.Encode(Encoding.UTF8.GetBytes($$"""{"sub":"spiffe://aims.local/workloads/x","aud":"{{WorkloadApiFixture.Audience}}","exp":4102444800}""")) + ".";
}
