using Aims.Core.OAuth;
using Aims.Core.Policy;

namespace Aims.Core.Tests.Policy;

public sealed class RegisteredClientLimitsTests
{
    private static readonly RegisteredClientLimits Limits = new(
        "client-1", ScopeSet.Parse("read:reports profile"), ["read:reports", "write:reports"], ["https://api.example.com/*", "https://exact.example.com"]);

    [Fact]
    public void Evaluate_WithinBothCeilings_GrantsTheIntersection()
    {
        var decision = Limits.Evaluate(ScopeSet.Parse("read:reports profile write:reports"), ["https://api.example.com/reports", "https://exact.example.com"]);

        Assert.True(decision.Allowed, decision.Reason);
        Assert.Equal(["read:reports"], decision.GrantedScopes);
        Assert.Equal(PolicyDefaults.AccessTokenTtl, decision.AccessTokenTtl);
        Assert.Equal(PolicyDefaults.RefreshTokenTtl, decision.RefreshTokenTtl);
        Assert.Contains("not granted", decision.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_NothingRequestedIsAllowed_Scope() =>
        Assert.Equal(TokenDenial.Scope, Limits.Evaluate(ScopeSet.Parse("write:reports"), ["https://api.example.com/x"]).Denial);

    [Theory]
    [InlineData("https://exact.example.com/sub")]
    [InlineData("https://other.example.com/")]
    public void Evaluate_ResourceOutsideRegistration_Resource(string resource) =>
        Assert.Equal(TokenDenial.Resource, Limits.Evaluate(ScopeSet.Parse("read:reports"), [resource]).Denial);

    [Fact]
    public void Evaluate_NoRegisteredScope_WholeRegistrationCeiling()
    {
        var decision = (Limits with { ClientScope = null }).Evaluate(ScopeSet.Parse("write:reports"), []);

        Assert.True(decision.Allowed, decision.Reason);
        Assert.Equal(["write:reports"], decision.GrantedScopes);
    }

    [Fact]
    public void Evaluate_NoScopeInCommon_NotAuthorized() =>
        Assert.Equal(TokenDenial.NotAuthorized, (Limits with { AllowedScopes = [] }).Evaluate(ScopeSet.Parse("read:reports"), []).Denial);
}
