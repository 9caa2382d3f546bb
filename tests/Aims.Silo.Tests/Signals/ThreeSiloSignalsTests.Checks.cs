using System.Buffers.Text;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Aims.Silo.Tests.OAuth;

namespace Aims.Silo.Tests.Signals;

/// <summary>What every test asks of all three silos and all three tools.</summary>
public sealed partial class ThreeSiloSignalsTests
{
    private static readonly TimeSpan Budget = SignalClusterFixture.Budget;

    private int SiloCount => fixture.Silos.Count;

    /// <summary><c>POST /v1/agents/{id}/{action}</c> through silo <paramref name="silo"/> under <paramref name="correlationId"/>; asserts the status.</summary>
    private async Task<JsonElement> ActAsync(int silo, ClusterAgent agent, string action, JsonObject body, HttpStatusCode expected = HttpStatusCode.OK, string? correlationId = null)
    {
        var (process, op, _) = fixture.Through(silo);
        using var request = new HttpRequestMessage(HttpMethod.Post, $"v1/agents/{agent.PathId}/{action}")
        {
            Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        if (correlationId is not null)
            request.Headers.Add("X-Correlation-Id", correlationId);
        using var response = await op.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{action} of {agent.Id} via {process.Name}: {(int)response.StatusCode} {text}, expected {(int)expected}\n{process.Describe()}");
        return SiloApi.Parse(text);
    }

    /// <summary>RFC 7662 through silo <paramref name="silo"/>, as the operator.</summary>
    private async Task<JsonElement> IntrospectAsync(int silo, string token)
    {
        var (process, op, _) = fixture.Through(silo);
        var (status, json, text) = await OAuthSilo.PostFormAsync(op, "/oauth2/introspect", ("token", token));
        Assert.True(status == HttpStatusCode.OK, $"introspect via {process.Name}: {(int)status} {text}\n{process.Describe()}");
        return json;
    }

    /// <summary>Every silo calls each token inactive, from the moment the call that revoked it answered (durable first).</summary>
    private async Task AssertInactiveOnEverySiloAsync(string what, params string[] tokens)
    {
        for (var silo = 0; silo < SiloCount; silo++)
        {
            foreach (var token in tokens)
            {
                var introspected = await IntrospectAsync(silo, token);
                Assert.False(introspected.GetProperty("active").GetBoolean(), $"{fixture.Silos[silo].Name} still calls {what} {Jti(token)} active: {introspected.GetRawText()}");
            }
        }
    }

    /// <summary>Every silo calls each token active with exactly <paramref name="scope"/>.</summary>
    private async Task AssertActiveOnEverySiloAsync(string what, string scope, params string[] tokens)
    {
        for (var silo = 0; silo < SiloCount; silo++)
        {
            foreach (var token in tokens)
            {
                var introspected = await IntrospectAsync(silo, token);
                Assert.True(introspected.GetProperty("active").GetBoolean(), $"{fixture.Silos[silo].Name} calls {what} {Jti(token)} inactive: {introspected.GetRawText()}");
                Assert.True(scope == introspected.GetProperty("scope").GetString(), $"{fixture.Silos[silo].Name} reports scope '{introspected.GetProperty("scope").GetString()}' for {what} {Jti(token)}, expected '{scope}'");
            }
        }
    }

    /// <summary>
    /// Every tool (each validating locally, each fed by its own SSF stream through its own silo) answers
    /// <paramref name="expected"/> to each token at <paramref name="path"/>, once its signals have arrived.
    /// </summary>
    private async Task ToolsEventuallyAnswerAsync(string path, HttpStatusCode expected, string what, params string[] tokens)
    {
        foreach (var tool in fixture.Tools)
        {
            foreach (var token in tokens)
            {
                var last = HttpStatusCode.OK;
                await SiloApi.EventuallyAsync(Budget, async () => (last = await tool.GetAsync(path, token)) == expected,
                    () => $"{tool.Name} still answers {(int)last} to {what} {Jti(token)} at {path}, expected {(int)expected}\n{fixture.DescribeAll()}");
            }
        }
    }

    /// <summary>Every tool answers <paramref name="expected"/> right now (for what must already hold, e.g. a token issued before).</summary>
    private async Task ToolsAnswerAsync(string path, HttpStatusCode expected, string what, params string[] tokens)
    {
        foreach (var tool in fixture.Tools)
        {
            foreach (var token in tokens)
                Assert.True(await tool.GetAsync(path, token) == expected, $"{tool.Name} does not answer {(int)expected} to {what} {Jti(token)} at {path}");
        }
    }

    /// <summary>No silo issues the agent a token while it may not have one.</summary>
    private async Task AssertNoSiloIssuesAsync(ClusterAgent agent, string why)
    {
        for (var silo = 0; silo < SiloCount; silo++)
        {
            var (status, json, text) = await agent.RequestTokenAsync(silo, SignalClusterFixture.Scopes);
            Assert.True(status is HttpStatusCode.BadRequest or HttpStatusCode.Unauthorized, $"{fixture.Silos[silo].Name} answered {(int)status} to a token request of an agent that is {why}: {text}");
            Assert.True(json.TryGetProperty("error", out _), $"an OAuth error body (RFC 6749 §5.2) from {fixture.Silos[silo].Name}: {text}");
        }
    }

    /// <summary>A refresh of <paramref name="refreshToken"/> through every silo is refused with an OAuth error.</summary>
    private async Task AssertNoSiloRefreshesAsync(ClusterAgent agent, string refreshToken, string why)
    {
        for (var silo = 0; silo < SiloCount; silo++)
        {
            var (status, json, text) = await agent.RefreshAsync(silo, refreshToken);
            Assert.True(status is HttpStatusCode.BadRequest or HttpStatusCode.Unauthorized, $"{fixture.Silos[silo].Name} answered {(int)status} to a refresh for an agent that is {why}: {text}");
            Assert.True(json.TryGetProperty("error", out _), $"an OAuth error body (RFC 6749 §5.2) from {fixture.Silos[silo].Name}: {text}");
        }
    }

    private async Task<JsonElement> AgentAsync(int silo, ClusterAgent agent)
    {
        var (process, op, _) = fixture.Through(silo);
        return await SiloApi.SendAsync(process, op, HttpMethod.Get, $"/v1/agents/{agent.PathId}", null, HttpStatusCode.OK);
    }

    private async Task<IReadOnlyList<string>> SessionIdsAsync(int silo, ClusterAgent agent)
    {
        var (process, op, _) = fixture.Through(silo);
        var sessions = await SiloApi.SendAsync(process, op, HttpMethod.Get, $"/v1/agents/{agent.PathId}/sessions", null, HttpStatusCode.OK);
        return [.. sessions.GetProperty("sessions").EnumerateArray().Select(s => s.GetProperty("session_id").GetString()!)];
    }

    /// <summary>A call to the SSF API through silo <paramref name="silo"/> with the receiver's access token.</summary>
    private async Task<JsonElement> SsfAsync(int silo, HttpMethod method, string path, string token, JsonObject? body, HttpStatusCode expected)
    {
        var (process, _, anon) = fixture.Through(silo);
        using var request = new HttpRequestMessage(method, path.TrimStart('/'));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (body is not null)
            request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        using var response = await anon.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{method} {path} via {process.Name}: {(int)response.StatusCode} {text}, expected {(int)expected}\n{process.Describe()}");
        return SiloApi.Parse(text);
    }

    /// <summary>The claims of a JWT, read without verifying (the silos and tools verify).</summary>
    private static JsonElement Claims(string jwt) => SiloApi.Parse(Encoding.UTF8.GetString(Base64Url.DecodeFromChars(jwt.Split('.')[1])));

    /// <summary>How a failure message names a token: a JWT by its <c>jti</c>, an opaque refresh token by a prefix of its SHA-256.</summary>
    private static string Jti(string token) =>
        token.Count(c => c == '.') == 2 && Claims(token).TryGetProperty("jti", out var jti)
            ? jti.GetString()!
            : "#" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(token)))[..12];

    /// <summary>
    /// Waits out the second the agent's revocation happened in. <c>iat</c> has whole seconds and the fabric refuses a
    /// token of the revocation's own second (fail closed), so a token meant to work after a resume is asked for
    /// after it; <paramref name="revokedAt"/> is the <c>updated_at</c> of the revoking call's answer (whole seconds).
    /// </summary>
    private static async Task AfterTheSecondOfAsync(DateTimeOffset revokedAt)
    {
        var wait = revokedAt.AddSeconds(1) - DateTimeOffset.UtcNow;
        if (wait > TimeSpan.Zero)
            await Task.Delay(wait + TimeSpan.FromMilliseconds(20));
    }
}
