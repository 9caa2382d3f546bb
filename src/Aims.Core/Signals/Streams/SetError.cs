namespace Aims.Core.Signals.Streams;

/// <summary>A receiver's complaint about one SET (RFC 8936 §2.4 <c>setErrs</c>, RFC 8935 §2.3 codes).</summary>
public sealed record SetError(string Err, string? Description);
