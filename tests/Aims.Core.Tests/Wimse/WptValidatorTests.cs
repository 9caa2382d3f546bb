using System.Security.Cryptography;
using Aims.Core.Credentials;
using Aims.Core.Jose;
using Aims.Core.Tests.Credentials;
using Aims.Core.Wimse;

namespace Aims.Core.Tests.Wimse;

/// <summary>
/// The WPT negative matrix of issue 6 (draft-ietf-wimse-wpt §2): a WIT-SVID minted by <see cref="WitIssuer"/> and
/// validated by <see cref="WitValidator"/>, then proofs that break one rule each.
/// </summary>
public sealed class WptValidatorTests : IDisposable
{
    private const string Target = "https://tool.example.test/reports";
    private const string AccessToken = "eyJ.access.token";

    private static readonly DateTimeOffset Now = JwtTestAuthority.Now;

    private readonly JwtTestAuthority _authority = new();
    private readonly ECDsa _agentKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private readonly WptSigner _signer;
    private readonly Wit _wit;
    private readonly WitBinding _binding;
    private readonly WptReplayCache _replay = new();

    public WptValidatorTests()
    {
        _signer = WptSigner.FromECDsa(_agentKey);
        _wit = MintWit(_signer.PublicJwk);
        Assert.True(WitBinding.TryCreate(_wit, out var binding, out var error), error);
        _binding = binding;
    }

    public void Dispose()
    {
        _authority.Dispose();
        _agentKey.Dispose();
        _binding.Key.Dispose();
    }

    [Fact]
    public void Validate_ProofForThisRequest_ReturnsTheProof()
    {
        var proof = WptWriter.Write(_signer, _wit.Token, Target, Now);

        var result = Validate(proof);

        Assert.True(result.IsValid, result.ToString());
        Assert.Equal(_wit.Subject.ToString(), result.Value.Subject);
        Assert.Equal(Target, result.Value.Audience);
        Assert.False(result.Value.BindsAccessToken);
    }

