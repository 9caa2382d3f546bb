namespace Aims.Core.Revocation;

/// <summary>What the responder says about one certificate (RFC 6960 §2.2): good, revoked (when and why), or unknown.</summary>
public sealed record OcspCertStatus(OcspCertState State, DateTimeOffset? RevokedAt, RevocationReason Reason)
{
    public static OcspCertStatus Good { get; } = new(OcspCertState.Good, null, RevocationReason.Unspecified);

    /// <summary>The serial was never issued by that CA (or the request names an issuer this responder does not serve).</summary>
    public static OcspCertStatus Unknown { get; } = new(OcspCertState.Unknown, null, RevocationReason.Unspecified);

    public static OcspCertStatus Revoked(DateTimeOffset revokedAt, RevocationReason reason) => new(OcspCertState.Revoked, revokedAt, reason);
}
