using Aims.Api.Bundles;
using Aims.Api.OAuth;
using Aims.Grains;
using Aims.Grains.Signals;
using Microsoft.AspNetCore.Http;

namespace Aims.Api.Signals;

/// <summary>What every SSF endpoint needs, injected as one parameter.</summary>
internal sealed class SsfServices(IGrainFactory grains, BundleCache bundles, AuthorizationServerIssuer issuer, TimeProvider time)
{
    public AuthorizationServerIssuer Issuer => issuer;

    public IGrainFactory Grains => grains;

    public ISsfStreamDirectoryGrain Directory => grains.GetGrain<ISsfStreamDirectoryGrain>(GrainKeys.SsfStreamDirectory(bundles.TrustDomain));

    public ISsfStreamGrain Stream(string streamId) => grains.GetGrain<ISsfStreamGrain>(GrainKeys.SsfStream(streamId));

    public Task<(string? Receiver, IResult? Refusal)> AuthorizeAsync(HttpContext http, string scope) =>
        SsfAccess.AuthorizeAsync(http, scope, bundles, issuer, grains, time);
}
