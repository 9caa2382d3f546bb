using Errors = Aims.Core.OAuth.Registration.ClientRegistrationConstants.Errors;
using GrantTypes = Aims.Core.OAuth.OAuthConstants.GrantTypes;
using Members = Aims.Core.OAuth.Registration.ClientRegistrationConstants.Members;

namespace Aims.Core.OAuth.Registration;

/// <summary>Grant types, response types and redirect URIs: the rules of RFC 7591 §2 and §2.1 as this server applies them.</summary>
public static partial class ClientMetadataValidator
{
    private const string SupportedGrants = "authorization_code and refresh_token (agents also client_credentials and token-exchange)";

    /// <summary>
    /// RFC 7591 §2: omitted means authorization_code. client_credentials and token exchange need a client that
    /// proves who it is with every request (RFC 6749 §4.4): here that is an agent with its SVID.
    /// </summary>
    private static bool ReadGrantTypes(ClientMetadataValidationContext context)
    {
        if (!context.TryReadStringArray(Members.GrantTypes, Errors.InvalidClientMetadata, out var grants))
            return false;
        if (grants is null)
        {
            context.GrantTypes.Add(GrantTypes.AuthorizationCode);
            return true;
        }

        if (grants.Count == 0)
            return context.Reject(Errors.InvalidClientMetadata, $"grant_types is empty; list the grants the client uses ({SupportedGrants}), or omit it for authorization_code");

        foreach (var grant in grants)
        {
            if (GrantProblem(grant, context.IsAgent) is { } problem)
                return context.Reject(Errors.InvalidClientMetadata, problem);
        }

        // Refresh tokens come only from the authorization code flow here.
        if (grants.Contains(GrantTypes.RefreshToken) && !grants.Contains(GrantTypes.AuthorizationCode))
            return context.Reject(Errors.InvalidClientMetadata, "grant_types has refresh_token without authorization_code; refresh tokens are issued only with authorization_code, so add it or remove refresh_token");

        context.GrantTypes.AddRange(grants);
        return true;
    }

    private static string? GrantProblem(string grant, bool isAgent) => grant switch
    {
        GrantTypes.AuthorizationCode or GrantTypes.RefreshToken => null,
        GrantTypes.ClientCredentials or GrantTypes.TokenExchange when isAgent => null,
        GrantTypes.ClientCredentials or GrantTypes.TokenExchange =>
            $"grant type '{grant}' is only for agents, which authenticate every request with an SVID (RFC 6749 §4.4: confidential clients only); " +
            "register as an agent with Authorization: Bearer <JWT-SVID>, or remove it",
        ClientRegistrationConstants.RefusedGrantTypes.Implicit =>
            "grant type 'implicit' is not supported: it exposes tokens in the browser (RFC 9700 §2.1.2); use authorization_code with PKCE",
        ClientRegistrationConstants.RefusedGrantTypes.Password =>
            "grant type 'password' is not supported: clients never see user passwords (RFC 9700 §2.4); use authorization_code with PKCE",
        _ => $"grant type '{grant}' cannot be registered; supported: {SupportedGrants}",
    };

    /// <summary>RFC 7591 §2.1: response type code goes with grant type authorization_code, and only with it.</summary>
    private static bool ReadResponseTypes(ClientMetadataValidationContext context)
    {
        if (!context.TryReadStringArray(Members.ResponseTypes, Errors.InvalidClientMetadata, out var responseTypes))
            return false;

        var usesCode = context.GrantTypes.Contains(GrantTypes.AuthorizationCode);
        responseTypes ??= usesCode ? [OAuthConstants.ResponseTypes.Code] : [];
        foreach (var responseType in responseTypes)
        {
            if (responseType != OAuthConstants.ResponseTypes.Code)
            {
                return context.Reject(Errors.InvalidClientMetadata,
                    $"response type '{responseType}' is not supported; the only one is 'code' (RFC 9700 §2.1.2: no tokens from the authorization endpoint)");
            }
        }

        if (usesCode != responseTypes.Contains(OAuthConstants.ResponseTypes.Code))
        {
            return context.Reject(Errors.InvalidClientMetadata, usesCode
                ? "grant_types has authorization_code but response_types lacks 'code'; they go together (RFC 7591 §2.1)"
                : "response_types has 'code' but grant_types lacks authorization_code; they go together (RFC 7591 §2.1)");
        }

        context.ResponseTypes.AddRange(responseTypes);
        return true;
    }

    /// <summary>RFC 7591 §2: redirect_uris are required for redirect-based flows; each must pass <see cref="RedirectUriRules"/>.</summary>
    private static bool ReadRedirectUris(ClientMetadataValidationContext context)
    {
        if (!context.TryReadStringArray(Members.RedirectUris, Errors.InvalidRedirectUri, out var uris))
            return false;

        var usesCode = context.GrantTypes.Contains(GrantTypes.AuthorizationCode);
        if (!usesCode)
        {
            return uris is not { Count: > 0 }
                || context.Reject(Errors.InvalidRedirectUri, "redirect_uris are used only by authorization_code; add that grant type or remove redirect_uris");
        }

        if (uris is not { Count: > 0 })
            return context.Reject(Errors.InvalidRedirectUri, "redirect_uris is required for authorization_code: list where codes may be sent (RFC 7591 §2)");

        var max = context.Limits.MaxRedirectUris;
        if (uris.Count > max)
            return context.Reject(Errors.InvalidRedirectUri, $"redirect_uris has {uris.Count} URIs; at most {max} may be registered");

        foreach (var uri in uris)
        {
            if (RedirectUriRules.Problem(uri) is { } problem)
                return context.Reject(Errors.InvalidRedirectUri, problem);
        }

        context.RedirectUris.AddRange(uris);
        return true;
    }
}
