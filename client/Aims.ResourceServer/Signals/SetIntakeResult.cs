namespace Aims.ResourceServer.Signals;

/// <param name="Error">For <see cref="SetDisposition.Refused"/> and <see cref="SetDisposition.Duplicate"/>: an RFC 8935 §2.4 error code.</param>
/// <param name="Description">What happened, fit to send back to the fabric (never contains a token).</param>
public sealed record SetIntakeResult(SetDisposition Disposition, string? Error, string Description, SignalEffect? Effect = null);
