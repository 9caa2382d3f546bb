using System.Security.Cryptography;
using Aims.Core.Credentials;
using Aims.Core.Identity;
using Aims.Core.Jose;
using Aims.Core.Wimse;

namespace Aims.Core.Tests.Wimse;

/// <summary>
/// The example WIT and WPT of draft-ietf-wimse-workload-creds-02 / draft-ietf-wimse-wpt-01 (the files
/// includes/wit.txt and includes/wpt.txt of ietf-wg-wimse/draft-ietf-wimse-s2s-protocol), verified with the keys the
/// drafts publish. Their times are in April 2025, so the clock is fixed before the WPT's exp.
/// </summary>
public sealed class WimseDraftExampleTests
{
    public const string Wit =
        "eyJhbGciOiJFUzI1NiIsImtpZCI6Ikp1bmUgNSIsInR5cCI6IndpdCtqd3QifQ.eyJjbmYiOnsiandrIjp7ImFsZyI6IkVkRFNBIiwiY3J2IjoiRWQyNTUxOSIsImt0eSI6Ik9LUCIsIngiOiIxQ1hYdmZsTl9MVlZzSXNZWHNVdkIwM0ptbEdXZUNIcVFWdW91Q0Y5MmJnIn19LCJleHAiOjE3NDU1MTI1MTAsImlhdCI6MTc0NTUwODkxMCwianRpIjoieC1fMUNUTDJjY2EzQ1NFNGN3Yl9sIiwic3ViIjoid2ltc2U6Ly9leGFtcGxlLmNvbS9zcGVjaWZpYy13b3JrbG9hZCJ9.6KraSQUxWdl9dxFQ3Fj6dPY0Vi88OkwFwZpAIOhLeq6AbXAnLLQgOp8U9UDGcBuYF3KiNv6oKQD1ZWAzrMZOJw";

    public const string Wpt =
        "eyJhbGciOiJFZERTQSIsInR5cCI6IndwdCtqd3QifQ.eyJhdGgiOiJDTDR3amZwUm1OZi1iZFlJYllMblY5ZDVyTUFSR3dLWUUxMHdVd3pDMGpJIiwiYXVkIjoiaHR0cHM6Ly93b3JrbG9hZC5leGFtcGxlLmNvbS9wYXRoIiwiZXhwIjoxNzQ1NTEwMDE2LCJqdGkiOiJfX2J3YzRFU0MzYWNjMkxUQzEtX3giLCJ3dGgiOiJBYVlVZkMzNEQxZGkyRnhRTHBpSUpKN1NnOFZaNm84T0Nkd1NmOUlUb0xnIn0.PI7d9AcYhLoEgPgbJvcM132lkBKnM1NXU-5hZUzVTIyj2dRJaTLFs6e5NYv5gg6AqcV7NvkYCwfgMgWasWQzCA";

    /// <summary>The request's <c>Authorization: Bearer</c> token.</summary>
    public const string AccessToken = "16_mAd0GiwaZokU26_0902100";

    public const string Audience = "https://workload.example.com/path";

    /// <summary>The workload's Ed25519 private key, shown in the draft "for elucidative purposes".</summary>
    private const string WorkloadPrivateKey = "sdLX8yCYKqo_XvGBLn-ZWeKT7llYeeQpgeCaXVxb5kY";

    /// <summary>2025-04-24T15:51:40Z: after the WIT's iat, 116 s before the WPT's exp.</summary>
    private static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeSeconds(1745509900);

    [Fact]
    public void TokenHash_OfExampleWitAndAccessToken_EqualsTheWptClaims()
    {
        Assert.Equal("AaYUfC34D1di2FxQLpiIJJ7Sg8VZ6o8OCdwSf9IToLg", TokenHash.Of(Wit));
        Assert.Equal("CL4wjfpRmNf-bdYIbYLnV9d5rMARGwKYE10wUwzC0jI", TokenHash.Of(AccessToken));
    }

    [Fact]
    public void ValidateWit_DraftExample_VerifiesWithTheJune5Key()
    {
        using var keys = IdentityServerKeys();

        var result = WimseWitValidator.Validate(Wit, keys.Bundle, Now);

        Assert.True(result.IsValid, result.ToString());
        Assert.Equal("wimse://example.com/specific-workload", result.Value.Subject);
        Assert.Equal("x-_1CTL2cca3CSE4cwb_l", result.Value.Jti);
        Assert.Equal("EdDSA", result.Value.Binding.Key.Algorithm);
        Assert.Equal("1CXXvflN_LVVsIsYXsUvB03JmlGWeCHqQVuouCF92bg", result.Value.Binding.Key.Jwk.X);
    }

