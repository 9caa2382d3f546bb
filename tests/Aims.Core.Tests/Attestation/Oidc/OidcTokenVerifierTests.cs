using System.Text.Json.Nodes;
using Aims.Core.Attestation;
using Aims.Core.Attestation.Oidc;

namespace Aims.Core.Tests.Attestation.Oidc;

/// <summary>Identity tokens shaped as GitHub Actions, GCP and Azure issue them, minted with test keys: there is no cloud here.</summary>
public sealed class OidcTokenVerifierTests : IDisposable
{
    private const string GitHub = "https://token.actions.githubusercontent.com";
    private const string Google = "https://accounts.google.com";
    private const string AzureIssuer = "https://sts.windows.net/72f988bf-86f1-41af-91ab-2d7cd011db47/";
    private const string Audience = "https://aims.example";

    private readonly TokenIssuerAuthority _github = new(GitHub);
    private readonly TokenIssuerAuthority _google = new(Google);
    private readonly TokenIssuerAuthority _azure = new(AzureIssuer);

    public void Dispose()
    {
        _github.Dispose();
        _google.Dispose();
        _azure.Dispose();
    }

    [Fact]
    public void Verify_GitHubActionsToken_ProvesRepositoryRefAndWorkflow()
    {
        var token = _github.Sign(_github.Claims(Audience, new JsonObject
        {
            ["sub"] = "repo:acme/payments:ref:refs/heads/main",
            ["repository"] = "acme/payments",
            ["repository_owner"] = "acme",
            ["ref"] = "refs/heads/main",
            ["workflow"] = "release",
            ["jti"] = "8f1c",
            ["run_id"] = 42,
        }));

        var result = OidcTokenVerifier.Verify(token, Issuer(_github, OidcClaimPresets.GitHub), _github.Keys, TokenIssuerAuthority.Now);

        Assert.True(result.IsVerified, result.Reason);
        Assert.Equal(
            [
                $"oidc:iss:{GitHub}", "oidc:sub:repo:acme/payments:ref:refs/heads/main", "oidc:repository:acme/payments",
                "oidc:repository_owner:acme", "oidc:ref:refs/heads/main", "oidc:workflow:release",
            ],
            result.Evidence.Selectors);
    }

    [Fact]
    public void Verify_GcpInstanceToken_ProvesProjectAndZoneFromNestedClaims()
    {
        var token = _google.Sign(_google.Claims(Audience, new JsonObject
        {
            ["sub"] = "1099226873458",
            ["email"] = "vm@acme-prod.iam.gserviceaccount.com",
            ["google"] = new JsonObject
            {
                ["compute_engine"] = new JsonObject { ["project_id"] = "acme-prod", ["zone"] = "europe-west1-b", ["instance_id"] = "4713" },
            },
        }), "RS256");

        var result = OidcTokenVerifier.Verify(token, Issuer(_google, OidcClaimPresets.Gcp), _google.Keys, TokenIssuerAuthority.Now);

        Assert.True(result.IsVerified, result.Reason);
        Assert.Contains("oidc:project_id:acme-prod", result.Evidence.Selectors);
        Assert.Contains("oidc:zone:europe-west1-b", result.Evidence.Selectors);
        Assert.Contains("oidc:instance_id:4713", result.Evidence.Selectors);
        Assert.Contains("oidc:email:vm@acme-prod.iam.gserviceaccount.com", result.Evidence.Selectors);
    }

    [Fact]
    public void Verify_AzureManagedIdentityToken_ProvesTenantAndResource()
    {
        const string Resource = "/subscriptions/s/resourcegroups/rg/providers/Microsoft.Compute/virtualMachines/vm1";
        var token = _azure.Sign(_azure.Claims(Audience, new JsonObject
        {
            ["sub"] = "9f1c-oid",
            ["tid"] = "72f988bf-86f1-41af-91ab-2d7cd011db47",
            ["oid"] = "9f1c-oid",
            ["xms_mirid"] = Resource,
        }), "RS256");

        var result = OidcTokenVerifier.Verify(token, Issuer(_azure, OidcClaimPresets.Azure), _azure.Keys, TokenIssuerAuthority.Now);

        Assert.True(result.IsVerified, result.Reason);
        Assert.Contains("oidc:tid:72f988bf-86f1-41af-91ab-2d7cd011db47", result.Evidence.Selectors);
        Assert.Contains($"oidc:xms_mirid:{Resource}", result.Evidence.Selectors);
    }

