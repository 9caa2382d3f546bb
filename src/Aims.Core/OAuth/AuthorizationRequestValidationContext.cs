namespace Aims.Core.OAuth;

/// <summary>What authorization request validation has established so far, and the rejection once a step refuses.</summary>
internal sealed class AuthorizationRequestValidationContext(IReadOnlyDictionary<string, IReadOnlyList<string>> parameters, AuthorizationClient? client)
{
    public AuthorizationClient? Client { get; } = client;

    /// <summary>Set once the redirect URI is verified: from then on errors go back to the client.</summary>
    public string? RedirectUri { get; set; }

    public string? State { get; set; }

    public ScopeSet Scope { get; set; } = ScopeSet.Empty;

    public IReadOnlyList<string> Resources { get; set; } = [];

    public string CodeChallenge { get; set; } = string.Empty;

    public AuthorizationRejection? Rejection { get; private set; }

    /// <summary>The values of a parameter; one sent without a value counts as omitted (RFC 6749 §3.1).</summary>
    public IReadOnlyList<string> Values(string name) =>
        parameters.TryGetValue(name, out var values) ? [.. values.Where(v => !string.IsNullOrEmpty(v))] : [];

    public IEnumerable<string> Names => parameters.Keys;

    /// <summary>Refuses on the error page while the redirect URI is unverified, by redirect afterwards.</summary>
    public bool Reject(string error, string description)
    {
        var oauthError = new OAuthError(error, description);
        Rejection = RedirectUri is null
            ? new AuthorizationRejection(oauthError, AuthorizationErrorDelivery.ErrorPage, null, null)
            : new AuthorizationRejection(oauthError, AuthorizationErrorDelivery.Redirect, RedirectUri, State);
        return false;
    }
}
