using Aims.Core.OAuth;
using Microsoft.AspNetCore.Http;

namespace Aims.ResourceServer.Authentication;

/// <summary>
/// Why a bearer token was not accepted, carried from authentication to the challenge as the failure of the
/// <see cref="Microsoft.AspNetCore.Authentication.AuthenticateResult"/> (the framework's way to pass it on; it is
/// never thrown). <see cref="Error"/> is an RFC 6750 §3.1 code; the message tells the agent what to fix.
/// </summary>
internal sealed class BearerTokenRejection(int status, string? error, string description, bool isWorkloadProof = false) : Exception(description)
{
    public int Status { get; } = status;

    /// <summary>A WIT or WPT failure: answered 400 with RFC 9457 problem details, as the WIMSE drafts recommend, not with a Bearer challenge.</summary>
    public bool IsWorkloadProof { get; } = isWorkloadProof;

    /// <summary>The RFC 6750 §3.1 error code, or null for a 503 where the fault is not the token's.</summary>
    public string? Error { get; } = error;

    /// <summary>RFC 6750 §3.1: the token is expired, revoked, malformed or otherwise invalid.</summary>
    public static BearerTokenRejection InvalidToken(string description) =>
        new(StatusCodes.Status401Unauthorized, OAuthErrors.InvalidToken, description);

    /// <summary>RFC 6750 §3.1: the request itself is malformed (e.g. a token in the query string).</summary>
    public static BearerTokenRejection InvalidRequest(string description) =>
        new(StatusCodes.Status400BadRequest, OAuthErrors.InvalidRequest, description);

    /// <summary>draft-ietf-wimse-workload-creds / -wpt "Error Conditions": 400, with problem details saying what to fix.</summary>
    public static BearerTokenRejection InvalidWorkloadProof(string description) =>
        new(StatusCodes.Status400BadRequest, OAuthErrors.InvalidRequest, description, isWorkloadProof: true);

    /// <summary>The fabric's keys are unreachable: not the token's fault, so no error code that would make the agent discard it.</summary>
    public static BearerTokenRejection Unavailable(string description) =>
        new(StatusCodes.Status503ServiceUnavailable, null, description);
}
