using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Aims.Core.Signals;

namespace Aims.Bench.Compromise;

/// <summary>
/// <c>compromise</c>: how fast compromising an agent takes effect across three silo processes. Each run gives a fresh
/// agent <c>--tokens</c> access tokens through the three silos and introspects each once, which activates its token
/// grain (untimed), then times, from just before
/// <c>POST /v1/agents/{id}/compromise</c>: (a) its answer, once the revocation is durable and fanned out; (b) the
/// moment the last of <c>--sample</c> random tokens per silo introspects <c>active: false</c> through that silo;
/// (c) the arrival of the <c>credential-compromise</c> SET at an SSF push receiver in this process.
/// </summary>
internal sealed class CompromiseBenchmark(CompromiseCluster cluster, SetReceiver receiver, TokenLoad load, BenchOptions options, TextWriter progress)
{
    private const string TrustDomain = "aims.local";
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan SignatureSample = TimeSpan.FromMilliseconds(300);
    private const int WarmUpTokens = 300;

    private readonly RevocationProbe _probe = new([.. Enumerable.Range(0, cluster.Silos.Count).Select(cluster.Operator)]);
    private string _victimPolicy = string.Empty;

    public static async Task<CompromiseReport> RunAsync(BenchOptions options, TextWriter progress)
    {
        await using var cluster = await CompromiseCluster.StartAsync(progress);
        await using var receiver = await SetReceiver.StartAsync();
        using var load = new TokenLoad(cluster.Silos.Select(s => s.HttpUrl), options.Connections);
        var benchmark = new CompromiseBenchmark(cluster, receiver, load, options, progress);
        await benchmark.SetUpAsync();

        // Not counted: one small compromise through each silo, so that no measured run pays for JIT or first connections.
        for (var silo = 0; silo < cluster.Silos.Count; silo++)
            await benchmark.RunOnceAsync($"warm-up {silo + 1}/{cluster.Silos.Count}", 0, Math.Min(options.Tokens, WarmUpTokens), silo);

        var runs = new List<CompromiseRun>(options.Runs);
        for (var run = 1; run <= options.Runs; run++)
            runs.Add(await benchmark.RunOnceAsync($"run {run}/{options.Runs}", run, options.Tokens, (run - 1) % cluster.Silos.Count));
        return CompromiseReport.Create(options, cluster.Storage, receiver.Refused.Count, runs);
    }

    /// <summary>
    /// Two policies (the victims': the bench scope for one API; the receiver's: <c>ssf.manage</c> on the fabric's SSF
    /// resource), the receiver agent, and its push stream for <c>credential-compromise</c> events.
    /// </summary>
    private async Task SetUpAsync()
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        _victimPolicy = await PutPolicyAsync($"cbench-victims-{suffix}", TokenLoad.Scope, TokenLoad.Resource);
        var receiverPolicy = await PutPolicyAsync($"cbench-receiver-{suffix}", "ssf.manage", CompromiseCluster.Issuer + "/ssf");

        using var receiverAgent = new AssertingAgent($"spiffe://{TrustDomain}/bench/receiver-{suffix}");
        await EnrollAsync(receiverAgent, receiverPolicy, silo: 0);
        var token = await cluster.PostFormAsync(cluster.Anonymous(0), "/oauth2/token", HttpStatusCode.OK,
            ("grant_type", "client_credentials"),
            ("client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"),
            ("client_assertion", receiverAgent.Assertion(CompromiseCluster.TokenEndpoint, DateTimeOffset.UtcNow)),
            ("scope", "ssf.manage"),
            ("resource", CompromiseCluster.Issuer + "/ssf"));

        var stream = await cluster.SendAsync(cluster.Anonymous(1), HttpMethod.Post, "/ssf/streams", new JsonObject
        {
            ["events_requested"] = new JsonArray(SecurityEventTypes.CredentialCompromise),
            ["delivery"] = new JsonObject
            {
                ["method"] = "urn:ietf:rfc:8935",
                ["endpoint_url"] = receiver.EndpointUrl,
                ["authorization_header"] = receiver.AuthorizationHeader,
            },
        }, HttpStatusCode.Created, bearer: token.GetProperty("access_token").GetString());
        if (!stream.GetProperty("events_delivered").EnumerateArray().Any(e => e.GetString() == SecurityEventTypes.CredentialCompromise))
            throw new InvalidOperationException($"the SSF stream does not deliver credential-compromise: {stream.GetRawText()}");

