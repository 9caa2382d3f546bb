using Aims.Core.OAuth;

namespace Aims.Core.Tests.OAuth;

public sealed class AuthorizationRequestValidatorTests
{
    private const string ClientId = "spiffe://aims.test/agents/analyst";
    private const string RedirectUri = "https://app.example.com/callback";
    private const string Challenge = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";
    private const string Resource = "https://api.example.com/reports";

    private static readonly AuthorizationClient Client = new(ClientId, [RedirectUri, "https://app.example.com/other?tenant=1"], [], []);

    [Fact]
    public void Validate_CompleteRequest_ReturnsTheValidatedRequest()
    {
        var outcome = AuthorizationRequestValidator.Validate(Parameters(), Client);

        Assert.True(outcome.IsValid, outcome.ToString());
        var request = outcome.Request;
        Assert.Equal(ClientId, request.ClientId);
        Assert.Equal(RedirectUri, request.RedirectUri);
        Assert.Equal("read:reports write:reports", request.Scope.ToString());
        Assert.Equal([Resource], request.Resources);
        Assert.Equal(Challenge, request.CodeChallenge);
        Assert.Equal("xyz", request.State);
    }

    [Fact]
    public void Validate_SeveralResources_KeepsEachOnce()
    {
        var outcome = AuthorizationRequestValidator.Validate(Parameters(("resource", [Resource, "https://api.example.com/b", Resource])), Client);

        Assert.True(outcome.IsValid, outcome.ToString());
        Assert.Equal([Resource, "https://api.example.com/b"], outcome.Request.Resources);
    }

    [Fact]
    public void Validate_NoState_ValidWithoutState()
    {
        var outcome = AuthorizationRequestValidator.Validate(Parameters(("state", [""])), Client);

        Assert.True(outcome.IsValid, outcome.ToString());
        Assert.Null(outcome.Request.State);
    }

    [Theory]
    [InlineData("client_id", null, "invalid_request")]
    [InlineData("client_id", "spiffe://aims.test/agents/other", "invalid_client")]
    [InlineData("redirect_uri", null, "invalid_request")]
    [InlineData("redirect_uri", "https://app.example.com/callback/", "invalid_request")]
    [InlineData("redirect_uri", "https://APP.example.com/callback", "invalid_request")]
    [InlineData("redirect_uri", "https://evil.example.com/callback", "invalid_request")]
    [InlineData("redirect_uri", "https://app.example.com/callback?x=1", "invalid_request")]
    public void Validate_BadClientOrRedirectUri_ErrorPageNeverRedirect(string name, string? value, string error)
    {
        var outcome = AuthorizationRequestValidator.Validate(Parameters((name, value is null ? [] : [value])), Client);

        Assert.False(outcome.IsValid);
        Assert.Equal(AuthorizationErrorDelivery.ErrorPage, outcome.Rejection.Delivery);
        Assert.Null(outcome.Rejection.RedirectUri);
        Assert.Null(outcome.Rejection.State);
        Assert.Equal(error, outcome.Rejection.Error.Error);
    }

