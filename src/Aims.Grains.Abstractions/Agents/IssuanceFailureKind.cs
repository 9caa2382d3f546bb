namespace Aims.Grains.Agents;

public enum IssuanceFailureKind
{
    /// <summary>Evidence or state does not satisfy policy: 403.</summary>
    Forbidden = 0,

    /// <summary>The request itself is malformed (bad CSR, bad JWK): 400.</summary>
    BadRequest = 1,

    /// <summary>The agent is not registered: 404.</summary>
    UnknownAgent = 2,
}
