using System.Buffers.Text;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Aims.Testing;

namespace Aims.Silo.Tests.Signals;

/// <summary>One SET that verified: its claims as the receiver reads them.</summary>
/// <param name="Subject">The top-level <c>sub_id</c> (RFC 9493 subject identifier).</param>
/// <param name="EventType">The one event's URI.</param>
/// <param name="Event">The event's members.</param>
internal sealed record VerifiedSet(string Jti, string? Txn, JsonElement Subject, string EventType, JsonElement Event)
{
    /// <summary>The agent a subject names: a <c>uri</c> subject, or the <c>user</c> of a <c>complex</c> one (the session's agent).</summary>
    public string? Agent => Subject.GetProperty("format").GetString() switch
    {
        "uri" => Subject.GetProperty("uri").GetString(),
        "complex" when Subject.TryGetProperty("user", out var user) && user.GetProperty("format").GetString() == "uri" => user.GetProperty("uri").GetString(),
        _ => null,
    };

    /// <summary>The opaque session id of a <c>complex</c> subject, else null.</summary>
    public string? Session =>
        Subject.TryGetProperty("session", out var session) && session.GetProperty("format").GetString() == "opaque" ? session.GetProperty("id").GetString() : null;
}

/// <summary>
/// Verifies SETs as an outside receiver would, with nothing of the fabric's code: the JWS is split and checked by
/// hand against the JWK Set the fabric publishes at <c>/oauth2/jwks</c> (ES256, BCL ECDsa), then the SSF 1.0 §4
/// profile is checked: <c>typ: secevent+jwt</c>, <c>iss</c>, <c>aud</c>, <c>iat</c>, <c>jti</c>, <c>sub_id</c>, exactly one
/// event, and no <c>sub</c> or <c>exp</c>.
/// </summary>
internal sealed class SetVerifier(IReadOnlyDictionary<string, ECParameters> keys, string issuer)
{
    /// <summary>The fabric's keys as <paramref name="silo"/> publishes them.</summary>
    public static async Task<SetVerifier> FetchAsync(SiloProcess silo, HttpClient anonymous, string issuer)
    {
        var jwks = await SiloApi.SendAsync(silo, anonymous, HttpMethod.Get, "/oauth2/jwks", null, HttpStatusCode.OK);
        var keys = new Dictionary<string, ECParameters>(StringComparer.Ordinal);
        foreach (var key in jwks.GetProperty("keys").EnumerateArray())
        {
            if (key.GetProperty("kty").GetString() != "EC" || key.GetProperty("crv").GetString() != "P-256")
                continue;
            keys[key.GetProperty("kid").GetString()!] = new ECParameters
            {
                Curve = ECCurve.NamedCurves.nistP256,
                Q = new ECPoint { X = Base64Url.DecodeFromChars(key.GetProperty("x").GetString()), Y = Base64Url.DecodeFromChars(key.GetProperty("y").GetString()) },
            };
        }

        Assert.True(keys.Count > 0, $"/oauth2/jwks of {silo.Name} has no P-256 key: {jwks.GetRawText()}");
        return new SetVerifier(keys, issuer);
    }

    /// <summary>The SET's claims; fails the test with the rule it broke when it does not verify for <paramref name="audience"/>.</summary>
    public VerifiedSet Verify(string set, string audience)
    {
        var parts = set.Split('.');
        Assert.True(parts.Length == 3, $"a SET is a compact JWS of three parts: {set}");
        using var header = JsonDocument.Parse(Base64Url.DecodeFromChars(parts[0]));
        Assert.Equal("secevent+jwt", header.RootElement.GetProperty("typ").GetString());
        Assert.Equal("ES256", header.RootElement.GetProperty("alg").GetString());
        var kid = header.RootElement.GetProperty("kid").GetString()!;
        Assert.True(keys.TryGetValue(kid, out var parameters), $"the SET's kid {kid} is not in /oauth2/jwks");
        using (var key = ECDsa.Create(parameters))
        {
            var signed = key.VerifyData(Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]), Base64Url.DecodeFromChars(parts[2]),
                HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
            Assert.True(signed, $"the signature of SET {set} does not verify with key {kid} of /oauth2/jwks");
        }

        using var payload = JsonDocument.Parse(Base64Url.DecodeFromChars(parts[1]));
        var claims = payload.RootElement;
        Assert.Equal(issuer, claims.GetProperty("iss").GetString());
        var aud = claims.GetProperty("aud");
        Assert.Contains(audience, aud.ValueKind == JsonValueKind.Array ? aud.EnumerateArray().Select(a => a.GetString()) : [aud.GetString()]);
        Assert.Equal(JsonValueKind.Number, claims.GetProperty("iat").ValueKind);
        Assert.False(claims.TryGetProperty("sub", out _), "SSF 1.0 §4.1.2: a SET names its subject in sub_id, never sub");
        Assert.False(claims.TryGetProperty("exp", out _), "SSF 1.0 §4.1.3: a SET carries no exp");
        var events = claims.GetProperty("events").EnumerateObject().ToList();
        Assert.True(events.Count == 1, $"SSF 1.0 §4.1.6: one event per SET, not {events.Count}");
        return new VerifiedSet(
            claims.GetProperty("jti").GetString()!,
            claims.TryGetProperty("txn", out var txn) ? txn.GetString() : null,
            claims.GetProperty("sub_id").Clone(),
            events[0].Name,
            events[0].Value.Clone());
    }
}
