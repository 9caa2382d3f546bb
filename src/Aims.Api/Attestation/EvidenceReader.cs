using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using Aims.Core.Attestation;
using Aims.Core.Attestation.Slsa;
using Aims.Core.Attestation.Tpm;
using Aims.Core.Jose;

namespace Aims.Api.Attestation;

/// <summary>
/// Reads the evidence items of <c>POST /v1/attest</c> (API.md): each an object with a string <c>type</c> and exactly
/// the members of its type. A malformed item is the caller's mistake (400) and is refused before anything is
/// verified or spent.
/// </summary>
public static class EvidenceReader
{
    public const int MaxTokenLength = CompactJws.DefaultMaxLength;

    private static readonly string Supported = string.Join(", ",
        AttestationTypes.JoinToken, AttestationTypes.Tpm, AttestationTypes.KubernetesPsat, AttestationTypes.Oidc, AttestationTypes.Slsa);

    public static bool TryRead(JsonElement item, [NotNullWhen(true)] out EvidenceItem? read, [NotNullWhen(false)] out string? error)
    {
        read = null;
        if (item.ValueKind != JsonValueKind.Object || !item.TryGetProperty("type", out var typeElement) || typeElement.ValueKind != JsonValueKind.String)
        {
            error = "each evidence item must be an object with a string \"type\"";
            return false;
        }

        var type = typeElement.GetString()!;
        return type switch
        {
            AttestationTypes.JoinToken => TryReadJoinToken(item, out read, out error),
            AttestationTypes.Tpm => TryReadTpm(item, out read, out error),
            AttestationTypes.KubernetesPsat or AttestationTypes.Oidc => TryReadToken(item, type, out read, out error),
            AttestationTypes.Slsa => TryReadSlsa(item, out read, out error),
            AttestationTypes.Unix => Fail("unix evidence comes only from a node agent, which observes the process itself; it cannot be sent over HTTP", out error),
            _ => Fail($"evidence type '{type}' is not supported; supported: {Supported}", out error),
        };
    }

    private static bool TryReadJoinToken(JsonElement item, out EvidenceItem? read, [NotNullWhen(false)] out string? error)
    {
        read = null;
        if (!OnlyMembers(item, AttestationTypes.JoinToken, out error, "token"))
            return false;
        if (!item.TryGetProperty("token", out var token) || token.ValueKind != JsonValueKind.String || token.GetString() is not { Length: > 0 and <= 256 } text)
            return Fail("join_token evidence needs a \"token\" string", out error);

        read = new JoinTokenItem(text);
        return true;
    }

    private static bool TryReadToken(JsonElement item, string type, out EvidenceItem? read, [NotNullWhen(false)] out string? error)
    {
        read = null;
        if (!OnlyMembers(item, type, out error, "token"))
            return false;
        if (!item.TryGetProperty("token", out var token) || token.ValueKind != JsonValueKind.String || token.GetString() is not { Length: > 0 and <= MaxTokenLength } text)
            return Fail($"{type} evidence needs a \"token\": the compact JWT, at most {MaxTokenLength} characters", out error);

        read = new TokenItem(type, text);
        return true;
    }

    private static bool TryReadSlsa(JsonElement item, out EvidenceItem? read, [NotNullWhen(false)] out string? error)
    {
        read = null;
        if (!OnlyMembers(item, AttestationTypes.Slsa, out error, "envelope", "measured"))
            return false;
        if (!item.TryGetProperty("envelope", out var envelopeElement))
            return Fail("slsa evidence needs an \"envelope\": the DSSE envelope of the provenance (an object, or its JSON text)", out error);

        DsseEnvelope? envelope;
        var parsed = envelopeElement.ValueKind == JsonValueKind.String
            ? DsseEnvelope.TryParse(envelopeElement.GetString()!, out envelope, out error)
            : DsseEnvelope.TryParse(envelopeElement, out envelope, out error);
        if (!parsed)
            return Fail($"slsa evidence: {error}", out error);

        string? measured = null;
        if (item.TryGetProperty("measured", out var measuredElement))
        {
            if (measuredElement.ValueKind != JsonValueKind.String || measuredElement.GetString() is not { Length: > 0 and <= 256 } text)
                return Fail("slsa \"measured\" must name a digest another item of this request measured, e.g. \"k8s:image:sha256:…\" or \"sha256:…\"", out error);
            measured = text;
        }

        read = new SlsaItem(envelope!, measured);
        return true;
    }

