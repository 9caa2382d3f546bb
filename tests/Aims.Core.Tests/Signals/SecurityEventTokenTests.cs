using System.Security.Cryptography;
using System.Text.Json;
using Aims.Core.Signals;
using Aims.Core.Tests.Credentials;
using static Aims.Core.Tests.OAuth.OAuthTestTokens;

namespace Aims.Core.Tests.Signals;

public sealed class SecurityEventTokenTests : IDisposable
{
    private const string Transmitter = "https://aims.example.org";
    private const string Receiver = "https://receiver.example.org";

    private static readonly DateTimeOffset Now = JwtTestAuthority.Now;
    private static readonly SubjectIdentifier Agent = SubjectIdentifier.ForUri("spiffe://example.org/agents/a");

    private readonly JwtTestAuthority _authority = new();

    private SetValidationContext Context => new(Transmitter, [Receiver], kid => kid == _authority.Key.Kid ? _authority.Key.PrivateKey : null);

    private static IEnumerable<(string Name, string Json)> DefaultClaims =>
    [
        ("iss", Quote(Transmitter)),
        ("iat", Seconds(0)),
        ("jti", Quote("set-1")),
        ("aud", Quote(Receiver)),
        ("txn", Quote("txn-1")),
        ("sub_id", """{"format":"uri","uri":"spiffe://example.org/agents/a"}"""),
        ("events", """{"https://schemas.openid.net/secevent/caep/event-type/session-revoked":{}}"""),
    ];

    private string Crafted(params (string Name, string? Json)[] changes) =>
        _authority.Sign($$"""{"alg":"ES256","kid":"{{_authority.Key.Kid}}","typ":"secevent+jwt"}""", Payload(DefaultClaims, changes));

    [Fact]
    public void A_written_set_follows_the_ssf_profile_and_validates()
    {
        var securityEvent = SecurityEvents.SessionRevoked(Agent, new EventCause("txn-9", Now, InitiatingEntity.Policy, "compromised"));
        var token = new SecurityEventTokenWriter().Write(securityEvent, Transmitter, [Receiver], "set-9", Now, _authority.Key);

        var header = JsonDocument.Parse(JwtTestAuthority.DecodePart(token, 0)).RootElement;
        Assert.Equal("secevent+jwt", header.GetProperty("typ").GetString());
        Assert.Equal("ES256", header.GetProperty("alg").GetString());
        var claims = JsonDocument.Parse(JwtTestAuthority.DecodePart(token, 1)).RootElement;
        Assert.False(claims.TryGetProperty("sub", out _));
        Assert.False(claims.TryGetProperty("exp", out _));
        Assert.Single(claims.GetProperty("events").EnumerateObject());

        var result = SecurityEventTokenValidator.Validate(token, Context, Now);

        Assert.True(result.IsValid, result.Description);
        Assert.Equal(SecurityEventTypes.SessionRevoked, result.Event!.Type);
        Assert.Equal(Agent, result.Event.Subject);
        Assert.Equal("set-9", result.Event.Jti);
        Assert.Equal("txn-9", result.Event.Txn);
        Assert.Equal("policy", JsonDocument.Parse(result.Event.PayloadJson).RootElement.GetProperty("initiating_entity").GetString());
    }

    [Fact]
    public void A_hand_crafted_valid_set_validates()
    {
        var result = SecurityEventTokenValidator.Validate(Crafted(), Context, Now);

        Assert.True(result.IsValid, result.Description);
    }

    public static TheoryData<string, string, string> BadClaims => new()
    {
        { "iss", Quote("https://evil.example.org"), SetDeliveryErrors.InvalidIssuer },
        { "aud", Quote("https://other.example.org"), SetDeliveryErrors.InvalidAudience },
        { "sub", Quote("alice"), SetDeliveryErrors.InvalidRequest },
        { "exp", Seconds(60), SetDeliveryErrors.InvalidRequest },
        { "iat", Seconds(3600), SetDeliveryErrors.InvalidRequest },
        { "iat", Quote("yesterday"), SetDeliveryErrors.InvalidRequest },
        { "jti", "7", SetDeliveryErrors.InvalidRequest },
        { "txn", "7", SetDeliveryErrors.InvalidRequest },
        { "sub_id", """{"format":"uri"}""", SetDeliveryErrors.InvalidRequest },
        { "events", "[]", SetDeliveryErrors.InvalidRequest },
        { "events", "{}", SetDeliveryErrors.InvalidRequest },
        { "events", """{"urn:a":{},"urn:b":{}}""", SetDeliveryErrors.InvalidRequest },
        { "events", """{"urn:a":"revoked"}""", SetDeliveryErrors.InvalidRequest },
    };

