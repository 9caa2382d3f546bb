namespace Aims.Grains.Sessions;

/// <summary>
/// One browser's pass through the login and consent pages, keyed by a random flow id
/// (<see cref="GrainKeys.AuthorizationFlow"/>). In memory only and short-lived: a lost flow means the user starts
/// again from the client. Every call must carry the browser-binding secret set as a cookie when the flow started,
/// so a form posted from another site, or replayed without the cookie, does nothing (CSRF).
/// </summary>
[Alias("aims.IAuthorizationFlowGrain")]
public interface IAuthorizationFlowGrain : IGrainWithStringKey
{
    /// <summary>Holds a validated authorization request and the hash of its binding secret.</summary>
    [Alias("Start")] Task<AuthorizationFlowView> StartAsync(AuthorizationFlowStart start);

    /// <summary>Checks the user's credentials; after too many failures the flow locks.</summary>
    [Alias("Login")] Task<LoginOutcome> LoginAsync(LoginAttempt attempt);

    /// <summary>
    /// Records the user's decision. On allow, policy decides for the user and the client; what it grants becomes a
    /// session with a fresh code. Either way the answer is where to send the browser.
    /// </summary>
    [Alias("Consent")] Task<ConsentOutcome> ConsentAsync(ConsentDecision decision);
}
