using Aims.Core.Authority;
using Aims.Core.Identity;
using Aims.Core.Jose;

namespace Aims.Core.Credentials;

/// <summary>
/// Mints WIT-SVIDs (draft-ietf-wimse-workload-creds §3, WIT-SVID §2, §3): header <c>typ wit+jwt</c> with
/// <c>kid</c>; claims <c>sub</c>, <c>exp</c>, <c>nbf</c>, <c>iat</c>, <c>jti</c> and <c>cnf.jwk</c> (WIT-SVID §4); never <c>aud</c>
/// (WIT-SVID §3). No <c>iss</c>: it is optional and keys are never looked up by it (workload-creds §3).
/// Not thread-safe: it reuses its buffers.
/// </summary>
public sealed class WitIssuer
{
    private readonly CompactJwsWriter _writer = new();
    private readonly JwtIdGenerator _jwtIds = new();

    /// <summary>
    /// Null when <paramref name="agentPublicKey"/> can be bound into a WIT; otherwise what is wrong with it, so a
    /// front end refuses it before anything is spent (the same check <see cref="Mint"/> makes).
    /// </summary>
    public static string? CheckAgentKey(JsonWebKey agentPublicKey)
    {
        try
        {
            WitConfirmation.FromAgentKey(agentPublicKey);
            return null;
        }
        catch (ArgumentException e)
        {
            return e.Message.Split(" (Parameter", 2)[0];
        }
    }

    /// <exception cref="ArgumentException">
    /// <paramref name="ttl"/> is not positive, the key has expired, or <paramref name="agentPublicKey"/> is not a
    /// public EC key (private members, other key types, or an <c>alg</c> that is none, symmetric or off-curve).
    /// </exception>
    public Wit Mint(SigningCredential key, SpiffeId subject, JsonWebKey agentPublicKey, DateTimeOffset now, TimeSpan ttl)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(subject);
        var confirmation = WitConfirmation.FromAgentKey(agentPublicKey);
        var (issuedAt, expiresAt) = JwtIssuance.Lifetime(key, now, ttl);
        var jti = _jwtIds.Next();

        var json = _writer.BeginPayload();
        json.WriteString(JwtClaimNames.Subject, subject.ToString());
        json.WriteNumber(JwtClaimNames.ExpiresAt, expiresAt);
        json.WriteNumber(JwtClaimNames.NotBefore, issuedAt);
        json.WriteNumber(JwtClaimNames.IssuedAt, issuedAt);
        json.WriteString(JwtClaimNames.JwtId, jti);
        WitConfirmation.Write(json, confirmation);
        var token = _writer.Complete(key.PrivateKey, key.Algorithm, key.Kid, JwtTypes.Wit);

        return new Wit(subject, confirmation, DateTimeOffset.FromUnixTimeSeconds(issuedAt),
            DateTimeOffset.FromUnixTimeSeconds(expiresAt), key.Kid, jti, token);
    }
}
