namespace Aims.Core.Credentials;

/// <summary>Issued → Active → Superseded | Expired | Revoked (ARCHITECTURE.md). Expired and Revoked are final.</summary>
public enum CredentialState
{
    /// <summary>Minted and recorded; not handed out until its issuance audit record is durable.</summary>
    Issued = 0,

    /// <summary>Handed to the agent.</summary>
    Active = 1,

    /// <summary>Replaced by a renewal; valid until it expires.</summary>
    Superseded = 2,

    Expired = 3,
    Revoked = 4,
}
