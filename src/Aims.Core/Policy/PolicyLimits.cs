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

    /// <summary>Most entries in <c>oauth.scopes</c>.</summary>
    public const int MaxOAuthScopes = 256;

    /// <summary>Most entries in <c>oauth.resources</c>.</summary>
    public const int MaxOAuthResources = 256;

    /// <summary>The shortest <c>act</c> chain a delegating rule can allow: the agent acting directly for the subject.</summary>
    public const int MinDelegationDepth = 1;

    /// <summary>The longest <c>act</c> chain (RFC 8693 §4.1) a rule can allow.</summary>
    public const int MaxDelegationDepth = 8;

    /// <summary>Most entries in <c>oauth.delegation.may_act</c>.</summary>
    public const int MaxMayAct = 64;

    public static readonly TimeSpan MinAccessTokenTtl = TimeSpan.FromSeconds(60);

    /// <summary>Access tokens are bearer tokens like JWT-SVIDs, hence the same ceiling.</summary>
    public static readonly TimeSpan MaxAccessTokenTtl = TimeSpan.FromHours(1);

    public static readonly TimeSpan MinRefreshTokenTtl = TimeSpan.FromMinutes(5);

    public static readonly TimeSpan MaxRefreshTokenTtl = TimeSpan.FromDays(30);
}
