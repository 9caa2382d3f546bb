using System.Text.Json;
using Aims.Api.Http;
using Aims.Core.Credentials;
using Aims.Core.Jose;
using Microsoft.AspNetCore.Http;

namespace Aims.Api.Endpoints;

/// <summary>Checks what an agent asks to be issued before any grain sees it: CSR, public JWK, audiences.</summary>
internal static class IssuanceInputs
{
    public const int MaxAudiences = 16;
    public const int MaxAudienceLength = 512;

    public static IResult? CheckCsr(string? csr)
    {
        if (csr is null)
            return null;
        return CertificateSigningRequest.TryParse(csr, out _, out var error) ? null : Problems.BadRequest($"csr is not acceptable: {error}");
    }

    public static (string? Json, IResult? Problem) CheckJwk(JsonElement? jwk)
    {
        if (jwk is null || jwk.Value.ValueKind == JsonValueKind.Null)
            return (null, null);
        if (jwk.Value.ValueKind != JsonValueKind.Object)
            return (null, Problems.BadRequest("jwk must be a JSON object holding the agent's public key (RFC 7517)"));

        var key = JsonWebKey.Parse(jwk.Value.GetRawText());
        if (key is null)
            return (null, Problems.BadRequest("jwk is not a JSON Web Key: it needs string members kty, crv, x and y (RFC 7517 §4, RFC 7518 §6.2.1)"));
        if (WitIssuer.CheckAgentKey(key) is { } problem)
            return (null, Problems.BadRequest($"jwk is not acceptable: {problem}"));
        return (jwk.Value.GetRawText(), null);
    }

    public static (IReadOnlyList<string> Audiences, IResult? Problem) CheckAudiences(IReadOnlyList<string>? audiences)
    {
        if (audiences is null || audiences.Count == 0)
            return ([], null);
        if (audiences.Count > MaxAudiences)
            return ([], Problems.BadRequest($"audience may hold at most {MaxAudiences} values"));
        if (audiences.Any(a => string.IsNullOrWhiteSpace(a) || a.Length > MaxAudienceLength))
            return ([], Problems.BadRequest($"each audience must be a non-empty string of at most {MaxAudienceLength} characters"));
        return ([.. audiences.Distinct(StringComparer.Ordinal)], null);
    }
}
