namespace Aims.Grains.Partners;

/// <summary>
/// An agent of a partner trust domain, as this fabric knows it from that domain's own signals, keyed by its SPIFFE ID:
/// tokens this fabric issued to it through identity chaining, and JWT authorization grants naming it, are refused when
/// issued at or before a revocation its fabric announced, and carry at most the ceiling it announced. Written durably
/// before a received signal is acknowledged.
/// </summary>
[Alias("aims.IPartnerAgentGrain")]
public interface IPartnerAgentGrain : IGrainWithStringKey
{
    /// <summary>Applies what a verified SET from the agent's own fabric decided (durably, audited); unchanged standing writes nothing.</summary>
    [Alias("Apply")] Task<PartnerAgentView> ApplyAsync(PartnerSignal signal);

    [Alias("Get"), Orleans.Concurrency.AlwaysInterleave] Task<PartnerAgentView> GetAsync();
}
