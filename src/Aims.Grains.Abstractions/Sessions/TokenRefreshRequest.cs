namespace Aims.Grains.Sessions;

/// <summary>A <c>refresh_token</c> token request (RFC 6749 §6) from an authenticated (or public) client.</summary>
/// <param name="Scopes">The scope asked for, a subset of the granted one; empty for all of it.</param>
/// <param name="Resources">A subset of the granted resources; empty for all of them.</param>
[GenerateSerializer, Immutable, Alias("aims.TokenRefreshRequest")]
public sealed record TokenRefreshRequest(
    [property: Id(0)] string RefreshToken,
    [property: Id(1)] string ClientId,
    [property: Id(2)] IReadOnlyList<string> Scopes,
    [property: Id(3)] IReadOnlyList<string> Resources,
    [property: Id(4)] string Issuer,
    [property: Id(5)] string ClientAuthentication,
    [property: Id(6)] string? CnfX5tS256,
    [property: Id(7)] string CorrelationId)
{
    /// <summary>Never the refresh token: this text may reach a log.</summary>
    public override string ToString() => $"refresh_token by {ClientId}";
}