    [Fact]
    public void Verify_OperatorClaimMapping_AddsSelectorsPerArrayValue()
    {
        Assert.True(OidcIssuer.TryCreate(_github.Rules(Audience), OidcClaimPresets.Generic, new Dictionary<string, string> { ["groups"] = "group" },
            out var issuer, out var error), error);
        var token = _github.Sign(_github.Claims(Audience, new JsonObject { ["sub"] = "w", ["groups"] = new JsonArray("a", "b") }));

        var result = OidcTokenVerifier.Verify(token, issuer, _github.Keys, TokenIssuerAuthority.Now);

        Assert.True(result.IsVerified, result.Reason);
        Assert.Equal([$"oidc:iss:{GitHub}", "oidc:sub:w", "oidc:group:a", "oidc:group:b"], result.Evidence.Selectors);
    }

    [Fact]
    public void Verify_WrongAudience_RefusedByAudienceRule()
    {
        var token = _github.Sign(_github.Claims("https://github.com/acme", new JsonObject { ["sub"] = "x" }));

        var result = OidcTokenVerifier.Verify(token, Issuer(_github, OidcClaimPresets.GitHub), _github.Keys, TokenIssuerAuthority.Now);

        Assert.Equal("oidc.audience", result.Rule);
    }

    [Fact]
    public void Verify_TokenOfOneIssuerCheckedAgainstAnother_RefusedByIssuerRule()
    {
        var token = _google.Sign(_google.Claims(Audience, new JsonObject { ["sub"] = "x" }));

        var result = OidcTokenVerifier.Verify(token, Issuer(_github, OidcClaimPresets.GitHub), _github.Keys, TokenIssuerAuthority.Now);

        Assert.Equal("oidc.issuer", result.Rule);
    }

    [Fact]
    public void Verify_ForgedWithIssuersKidButOtherKey_RefusedBySignatureRule()
    {
        using var forger = new TokenIssuerAuthority(GitHub);
        var token = forger.Sign(forger.Claims(Audience, new JsonObject { ["sub"] = "x" }));

        var result = OidcTokenVerifier.Verify(token, Issuer(_github, OidcClaimPresets.GitHub), _github.Keys, TokenIssuerAuthority.Now);

        Assert.Equal("oidc.signature", result.Rule);
    }

    [Fact]
    public void Verify_NoSubject_RefusedByClaimsRule()
    {
        var token = _github.Sign(_github.Claims(Audience, new JsonObject { ["repository"] = "acme/payments" }));

        var result = OidcTokenVerifier.Verify(token, Issuer(_github, OidcClaimPresets.GitHub), _github.Keys, TokenIssuerAuthority.Now);

        Assert.Equal("oidc.claims", result.Rule);
    }

    [Fact]
    public void Verify_NotYetValid_RefusedByLifetimeRule()
    {
        var token = _github.Sign(_github.Claims(Audience, new JsonObject { ["sub"] = "x", ["nbf"] = TokenIssuerAuthority.Now.AddMinutes(5).ToUnixTimeSeconds() }));

        var result = OidcTokenVerifier.Verify(token, Issuer(_github, OidcClaimPresets.GitHub), _github.Keys, TokenIssuerAuthority.Now);

        Assert.Equal("oidc.lifetime", result.Rule);
    }

    [Fact]
    public void TryCreate_UnknownPreset_RefusedNamingThePresets()
    {
        Assert.False(OidcIssuer.TryCreate(_github.Rules(Audience), "aws", null, out _, out var error));
        Assert.Contains("github, gcp, azure, generic", error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryCreate_ClaimMappedToReservedName_Refused()
    {
        Assert.False(OidcIssuer.TryCreate(_github.Rules(Audience), null, new Dictionary<string, string> { ["email"] = "sub" }, out _, out var error));
        Assert.Contains("reserved", error, StringComparison.Ordinal);
    }

    private static OidcIssuer Issuer(TokenIssuerAuthority authority, string preset)
    {
        Assert.True(OidcIssuer.TryCreate(authority.Rules(Audience), preset, null, out var issuer, out var error), error);
        return issuer;
    }
}
