using System.Diagnostics.CodeAnalysis;

namespace Aims.Core.Attestation;

/// <summary>
/// A SHA-256 digest as measured artefacts carry it: <c>sha256:</c> and 64 lowercase hex characters (OCI image digests,
/// <c>unix:sha256:</c> selectors). The hex alone (an in-toto subject's <c>digest.sha256</c>) reads with <see cref="TryParseHex"/>.
/// </summary>
public sealed record Sha256Digest
{
    public const string Prefix = "sha256:";

    private Sha256Digest(string hex) => Hex = hex;

    /// <summary>64 lowercase hex characters.</summary>
    public string Hex { get; }

    public static bool TryParse(string? text, [NotNullWhen(true)] out Sha256Digest? digest)
    {
        digest = null;
        return text is not null && text.StartsWith(Prefix, StringComparison.Ordinal) && TryParseHex(text[Prefix.Length..], out digest);
    }

    /// <summary>Lowercase hex only: a digest has one spelling, so comparing two is comparing strings.</summary>
    public static bool TryParseHex(string? hex, [NotNullWhen(true)] out Sha256Digest? digest)
    {
        digest = null;
        if (hex is not { Length: 64 } || !hex.All(c => char.IsAsciiDigit(c) || c is >= 'a' and <= 'f'))
            return false;
        digest = new Sha256Digest(hex);
        return true;
    }

    public override string ToString() => Prefix + Hex;
}
