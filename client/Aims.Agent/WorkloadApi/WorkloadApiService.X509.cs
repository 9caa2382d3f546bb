using Aims.Agent.Attestation;
using Aims.Agent.Svids;
using Google.Protobuf;
using Grpc.Core;
using Spiffe.WorkloadApi;

namespace Aims.Agent.WorkloadApi;

internal sealed partial class WorkloadApiService
{
    public override async Task FetchX509SVID(X509SVIDRequest request, IServerStreamWriter<X509SVIDResponse> responseStream, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var caller = Attest(context, nameof(FetchX509SVID));
        await StreamAsync(context, responseStream, () => X509SnapshotAsync(caller));
    }

    public override async Task FetchX509Bundles(X509BundlesRequest request, IServerStreamWriter<X509BundlesResponse> responseStream, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var caller = Attest(context, nameof(FetchX509Bundles));
        await RequireVerifierAsync(caller, nameof(FetchX509Bundles));
        await StreamAsync(context, responseStream, () =>
        {
            var bundle = CurrentBundle(caller, nameof(FetchX509Bundles));
            var response = new X509BundlesResponse();
            response.Bundles.Add(bundle.Key, ByteString.CopyFrom(bundle.X509AuthoritiesDer));
            // Federated trust domains, each its own entry keyed by the bare trust domain name (as go-spiffe's fake does).
            foreach (var federated in bundles.Federated)
                response.Bundles.Add(federated.TrustDomain.Name, ByteString.CopyFrom(federated.X509AuthoritiesDer));
            return Task.FromResult((response, bundles.Fingerprint));
        });
    }

    /// <summary>Every identity of the caller with its key and bundle; the fingerprint changes when any serial or the bundle does.</summary>
    private async Task<(X509SVIDResponse Message, string Fingerprint)> X509SnapshotAsync(WorkloadIdentity caller)
    {
        var matched = await EntitledAsync(caller, nameof(FetchX509SVID));
        var bundle = CurrentBundle(caller, nameof(FetchX509SVID));

        var svids = new List<CachedX509Svid>();
        string? refusal = null;
        string? failure = null;
        foreach (var entry in matched)
        {
            try
            {
                svids.Add(await x509Svids.GetAsync(entry, caller.Selectors));
            }
            catch (IssuanceRefusedException e)
            {
                refusal ??= e.Message;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                failure ??= e.Message;
            }
        }

        if (svids.Count == 0)
        {
            throw refusal is not null
                ? Refuse(nameof(FetchX509SVID), caller.Pid, StatusCode.PermissionDenied, "no identity issued: " + refusal)
                : Refuse(nameof(FetchX509SVID), caller.Pid, StatusCode.Unavailable, $"no X509-SVID could be obtained from the cluster ({failure}); retry");
        }

        var response = new X509SVIDResponse();
        foreach (var svid in svids)
        {
            response.Svids.Add(new X509SVID
            {
                SpiffeId = svid.Entry.SpiffeId.ToString(),
                X509Svid = ByteString.CopyFrom(svid.ChainDer),
                X509SvidKey = ByteString.CopyFrom(svid.KeyPkcs8),
                Bundle = ByteString.CopyFrom(bundle.X509AuthoritiesDer),
                Hint = svid.Entry.Hint ?? string.Empty,
            });
        }

        // Workload API §5.2.2: federated bundles keyed by the SPIFFE ID of their trust domain, each separate.
        foreach (var federated in bundles.Federated)
            response.FederatedBundles.Add(federated.Key, ByteString.CopyFrom(federated.X509AuthoritiesDer));
        return (response, $"{bundles.Fingerprint}:{string.Join(',', svids.Select(s => s.Serial))}");
    }
}
