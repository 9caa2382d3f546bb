namespace Aims.Api.Attestation;

public enum EvidenceStatus
{
    Verified = 0,

    /// <summary>The request itself is wrong: 400.</summary>
    Malformed = 1,

    /// <summary>The evidence did not verify: 403.</summary>
    Refused = 2,
}
