using System.Text.Json;
using Aims.Core.Authority;
using Aims.Core.Signals;
using Aims.Core.Signals.Streams;
using Aims.Grains.Authority;
using Aims.Grains.Hosting;

namespace Aims.Grains.Signals;

/// <summary>
/// One SSF stream. Management follows SSF 1.0 §8 through Core's <see cref="StreamConfigurationRules"/>; events are
/// signed once when queued and kept durably until the receiver takes them (see the Delivery part).
/// </summary>
public sealed partial class SsfStreamGrain(
    [PersistentState("ssfStream", StorageNames.Aims)] IPersistentState<SsfStreamGrainState> state,
    KeyEncryptionKey kek,
    SetPushClient push,
    AuthorityMaterial material,
    TimeProvider time) : Grain, ISsfStreamGrain, IRemindable
{
    /// <summary>Receivers may ask for a verification event at most this often (SSF 1.0 §8.1.4.2, 429 otherwise).</summary>
    public const int MinVerificationIntervalSeconds = 5;

    private readonly KeyProtector _protector = kek.CreateProtector();

    private SsfStreamGrainState S => state.State;

    private string StreamId => this.GetPrimaryKeyString();

    public async Task<SsfStreamOutcome> CreateAsync(SsfStreamCreate create)
    {
        ArgumentNullException.ThrowIfNull(create);
        if (S.Owner is not null)
            return new SsfStreamOutcome(null, 409, $"stream {StreamId} already exists");

        var defaults = new StreamDefaults(StreamId, create.Issuer, [create.Owner], StreamDefaults.PollUrl(create.Issuer, StreamId), MinVerificationIntervalSeconds);
        using var body = JsonDocument.Parse(create.BodyJson);
        var outcome = StreamConfigurationRules.Create(body.RootElement, defaults);
        if (outcome.Error is not null)
            return SsfStreamOutcome.BadRequest(outcome.Error);

        S.Owner = create.Owner;
        S.Configuration = outcome.Stream!.ToRecord(_protector);
        S.Status = StreamStatus.Enabled;
        await state.WriteStateAsync();
        await Directory.AddAsync(StreamId, create.Owner);
        return SsfStreamOutcome.Ok(View());
    }

    public Task<SsfStreamView?> GetAsync(string owner) => Task.FromResult(IsOwner(owner) ? View() : null);

    public async Task<SsfStreamOutcome> UpdateAsync(string owner, string bodyJson, bool replace)
    {
        if (!IsOwner(owner))
            return SsfStreamOutcome.NotFound(StreamId);

        using var body = JsonDocument.Parse(bodyJson);
        var current = S.Configuration!.ToCore(_protector);
        var pollUrl = StreamDefaults.PollUrl(current.Issuer, StreamId);
        var outcome = replace
            ? StreamConfigurationRules.Replace(current, body.RootElement, pollUrl)
            : StreamConfigurationRules.Update(current, body.RootElement, pollUrl);
        if (outcome.Error is not null)
            return SsfStreamOutcome.BadRequest(outcome.Error);

        S.Configuration = outcome.Stream!.ToRecord(_protector);
        await state.WriteStateAsync();
        ScheduleDelivery(TimeSpan.Zero);
        return SsfStreamOutcome.Ok(View());
    }

    public async Task<bool> DeleteAsync(string owner)
    {
        if (!IsOwner(owner))
            return false;

        await Directory.RemoveAsync(StreamId);
        await state.ClearStateAsync();
        state.State = new SsfStreamGrainState();
        await StopReminderAsync();
        DeactivateOnIdle();
        return true;
    }

    public async Task<SsfStreamOutcome> SetStatusAsync(string owner, string status, string? reason)
    {
        if (!IsOwner(owner))
            return SsfStreamOutcome.NotFound(StreamId);
        if (!StatusChange.TryParse(status, out var to))
            return SsfStreamOutcome.BadRequest($"status must be enabled, paused or disabled, not '{status}' (SSF 1.0 section 8.1.2)");
        if (reason is { Length: > 1024 })
            return SsfStreamOutcome.BadRequest("reason must be at most 1024 characters");

        var from = S.Status;
        var notify = StatusChange.NotifiesReceiver(from, to);
        var txn = Guid.NewGuid().ToString("N");
        if (notify && from == StreamStatus.Enabled)
        {
            // Told before the stream stops (SSF 1.0 §8.1.5).
            await QueueAsync(SecurityEvents.StreamUpdated(StreamId, StatusChange.WireName(to), reason, txn, time.GetUtcNow()).ToMessage());
            await DeliverDueAsync(CancellationToken.None);
        }

        S.Status = to;
        S.Reason = reason;
        if (to == StreamStatus.Disabled)
            S.Pending.Clear();
        await state.WriteStateAsync();

        if (notify && to == StreamStatus.Enabled)
            await QueueAsync(SecurityEvents.StreamUpdated(StreamId, StatusChange.WireName(to), reason, txn, time.GetUtcNow()).ToMessage());
        ScheduleDelivery(TimeSpan.Zero);
        return SsfStreamOutcome.Ok(View());
    }

    public async Task<SsfStreamOutcome> ChangeSubjectAsync(string owner, string subjectJson, bool add)
    {
        if (!IsOwner(owner))
            return SsfStreamOutcome.NotFound(StreamId);

        using var body = JsonDocument.Parse(subjectJson);
        if (!SubjectIdentifier.TryParse(body.RootElement, out var subject, out var error))
            return SsfStreamOutcome.BadRequest($"subject: {error}");

        var canonical = subject.ToJson();
        S.RemovedSubjects.Remove(canonical);
        if (!add)
            S.RemovedSubjects.Add(canonical);
        await state.WriteStateAsync();
        return SsfStreamOutcome.Ok(View());
    }

    public async Task<SsfStreamOutcome> VerifyAsync(string owner, string? state)
    {
        if (!IsOwner(owner))
            return SsfStreamOutcome.NotFound(StreamId);
        var now = time.GetUtcNow();
        var interval = TimeSpan.FromSeconds(S.Configuration!.MinVerificationInterval);
        if (S.LastVerificationAt is { } last && now - last < interval)
            return new SsfStreamOutcome(null, 429, $"verification was requested less than {interval.TotalSeconds:0} s ago (min_verification_interval)");
        if (state is { Length: > 1024 })
            return SsfStreamOutcome.BadRequest("state must be at most 1024 characters");

        S.LastVerificationAt = now;
        await QueueAsync(SecurityEvents.Verification(StreamId, state, Guid.NewGuid().ToString("N"), now).ToMessage());
        return new SsfStreamOutcome(View(), 204, null);
    }

    private bool IsOwner(string owner) => S.Owner is not null && string.Equals(S.Owner, owner, StringComparison.Ordinal);

    private SsfStreamView View()
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
            StreamConfigurationJson.Write(json, S.Configuration!.ToCore(_protector));
        return new SsfStreamView(StreamId, System.Text.Encoding.UTF8.GetString(buffer.ToArray()), StatusChange.WireName(S.Status), S.Reason, S.Pending.Count);
    }

    private ISsfStreamDirectoryGrain Directory =>
        GrainFactory.GetGrain<ISsfStreamDirectoryGrain>(GrainKeys.SsfStreamDirectory(material.TrustDomain));
}
