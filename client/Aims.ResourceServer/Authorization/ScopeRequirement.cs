using Aims.ResourceServer.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;

namespace Aims.ResourceServer.Authorization;

/// <summary>
/// The agent's access token carries <see cref="Scope"/>, after any reduction the fabric signalled (the <c>scope</c>
/// claims are the effective scope). When it does not, the 403 answer is <c>insufficient_scope</c> naming it.
/// The requirement handles itself, and only itself: a policy may hold several.
/// </summary>
public sealed class ScopeRequirement : IAuthorizationRequirement, IAuthorizationHandler
{
    public ScopeRequirement(string scope)
    {
        if (!Core.OAuth.ScopeSet.TryParse(scope, out var parsed, out _) || parsed.Count != 1)
            throw new ArgumentException($"'{scope}' is not one scope-token (RFC 6749 §3.3).", nameof(scope));
        Scope = scope;
    }

    public string Scope { get; }

    public Task HandleAsync(AuthorizationHandlerContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.User.HasClaim(AimsClaimTypes.Scope, Scope))
            context.Succeed(this);
        else if (context.Resource is HttpContext http)
            InsufficientScope.Remember(http, Scope);
        return Task.CompletedTask;
    }

    public override string ToString() => $"scope {Scope}";
}
