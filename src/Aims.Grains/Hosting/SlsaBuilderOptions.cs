using Aims.Core.Attestation.Slsa;

namespace Aims.Grains.Hosting;

/// <summary>A build platform whose provenance is believed (<c>Aims:Attestation:Slsa:Builders:N</c>): its signing key and the builder ids it vouches for.</summary>
public sealed class SlsaBuilderOptions
{
    /// <summary>The builder's public key, PEM <c>PUBLIC KEY</c> (EC P-256 or Ed25519).</summary>
    public string? PublicKey { get; set; }

    /// <summary>A file holding <see cref="PublicKey"/>, read at startup when <see cref="PublicKey"/> is unset.</summary>
    public string? PublicKeyFile { get; set; }

    /// <summary>The DSSE <c>keyid</c> its signatures carry, if it sets one.</summary>
    public string? KeyId { get; set; }

    /// <summary>The <c>builder.id</c> URIs this key may sign provenance for; required.</summary>
    public List<string> BuilderIds { get; set; } = [];

    public TrustedBuilder ToBuilder(string path)
    {
        var pem = PublicKey;
        if (string.IsNullOrWhiteSpace(pem) && !string.IsNullOrWhiteSpace(PublicKeyFile))
        {
            try
            {
                pem = File.ReadAllText(PublicKeyFile);
            }
            catch (IOException e)
            {
                throw new InvalidOperationException($"{path}: PublicKeyFile '{PublicKeyFile}' cannot be read: {e.Message}", e);
            }
        }

        return TrustedBuilder.TryCreate(pem, KeyId, BuilderIds, out var builder, out var error)
            ? builder
            : throw new InvalidOperationException($"{path}: {error}.");
    }
}
