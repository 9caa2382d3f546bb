using Aims.Core.Credentials;
using Aims.Core.Wimse;

namespace Aims.ResourceServer.Authentication;

/// <summary>A request's proven workload: its WIT-SVID and the WPT that proved possession of the WIT's key on this request.</summary>
internal sealed record WorkloadIdentity(Wit Wit, WorkloadProof Proof)
{
    public string Subject => Wit.Subject.ToString();
}