        using var jwks = await cluster.Anonymous(2).GetAsync(new Uri("/oauth2/jwks", UriKind.Relative));
        receiver.Trust(CompromiseCluster.Issuer, receiverAgent.Id, await jwks.Content.ReadAsStringAsync());
        progress.WriteLine($"SSF push stream {stream.GetProperty("stream_id").GetString()} to {receiver.EndpointUrl} for {receiverAgent.Id}");
    }

    /// <summary>One fresh agent, <paramref name="tokenCount"/> tokens, and its compromise through silo <paramref name="through"/>, timed.</summary>
    private async Task<CompromiseRun> RunOnceAsync(string label, int run, int tokenCount, int through)
    {
        using var victim = new AssertingAgent($"spiffe://{TrustDomain}/bench/victim-{Guid.NewGuid().ToString("N")[..12]}");
        await EnrollAsync(victim, _victimPolicy, through);

        // Untimed: one single-use assertion per token, and one more to ask for a token after the compromise.
        var now = DateTimeOffset.UtcNow;
        var assertions = Enumerable.Range(0, tokenCount + 1).Select(_ => victim.Assertion(CompromiseCluster.TokenEndpoint, now)).ToArray();
        var (tokens, issueSeconds, added) = await IssueAsync(assertions[..tokenCount]);
        progress.WriteLine($"{label}: {tokens.Length} tokens through {cluster.Silos.Count} silos in {issueSeconds:0.0} s; " +
            $"token grains added per silo {string.Join('/', added)}");

        var targets = Sample(tokens);
        var active = await _probe.CountActiveAsync(targets);
        if (active != targets.Count)
            throw new InvalidOperationException($"only {active} of {targets.Count} sampled tokens are active before the compromise\n{cluster.Describe()}");

        var signMs = RawSignature.MeasureMilliseconds(SignatureSample);
        var (answeredMs, perSiloMs, setMs, polls) = await TimeCompromiseAsync(victim.Id, through, targets);

        // Nothing revoked is valid again, and the agent gets nothing new with an assertion signed before its compromise.
        var stillActive = await _probe.CountActiveAsync(targets);
        var (status, body) = await load.TryIssueAsync((through + 1) % cluster.Silos.Count, assertions[^1]);
        var newTokenAfter = status == HttpStatusCode.OK ? "issued (a compromised agent got a token)" : $"{(int)status} {ErrorCode(body)}";

        var result = new CompromiseRun(run, tokens.Length, Math.Round(issueSeconds, 1), added, through + 1, Math.Round(signMs, 4),
            answeredMs, perSiloMs.Max(), perSiloMs, setMs, polls, stillActive, newTokenAfter);
        progress.WriteLine($"  compromise through silo-{through + 1}: answered {answeredMs:0.0} ms, all sampled tokens inactive " +
            $"{result.IntrospectionMs:0.0} ms ({string.Join('/', perSiloMs.Select(m => m.ToString("0.0", CultureInfo.InvariantCulture)))} per silo, {polls} polls), " +
            $"SET {setMs:0.0} ms; one signature {signMs * 1000:0} us; afterwards {stillActive} active, new token: {newTokenAfter}");
        return result;
    }

    /// <summary>
    /// Issues one token per assertion, then asks about each once through the silo that issued it, as resource servers
    /// introspecting them would: issuance activates no token grain, the first question does. Returns the tokens, the
    /// seconds issuance took and the token grains added on each silo.
    /// </summary>
    private async Task<(IssuedToken[] Tokens, double Seconds, int[] AddedPerSilo)> IssueAsync(string[] assertions)
    {
        var before = await cluster.Census.TokenGrainsPerSiloAsync();
        var clock = Stopwatch.StartNew();
        var tokens = await load.IssueAsync(assertions);
        var seconds = clock.Elapsed.TotalSeconds;
        var active = await _probe.CountActiveAsync([.. tokens.Select(t => new ProbeTarget(t.Silo, t.Token))], options.Connections);
        if (active != tokens.Length)
            throw new InvalidOperationException($"only {active} of {tokens.Length} new tokens introspect active\n{cluster.Describe()}");
        var after = await cluster.Census.TokenGrainsPerSiloAsync();
        return (tokens, seconds, [.. after.Zip(before, (a, b) => a - b)]);
    }

    /// <summary>
    /// The timed part: from just before the compromise call until it answers, until every target answered inactive
    /// (the latest per silo) and until the SET arrived, in milliseconds; and how many introspection requests it took.
    /// </summary>
    private async Task<(double AnsweredMs, double[] InactivePerSiloMs, double SetMs, int Polls)> TimeCompromiseAsync(
        string agent, int through, List<ProbeTarget> targets)
    {
        var setArrival = receiver.AwaitCompromiseAsync(agent);
        var start = Stopwatch.GetTimestamp();
        var compromise = CompromiseAsync(agent, through);
        var probe = _probe.UntilInactiveAsync(targets, Budget);
        var answeredAt = await compromise;
        var (inactiveAt, polls) = await probe;
        if (inactiveAt.Any(t => t == 0))
            throw new InvalidOperationException($"{inactiveAt.Count(t => t == 0)} sampled tokens were still active {Budget.TotalSeconds:0} s after the compromise\n{cluster.Describe()}");
        if (await Task.WhenAny(setArrival, Task.Delay(Budget)) != setArrival)
            throw new TimeoutException($"no valid credential-compromise SET within {Budget.TotalSeconds:0} s (receiver refused {receiver.Refused.Count}: {receiver.Refused.First})");

        var perSilo = Enumerable.Range(0, cluster.Silos.Count)
            .Select(silo => Ms(start, Enumerable.Range(0, targets.Count).Where(i => targets[i].Silo == silo).Max(i => inactiveAt[i])))
            .ToArray();
        return (Ms(start, answeredAt), perSilo, Ms(start, await setArrival), polls);
    }

    /// <summary><c>--sample</c> distinct random tokens for each silo, whichever silo issued them.</summary>
    private List<ProbeTarget> Sample(IssuedToken[] tokens)
    {
        var targets = new List<ProbeTarget>();
        for (var silo = 0; silo < cluster.Silos.Count; silo++)
        {
            var picked = tokens.ToArray();
            Random.Shared.Shuffle(picked);
            targets.AddRange(picked.Take(options.Sample).Select(t => new ProbeTarget(silo, t.Token)));
        }

        return targets;
    }

    /// <summary>The compromise call; returns the <see cref="Stopwatch"/> timestamp of its answer.</summary>
    private async Task<long> CompromiseAsync(string agent, int silo)
    {
        await cluster.SendAsync(cluster.Operator(silo), HttpMethod.Post, $"/v1/agents/{Uri.EscapeDataString(agent)}/compromise",
            new JsonObject { ["reason"] = "compromise benchmark" }, HttpStatusCode.OK);
        return Stopwatch.GetTimestamp();
    }

    /// <summary>Registers the agent, gets a join token and attests with its CSR, so that its key is known to sign client assertions.</summary>
    private async Task EnrollAsync(AssertingAgent agent, string policy, int silo)
    {
        var op = cluster.Operator(silo);
        await cluster.SendAsync(op, HttpMethod.Post, "/v1/agents", new JsonObject { ["spiffe_id"] = agent.Id, ["policy"] = policy }, HttpStatusCode.Created);
        var joinToken = await cluster.SendAsync(op, HttpMethod.Post, "/v1/join-tokens", new JsonObject { ["spiffe_id"] = agent.Id }, HttpStatusCode.Created);
        await cluster.SendAsync(cluster.Anonymous(silo), HttpMethod.Post, "/v1/attest", new JsonObject
        {
            ["spiffe_id"] = agent.Id,
            ["evidence"] = new JsonArray(new JsonObject { ["type"] = "join_token", ["token"] = joinToken.GetProperty("token").GetString() }),
            ["csr"] = agent.CsrPem(),
        }, HttpStatusCode.OK);
    }

    private async Task<string> PutPolicyAsync(string name, string scope, string resource)
    {
        await cluster.SendAsync(cluster.Operator(0), HttpMethod.Put, $"/v1/policies/{name}", new JsonObject
        {
            ["description"] = "Aims.Bench compromise",
            ["rules"] = new JsonArray(new JsonObject
            {
                ["match"] = $"spiffe://{TrustDomain}/bench/**",
                ["attestation"] = new JsonObject { ["allowed"] = new JsonArray("join_token") },
                ["audiences"] = new JsonArray("*"),
                ["oauth"] = new JsonObject
                {
                    ["scopes"] = new JsonArray(scope),
                    ["resources"] = new JsonArray(resource),
                    ["access_token_ttl_seconds"] = 3600,
                },
            }),
        }, HttpStatusCode.Created);
        return name;
    }

    private static double Ms(long start, long at) => Math.Round((at - start) * 1000.0 / Stopwatch.Frequency, 2);

    private static string ErrorCode(string body)
    {
        try
        {
            using var json = System.Text.Json.JsonDocument.Parse(body);
            return json.RootElement.TryGetProperty("error", out var error) ? error.GetString() ?? "?" : "?";
        }
        catch (System.Text.Json.JsonException)
        {
            return "no JSON error";
        }
    }
}
