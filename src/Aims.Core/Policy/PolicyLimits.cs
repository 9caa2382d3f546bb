namespace Aims.Core.Policy;

/// <summary>Bounds a policy document must stay within; the parser rejects anything outside them.</summary>
public static class PolicyLimits
{
    /// <summary>Largest accepted document, in UTF-8 bytes (64 KiB).</summary>
    public const int MaxDocumentBytes = 64 * 1024;

    public const int MaxRules = 1000;

    /// <summary>Longest attestation type name, e.g. <c>join_token</c>, <c>k8s_psat</c>.</summary>
    public const int MaxAttestationTypeLength = 64;

    public static readonly TimeSpan MinTtl = TimeSpan.FromSeconds(60);

    public static readonly TimeSpan MaxX509SvidTtl = TimeSpan.FromHours(24);

    /// <summary>JWT-SVIDs are bearer tokens that can be replayed until they expire, hence the lower ceiling.</summary>
    public static readonly TimeSpan MaxJwtSvidTtl = TimeSpan.FromHours(1);

    public static readonly TimeSpan MaxWitTtl = TimeSpan.FromHours(24);
}