    private static bool TryReadTpm(JsonElement item, out EvidenceItem? read, [NotNullWhen(false)] out string? error)
    {
        read = null;
        if (!OnlyMembers(item, AttestationTypes.Tpm, out error, "ak_id", "ak", "quote", "signature", "pcrs", "nonce"))
            return false;
        if (!TryReadKeyId(item, out var keyId, out error))
            return false;
        if (!TryBytes(item, "quote", TpmQuote.MaxLength, out var quote))
            return Fail("tpm evidence needs \"quote\": base64url of the TPMS_ATTEST tpm2_quote wrote (-m)", out error);
        if (!TryBytes(item, "signature", 1024, out var signature))
            return Fail("tpm evidence needs \"signature\": base64url of the signature tpm2_quote wrote (-s)", out error);
        if (!item.TryGetProperty("nonce", out var nonceElement) || nonceElement.ValueKind != JsonValueKind.String
            || !AttestationChallenge.TryDecode(nonceElement.GetString(), out var nonce, out error))
            return Fail($"tpm evidence needs \"nonce\": {error ?? "the nonce that was quoted"}", out error);
        if (!TryReadPcrs(item, out var pcrs, out error))
            return false;

        read = new TpmItem(keyId, new TpmQuoteEvidence(quote, signature, pcrs, nonce));
        return true;
    }

    /// <summary>The AK is named by <c>ak_id</c> (hex SHA-256 of its SPKI) or sent as <c>ak</c> (PEM); if both, they must agree.</summary>
    private static bool TryReadKeyId(JsonElement item, out string keyId, [NotNullWhen(false)] out string? error)
    {
        keyId = string.Empty;
        string? named = null;
        if (item.TryGetProperty("ak_id", out var idElement))
        {
            if (idElement.ValueKind != JsonValueKind.String || idElement.GetString() is not { Length: 64 } text || !text.All(c => char.IsAsciiDigit(c) || c is >= 'a' and <= 'f'))
                return Fail("tpm \"ak_id\" must be the lowercase hex SHA-256 of the AK's SubjectPublicKeyInfo (64 characters), as enrolment returned it", out error);
            named = text;
        }

        if (item.TryGetProperty("ak", out var pemElement))
        {
            if (pemElement.ValueKind != JsonValueKind.String)
                return Fail("tpm \"ak\" must be the AK's PEM public key, a string", out error);
            if (!TpmAttestationKey.TryCreate(pemElement.GetString(), null, out var key, out var keyError))
                return Fail($"tpm \"ak\": {keyError}", out error);
            if (named is not null && named != key.Id)
                return Fail($"tpm \"ak_id\" {named} is not the id of \"ak\" ({key.Id})", out error);
            named = key.Id;
        }

        if (named is null)
            return Fail("tpm evidence needs \"ak_id\" (or \"ak\", the AK's PEM public key) naming the enrolled attestation key", out error);
        keyId = named;
        error = null;
        return true;
    }

    /// <summary><c>pcrs</c>: PCR index (decimal) → SHA-256 bank value in hex, as tpm2_pcrread prints it.</summary>
    private static bool TryReadPcrs(JsonElement item, out Dictionary<int, byte[]> pcrs, [NotNullWhen(false)] out string? error)
    {
        pcrs = [];
        if (!item.TryGetProperty("pcrs", out var element) || element.ValueKind != JsonValueKind.Object)
            return Fail("tpm evidence needs \"pcrs\": an object of PCR index → SHA-256 value in hex, for every quoted PCR", out error);

        foreach (var pcr in element.EnumerateObject())
        {
            if (!int.TryParse(pcr.Name, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var index)
                || index > 23 || pcr.Name != index.ToString(System.Globalization.CultureInfo.InvariantCulture))
                return Fail($"tpm \"pcrs\" key '{pcr.Name}' must be a PCR index 0 to 23", out error);
            var hex = pcr.Value.ValueKind == JsonValueKind.String ? pcr.Value.GetString()! : string.Empty;
            if (hex.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
                hex = hex[2..];
            if (hex.Length != 64 || !hex.All(char.IsAsciiHexDigit))
                return Fail($"tpm \"pcrs\" value of PCR {index} must be the 64 hex characters of its SHA-256 bank value", out error);
            pcrs[index] = Convert.FromHexString(hex);
        }

        if (pcrs.Count == 0)
            return Fail("tpm \"pcrs\" must hold the value of every quoted PCR", out error);
        error = null;
        return true;
    }

    private static bool TryBytes(JsonElement item, string name, int maxBytes, out byte[] bytes)
    {
        bytes = [];
        return item.TryGetProperty(name, out var element) && element.ValueKind == JsonValueKind.String
            && element.GetString() is { Length: > 0 } text && text.Length <= ((maxBytes * 4) + 2) / 3
            && Base64Url.TryDecode(text, out bytes) && bytes.Length is > 0;
    }

    private static bool OnlyMembers(JsonElement item, string type, [NotNullWhen(false)] out string? error, params string[] members)
    {
        foreach (var member in item.EnumerateObject())
        {
            if (member.Name != "type" && !members.Contains(member.Name, StringComparer.Ordinal))
            {
                error = $"{type} evidence has unknown member '{member.Name}'; it takes: type, {string.Join(", ", members)}";
                return false;
            }
        }

        error = null;
        return true;
    }

    private static bool Fail(string message, out string error)
    {
        error = message;
        return false;
    }
}
