using Aims.Core.Signals;
using Aims.Grains.Credentials;
using Aims.Core.Signals.Streams;

namespace Aims.Grains.Signals;

/// <summary>Queueing, RFC 8935 push with back-off, and RFC 8936 poll.</summary>
public sealed partial class SsfStreamGrain
{
    private const string PushReminder = "ssf-push";

    private IGrainTimer? _deliveryTimer;
    private TaskCompletionSource? _waiters;

    public async Task EnqueueAsync(SecurityEventMessage securityEvent)
    {
        ArgumentNullException.ThrowIfNull(securityEvent);
        if (S.Owner is null || !StatusChange.Queues(S.Status))
            return;
        if (!S.Configuration!.ToCore(_protector).Delivers(securityEvent.Type))
            return;
        var subject = SecurityEventMapping.Subject(securityEvent.SubjectJson);
        if (!StreamSubjects.Includes(S.RemovedSubjects.Select(SecurityEventMapping.Subject), subject))
            return;

        await QueueAsync(securityEvent);
    }

    /// <summary>Signs the SET for this receiver, keeps it durably, wakes long polls and schedules a push.</summary>
    private async Task QueueAsync(SecurityEventMessage securityEvent)
    {
        var configuration = S.Configuration!;
        var jti = Guid.NewGuid().ToString("N");
        var set = await GrainFactory.GetGrain<ICredentialIssuerGrain>(GrainKeys.Issuer(material.TrustDomain))
            .SignSecurityEventAsync(securityEvent, configuration.Issuer, configuration.Audience, jti);

        var queue = Queue();
        queue.Enqueue(jti, set, time.GetUtcNow());
        Save(queue);
        await state.WriteStateAsync();

        _waiters?.TrySetResult();
        _waiters = null;
        ScheduleDelivery(TimeSpan.Zero);
    }

    public async Task<SsfPollResult> PollAsync(SsfPoll poll)
    {
        ArgumentNullException.ThrowIfNull(poll);
        if (!IsOwner(poll.Owner))
            return new SsfPollResult(null, false);

        var queue = Queue();
        var changed = queue.Remove(poll.Ack) > 0;
        foreach (var (jti, error) in poll.SetErrors)
        {
            // RFC 8936 §2.4: a SET the receiver reports as invalid is released like an acknowledged one, and remembered.
            changed |= queue.Remove([jti]) > 0;
            S.LastDeliveryError = $"receiver reported SET {jti}: {error}";
        }

        if (changed)
        {
            Save(queue);
            await state.WriteStateAsync();
        }

        if (!StatusChange.Delivers(S.Status) || S.Configuration!.DeliveryMethod != DeliveryMethods.Poll)
            return new SsfPollResult(new Dictionary<string, string>(), false);

        var (sets, more) = queue.ForPoll(poll.MaxEvents);
        return new SsfPollResult(sets.ToDictionary(p => p.Jti, p => p.Token, StringComparer.Ordinal), more);
    }

    public Task WaitForEventsAsync(TimeSpan timeout)
    {
        if (S.Pending.Count > 0)
            return Task.CompletedTask;
        _waiters ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        return _waiters.Task.WaitAsync(timeout).ContinueWith(static _ => { }, TaskScheduler.Current);
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName == PushReminder)
            await DeliverDueAsync(CancellationToken.None);
    }

    private void ScheduleDelivery(TimeSpan dueTime)
    {
        if (S.Configuration?.DeliveryMethod != DeliveryMethods.Push)
            return;
        _deliveryTimer?.Dispose();
        _deliveryTimer = this.RegisterGrainTimer(DeliverDueAsync, new GrainTimerCreationOptions(dueTime, Timeout.InfiniteTimeSpan));
    }

    /// <summary>Pushes every due SET in order; stops at the first one worth retrying so order is kept.</summary>
    private async Task DeliverDueAsync(CancellationToken cancellationToken)
    {
        if (S.Owner is null || S.Configuration!.DeliveryMethod != DeliveryMethods.Push
            || !StatusChange.Delivers(S.Status))
            return;

        var configuration = S.Configuration.ToCore(_protector);
        var queue = Queue();
        var changed = false;
        while (queue.DueForPush(time.GetUtcNow()) is { } next)
        {
            var outcome = await push.PushAsync(configuration.Delivery.EndpointUrl, configuration.Delivery.AuthorizationHeader, next.Token, cancellationToken);
            changed = true;
            if (outcome.Done)
            {
                queue.Remove([next.Jti]);
                if (outcome.Error is not null)
                    S.LastDeliveryError = $"SET {next.Jti} dropped: {outcome.Error}";
                continue;
            }

            queue.Failed(next.Jti, time.GetUtcNow());
            S.LastDeliveryError = $"SET {next.Jti} attempt {next.Attempts + 1}: {outcome.Error}";
            break;
        }

        if (changed)
        {
            Save(queue);
            await state.WriteStateAsync(cancellationToken);
        }

        if (queue.NextAttemptAt() is { } due)
        {
            ScheduleDelivery(Max(due - time.GetUtcNow(), TimeSpan.Zero));
            // A reminder outlives this activation: a silo that dies with SETs pending does not lose their delivery.
            await this.RegisterOrUpdateReminder(PushReminder, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1), CancellationToken.None);
        }
        else
        {
            await StopReminderAsync();
        }
    }

    private async Task StopReminderAsync()
    {
        if (await this.GetReminder(PushReminder) is { } reminder)
            await this.UnregisterReminder(reminder);
    }

    private SetQueue Queue() => new([.. S.Pending.Select(StreamRecordMapping.ToCore)], SetQueue.DefaultCapacity);

    /// <summary>Stores the queue back; each <see cref="Queue"/> starts counting drops at zero, so its count is added once.</summary>
    private void Save(SetQueue queue)
    {
        S.Pending = [.. queue.Items.Select(StreamRecordMapping.ToRecord)];
        S.Dropped += queue.Dropped;
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}
