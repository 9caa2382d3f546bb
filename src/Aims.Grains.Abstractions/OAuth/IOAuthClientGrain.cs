namespace Aims.Grains.OAuth;

/// <summary>One registered OAuth client (RFC 7591), keyed by <see cref="GrainKeys.OAuthClient"/>.</summary>
[Alias("aims.IOAuthClientGrain")]
public interface IOAuthClientGrain : IGrainWithStringKey
{
    /// <summary>The registration, or null when this client_id was never registered.</summary>
    [Alias("Get")] Task<OAuthClientView?> GetAsync();

    /// <summary>
    /// Stores the registration (already validated against the registration policy) durably before returning. An
    /// agent may register again to change its metadata; <see cref="OAuthClientView.IssuedAt"/> then keeps its first value.
    /// </summary>
    [Alias("Register")] Task<OAuthClientView> RegisterAsync(OAuthClientView registration);
}
