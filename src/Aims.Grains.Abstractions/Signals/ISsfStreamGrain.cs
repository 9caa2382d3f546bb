namespace Aims.Grains.Signals;

/// <summary>
/// One SSF event stream (SSF 1.0 §8), keyed by <see cref="GrainKeys.SsfStream"/>: its configuration, status and
/// removed subjects, and the SETs not yet taken by its receiver, kept durably until pushed (202) or acknowledged.
/// Every management call names the receiver (<c>owner</c>); a stream of another receiver answers 404.
/// </summary>
[Alias("aims.ISsfStreamGrain")]
public interface ISsfStreamGrain : IGrainWithStringKey
{
    [Alias("Create")] Task<SsfStreamOutcome> CreateAsync(SsfStreamCreate create);

    [Alias("Get")] Task<SsfStreamView?> GetAsync(string owner);

    /// <summary>PATCH (<paramref name="replace"/> false) or PUT (true) of the configuration (SSF 1.0 §8.1.1.3–4).</summary>
    [Alias("Update")] Task<SsfStreamOutcome> UpdateAsync(string owner, string bodyJson, bool replace);

    /// <summary>Deletes the stream and its pending SETs; false when it is not the caller's.</summary>
    [Alias("Delete")] Task<bool> DeleteAsync(string owner);

    /// <summary>SSF 1.0 §8.1.2.2: a change of status emits a stream-updated event (before stopping, after re-enabling).</summary>
    [Alias("SetStatus")] Task<SsfStreamOutcome> SetStatusAsync(string owner, string status, string? reason);

    /// <summary>SSF 1.0 §8.1.3: a removed subject's events are no longer sent; adding it back includes it again.</summary>
    [Alias("ChangeSubject")] Task<SsfStreamOutcome> ChangeSubjectAsync(string owner, string subjectJson, bool add);

    /// <summary>SSF 1.0 §8.1.4.2: queues a verification event echoing <paramref name="state"/>; 429 within <c>min_verification_interval</c>.</summary>
    [Alias("Verify")] Task<SsfStreamOutcome> VerifyAsync(string owner, string? state);

    /// <summary>Signs and queues the event if this stream carries its type and subject and is not disabled.</summary>
    [Alias("Enqueue")] Task EnqueueAsync(SecurityEventMessage securityEvent);

    /// <summary>Applies acknowledgements and returns what is pending (RFC 8936 §2.4, short poll).</summary>
    [Alias("Poll")] Task<SsfPollResult> PollAsync(SsfPoll poll);

    /// <summary>Completes when a SET is queued or after <paramref name="timeout"/> (RFC 8936 long poll); interleaves with other calls.</summary>
    [Alias("WaitForEvents"), Orleans.Concurrency.AlwaysInterleave] Task WaitForEventsAsync(TimeSpan timeout);
}
