using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Aims.Core.Jose;

/// <summary>
/// A syntactically valid compact JWS (RFC 7515 §7.1) whose signature has not been checked yet. Produced by
/// <see cref="CompactJws.TryParse"/>; nothing in it is trustworthy until <see cref="VerifySignature"/> succeeds.
/// </summary>
public sealed class ParsedJws
{
    internal ParsedJws(string token, int signingInputLength, string algorithm, string? keyId, string? type,
        JsonElement header, JsonElement payload, byte[] signature)
    {
        Token = token;
        SigningInputLength = signingInputLength;
        Algorithm = algorithm;
        KeyId = keyId;
        Type = type;
        Header = header;
        Payload = payload;
        Signature = signature;
    }

    public string Token { get; }

    /// <summary>The header <c>alg</c>, unchecked against any allow-list.</summary>
    public string Algorithm { get; }

    public string? KeyId { get; }

    public string? Type { get; }

    /// <summary>The JOSE header, a JSON object without duplicate members.</summary>
    public JsonElement Header { get; }

    /// <summary>The JWS payload, a JSON object without duplicate members (the JWT claims set).</summary>
    public JsonElement Payload { get; }

    public ReadOnlyMemory<byte> Signature { get; }

    /// <summary>Length of <c>BASE64URL(header) "." BASE64URL(payload)</c>, the JWS signing input (RFC 7515 §5.1).</summary>
    private int SigningInputLength { get; }

    /// <summary>
    /// Verifies an ES256/ES384/ES512 signature (RFC 7518 §3.4: IEEE P1363 r‖s) with <paramref name="key"/>; the
    /// key's curve must match <see cref="Algorithm"/>.
    /// </summary>
    public bool VerifySignature(ECDsa key, [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (!JwsAlgorithms.TryGetEcdsaParameters(Algorithm, out var hash, out var keySize, out var signatureLength))
        {
            error = $"alg '{Algorithm}' cannot be verified with an EC key";
            return false;
        }

        if (key.KeySize != keySize)
        {
            error = $"alg '{Algorithm}' needs a {keySize}-bit EC key but key '{KeyId}' is {key.KeySize}-bit";
            return false;
        }

        if (Signature.Length != signatureLength)
        {
            error = $"an {Algorithm} signature is {signatureLength} bytes, this one is {Signature.Length}";
            return false;
        }

        var input = ArrayPool<byte>.Shared.Rent(SigningInputLength);
        try
        {
            // The signing input is ASCII: CompactJws.TryParse accepted only base64url characters and '.'.
            var length = Encoding.ASCII.GetBytes(Token.AsSpan(0, SigningInputLength), input);
            if (key.VerifyData(input.AsSpan(0, length), Signature.Span, hash, DSASignatureFormat.IeeeP1363FixedFieldConcatenation))
            {
                error = null;
                return true;
            }

            error = "the signature does not verify with the bundle key named by kid";
            return false;
        }
        catch (CryptographicException e)
        {
            error = $"the signature could not be verified: {e.Message}";
            return false;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(input);
        }
    }
}
