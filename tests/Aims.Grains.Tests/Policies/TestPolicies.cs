using System.Text.Json;
using Aims.Grains.Policies;

namespace Aims.Grains.Tests.Policies;

/// <summary>Policy v1 documents for the tests' agents (all below spiffe://aims.test/tests/).</summary>
internal static class TestPolicies
{
    public const string Match = "spiffe://aims.test/tests/**";

    public static string Json(
        IReadOnlyList<string> audiences,
        int? x509SvidTtlSeconds = null,
        int? jwtSvidTtlSeconds = null,
        int? witTtlSeconds = null,
        string description = "grain tests")
    {
        var rule = new Dictionary<string, object> { ["match"] = Match, ["audiences"] = audiences };
        if (x509SvidTtlSeconds is { } x509)
            rule["x509_svid_ttl_seconds"] = x509;
        if (jwtSvidTtlSeconds is { } jwt)
            rule["jwt_svid_ttl_seconds"] = jwt;
        if (witTtlSeconds is { } wit)
            rule["wit_ttl_seconds"] = wit;
        return JsonSerializer.Serialize(new Dictionary<string, object> { ["description"] = description, ["rules"] = new[] { rule } });
    }

    /// <summary>Stores <paramref name="json"/> under a policy name no other test uses and returns the name.</summary>
    public static async Task<string> PutNewAsync(IGrainFactory grains, string json)
    {
        var name = $"tests-{Guid.NewGuid():N}";
        var result = await grains.GetGrain<IPolicyGrain>(GrainKeys.Policy(name)).PutAsync(json, "operator", "corr-policy");
        return result.Version is not null ? name : throw new InvalidOperationException($"Test policy was refused: {result.Error}");
    }
}
