namespace Aims.Grains.Sessions;

/// <summary>What an RFC 7009 revocation of a refresh token did.</summary>
public enum RefreshTokenRevocationResult
{
    /// <summary>The session ended and its access tokens were revoked, durably.</summary>
    Revoked = 0,

    /// <summary>Not a token of this session, or one already dead: RFC 7009 §2.2 answers 200 all the same.</summary>
    Unknown = 1,

    /// <summary>The token belongs to another client, which alone (or an operator) may revoke it.</summary>
    OtherClient = 2,
}
