using Aims.Core.Attestation.Unix;
using Grpc.Core;
using Microsoft.AspNetCore.Connections.Features;

namespace Aims.Agent.Attestation;

/// <summary>
/// Attests the process behind a Workload API call from kernel facts only; the workload takes no part
/// (SPIFFE Workload Endpoint §4). Each call is attested on its own: a process may exec another binary and keep
/// its connection.
/// </summary>
internal static class WorkloadAttestor
{
    public static WorkloadIdentity Attest(ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var socket = context.GetHttpContext().Features.Get<IConnectionSocketFeature>()?.Socket;
        using var peer = socket is null ? null : PeerCredentials.Of(socket);
        if (peer is null)
            return new WorkloadIdentity(0, [], "the caller is not a local process on the Unix socket; the kernel cannot name it");

        var (facts, problem) = ProcessInspector.Measure(peer);
        if (problem is not null)
            return new WorkloadIdentity(peer.Pid, [], problem);

        var attestation = UnixAttestor.Attest(facts!);
        return new WorkloadIdentity(peer.Pid, attestation.Selectors, attestation.Refusal);
    }
}
