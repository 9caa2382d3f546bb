using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using B64 = System.Buffers.Text.Base64Url;

namespace Aims.Core.Jose;

/// <summary>
/// Writes ECDSA-signed compact JWS tokens (RFC 7515 §7.1, RFC 7518 §3.4) with reusable buffers: the claims go
/// straight from a <see cref="Utf8JsonWriter"/> into a buffer, are base64url-encoded in place, and signed into
/// a stack buffer, so a token costs one signature plus one string. Not thread-safe: one writer per issuer.
/// </summary>
/// <example>
/// <code>
/// var json = writer.BeginPayload();
/// json.WriteString("sub", "spiffe://example.org/agent");
/// var token = writer.Complete(privateKey, "ES256", "key-1", "JWT");
/// </code>
/// </example>
[SuppressMessage("Design", "CA1001", Justification = "Utf8JsonWriter over an owned IBufferWriter holds no resources; Dispose would only flush.")]
public sealed class CompactJwsWriter
{
    private const int MaxSignatureLength = 132;

    /// <summary>
    /// Escapes only what JSON requires (RFC 8259 §7), so "wit+jwt" stays "wit+jwt" rather than "wit\u002Bjwt"; the
    /// output is never embedded in HTML.
    /// </summary>
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly ArrayBufferWriter<byte> _payload = new(512);
    private readonly Utf8JsonWriter _json;
    private byte[] _token = new byte[1024];
    private int _tokenLength;
    private bool _writing;

    private byte[] _header = [];
    private string? _headerAlg;
    private string? _headerKid;
    private string? _headerTyp;

    public CompactJwsWriter() => _json = new Utf8JsonWriter(_payload, WriterOptions);

    /// <summary>Starts a claims set: the returned writer is inside the top-level JSON object.</summary>
    public Utf8JsonWriter BeginPayload()
    {
        _payload.ResetWrittenCount();
        _json.Reset(_payload);
        _json.WriteStartObject();
        _writing = true;
        return _json;
    }

    /// <summary>
    /// Closes the claims set and returns <c>BASE64URL(header).BASE64URL(payload).BASE64URL(signature)</c> with the
    /// header <c>{"alg":alg,"kid":kid,"typ":typ}</c>.
    /// </summary>
    public string Complete(ECDsa key, string alg, string kid, string typ)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentException.ThrowIfNullOrEmpty(kid);
        ArgumentException.ThrowIfNullOrEmpty(typ);
        if (!_writing)
            throw new InvalidOperationException("Call BeginPayload before Complete.");
        if (!JwsAlgorithms.TryGetEcdsaParameters(alg, out var hash, out var keySize, out var signatureLength))
            throw new ArgumentException($"alg '{alg}' is not an ECDSA algorithm (RFC 7518 §3.4).", nameof(alg));
        if (key.KeySize != keySize)
            throw new ArgumentException($"alg '{alg}' needs a {keySize}-bit EC key, not {key.KeySize}-bit.", nameof(key));

        _writing = false;
        _json.WriteEndObject();
        _json.Flush();

        var header = EncodedHeader(alg, kid, typ);
        var payload = _payload.WrittenSpan;
        var signingInputLength = header.Length + 1 + B64.GetEncodedLength(payload.Length);
        _tokenLength = signingInputLength + 1 + B64.GetEncodedLength(signatureLength);
        if (_token.Length < _tokenLength)
            _token = new byte[Math.Max(_tokenLength, _token.Length * 2)];

        var token = _token.AsSpan();
        header.CopyTo(token);
        token[header.Length] = (byte)'.';
        B64.EncodeToUtf8(payload, token[(header.Length + 1)..]);

        Span<byte> signature = stackalloc byte[MaxSignatureLength];
        if (!key.TrySignData(token[..signingInputLength], signature, hash, DSASignatureFormat.IeeeP1363FixedFieldConcatenation, out var written)
            || written != signatureLength)
        {
            throw new CryptographicException($"The {alg} signature was not {signatureLength} bytes.");
        }

        token[signingInputLength] = (byte)'.';
        B64.EncodeToUtf8(signature[..written], token[(signingInputLength + 1)..]);

        return string.Create(_tokenLength, this, static (chars, self) =>
            Ascii.ToUtf16(self._token.AsSpan(0, self._tokenLength), chars, out _));
    }

    /// <summary>The header is the same for every token of one key, so it is encoded once per key.</summary>
    private ReadOnlySpan<byte> EncodedHeader(string alg, string kid, string typ)
    {
        if (alg == _headerAlg && kid == _headerKid && typ == _headerTyp)
            return _header;

        var json = new ArrayBufferWriter<byte>(128);
        using (var writer = new Utf8JsonWriter(json, WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteString(JoseHeaderNames.Algorithm, alg);
            writer.WriteString(JoseHeaderNames.KeyId, kid);
            writer.WriteString(JoseHeaderNames.Type, typ);
            writer.WriteEndObject();
        }

        var header = new byte[B64.GetEncodedLength(json.WrittenCount)];
        B64.EncodeToUtf8(json.WrittenSpan, header);
        (_header, _headerAlg, _headerKid, _headerTyp) = (header, alg, kid, typ);
        return header;
    }
}
