using Aims.Core.Identity;
using Aims.Grains;
using Aims.Grains.Authority;

namespace Aims.Silo;

/// <summary>
/// Activates the trust-domain authority when the silo starts, so its keys exist (first start) and its rotation
/// reminder is armed before the first request.
/// </summary>
public sealed class AuthorityStartup(IGrainFactory grains, TrustDomain trustDomain, ILogger<AuthorityStartup> log) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var report = await grains.GetGrain<ITrustDomainAuthorityGrain>(GrainKeys.Authority(trustDomain)).RotateIfDueAsync();
        SiloLog.AuthorityReady(log, report.Sequence);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
