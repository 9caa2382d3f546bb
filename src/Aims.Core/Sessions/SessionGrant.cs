using Aims.Core.OAuth;

namespace Aims.Core.Sessions;

/// <summary>What the user granted at consent, as the session keeps it: the facts every later check rests on.</summary>
/// <param name="CodeHash">The hash of the authorization code; kept after redemption so a replay is recognised.</param>
/// <param name="AuthorizedAt">When the user consented: the code's life starts here.</param>
/// <param name="ExpiresAt">The absolute end of the session (policy's refresh token lifetime); rotation never extends it.</param>
public sealed record SessionGrant(
    string ClientId,
    string RedirectUri,
    string CodeChallenge,
    string CodeHash,
    ScopeSet Scope,
    IReadOnlyList<string> Resources,
    DateTimeOffset AuthorizedAt,
    DateTimeOffset ExpiresAt);
