using Aims.Core.OAuth;
using Aims.Core.Policy;
using Aims.Grains.Hosting;
using Aims.Grains.OAuth;

namespace Aims.Grains.Sessions;

/// <summary>The ceiling of a registered (non-agent) client: its registration and <c>Aims:OAuth:Registration</c> together.</summary>
internal static class RegistrationLimits
{
    public static RegisteredClientLimits For(OAuthClientView registration, RegistrationOptions registrationOptions)
    {
        // No registered scope means the registration ceiling; a scope that no longer parses grants nothing.
        ScopeSet? clientScope = registration.Scope is null ? null
            : ScopeSet.TryParse(registration.Scope, out var parsed, out _) ? parsed : ScopeSet.Empty;
        return new RegisteredClientLimits(registration.ClientId, clientScope, registrationOptions.Scopes, registrationOptions.Resources);
    }
}
