namespace Aims.Core.OAuth;

/// <summary>Why an authorization request was refused and where the answer goes.</summary>
/// <param name="RedirectUri">The verified redirect URI when <paramref name="Delivery"/> is a redirect; null for the error page.</param>
/// <param name="State">The request's state to return with the error (RFC 6749 §4.1.2.1), or null.</param>
public sealed record AuthorizationRejection(OAuthError Error, AuthorizationErrorDelivery Delivery, string? RedirectUri, string? State);