    [Fact]
    public void ValidateWpt_DraftExampleWithItsAccessToken_VerifiesEdDsaThroughBouncyCastle()
    {
        var wit = ValidExampleWit();

        var result = WptValidator.Validate(Wpt, wit.Binding, Parameters(new RequestTokens(AccessToken)));

        Assert.True(result.IsValid, result.ToString());
        Assert.Equal("__bwc4ESC3acc2LTC1-_x", result.Value.Jti);
        Assert.Equal(Audience, result.Value.Audience);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1745510016), result.Value.ExpiresAt);
        Assert.True(result.Value.BindsAccessToken);
    }

    [Fact]
    public void ValidateWpt_DraftExampleWithoutItsAccessToken_IsRefusedForTheUnmatchedAth()
    {
        var result = WptValidator.Validate(Wpt, ValidExampleWit().Binding, Parameters(RequestTokens.None));

        Assert.Equal(CredentialErrors.HashMismatch, result.Error);
        Assert.Contains("'ath'", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void ValidateWpt_DraftExampleAfterItsExp_IsRefusedAsExpired()
    {
        var later = Parameters(new RequestTokens(AccessToken)) with { Now = DateTimeOffset.FromUnixTimeSeconds(1745510016 + 60) };

        var result = WptValidator.Validate(Wpt, ValidExampleWit().Binding, later);

        Assert.Equal(CredentialErrors.Expired, result.Error);
    }

    [Fact]
    public void ValidateWpt_DraftExampleWithOneBitFlipped_IsRefusedAsBadSignature()
    {
        var result = WptValidator.Validate(Credentials.JwtTestAuthority.TamperSignature(Wpt), ValidExampleWit().Binding, Parameters(new RequestTokens(AccessToken)));

        Assert.Equal(CredentialErrors.BadSignature, result.Error);
    }

    [Fact]
    public void WptSigner_DraftPrivateKey_DerivesTheWitsConfirmationKeyAndSignsProofsItAccepts()
    {
        var signer = WptSigner.FromEd25519(Base64Url.Decode(WorkloadPrivateKey));
        Assert.Equal("1CXXvflN_LVVsIsYXsUvB03JmlGWeCHqQVuouCF92bg", signer.PublicJwk.X);

        var proof = WptWriter.Write(signer, Wit, "https://workload.example.com/other?q=1", Now, TimeSpan.FromSeconds(30),
            new RequestTokens(AccessToken, TxnToken: "txn-token-value"));
        var result = WptValidator.Validate(proof, ValidExampleWit().Binding,
            Parameters(new RequestTokens(AccessToken, "txn-token-value")) with { Audience = "https://workload.example.com/other" });

        Assert.True(result.IsValid, result.ToString());
        Assert.Equal("""{"alg":"EdDSA","typ":"wpt+jwt"}""", Credentials.JwtTestAuthority.DecodePart(proof, 0));
    }

    private static WimseWit ValidExampleWit()
    {
        using var keys = IdentityServerKeys();
        var result = WimseWitValidator.Validate(Wit, keys.Bundle, Now);
        Assert.True(result.IsValid, result.ToString());
        return result.Value;
    }

    private static WptValidationParameters Parameters(RequestTokens tokens) => new()
    {
        Audience = Audience,
        Now = Now,
        Tokens = tokens,
        ReplayCache = new WptReplayCache(),
    };

    /// <summary>The identity server's "June 5" P-256 key of the draft's example.</summary>
    private static IdentityServer IdentityServerKeys()
    {
        var key = ECDsa.Create(new ECParameters
        {
            Curve = ECCurve.NamedCurves.nistP256,
            Q = new ECPoint
            {
                X = Base64Url.Decode("kXqnA2Op7hgd4zRMbw0iFcc_hDxUxhojxOFVGjE2gks"),
                Y = Base64Url.Decode("n__VndPMR021-59UAs0b9qDTFT-EZtT6xSNs_xFskLo"),
            },
        });
        return new IdentityServer(key, new JwtBundle(TrustDomain.Parse("example.com"), new Dictionary<string, ECDsa> { ["June 5"] = key }));
    }

    private sealed record IdentityServer(ECDsa Key, JwtBundle Bundle) : IDisposable
    {
        public void Dispose() => Key.Dispose();
    }
}
