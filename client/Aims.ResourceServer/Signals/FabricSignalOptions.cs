using Aims.Core.Signals;

namespace Aims.ResourceServer.Signals;

/// <summary>
/// How this resource server subscribes to the fabric's Shared Signals (SSF 1.0) so that a compromise, suspension or
/// scope reduction reaches it within seconds instead of when the agent's token expires.
/// </summary>
public sealed class FabricSignalOptions
{
    /// <summary>The events a stream asks for: those that revoke or reduce what an agent's tokens allow.</summary>
    public static IReadOnlyList<string> DefaultEventsRequested { get; } =
    [
        SecurityEventTypes.CredentialCompromise,
        SecurityEventTypes.AccountDisabled,
        SecurityEventTypes.AccountPurged,
        SecurityEventTypes.SessionRevoked,
        SecurityEventTypes.TokenClaimsChange,
        SecurityEventTypes.AccountEnabled,
    ];

    public SignalDelivery Delivery { get; set; } = SignalDelivery.Poll;

    /// <summary>
    /// An access token of the fabric for its SSF API: audience <c>{issuer}/ssf</c>, scope <c>ssf.manage</c> (stream
    /// creation and deletion need it; polling alone needs <c>ssf.read</c>). Called before every call to the fabric, so
    /// it should return a cached token until shortly before it expires. The token's <c>client_id</c> is this
    /// receiver's identity: the stream's <c>aud</c>, and the only one who sees the stream. Set this or
    /// <see cref="ClientAssertion"/>.
    /// </summary>
    public Func<CancellationToken, Task<string>>? AccessToken { get; set; }

    /// <summary>
    /// Instead of <see cref="AccessToken"/>: this server's JWT-SVID for the fabric's token endpoint (audience
    /// <c>{issuer}/oauth2/token</c>), e.g. read from the file a SPIFFE helper keeps fresh. The subscriber then gets
    /// its SSF token itself with client_credentials (RFC 6749 §4.4, RFC 7523 §2.2) and caches it.
    /// </summary>
    public Func<CancellationToken, Task<string>>? ClientAssertion { get; set; }

    /// <summary>
    /// The SPIFFE ID this server authenticates to the fabric as (its <c>client_id</c>). Optional: when set, a stream
    /// whose <c>aud</c> does not name it is refused (SSF 1.0 §8.1.1.1: the receiver SHOULD check <c>aud</c>).
    /// </summary>
    public string? ReceiverId { get; set; }

    /// <summary>
    /// An existing stream to use instead of creating one at startup. Each instance of a scaled-out server needs its
    /// own poll stream: a SET acknowledged by one instance is not delivered to another.
    /// </summary>
    public string? StreamId { get; set; }

    public IList<string> EventsRequested { get; set; } = [.. DefaultEventsRequested];

    /// <summary>Push only: the absolute https URL of <c>MapAimsSignalReceiver</c> as the fabric reaches it.</summary>
    public string? PushEndpoint { get; set; }

    /// <summary>
    /// Push only: the exact <c>Authorization</c> header value the fabric must send with every push (SSF 1.0 §8.1.1,
    /// <c>authorization_header</c>); a push without it is refused. A secret: keep it out of source control.
    /// </summary>
    public string? PushAuthorizationHeader { get; set; }

    /// <summary>Poll only: the most SETs one poll returns (RFC 8936 §2.4 <c>maxEvents</c>).</summary>
    public int MaxEventsPerPoll { get; set; } = 100;

    /// <summary>How long one poll may stay open; longer than the fabric's long-poll hold (20 s).</summary>
    public TimeSpan PollTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>The largest poll response read.</summary>
    public int MaxPollResponseBytes { get; set; } = 4 * 1024 * 1024;

    /// <summary>The first wait after a failed call to the fabric; each further failure doubles it, up to <see cref="MaxBackoff"/>.</summary>
    public TimeSpan MinBackoff { get; set; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How often revocation entries that can no longer refuse anything are dropped.</summary>
    public TimeSpan PruneInterval { get; set; } = TimeSpan.FromMinutes(1);
}
