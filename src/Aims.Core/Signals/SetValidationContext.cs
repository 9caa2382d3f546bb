using System.Security.Cryptography;

namespace Aims.Core.Signals;

/// <summary>What a SET recipient expects of one transmitter (RFC 8935 §2): its issuer, its keys, and our audience.</summary>
/// <param name="Issuer">The transmitter's exact <c>iss</c>.</param>
/// <param name="Audiences">Values of which <c>aud</c> must contain at least one.</param>
/// <param name="ResolveKey">The transmitter's public key for a <c>kid</c>, or null when it has none by that id.</param>
public sealed record SetValidationContext(string Issuer, IReadOnlyCollection<string> Audiences, Func<string?, ECDsa?> ResolveKey)
{
    public const int DefaultMaxLength = 16 * 1024;

    public int MaxLength { get; init; } = DefaultMaxLength;

    /// <summary>
    /// Public JWKs by <c>kid</c> of an outside transmitter; when set, it is used instead of <see cref="ResolveKey"/>
    /// and RS256/PS256 are accepted besides ES256/ES384 (the CAEP interoperability profile signs with RS256).
    /// </summary>
    public Func<string?, Jose.JsonWebKey?>? ResolveJwk { get; init; }

    /// <summary>A context for a transmitter whose keys are a fetched or configured JWK Set.</summary>
    public static SetValidationContext ForJwks(string issuer, IReadOnlyCollection<string> audiences, Jose.VerificationKeySet keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        return new SetValidationContext(issuer, audiences, _ => null)
        {
            ResolveJwk = kid => kid is not null && keys.TryGetKey(kid, out var key) ? key : null,
        };
    }

    /// <summary>How far in the future an <c>iat</c> may be before the SET is refused.</summary>
    public TimeSpan ClockSkew { get; init; } = TimeSpan.FromMinutes(5);
}
