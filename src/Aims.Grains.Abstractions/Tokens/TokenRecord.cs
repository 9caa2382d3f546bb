using Aims.Core.OAuth;
using Aims.Core.Tokens;

namespace Aims.Grains.Tokens;

/// <summary>What the token grain knows of one access token.</summary>
[GenerateSerializer, Immutable, Alias("aims.TokenRecord")]
public sealed record TokenRecord(
    [property: Id(0)] string Jti,
    [property: Id(1)] string Subject,
    [property: Id(2)] string ClientId,
    [property: Id(3)] IReadOnlyList<string> Audience,
    [property: Id(4)] string Scope,
    [property: Id(5)] DateTimeOffset IssuedAt,
    [property: Id(6)] DateTimeOffset ExpiresAt,
    [property: Id(7)] TokenState State,
    [property: Id(8)] string? RevocationReason)
{
    /// <summary>What a validly signed token says of itself: active, as issued.</summary>
    public static TokenRecord Issued(AccessToken token)
    {
        ArgumentNullException.ThrowIfNull(token);
        return new TokenRecord(token.Jti, token.Subject, token.ClientId, token.Audience, token.Scope.ToString(), token.IssuedAt, token.ExpiresAt, TokenState.Active, null);
    }
}
