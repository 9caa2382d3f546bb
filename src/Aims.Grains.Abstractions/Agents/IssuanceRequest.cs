namespace Aims.Grains.Agents;

/// <summary>What an attested or authenticated agent asks to be issued.</summary>
/// <param name="Evidence">
/// The verified evidence behind <paramref name="EvidenceTypes"/>, whose selectors must cover the agent's registered
/// ones; null (a caller that verified none of it) counts as proving no selectors.
/// </param>
/// <param name="EvidenceNamesAgent">
/// True when an item (a join token, an enrolled TPM key) is bound to this very agent; false when the agent is
/// identified only through its registered selectors.
/// </param>
[GenerateSerializer, Immutable, Alias("aims.IssuanceRequest")]
public sealed record IssuanceRequest(
    [property: Id(0)] IReadOnlyList<string> EvidenceTypes,
    [property: Id(1)] string? CsrPem,
    [property: Id(2)] string? JwkJson,
    [property: Id(3)] IReadOnlyList<string> Audiences,
    [property: Id(4)] string CorrelationId,
    [property: Id(5)] string Action,
    [property: Id(6)] IReadOnlyList<EvidenceRecord>? Evidence = null,
    [property: Id(7)] bool EvidenceNamesAgent = true)
{
    /// <summary>Caps the policy's X509-SVID lifetime (a registration entry's <c>x509_svid_ttl</c>); null leaves policy's.</summary>
    [Id(8)] public TimeSpan? X509SvidTtlCap { get; init; }

    /// <summary>Caps the policy's JWT-SVID lifetime (a registration entry's <c>jwt_svid_ttl</c>); null leaves policy's.</summary>
    [Id(9)] public TimeSpan? JwtSvidTtlCap { get; init; }

    /// <summary>DNS names or IPs the X509-SVID also names (a registration entry's <c>dns_names</c>).</summary>
    [Id(10)] public IReadOnlyList<string> DnsNames { get; init; } = [];
}