    [Theory]
    [MemberData(nameof(BadClaims))]
    public void Refuses_claims_the_profile_forbids_with_the_rfc_8935_code(string claim, string json, string expected)
    {
        var result = SecurityEventTokenValidator.Validate(Crafted((claim, json)), Context, Now);

        Assert.False(result.IsValid);
        Assert.Equal(expected, result.Error);
        Assert.False(string.IsNullOrEmpty(result.Description));
    }

    [Theory]
    [InlineData("jti")]
    [InlineData("iat")]
    [InlineData("sub_id")]
    [InlineData("events")]
    [InlineData("aud")]
    public void Refuses_a_set_without_a_required_claim(string claim)
    {
        var result = SecurityEventTokenValidator.Validate(Crafted((claim, null)), Context, Now);

        Assert.False(result.IsValid);
        Assert.Contains(claim, result.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void Refuses_a_set_that_is_not_explicitly_typed()
    {
        var token = _authority.Sign($$"""{"alg":"ES256","kid":"{{_authority.Key.Kid}}","typ":"JWT"}""", Payload(DefaultClaims));

        var result = SecurityEventTokenValidator.Validate(token, Context, Now);

        Assert.Equal(SetDeliveryErrors.InvalidRequest, result.Error);
        Assert.Contains("secevent+jwt", result.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void Refuses_none_and_hmac_signed_sets()
    {
        var none = JwtTestAuthority.Encode("""{"alg":"none","typ":"secevent+jwt"}""") + "." + JwtTestAuthority.Encode(Payload(DefaultClaims)) + ".";
        var hmac = JwtTestAuthority.HmacSign("""{"alg":"HS256","kid":"key-1","typ":"secevent+jwt"}""", Payload(DefaultClaims), new byte[32]);

        Assert.False(SecurityEventTokenValidator.Validate(none, Context, Now).IsValid);
        Assert.Equal(SetDeliveryErrors.InvalidKey, SecurityEventTokenValidator.Validate(hmac, Context, Now).Error);
    }

    [Fact]
    public void Refuses_an_unknown_key_and_a_bad_signature()
    {
        using var other = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var unknownKid = _authority.Sign("""{"alg":"ES256","kid":"key-2","typ":"secevent+jwt"}""", Payload(DefaultClaims));
        var wrongKey = _authority.Sign($$"""{"alg":"ES256","kid":"{{_authority.Key.Kid}}","typ":"secevent+jwt"}""", Payload(DefaultClaims), other);

        Assert.Equal(SetDeliveryErrors.InvalidKey, SecurityEventTokenValidator.Validate(unknownKid, Context, Now).Error);
        Assert.Equal(SetDeliveryErrors.AuthenticationFailed, SecurityEventTokenValidator.Validate(wrongKey, Context, Now).Error);
        Assert.Equal(SetDeliveryErrors.AuthenticationFailed, SecurityEventTokenValidator.Validate(JwtTestAuthority.TamperSignature(Crafted()), Context, Now).Error);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not a jwt")]
    [InlineData("a.b")]
    public void Refuses_a_body_that_is_not_a_set(string body)
    {
        Assert.Equal(SetDeliveryErrors.InvalidRequest, SecurityEventTokenValidator.Validate(body, Context, Now).Error);
    }

    [Fact]
    public void Refuses_an_oversized_set()
    {
        var big = Crafted(("padding", Quote(new string('x', SetValidationContext.DefaultMaxLength))));

        var result = SecurityEventTokenValidator.Validate(big, Context, Now);

        Assert.Equal(SetDeliveryErrors.InvalidRequest, result.Error);
    }

    public void Dispose() => _authority.Dispose();
}
