using Names = Aims.Core.OAuth.OAuthConstants.Parameters;

namespace Aims.Core.OAuth;

/// <summary>
/// Validates an authorization request (RFC 6749 §4.1.1 with PKCE, RFC 7636 §4.3, and resource indicators, RFC 8707
/// §2). Until the client and its redirect URI are verified an error is shown on a page and the browser goes nowhere
/// (RFC 6749 §3.1.2.4); after that every error is redirected to the client with its <c>state</c>.
/// </summary>
public static class AuthorizationRequestValidator
{
    /// <summary>Longer values are refused: a state is an opaque handle, not a place to keep data.</summary>
    public const int MaxStateLength = 2048;

    public const int MaxClientIdLength = 2048;

    private static readonly AuthorizationRequestValidationStep[] Steps =
    [
        RequireKnownClient,
        RequireRegisteredRedirectUri,
        ReadState,
        RejectRepeatedParameters,
        RequireCodeResponseType,
        RequireClientRegisteredForCode,
        RequireS256Challenge,
        ReadScope,
        ReadResources,
    ];

    /// <summary>The client_id the request names, so the caller can look its registration up; null when it names none, or more than one.</summary>
    public static string? ClientIdOf(IReadOnlyDictionary<string, IReadOnlyList<string>> parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var values = new AuthorizationRequestValidationContext(parameters, null).Values(Names.ClientId);
        return values.Count == 1 && values[0].Length <= MaxClientIdLength ? values[0] : null;
    }

    /// <param name="parameters">The query parameters, each with every value it was sent with.</param>
    /// <param name="client">The registration of <see cref="ClientIdOf"/>, or null when there is none.</param>
    public static AuthorizationRequestOutcome Validate(IReadOnlyDictionary<string, IReadOnlyList<string>> parameters, AuthorizationClient? client)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var context = new AuthorizationRequestValidationContext(parameters, client);
        foreach (var step in Steps)
        {
            if (!step(context))
                return AuthorizationRequestOutcome.Rejected(context.Rejection!);
        }

