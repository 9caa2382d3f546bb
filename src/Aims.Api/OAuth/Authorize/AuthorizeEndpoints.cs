using Aims.Api.Http;
using Aims.Core.OAuth;
using Aims.Core.Sessions;
using Aims.Grains;
using Aims.Grains.Sessions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Aims.Api.OAuth.Authorize;

/// <summary>
/// The authorization endpoint (RFC 6749 §3.1, §4.1.1) and its two pages: the request is validated, the user signs
/// in, the consent page shows which client (and, for an agent, its attestation) asks for what, and the decision
/// goes back to the client's registered redirect URI with a code or an error, <c>state</c> and <c>iss</c> (RFC 9207).
/// </summary>
public static class AuthorizeEndpoints
{
    public const string LoginPath = AuthorizationServerMetadata.AuthorizationPath + "/login";
    public const string ConsentPath = AuthorizationServerMetadata.AuthorizationPath + "/consent";

    private const string FlowField = "flow";
    private const string UserNameField = "username";
    private const string PasswordField = "password";
    private const string DecisionField = "decision";

    private const string FlowGone = "This sign-in has expired or is already finished.";
    private const string NotBound =
        "This sign-in was not started in this browser, or its cookie was blocked. Allow cookies for this site and start again from the application.";

    public static void MapAuthorizeEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet(AuthorizationServerMetadata.AuthorizationPath, AuthorizeAsync).AllowAnonymous();
        app.MapPost(LoginPath, LoginAsync).AllowAnonymous().DisableAntiforgery();
        app.MapPost(ConsentPath, ConsentAsync).AllowAnonymous().DisableAntiforgery();
    }

    private static async Task<IResult> AuthorizeAsync(HttpContext http, IGrainFactory grains, AuthorizationServerIssuer issuer)
    {
        var parameters = http.Request.Query.ToDictionary(
            p => p.Key, p => (IReadOnlyList<string>)[.. p.Value.OfType<string>()], StringComparer.Ordinal);
        var clientId = AuthorizationRequestValidator.ClientIdOf(parameters);
        var client = clientId is null ? null : await ClientDescription.LoadAsync(clientId, grains);
        var outcome = AuthorizationRequestValidator.Validate(parameters, client?.AuthorizationClient);
        if (!outcome.IsValid)
        {
            var rejection = outcome.Rejection;
            return rejection.Delivery == AuthorizationErrorDelivery.Redirect
                ? new AuthorizeRedirect(AuthorizationResponseUri.ForError(rejection.RedirectUri!, rejection.Error, rejection.State, issuer.Url))
                : AuthorizePages.Error(StatusCodes.Status400BadRequest, rejection.Error.Description, rejection.Error.Error);
        }

        var request = outcome.Request;
        var flowId = OpaqueSecrets.NewId();
        var binding = OpaqueSecrets.NewSecret();
        await grains.GetGrain<IAuthorizationFlowGrain>(GrainKeys.AuthorizationFlow(flowId)).StartAsync(new AuthorizationFlowStart(
            request.ClientId, client!.IsAgent, request.RedirectUri, [.. request.Scope], request.Resources, request.CodeChallenge, request.State,
            OpaqueSecrets.Hash(binding), http.CorrelationId()));
        FlowCookie.Set(http, flowId, binding);
        return AuthorizePages.Login(flowId, client, error: null);
    }

    private static async Task<IResult> LoginAsync(HttpContext http, IGrainFactory grains)
    {
        var (form, flowId, problem) = await ReadFormAsync(http);
        if (problem is not null)
            return problem;

        var outcome = await grains.GetGrain<IAuthorizationFlowGrain>(GrainKeys.AuthorizationFlow(flowId)).LoginAsync(new LoginAttempt(
            FlowCookie.Read(http, flowId), form!.Single(UserNameField) ?? string.Empty, form!.Single(PasswordField) ?? string.Empty, http.CorrelationId()));
        if (outcome.Result is LoginResult.BindingFailed)
            return AuthorizePages.Error(StatusCodes.Status400BadRequest, NotBound);
        if (outcome.Flow is not { } flow || await ClientDescription.LoadAsync(flow.ClientId, grains) is not { } client)
            return AuthorizePages.Error(StatusCodes.Status400BadRequest, FlowGone);

        return outcome.Result switch
        {
            LoginResult.SignedIn => AuthorizePages.Consent(flow, client),
            LoginResult.WrongCredentials => AuthorizePages.Login(flowId, client, AuthorizePages.WrongCredentials),
            LoginResult.Locked => AuthorizePages.Error(
                StatusCodes.Status403Forbidden, $"Too many failed sign-in attempts: this sign-in is locked after {SessionLimits.MaxFailedLogins} failures."),
            _ => AuthorizePages.Error(StatusCodes.Status400BadRequest, FlowGone),
        };
    }

    private static async Task<IResult> ConsentAsync(HttpContext http, IGrainFactory grains, AuthorizationServerIssuer issuer)
    {
        var (form, flowId, problem) = await ReadFormAsync(http);
        if (problem is not null)
            return problem;
        var allow = form!.Single(DecisionField) switch
        {
            "allow" => true,
            "deny" => (bool?)false,
            _ => null,
        };
        if (allow is null)
            return AuthorizePages.Error(StatusCodes.Status400BadRequest, "Choose Allow or Deny on the consent page.");

        var outcome = await grains.GetGrain<IAuthorizationFlowGrain>(GrainKeys.AuthorizationFlow(flowId)).ConsentAsync(
            new ConsentDecision(FlowCookie.Read(http, flowId), allow.Value, http.CorrelationId()));
        switch (outcome.Result)
        {
            case ConsentResult.BindingFailed:
                return AuthorizePages.Error(StatusCodes.Status400BadRequest, NotBound);
            case ConsentResult.Unavailable:
                return AuthorizePages.Error(StatusCodes.Status400BadRequest, FlowGone);
        }

        FlowCookie.Delete(http, flowId);
        var redirect = outcome.Redirect!;
        return new AuthorizeRedirect(redirect.Code is { } code
            ? AuthorizationResponseUri.ForCode(redirect.RedirectUri, code, redirect.State, issuer.Url)
            : AuthorizationResponseUri.ForError(redirect.RedirectUri, new OAuthError(redirect.Error!, redirect.ErrorDescription!), redirect.State, issuer.Url));
    }

    /// <summary>The posted form and the flow it names; a form that cannot be read, or names no flow, gets an error page.</summary>
    private static async Task<(IFormCollection? Form, string FlowId, IResult? Problem)> ReadFormAsync(HttpContext http)
    {
        var (form, error) = await OAuthForm.ReadAsync(http.Request);
        if (error is not null)
            return (null, string.Empty, AuthorizePages.Error(StatusCodes.Status400BadRequest, $"The form could not be read: {error.Description}"));
        var flowId = form!.Single(FlowField);
        return flowId is not null && OpaqueSecrets.IsOpaque(flowId, OpaqueSecrets.IdLength)
            ? (form, flowId, null)
            : (null, string.Empty, AuthorizePages.Error(StatusCodes.Status400BadRequest, FlowGone));
    }
}
