using System.Diagnostics.CodeAnalysis;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Aims.Core.Transactions;

/// <summary>
/// Builds <c>rctx</c> (draft §4.2.1, §6.3): the requester's <c>request_context</c> object, checked, with <c>authn</c>
/// set by the token service, which is authoritative for it: the method that authenticated the transaction's start.
/// </summary>
public static class RequesterContext
{
    /// <param name="requestContext">The normalized <c>request_context</c> object, or null.</param>
    /// <param name="authentication">How the requester was authenticated, e.g. <see cref="TxnTokenConstants.OAuthAuthentication"/>.</param>
    public static bool TryBuild(string? requestContext, string authentication, out string? rctx, [NotNullWhen(false)] out string? error)
    {
        ArgumentException.ThrowIfNullOrEmpty(authentication);
        rctx = null;
        var context = requestContext is null ? new JsonObject() : JsonNode.Parse(requestContext)!.AsObject();
        if (context[TxnTokenConstants.RequesterContextMembers.RequesterIp] is { } ip
            && (ip.GetValueKind() != JsonValueKind.String || !IPAddress.TryParse(ip.GetValue<string>(), out _)))
        {
            error = "request_context.req_ip must be the IP address of the requester as a string (draft section 4.2.1)";
            return false;
        }

        context[TxnTokenConstants.RequesterContextMembers.Authentication] = authentication;
        return ContextObject.TryNormalize(context.ToJsonString(), TxnTokenConstants.Parameters.RequestContext, out rctx, out error);
    }
}
