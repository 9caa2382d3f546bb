namespace Aims.Grains.Sessions;

/// <summary>What the user granted at consent, after policy decided it; the code itself never travels, only its hash.</summary>
/// <param name="IsAgentClient">The client is an agent (client_id = SPIFFE ID): its grain decides and mints every token.</param>
/// <param name="Scopes">The granted scopes (policy may have narrowed the requested ones).</param>
/// <param name="AuthorizedAt">When the user consented; the code lives from here.</param>
/// <param name="ExpiresAt">The absolute end of the session: consent time plus policy's refresh token lifetime.</param>
[GenerateSerializer, Immutable, Alias("aims.SessionCreation")]
public sealed record SessionCreation(
    [property: Id(0)] string ClientId,
    [property: Id(1)] bool IsAgentClient,
    [property: Id(2)] string RedirectUri,
    [property: Id(3)] string CodeChallenge,
    [property: Id(4)] string CodeHash,
    [property: Id(5)] string User,
    [property: Id(6)] IReadOnlyList<string> Scopes,
    [property: Id(7)] IReadOnlyList<string> Resources,
    [property: Id(8)] DateTimeOffset AuthorizedAt,
    [property: Id(9)] DateTimeOffset ExpiresAt,
    [property: Id(10)] string CorrelationId);
