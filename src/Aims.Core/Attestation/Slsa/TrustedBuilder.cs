using System.Diagnostics.CodeAnalysis;

namespace Aims.Core.Attestation.Slsa;

/// <summary>
/// A build platform whose provenance this fabric believes: the key it signs with and the builder ids
/// (<c>runDetails.builder.id</c>, v0.2 <c>builder.id</c>) that key may vouch for. A statement signed by this key but
/// naming another builder is refused: a key trusted for one builder does not speak for others.
/// </summary>
public sealed class TrustedBuilder
{
    public const int MaxBuilderIdLength = 1024;

    private TrustedBuilder(BuilderKey key, string? keyId, IReadOnlyList<string> builderIds)
    {
        Key = key;
        KeyId = keyId;
        BuilderIds = builderIds;
    }

    public BuilderKey Key { get; }

    /// <summary>The DSSE <c>keyid</c> its signatures carry, if any; a signature naming another keyid is not tried with this key.</summary>
    public string? KeyId { get; }

    public IReadOnlyList<string> BuilderIds { get; }

    public static bool TryCreate(string? publicKeyPem, string? keyId, IEnumerable<string>? builderIds,
        [NotNullWhen(true)] out TrustedBuilder? builder, [NotNullWhen(false)] out string? error)
    {
        builder = null;
        if (!BuilderKey.TryParsePem(publicKeyPem, out var key, out error))
            return false;

        var ids = (builderIds ?? []).Where(i => !string.IsNullOrWhiteSpace(i)).Distinct(StringComparer.Ordinal).ToList();
        if (ids.Count == 0 || ids.Any(i => i.Length > MaxBuilderIdLength))
        {
            error = $"builder key {key.Id} needs BuilderIds: the builder.id values (URIs of at most {MaxBuilderIdLength} characters) it may sign provenance for";
            return false;
        }

        builder = new TrustedBuilder(key, string.IsNullOrEmpty(keyId) ? null : keyId, ids.AsReadOnly());
        return true;
    }

    /// <summary>Whether a signature with this DSSE keyid hint may be tried with this key.</summary>
    public bool MayHaveSigned(string? signatureKeyId) => signatureKeyId is null || KeyId is null || KeyId == signatureKeyId;
}
