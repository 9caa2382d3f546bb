namespace Aims.Core.OAuth;

/// <summary>
/// Who an assertion says signed it, read before anything is verified: only good for choosing which trusted
/// issuer's keys to verify it with. Nothing here is trustworthy until validation succeeds.
/// </summary>
/// <param name="Issuer">The unverified <c>iss</c>.</param>
/// <param name="KeyId">The unverified header <c>kid</c>, or null when the header has none.</param>
public sealed record AssertionSigner(string Issuer, string? KeyId);
