using System.Runtime.CompilerServices;
using Aims.Client.JoinTokens;
using Aims.Core.Agents;
using Aims.Core.Attestation;
using Aims.Core.Identity;
using Aims.Grains;
using Aims.Grains.Agents;
using Aims.Grains.Audit;
using Aims.Grains.Authority;
using Aims.Grains.JoinTokens;
using Aims.Grains.Policies;

namespace Aims.Client;

/// <summary>
/// A typed API over the grains of one trust domain, for programs that call the cluster directly (node agent,
/// gateways, tests). It only checks its arguments and forwards; every decision stays in the grains.
/// </summary>
public sealed class AimsClient
{
    /// <summary>IDs fetched per call while listing agents.</summary>
    public const int ListPageSize = 100;

    private readonly IClusterClient _cluster;
    private readonly TimeProvider _time;

    public AimsClient(IClusterClient cluster, TrustDomain trustDomain)
        : this(cluster, trustDomain, TimeProvider.System)
    {
    }

    public AimsClient(IClusterClient cluster, TrustDomain trustDomain, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        ArgumentNullException.ThrowIfNull(trustDomain);
        ArgumentNullException.ThrowIfNull(time);
        _cluster = cluster;
        TrustDomain = trustDomain;
        _time = time;
    }

    public TrustDomain TrustDomain { get; }

    /// <summary>Registers an agent; null when one with this ID already exists.</summary>
    public Task<AgentView?> RegisterAgentAsync(SpiffeId id, RegisterAgent command)
    {
        ArgumentNullException.ThrowIfNull(command);
        return Agent(id).RegisterAsync(command);
    }

    /// <summary>The agent, or null when it was never registered.</summary>
    public Task<AgentView?> GetAgentAsync(SpiffeId id) => Agent(id).GetAsync();

    /// <summary>
    /// Registered agents whose ID path starts with <paramref name="pathPrefix"/> (e.g. <c>/agents/</c>; empty for
    /// all), in ID order, fetched page by page.
    /// </summary>
    public async IAsyncEnumerable<SpiffeId> ListAgentsAsync(
        string pathPrefix = "",
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(pathPrefix);

        // The prefix may end in "/" or mid-segment, so it is not itself a SPIFFE ID; it is anchored to our trust domain.
        if (pathPrefix.Length > 0 && pathPrefix[0] != '/')
            throw new ArgumentException(SpiffeIdErrors.PathWithoutLeadingSlash, nameof(pathPrefix));

        var directory = _cluster.GetGrain<IAgentDirectoryGrain>(GrainKeys.AgentDirectory(TrustDomain));
        var prefix = TrustDomain.IdString + pathPrefix;
        string? after = null;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var page = await directory.ListAsync(prefix, after, ListPageSize);
            foreach (var id in page)
                yield return SpiffeId.Parse(id);
            if (page.Count < ListPageSize)
                yield break;
            after = page[^1];
        }
    }

    public Task<AgentView> SuspendAsync(SpiffeId id, AdminAction action) => Agent(id).SuspendAsync(Checked(action));

    public Task<AgentView> ResumeAsync(SpiffeId id, AdminAction action) => Agent(id).ResumeAsync(Checked(action));

    public Task<AgentView> TerminateAsync(SpiffeId id, AdminAction action) => Agent(id).TerminateAsync(Checked(action));

    /// <summary>Moves agent <paramref name="id"/> to <paramref name="newId"/>: see <see cref="IAgentGrain.MoveAsync"/>.</summary>
    public Task<AgentMoveResult> MoveAsync(SpiffeId id, SpiffeId newId, AdminAction action)
    {
        ArgumentNullException.ThrowIfNull(newId);
        if (AgentMoves.CheckTarget(id, newId) is { } badTarget)
            throw new ArgumentException(badTarget, nameof(newId));
        var move = Checked(action);
        return Agent(id).MoveAsync(new AgentMove(newId.ToString(), move.Actor, move.CorrelationId, move.Reason));
    }

    /// <summary>Creates a single-use join token for <paramref name="id"/>, valid for <paramref name="ttl"/>.</summary>
    public async Task<IssuedJoinToken> CreateJoinTokenAsync(SpiffeId id, TimeSpan ttl, string actor)
    {
        EnsureMember(id);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(ttl, TimeSpan.Zero);
        ArgumentException.ThrowIfNullOrEmpty(actor);

        var token = JoinTokenRules.NewToken();
        var created = await _cluster.GetGrain<IJoinTokenGrain>(GrainKeys.JoinToken(token)).CreateAsync(id.ToString(), ttl, actor, Guid.NewGuid().ToString("n"));
        return created.Created
            ? new IssuedJoinToken(token, id, created.ExpiresAt)
            : throw new InvalidOperationException(created.Error);
    }

    /// <summary>The trust domain's SPIFFE bundle (JWK Set JSON) and its X.509 authorities as PEM.</summary>
    public Task<TrustBundleView> GetBundleAsync() =>
        _cluster.GetGrain<ITrustDomainAuthorityGrain>(GrainKeys.Authority(TrustDomain)).GetBundleAsync();

    /// <summary>The bundles of the foreign trust domains this trust domain federates with, each separate, as last fetched.</summary>
    public Task<IReadOnlyList<Grains.Federation.FederatedBundleView>> GetFederatedBundlesAsync() =>
        _cluster.GetGrain<Grains.Federation.IFederationDirectoryGrain>(GrainKeys.FederationDirectory(TrustDomain)).GetBundlesAsync();

    /// <summary>Recomputes the audit hash chain and reports the first break, if any.</summary>
    public Task<AuditVerificationView> VerifyAuditAsync() =>
        _cluster.GetGrain<IAuditLogGrain>(GrainKeys.AuditLog(TrustDomain)).VerifyAsync();

    /// <summary>Stores <paramref name="json"/> as the next version of policy <paramref name="name"/> (the grain validates it).</summary>
    public Task<PolicyPutResult> PutPolicyAsync(string name, string json, string author, string? correlationId = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(json);
        ArgumentException.ThrowIfNullOrEmpty(author);
        return Policy(name).PutAsync(json, author, correlationId ?? NewCorrelationId());
    }

    /// <summary>The current version of a policy, or <paramref name="version"/>; null when there is none.</summary>
    public Task<PolicyVersion?> GetPolicyAsync(string name, int? version = null) => Policy(name).GetAsync(version);

    private IAgentGrain Agent(SpiffeId id)
    {
        EnsureMember(id);
        return _cluster.GetGrain<IAgentGrain>(GrainKeys.Agent(id));
    }

    private IPolicyGrain Policy(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        return _cluster.GetGrain<IPolicyGrain>(GrainKeys.Policy(name));
    }

    /// <summary>Grains of another trust domain would be created silently under our keys; refuse before calling.</summary>
    private void EnsureMember(SpiffeId id)
    {
        ArgumentNullException.ThrowIfNull(id);
        if (!id.IsMemberOf(TrustDomain))
            throw new ArgumentException(SpiffeIdErrors.NotInTrustDomain(id.ToString(), TrustDomain.Name), nameof(id));
    }

    private static AdminAction Checked(AdminAction action)
    {
        ArgumentNullException.ThrowIfNull(action);
        return action;
    }

    private static string NewCorrelationId() => Guid.NewGuid().ToString("N");
}
