namespace Aims.Grains.Agents;

public enum CredentialRevocationFailure
{
    /// <summary>The agent holds no credential with that id: 404.</summary>
    NotFound = 0,

    /// <summary>The credential is already revoked or has expired: 409.</summary>
    NotLive = 1,
}
