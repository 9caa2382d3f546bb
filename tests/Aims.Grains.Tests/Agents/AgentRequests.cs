using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using System.Text.Json.Serialization;
using Aims.Core.Jose;
using Aims.Core.Policy;
using Aims.Grains.Agents;

namespace Aims.Grains.Tests.Agents;

/// <summary>The commands an operator and an agent send, with the agent's own keys for its CSR and WIT.</summary>
internal static class AgentRequests
{
    public const string IssueAction = "credential.issue";

    public const string RenewAction = "credential.renew";

    public const string Audience = "https://api.example";

    private static readonly JsonSerializerOptions JwkJson = new() { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    /// <summary>The selector every test agent is registered with; <see cref="Issue"/>'s evidence proves it, as a verifier would.</summary>
    public const string Selector = "unix:uid:1000";

    /// <param name="selectors">The agent's registered selectors; <see cref="Selector"/> when not given.</param>
    public static RegisterAgent Register(string? policy = null, IReadOnlyList<string>? selectors = null) => new(
        policy,
        selectors ?? [Selector],
        new Dictionary<string, string> { ["team"] = "grain-tests" },
        "operator",
        "corr-register");

    public static AdminAction Admin(string? reason = null) => new("operator", "corr-admin", reason);

    public static IssuanceRequest Issue(
        string? csrPem = null,
        string? jwkJson = null,
        IReadOnlyList<string>? audiences = null,
        IReadOnlyList<string>? evidence = null,
        string action = IssueAction) =>
        new(evidence ?? [PolicyDefaults.JoinToken], csrPem, jwkJson, audiences ?? [], "corr-" + action, action,
            [.. (evidence ?? [PolicyDefaults.JoinToken]).Select(type => new EvidenceRecord(type, "grain test", [Selector]))]);

    /// <summary>Everything at once: an X509-SVID for <paramref name="key"/>, a JWT-SVID for <see cref="Audience"/>, a WIT bound to <paramref name="key"/>.</summary>
    public static IssuanceRequest IssueAll(ECDsa key, string action = IssueAction) =>
        Issue(CsrPem(key), JwkOf(key), [Audience], action: action);

    /// <summary>A PKCS#10 request as an agent makes it; the subject is ignored by the issuer.</summary>
    public static string CsrPem(ECDsa key) =>
        new CertificateRequest("CN=ignored", key, HashAlgorithmName.SHA256).CreateSigningRequestPem();

    public static string JwkOf(ECDsa key) => JsonSerializer.Serialize(JsonWebKey.FromECDsa(key), JwkJson);

    public static ECDsa NewKey() => ECDsa.Create(ECCurve.NamedCurves.nistP256);
}