        return AuthorizationRequestOutcome.Valid(new AuthorizationRequest(
            client!.ClientId, context.RedirectUri!, context.Scope, context.Resources, context.CodeChallenge, context.State));
    }

    /// <summary>RFC 6749 §4.1.2.1: a missing, repeated or unknown client_id is shown to the user, never redirected.</summary>
    private static bool RequireKnownClient(AuthorizationRequestValidationContext context)
    {
        var values = context.Values(Names.ClientId);
        if (values.Count != 1)
        {
            return context.Reject(OAuthErrors.InvalidRequest, values.Count == 0
                ? "the request names no client_id; the application that sent you here must include it (RFC 6749 section 4.1.1)"
                : "the request names client_id more than once (RFC 6749 section 3.1)");
        }

        return context.Client is { } client && string.Equals(client.ClientId, values[0], StringComparison.Ordinal)
            || context.Reject(OAuthErrors.InvalidClient, "the client_id is not a registered client of this server; the application must register first (RFC 7591)");
    }

    /// <summary>RFC 6749 §3.1.2.3, §3.1.2.4: simple string comparison with a registered URI; a mismatch is never redirected.</summary>
    private static bool RequireRegisteredRedirectUri(AuthorizationRequestValidationContext context)
    {
        var values = context.Values(Names.RedirectUri);
        if (values.Count != 1)
        {
            return context.Reject(OAuthErrors.InvalidRequest, values.Count == 0
                ? "the request names no redirect_uri; this server requires it and compares it exactly with the registered ones (RFC 6749 section 3.1.2.3)"
                : "the request names redirect_uri more than once (RFC 6749 section 3.1)");
        }

        if (!context.Client!.RedirectUris.Contains(values[0], StringComparer.Ordinal))
            return context.Reject(OAuthErrors.InvalidRequest, "the redirect_uri is not one the client registered; it must match a registered URI exactly (RFC 6749 section 3.1.2.3)");

        context.RedirectUri = values[0];
        return true;
    }

    /// <summary>RFC 6749 §4.1.2: state comes back unchanged; one that cannot be echoed safely is refused without it.</summary>
    private static bool ReadState(AuthorizationRequestValidationContext context)
    {
        var values = context.Values(Names.State);
        if (values.Count > 1)
            return context.Reject(OAuthErrors.InvalidRequest, "the request names state more than once (RFC 6749 section 3.1)");
        if (values.Count == 1 && values[0].Length > MaxStateLength)
            return context.Reject(OAuthErrors.InvalidRequest, $"state is longer than {MaxStateLength} characters; keep data on the client and send a handle");

        context.State = values.Count == 1 ? values[0] : null;
        return true;
    }

    /// <summary>RFC 6749 §3.1: parameters must not be included more than once; only resource may repeat (RFC 8707 §2).</summary>
    private static bool RejectRepeatedParameters(AuthorizationRequestValidationContext context)
    {
        var repeated = context.Names
            .Where(name => name != Names.Resource && context.Values(name).Count > 1)
            .Order(StringComparer.Ordinal)
            .FirstOrDefault();
        return repeated is null || context.Reject(OAuthErrors.InvalidRequest, $"parameter '{repeated}' appears more than once (RFC 6749 section 3.1)");
    }

    private static bool RequireCodeResponseType(AuthorizationRequestValidationContext context)
    {
        var values = context.Values(Names.ResponseType);
        if (values.Count == 0)
            return context.Reject(OAuthErrors.InvalidRequest, "response_type is required and must be 'code' (RFC 6749 section 4.1.1)");
        return values[0] == OAuthConstants.ResponseTypes.Code
            || context.Reject(OAuthErrors.UnsupportedResponseType, "only response_type=code (authorization code with PKCE) is supported (RFC 6749 section 4.1.1)");
    }

    /// <summary>RFC 7591 §2.1: a client that registered other response or grant types may not use this one.</summary>
    private static bool RequireClientRegisteredForCode(AuthorizationRequestValidationContext context)
    {
        var client = context.Client!;
        var responseTypeOk = client.ResponseTypes.Count == 0 || client.ResponseTypes.Contains(OAuthConstants.ResponseTypes.Code, StringComparer.Ordinal);
        var grantTypeOk = client.GrantTypes.Count == 0 || client.GrantTypes.Contains(OAuthConstants.GrantTypes.AuthorizationCode, StringComparer.Ordinal);
        return (responseTypeOk && grantTypeOk)
            || context.Reject(OAuthErrors.UnauthorizedClient, "the client did not register response_type 'code' and grant_type 'authorization_code' (RFC 7591 section 2.1)");
    }

    /// <summary>
    /// RFC 7636 §4.4.1: a missing code_challenge, or a transformation the server does not support, is
    /// invalid_request. The method defaults to "plain" when omitted (§4.3), so it must be sent as S256.
    /// </summary>
    private static bool RequireS256Challenge(AuthorizationRequestValidationContext context)
    {
        var challenge = context.Values(Names.CodeChallenge);
        if (challenge.Count == 0)
            return context.Reject(OAuthErrors.InvalidRequest, "code_challenge is required: this server requires PKCE with S256 (RFC 7636 section 4.4.1)");

        var method = context.Values(Names.CodeChallengeMethod);
        if (method.Count == 0)
            return context.Reject(OAuthErrors.InvalidRequest, "code_challenge_method is required and must be S256; an omitted method means 'plain', which this server does not support (RFC 7636 sections 4.3, 4.4.1)");
        if (method[0] != OAuthConstants.CodeChallengeMethods.S256)
            return context.Reject(OAuthErrors.InvalidRequest, $"code_challenge_method '{method[0]}' is not supported; use S256 (RFC 7636 section 4.4.1)");
        if (!Pkce.IsValidS256Challenge(challenge[0]))
            return context.Reject(OAuthErrors.InvalidRequest, "code_challenge must be the 43-character base64url SHA-256 of the code_verifier (RFC 7636 section 4.2)");

        context.CodeChallenge = challenge[0];
        return true;
    }

    /// <summary>RFC 6749 §3.3: the scope the user is asked to grant; this server has no default scope, so one is required.</summary>
    private static bool ReadScope(AuthorizationRequestValidationContext context)
    {
        var values = context.Values(Names.Scope);
        if (values.Count == 0)
            return context.Reject(OAuthErrors.InvalidScope, "scope is required: name what the user is asked to grant (RFC 6749 section 3.3)");
        if (!ScopeSet.TryParse(values[0], out var scope, out var error))
            return context.Reject(OAuthErrors.InvalidScope, error);

        context.Scope = scope;
        return true;
    }

    /// <summary>RFC 8707 §2: access tokens here are always audience-restricted, so at least one resource is required.</summary>
    private static bool ReadResources(AuthorizationRequestValidationContext context)
    {
        var values = context.Values(Names.Resource);
        if (values.Count == 0)
            return context.Reject(OAuthErrors.InvalidTarget, "resource is required: name the API the tokens are for (RFC 8707 section 2)");
        if (values.Count > ResourceIndicators.MaxValues)
            return context.Reject(OAuthErrors.InvalidTarget, $"at most {ResourceIndicators.MaxValues} resource values per request");
        foreach (var value in values)
        {
            if (ResourceIndicators.Problem(value) is { } problem)
                return context.Reject(OAuthErrors.InvalidTarget, problem);
        }

        context.Resources = [.. values.Distinct(StringComparer.Ordinal)];
        return true;
    }
}