    [Fact]
    public void Validate_WrongTyp_IsRefusedNamingTyp()
    {
        var proof = Craft("""{"alg":"ES256","typ":"JWT"}""", Claims());

        var result = Validate(proof);

        Assert.Equal(CredentialErrors.WrongType, result.Error);
        Assert.Contains("wpt+jwt", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_TypWithApplicationPrefix_IsTheSameMediaType()
    {
        var result = Validate(Craft("""{"alg":"ES256","typ":"application/wpt+jwt"}""", Claims()));

        Assert.True(result.IsValid, result.ToString());
    }

    [Fact]
    public void Validate_AlgDifferentFromCnfJwkAlg_IsRefusedAsMismatch()
    {
        using var p384 = ECDsa.Create(ECCurve.NamedCurves.nistP384);
        var proof = WptWriter.Write(WptSigner.FromECDsa(p384), _wit.Token, Target, Now);

        var result = Validate(proof);

        Assert.Equal(CredentialErrors.UnsupportedAlgorithm, result.Error);
        Assert.Contains("does not match the WIT's cnf.jwk alg 'ES256'", result.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("none", "'none' is never accepted")]
    [InlineData("HS256", "symmetric (HMAC)")]
    public void Validate_AlgNoneOrHmac_IsRefusedByName(string alg, string expected)
    {
        var input = JwtTestAuthority.Encode($$"""{"alg":"{{alg}}","typ":"wpt+jwt"}""") + "." + JwtTestAuthority.Encode(Claims());
        var proof = alg == "none" ? input + "." : JwtTestAuthority.HmacSign($$"""{"alg":"{{alg}}","typ":"wpt+jwt"}""", Claims(), new byte[32]);

        var result = Validate(proof);

        Assert.False(result.IsValid);
        Assert.Contains(expected, result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_SignedByAnotherKey_IsRefusedAsBadSignature()
    {
        using var other = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var proof = WptWriter.Write(WptSigner.FromECDsa(other), _wit.Token, Target, Now);

        var result = Validate(proof);

        Assert.Equal(CredentialErrors.BadSignature, result.Error);
        Assert.Contains("confirmation key", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_AudienceOfAnotherUri_IsRefusedAsWrongAudience()
    {
        var proof = WptWriter.Write(_signer, _wit.Token, "https://other.example.test/reports", Now);

        var result = Validate(proof);

        Assert.Equal(CredentialErrors.WrongAudience, result.Error);
        Assert.Contains(Target, result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_AudienceWithQuery_IgnoresTheQuery()
    {
        var proof = Craft("""{"alg":"ES256","typ":"wpt+jwt"}""", Claims(aud: Target + "?page=2"));

        Assert.True(Validate(proof).IsValid);
    }

    [Fact]
    public void Validate_AudienceThatIsAConfiguredAlias_IsAccepted()
    {
        var proof = WptWriter.Write(_signer, _wit.Token, "https://reports.internal/reports", Now);

        var result = WptValidator.Validate(proof, _binding, Parameters() with { AudienceAliases = ["https://reports.internal/reports"] });

        Assert.True(result.IsValid, result.ToString());
    }

    [Fact]
    public void Validate_Expired_IsRefusedAsExpired()
    {
        var proof = WptWriter.Write(_signer, _wit.Token, Target, Now, TimeSpan.FromSeconds(30));

        var result = WptValidator.Validate(proof, _binding, Parameters() with { Now = Now.AddMinutes(2) });

        Assert.Equal(CredentialErrors.Expired, result.Error);
    }

    [Fact]
    public void Validate_ExpUnreasonablyFarAhead_IsRefusedAsTooLongLived()
    {
        var proof = WptWriter.Write(_signer, _wit.Token, Target, Now, TimeSpan.FromHours(1));

        var result = Validate(proof);

        Assert.Equal(CredentialErrors.LifetimeTooLong, result.Error);
    }

    [Fact]
    public void Validate_WithoutExp_IsRefused()
    {
        var result = Validate(Craft("""{"alg":"ES256","typ":"wpt+jwt"}""", Claims(exp: null)));

        Assert.Equal(CredentialErrors.MissingClaim, result.Error);
        Assert.Contains("'exp'", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_SameProofTwice_SecondIsRefusedAsReplayed()
    {
        var proof = WptWriter.Write(_signer, _wit.Token, Target, Now);
        Assert.True(Validate(proof).IsValid);

        var again = Validate(proof);

        Assert.Equal(CredentialErrors.Replayed, again.Error);
        Assert.Contains("already used", again.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_InvalidProof_DoesNotSpendItsJti()
    {
        var wrongAudience = WptWriter.Write(_signer, _wit.Token, "https://other.example.test/", Now, jti: "shared-jti");
        Assert.False(Validate(wrongAudience).IsValid);

        var right = WptWriter.Write(_signer, _wit.Token, Target, Now, jti: "shared-jti");

        Assert.True(Validate(right).IsValid);
    }

    [Fact]
    public void Validate_WithoutJti_IsRefused()
    {
        var result = Validate(Craft("""{"alg":"ES256","typ":"wpt+jwt"}""", Claims(jti: null)));

        Assert.Equal(CredentialErrors.MissingClaim, result.Error);
        Assert.Contains("'jti'", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_WthOfAnotherWit_IsRefusedAsHashMismatch()
    {
        var otherWit = MintWit(_signer.PublicJwk);
        var proof = WptWriter.Write(_signer, otherWit.Token, Target, Now);

        var result = Validate(proof);

        Assert.Equal(CredentialErrors.HashMismatch, result.Error);
        Assert.Contains("'wth'", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_AccessTokenPresentButNoAth_IsRefusedAsMissingAth()
    {
        var proof = WptWriter.Write(_signer, _wit.Token, Target, Now);

        var result = Validate(proof, new RequestTokens(AccessToken));

        Assert.Equal(CredentialErrors.MissingClaim, result.Error);
        Assert.Contains("'ath'", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_AthOfAnotherAccessToken_IsRefusedAsHashMismatch()
    {
        var proof = WptWriter.Write(_signer, _wit.Token, Target, Now, tokens: new RequestTokens("another.access.token"));

        var result = Validate(proof, new RequestTokens(AccessToken));

        Assert.Equal(CredentialErrors.HashMismatch, result.Error);
        Assert.Contains("'ath'", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_AthMatchingTheAccessToken_BindsIt()
    {
        var proof = WptWriter.Write(_signer, _wit.Token, Target, Now, tokens: new RequestTokens(AccessToken));

        var result = Validate(proof, new RequestTokens(AccessToken));

        Assert.True(result.IsValid, result.ToString());
        Assert.True(result.Value.BindsAccessToken);
    }

    [Fact]
    public void Validate_TthOfAnotherTxnToken_IsRefusedAsHashMismatch()
    {
        var proof = WptWriter.Write(_signer, _wit.Token, Target, Now, tokens: new RequestTokens(TxnToken: "txn-a"));

        var result = Validate(proof, new RequestTokens(TxnToken: "txn-b"));

        Assert.Equal(CredentialErrors.HashMismatch, result.Error);
        Assert.Contains("'tth'", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_TxnTokenPresentButNoTth_IsRefused()
    {
        var proof = WptWriter.Write(_signer, _wit.Token, Target, Now);

        var result = Validate(proof, new RequestTokens(TxnToken: "txn-a"));

        Assert.Equal(CredentialErrors.MissingClaim, result.Error);
        Assert.Contains("'tth'", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_OthBindingAnUnderstoodHeader_IsAccepted()
    {
        var others = new Dictionary<string, string> { ["User-Assertion"] = " user.jwt.value " };
        var proof = WptWriter.Write(_signer, _wit.Token, Target, Now, tokens: new RequestTokens(OtherTokens: others));

        var result = Validate(proof, new RequestTokens(OtherTokens: others));

        Assert.True(result.IsValid, result.ToString());
        Assert.Equal(["user-assertion"], result.Value.OtherTokenHeaders);
    }

    [Fact]
    public void Validate_OthEntryNotUnderstood_IsRefused()
    {
        var proof = WptWriter.Write(_signer, _wit.Token, Target, Now,
            tokens: new RequestTokens(OtherTokens: new Dictionary<string, string> { ["x-mystery"] = "value" }));

        var result = Validate(proof);

        Assert.Equal(CredentialErrors.Malformed, result.Error);
        Assert.Contains("not understood", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_OtherTokenNotCoveredByOth_IsRefused()
    {
        var proof = WptWriter.Write(_signer, _wit.Token, Target, Now);

        var result = Validate(proof, new RequestTokens(OtherTokens: new Dictionary<string, string> { ["user-assertion"] = "v" }));

        Assert.Equal(CredentialErrors.MissingClaim, result.Error);
        Assert.Contains("'oth'", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_NotAJwt_IsRefusedAsMalformed()
    {
        var result = Validate("not-a-jwt");

        Assert.Equal(CredentialErrors.Malformed, result.Error);
        Assert.Contains("rule 2", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_Oversized_IsRefusedAsTooLarge()
    {
        var result = Validate(new string('a', CompactJws.DefaultMaxLength + 1));

        Assert.Equal(CredentialErrors.TooLarge, result.Error);
    }

    private Wit MintWit(JsonWebKey agentKey) => new WitIssuer().Mint(_authority.Key, _authority.Agent, agentKey, Now, TimeSpan.FromHours(1));

    private CredentialValidationResult<WorkloadProof> Validate(string proof, RequestTokens? tokens = null) =>
        WptValidator.Validate(proof, _binding, Parameters() with { Tokens = tokens ?? RequestTokens.None });

    private WptValidationParameters Parameters() => new() { Audience = Target, Now = Now, ReplayCache = _replay };

    private string Craft(string header, string claims) => _authority.Sign(header, claims, _agentKey);

    private string Claims(string? aud = Target, long? exp = 0, string? jti = "crafted-jti") =>
        "{" + string.Join(",", new[]
        {
            aud is null ? null : $"\"aud\":\"{aud}\"",
            exp is null ? null : $"\"exp\":{JwtTestAuthority.NowSeconds + 60 + exp}",
            jti is null ? null : $"\"jti\":\"{jti}\"",
            $"\"wth\":\"{TokenHash.Of(_wit.Token)}\"",
        }.Where(c => c is not null)) + "}";
}