    [Fact]
    public void Validate_UnknownClient_ErrorPage()
    {
        var outcome = AuthorizationRequestValidator.Validate(Parameters(), client: null);

        Assert.Equal(AuthorizationErrorDelivery.ErrorPage, outcome.Rejection!.Delivery);
        Assert.Contains("not a registered client", outcome.Rejection.Error.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_RepeatedRedirectUri_ErrorPage()
    {
        var outcome = AuthorizationRequestValidator.Validate(Parameters(("redirect_uri", [RedirectUri, RedirectUri])), Client);

        Assert.Equal(AuthorizationErrorDelivery.ErrorPage, outcome.Rejection!.Delivery);
    }

    [Theory]
    [InlineData("response_type", null, "invalid_request", "response_type")]
    [InlineData("response_type", "token", "unsupported_response_type", "response_type=code")]
    [InlineData("code_challenge", null, "invalid_request", "RFC 7636 section 4.4.1")]
    [InlineData("code_challenge_method", null, "invalid_request", "'plain'")]
    [InlineData("code_challenge_method", "plain", "invalid_request", "RFC 7636 section 4.4.1")]
    [InlineData("code_challenge_method", "s256", "invalid_request", "use S256")]
    [InlineData("code_challenge", "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk-too-long", "invalid_request", "RFC 7636 section 4.2")]
    [InlineData("scope", null, "invalid_scope", "scope is required")]
    [InlineData("scope", "read  write", "invalid_scope", "single spaces")]
    [InlineData("resource", null, "invalid_target", "resource is required")]
    [InlineData("resource", "reports", "invalid_target", "absolute URI")]
    [InlineData("resource", "https://api.example.com/reports#frag", "invalid_target", "without a fragment")]
    public void Validate_BadParameterAfterRedirectVerified_RedirectsWithState(string name, string? value, string error, string hint)
    {
        var outcome = AuthorizationRequestValidator.Validate(Parameters((name, value is null ? [] : [value])), Client);

        Assert.False(outcome.IsValid);
        var rejection = outcome.Rejection;
        Assert.Equal(AuthorizationErrorDelivery.Redirect, rejection.Delivery);
        Assert.Equal(RedirectUri, rejection.RedirectUri);
        Assert.Equal("xyz", rejection.State);
        Assert.Equal(error, rejection.Error.Error);
        Assert.Contains(hint, rejection.Error.Description, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("scope")]
    [InlineData("response_type")]
    [InlineData("code_challenge")]
    public void Validate_RepeatedParameter_InvalidRequestRedirect(string name)
    {
        var outcome = AuthorizationRequestValidator.Validate(Parameters((name, ["a", "b"])), Client);

        Assert.Equal(AuthorizationErrorDelivery.Redirect, outcome.Rejection!.Delivery);
        Assert.Equal("invalid_request", outcome.Rejection.Error.Error);
        Assert.Contains($"'{name}' appears more than once", outcome.Rejection.Error.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_OverlongState_RefusedWithoutEchoingIt()
    {
        var outcome = AuthorizationRequestValidator.Validate(Parameters(("state", [new string('s', AuthorizationRequestValidator.MaxStateLength + 1)])), Client);

        Assert.Equal(AuthorizationErrorDelivery.Redirect, outcome.Rejection!.Delivery);
        Assert.Null(outcome.Rejection.State);
    }

    [Fact]
    public void Validate_ClientRegisteredForOtherGrants_UnauthorizedClient()
    {
        var client = Client with { GrantTypes = ["client_credentials"] };

        var outcome = AuthorizationRequestValidator.Validate(Parameters(), client);

        Assert.Equal("unauthorized_client", outcome.Rejection!.Error.Error);
        Assert.Equal(AuthorizationErrorDelivery.Redirect, outcome.Rejection.Delivery);
    }

    [Fact]
    public void Validate_UnrecognizedParameter_Ignored() =>
        Assert.True(AuthorizationRequestValidator.Validate(Parameters(("prompt", ["login"])), Client).IsValid);

    [Fact]
    public void ClientIdOf_SingleNonEmptyValueOnly()
    {
        Assert.Equal(ClientId, AuthorizationRequestValidator.ClientIdOf(Parameters()));
        Assert.Null(AuthorizationRequestValidator.ClientIdOf(Parameters(("client_id", []))));
        Assert.Null(AuthorizationRequestValidator.ClientIdOf(Parameters(("client_id", [ClientId, ClientId]))));
        Assert.Null(AuthorizationRequestValidator.ClientIdOf(Parameters(("client_id", [string.Empty]))));
    }

    private static Dictionary<string, IReadOnlyList<string>> Parameters(params (string Name, string[] Values)[] overrides)
    {
        var parameters = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal)
        {
            ["response_type"] = ["code"],
            ["client_id"] = [ClientId],
            ["redirect_uri"] = [RedirectUri],
            ["scope"] = ["write:reports read:reports"],
            ["state"] = ["xyz"],
            ["code_challenge"] = [Challenge],
            ["code_challenge_method"] = ["S256"],
            ["resource"] = [Resource],
        };
        foreach (var (name, values) in overrides)
        {
            if (values.Length == 0)
                parameters.Remove(name);
            else
                parameters[name] = values;
        }

        return parameters;
    }
}
