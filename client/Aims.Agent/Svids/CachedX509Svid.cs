using Aims.Core.Registration;

namespace Aims.Agent.Svids;

/// <summary>A workload's X509-SVID held by the agent, with the key the agent made for it.</summary>
/// <param name="ChainDer">Leaf first, then intermediates, concatenated DER (Workload API §5.2.1).</param>
/// <param name="KeyPkcs8">Unencrypted PKCS#8 DER of the leaf's key; it lives only in this process's memory.</param>
/// <param name="Selectors">The selectors the workload showed when this identity was first issued, reused to renew it.</param>
/// <param name="RetryAt">After a failed renewal, when to try again.</param>
/// <param name="FailedRenewals">Renewals that failed in a row (the cluster unreachable); the first is logged, and retries back off.</param>
internal sealed record CachedX509Svid(
    RegistrationEntry Entry,
    byte[] ChainDer,
    byte[] KeyPkcs8,
    string Serial,
    DateTimeOffset NotBefore,
    DateTimeOffset NotAfter,
    DateTimeOffset RenewAt,
    IReadOnlyList<string> Selectors,
    DateTimeOffset RetryAt,
    int FailedRenewals = 0)
{
    // Never print the key.
    public override string ToString() => $"X509-SVID {Entry.SpiffeId} serial {Serial} until {NotAfter:O}";
}
