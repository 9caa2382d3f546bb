using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Aims.Core.Authority;
using Aims.Core.Credentials;
using Aims.Core.Identity;
using Aims.Core.Jose;
using Aims.Grains.Authority;
using Aims.Grains.Federation;

namespace Aims.Agent.Sync;

/// <summary>
/// The trust domain's bundle in the forms the Workload API hands out: X.509 authorities as concatenated DER, the
/// JWT-SVID authorities as a JWK Set holding only <c>jwt-svid</c> keys (Workload API §6.2), and the same keys
/// loaded for <c>ValidateJWTSVID</c>.
/// </summary>
internal sealed record TrustBundle(TrustDomain TrustDomain, long Sequence, byte[] X509AuthoritiesDer, int X509AuthorityCount, byte[] JwtAuthoritiesJson, JwtBundle JwtAuthorities)
{
    /// <summary>Bundle maps are keyed by the SPIFFE ID of the trust domain (Workload API §5.2.2, §6.2.3).</summary>
    public string Key => TrustDomain.IdString;

    public static TrustBundle From(TrustDomain trustDomain, TrustBundleView view)
    {
        ArgumentNullException.ThrowIfNull(view);
        var authorities = new X509Certificate2Collection();
        authorities.ImportFromPem(view.X509AuthoritiesPem);
        return From(trustDomain, view.Sequence, view.Json, [.. authorities]);
    }

    /// <summary>A federated trust domain's bundle as the fabric fetched it (SPIFFE Federation §5): kept as its own bundle, never merged.</summary>
    /// <exception cref="ArgumentException">The stored document is not a SPIFFE bundle of that trust domain.</exception>
    public static TrustBundle FromFederated(FederatedBundleView view)
    {
        ArgumentNullException.ThrowIfNull(view);
        var trustDomain = TrustDomain.Parse(view.TrustDomain);
        if (!SpiffeBundleParser.TryParse(trustDomain, view.Json, out var parsed, out var error))
            throw new ArgumentException($"the federated bundle of {trustDomain} is not usable: {error}", nameof(view));
        return From(trustDomain, view.Sequence, view.Json, parsed.X509Authorities);
    }

    private static TrustBundle From(TrustDomain trustDomain, long sequence, string bundleJson, IReadOnlyCollection<X509Certificate2> authorities)
    {
        var der = authorities.SelectMany(c => c.RawData).ToArray();
        foreach (var certificate in authorities)
            certificate.Dispose();

        using var document = JsonDocument.Parse(bundleJson);
        var jwtKeys = document.RootElement.GetProperty("keys").EnumerateArray()
            .Where(k => k.TryGetProperty("use", out var use) && use.ValueKind == JsonValueKind.String && use.GetString() == SpiffeBundle.JwtSvidUse)
            .ToList();
        var parsed = jwtKeys.Select(k => JsonSerializer.Deserialize<JsonWebKey>(k.GetRawText())!).ToList();

        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteStartArray("keys");
            foreach (var key in jwtKeys)
                key.WriteTo(writer);
            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return new TrustBundle(trustDomain, sequence, der, authorities.Count, buffer.ToArray(),
            JwtBundle.FromJwks(trustDomain, parsed, SpiffeBundle.JwtSvidUse));
    }

    public override string ToString() => $"bundle {TrustDomain} #{Sequence} ({X509AuthorityCount} X.509, {JwtAuthorities.KeyIds.Count} JWT)";
}
