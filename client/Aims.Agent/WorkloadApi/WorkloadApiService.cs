using Aims.Agent.Attestation;
using Aims.Agent.Hosting;
using Aims.Agent.Svids;
using Aims.Agent.Sync;
using Aims.Core.Registration;
using Grpc.Core;
using Microsoft.Extensions.Logging;
using Spiffe.WorkloadApi;

namespace Aims.Agent.WorkloadApi;

/// <summary>
/// The SPIFFE Workload API (SPIFFE_Workload_API.md): every call is attested from the kernel's facts about the
/// caller, matched against this node's registration entries, and answered from the agent's caches. Streams send
/// a complete snapshot first and again whenever it changes (rotation, bundle, entries). WIT-SVID RPCs are not
/// overridden and so answer Unimplemented, as the spec requires of an endpoint without that profile.
/// </summary>
internal sealed partial class WorkloadApiService(
    EntrySource entries,
    TrustBundleSource bundles,
    X509SvidCache x509Svids,
    JwtSvidCache jwtSvids,
    ChangeFeed changes,
    NodeAgentOptions options,
    TimeProvider time,
    ILogger<WorkloadApiService> log) : SpiffeWorkloadAPI.SpiffeWorkloadAPIBase
{
    /// <summary>The caller's identity, or PermissionDenied when the unix attestor refused it.</summary>
    private WorkloadIdentity Attest(ServerCallContext context, string method)
    {
        var caller = WorkloadAttestor.Attest(context);
        if (!caller.Attested)
            throw Refuse(method, caller.Pid, StatusCode.PermissionDenied, "the caller could not be attested: " + caller.Refusal);
        AgentLog.CallAttested(log, method, caller.Pid, string.Join(' ', caller.Selectors));
        return caller;
    }

    /// <summary>The entries the caller is entitled to; PermissionDenied when there are none.</summary>
    private async Task<IReadOnlyList<RegistrationEntry>> EntitledAsync(WorkloadIdentity caller, string method)
    {
        var matched = await entries.MatchAsync(caller.Selectors);
        if (matched.Count == 0)
        {
            throw Refuse(method, caller.Pid, StatusCode.PermissionDenied,
                $"no identity issued: no registration entry of this node matches the calling process (selectors: {string.Join(", ", caller.Selectors)})");
        }

        return matched;
    }

    /// <summary>Bundles and validation need no identity of their own only when the operator allowed it.</summary>
    private async Task RequireVerifierAsync(WorkloadIdentity caller, string method)
    {
        if (!options.AllowUnauthenticatedVerifiers)
            await EntitledAsync(caller, method);
    }

    private TrustBundle CurrentBundle(WorkloadIdentity caller, string method) =>
        bundles.Current ?? throw Refuse(method, caller.Pid, StatusCode.Unavailable, "the node agent has no trust bundle yet; it is still reaching the cluster, retry");

    /// <summary>Keeps a stream open: runs <paramref name="snapshot"/> now and after every change, sending what differs.</summary>
    private async Task StreamAsync<T>(ServerCallContext context, IServerStreamWriter<T> stream, Func<Task<(T Message, string Fingerprint)>> snapshot)
    {
        string? sent = null;
        try
        {
            while (!context.CancellationToken.IsCancellationRequested)
            {
                var seen = changes.Version;
                var (message, fingerprint) = await snapshot();
                if (fingerprint != sent)
                {
                    await stream.WriteAsync(message, context.CancellationToken);
                    sent = fingerprint;
                }

                await changes.WaitAsync(seen, context.CancellationToken);
            }
        }
        catch (OperationCanceledException) when (context.CancellationToken.IsCancellationRequested)
        {
            // The workload went away.
        }
    }

    private RpcException Refuse(string method, int pid, StatusCode status, string reason)
    {
        AgentLog.CallRefused(log, method, pid, status.ToString(), reason);
        return new RpcException(new Status(status, reason));
    }
}
