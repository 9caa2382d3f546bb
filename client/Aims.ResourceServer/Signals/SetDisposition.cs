namespace Aims.ResourceServer.Signals;

/// <summary>What became of one delivered SET; decides the push answer and whether a poll acknowledges it.</summary>
public enum SetDisposition
{
    /// <summary>Authentic, new, and applied (which may have changed nothing): 202 to a push, acknowledged in a poll.</summary>
    Accepted,

    /// <summary>Authentic but already taken in: applied once only. Acknowledged in a poll (RFC 8936 §2.4); refused to a push.</summary>
    Duplicate,

    /// <summary>Not a SET this receiver accepts: 400 to a push, <c>setErrs</c> in a poll (RFC 8935 §2.3, RFC 8936 §2.4).</summary>
    Refused,
}
