namespace Aims.Grains.Credentials;

[GenerateSerializer, Immutable, Alias("aims.WitIssued")]
public sealed record WitIssued(
    [property: Id(0)] string Jti,
    [property: Id(1)] string Token,
    [property: Id(2)] DateTimeOffset ExpiresAt,
    [property: Id(3)] string IssuerKeyId);
