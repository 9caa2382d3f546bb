using Aims.Core.Authority;
using Aims.Core.Credentials;
using Aims.Core.Federation;
using Aims.Core.Identity;
using Aims.Grains.Audit;
using Aims.Grains.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Aims.Grains.Federation;

/// <summary>
/// Keeps one foreign trust domain's bundle (SPIFFE Federation §5.1): fetches it from the configured endpoint when
/// its <c>spiffe_refresh_hint</c> has passed, stores it durably only when its <c>spiffe_sequence</c> moved forward,
/// keeps the last good bundle when a fetch fails, and retries at the next interval. Thin: parsing, the sequence rule,
/// the state machine and the interval are Core's; the HTTP fetch is <see cref="BundleEndpointClient"/>'s.
/// </summary>
public sealed partial class FederatedBundleGrain(
    [PersistentState("federatedBundle", StorageNames.Aims)] IPersistentState<FederatedBundleGrainState> state,
    FederationSettings settings,
    BundleEndpointClient endpoints,
    IOptions<AimsOptions> options,
    TimeProvider time,
    ILogger<FederatedBundleGrain> log) : Grain, IFederatedBundleGrain
{
    private IGrainTimer? _refresh;

    private TrustDomain TrustDomain => TrustDomain.Parse(this.GetPrimaryKeyString());

    private FederationRelationship? Relationship => settings.Relationships.TryFind(TrustDomain, out var found) ? found : null;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (Relationship is null)
            return Task.CompletedTask;

        // The refresh timer keeps the grain alive: the bundle must be refreshed whether anyone asks for it or not.
        var due = state.State.NextRefreshAt is { } next && state.State.State != FederatedBundleState.Unfetched ? next - time.GetUtcNow() : TimeSpan.Zero;
        _refresh = this.RegisterGrainTimer(
            static (grain, _) => grain.RefreshAsync(),
            this,
            new GrainTimerCreationOptions(due > TimeSpan.Zero ? due : TimeSpan.Zero, System.Threading.Timeout.InfiniteTimeSpan) { KeepAlive = true });
        return Task.CompletedTask;
    }

    public Task<FederatedBundleStatus> StartAsync() => Task.FromResult(Status());

    public Task<FederatedBundleStatus> GetStatusAsync() => Task.FromResult(Status());

    public Task<FederatedBundleView?> GetBundleAsync() => Task.FromResult(
        state.State is { BundleJson: { } json, Sequence: { } sequence } ? new FederatedBundleView(TrustDomain.Name, sequence, json) : null);

    public async Task<FederatedBundleStatus> RefreshAsync()
    {
        if (Relationship is not { } relationship)
            return Status();

        var fetched = await endpoints.FetchAsync(relationship, EndpointBundle(relationship), CancellationToken.None);
        var now = time.GetUtcNow();
        if (fetched.Error is { } fetchError)
            await FailAsync(fetchError, now);
        else if (!SpiffeBundleParser.TryParse(relationship.TrustDomain, fetched.Json!, out var bundle, out var parseError))
            await FailAsync($"the bundle served by {relationship.BundleEndpointUrl} is refused: {parseError}", now);
        else
            await AcceptAsync(bundle, fetched.Json!, now);

        _refresh?.Change(state.State.NextRefreshAt!.Value - now, System.Threading.Timeout.InfiniteTimeSpan);
        return Status();
    }

    private async Task AcceptAsync(SpiffeBundle bundle, string json, DateTimeOffset now)
    {
        var previous = state.State.Sequence;
        switch (BundleSequenceRule.Decide(previous, bundle.Sequence))
        {
            case BundleSequenceDecision.Older:
                await FailAsync($"spiffe_sequence {bundle.Sequence} is lower than the stored {previous}; a bundle never goes backwards, the stored one stays", now);
                return;
            case BundleSequenceDecision.Unchanged:
                break;
            case BundleSequenceDecision.Newer:
                state.State.BundleJson = json;
                state.State.Sequence = bundle.Sequence;
                break;
        }

        state.State.State = FederatedBundleLifecycle.OnBundleAccepted(state.State.State);
        state.State.FetchedAt = now;
        state.State.LastError = null;
        state.State.NextRefreshAt = now + BundleRefreshInterval.Next(bundle.RefreshHint, settings.MinRefresh);
        await state.WriteStateAsync();
        if (previous == bundle.Sequence)
            return;

        var keys = bundle.X509Authorities.Count + bundle.JwtAuthorities.Count + bundle.WitAuthorities.Count;
        LogUpdated(TrustDomain.Name, previous, bundle.Sequence, keys);
        await Audit("federation.bundle.update", "Info", $"sequence {previous?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"} -> {bundle.Sequence}; {keys} keys "
            + $"({bundle.X509Authorities.Count} x509-svid, {bundle.JwtAuthorities.Count} jwt-svid, {bundle.WitAuthorities.Count} wit-svid)");
    }

    private async Task FailAsync(string error, DateTimeOffset now)
    {
        var repeated = state.State.LastError == error;
        state.State.State = FederatedBundleLifecycle.OnFetchFailed(state.State.State);
        state.State.LastError = error;
        state.State.NextRefreshAt = now + BundleRefreshInterval.Next(StoredHint(), settings.MinRefresh);
        await state.WriteStateAsync();
        LogFailed(TrustDomain.Name, error);
        // The same failure every interval (a peer that is down) is audited once, not at every retry.
        if (!repeated)
            await Audit("federation.bundle.refused", "Denied", $"sequence kept at {state.State.Sequence?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"}: {error}");
    }

    /// <summary>https_spiffe: the latest bundle of the endpoint's trust domain; the bootstrap bundle until one is fetched (§5.2.2).</summary>
    private X509Bundle? EndpointBundle(FederationRelationship relationship)
    {
        if (relationship.Profile != BundleEndpointProfile.HttpsSpiffe)
            return null;
        var endpointDomain = relationship.EndpointSpiffeId!.TrustDomain;
        if (endpointDomain == relationship.TrustDomain && state.State.BundleJson is { } json
            && SpiffeBundleParser.TryParse(endpointDomain, json, out var latest, out _))
            return new X509Bundle(endpointDomain, latest.X509Authorities);
        return new X509Bundle(endpointDomain, relationship.BootstrapBundle!.X509Authorities);
    }

    private TimeSpan? StoredHint() =>
        state.State.BundleJson is { } json && SpiffeBundleParser.TryParse(TrustDomain, json, out var stored, out _) ? stored.RefreshHint : null;

    private FederatedBundleStatus Status()
    {
        if (Relationship is not { } relationship)
            return new FederatedBundleStatus(TrustDomain.Name, null, null, FederatedBundleStatus.NotConfigured, null, null, null, null);
        var s = state.State;
        return new FederatedBundleStatus(
            relationship.TrustDomain.Name, relationship.BundleEndpointUrl.ToString(), BundleEndpointProfiles.Name(relationship.Profile),
            s.State.ToString(), s.Sequence, s.FetchedAt, s.NextRefreshAt, s.LastError);
    }

    private async Task Audit(string action, string decision, string detail) =>
        await GrainFactory.GetGrain<IAuditLogGrain>(GrainKeys.AuditLog(TrustDomain.Parse(options.Value.TrustDomain))).AppendAsync(new AuditEntryMessage(
            action, decision, Resource: $"trust-domain:{TrustDomain}", Actor: "federation", Detail: detail));

    [LoggerMessage(Level = LogLevel.Information, Message = "Federated bundle of {TrustDomain} updated: sequence {Previous} -> {Sequence}, {Keys} keys")]
    private partial void LogUpdated(string trustDomain, long? previous, long sequence, int keys);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Federated bundle of {TrustDomain} not refreshed: {Error}")]
    private partial void LogFailed(string trustDomain, string error);
}
