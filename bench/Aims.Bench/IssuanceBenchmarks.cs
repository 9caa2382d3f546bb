using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Aims.Core.Authority;
using Aims.Core.Credentials;
using Aims.Core.Identity;

namespace Aims.Bench;

/// <summary>
/// The raw crypto bounds and the Core issuance paths, each written the way
/// <c>src/Aims.Grains/Credentials/CredentialIssuerGrain.cs</c> does it, minus the grain call and the key ring lookup.
/// </summary>
internal sealed class IssuanceBenchmarks(IssuanceFixture fixture)
{
    private readonly JwtSvidIssuer _jwtIssuer = new();
    private readonly WitIssuer _witIssuer = new();
    private readonly X509Bundle _x509Bundle = fixture.Ring.X509Bundle;
    private readonly Aims.Core.OAuth.AccessTokenIssuer _accessTokenIssuer = new();

    /// <summary>The throughput bounds: the BCL primitives our paths cannot avoid.</summary>
    public IEnumerable<BenchOp> Raw()
    {
        var key = fixture.JwtKey.PrivateKey;
        var verifyKey = fixture.JwtVerifyKey;
        var message = fixture.Message;
        var signature = fixture.Signature;
        var csrPem = fixture.CsrPem;

        yield return BenchOp.Sync(Ops.RawSign, () =>
            key.SignData(message, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation));
        yield return BenchOp.Sync(Ops.RawVerify, () =>
            Check(verifyKey.VerifyData(message, signature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation)));

        // What CertificateSigningRequest.TryParse calls underneath: PEM → DER, parse, import the key, verify the signature.
        yield return BenchOp.Sync(Ops.RawCsrVerify, () =>
            CertificateRequest.LoadSigningRequestPem(csrPem, HashAlgorithmName.SHA256, CertificateRequestLoadOptions.Default));
    }

    /// <summary>The paths the issuer grain runs per credential.</summary>
    public IEnumerable<BenchOp> Paths()
    {
        var jwtKey = fixture.JwtKey;
        var witKey = fixture.WitKey;
        var ring = fixture.Ring;
        var subject = IssuanceFixture.AgentId;
        var audience = IssuanceFixture.Audience;
        var agentJwk = fixture.AgentJwk;
        var csrPem = fixture.CsrPem;
        var ca = fixture.Ca;

        yield return BenchOp.Sync(Ops.JwtMint, () =>
            _jwtIssuer.Mint(jwtKey, subject, audience, TimeProvider.System.GetUtcNow(), IssuanceFixture.JwtTtl));

        yield return BenchOp.Sync(Ops.JwtMintVerify, () =>
        {
            var now = TimeProvider.System.GetUtcNow();
            var svid = _jwtIssuer.Mint(jwtKey, SpiffeId.Parse(IssuanceFixture.AgentIdText), audience, now, IssuanceFixture.JwtTtl);
            Check(JwtSvidValidator.Validate(svid.Token, ring.JwtBundle, audience, now).IsValid);
        });

        yield return BenchOp.Sync(Ops.WitMint, () =>
            _witIssuer.Mint(witKey, subject, agentJwk, TimeProvider.System.GetUtcNow(), IssuanceFixture.JwtTtl));

        yield return BenchOp.Sync(Ops.WitMintVerify, () =>
        {
            var now = TimeProvider.System.GetUtcNow();
            var wit = _witIssuer.Mint(witKey, SpiffeId.Parse(IssuanceFixture.AgentIdText), agentJwk, now, IssuanceFixture.JwtTtl);
            Check(WitValidator.Validate(wit.Token, ring.WitBundle, now).IsValid);
        });

        // Issue validates the chain against the published bundle before returning it (mint, then verify), so the
        // grain calls no validator of its own on this path.
        yield return BenchOp.Sync(Ops.X509Path, () =>
        {
            var now = TimeProvider.System.GetUtcNow();
            if (!CertificateSigningRequest.TryParse(csrPem, out var csr, out var error))
                throw new InvalidOperationException(error);
            X509SvidIssuer.Issue(ca, SpiffeId.Parse(IssuanceFixture.AgentIdText), csr, now, IssuanceFixture.X509Ttl,
                CertificateSerialNumber.Create(), ring.X509Bundle, []);
        });
    }

    /// <summary>
    /// The token endpoint's crypto path for client_credentials, without HTTP or grains: validate the JWT-SVID client
    /// assertion, mint the RFC 9068 access token, validate it (mint, then verify).
    /// </summary>
    public IEnumerable<BenchOp> OAuthPaths()
    {
        var ring = fixture.Ring;
        var oauthKey = fixture.OAuthKey;
        var assertion = fixture.ClientAssertion;
        var context = Aims.Core.OAuth.ClientAssertionContext.ForJwtSvid(ring.JwtBundle, [IssuanceFixture.Issuer, IssuanceFixture.TokenEndpoint]);
        var scope = Aims.Core.OAuth.ScopeSet.Parse("read:reports");

        yield return BenchOp.Sync(Ops.ClientCredentials, () =>
        {
            var now = TimeProvider.System.GetUtcNow();
            var client = Aims.Core.OAuth.ClientAssertionValidator.Validate(assertion, context, now);
            Check(client.IsSuccess);
            var token = _accessTokenIssuer.Mint(oauthKey, new Aims.Core.OAuth.AccessTokenRequest
            {
                Issuer = IssuanceFixture.Issuer,
                Subject = client.Value!.ClientId,
                ClientId = client.Value.ClientId,
                Audience = IssuanceFixture.Audience,
                Scope = scope,
                Ttl = IssuanceFixture.JwtTtl,
            }, now);
            Check(Aims.Core.OAuth.AccessTokenValidator.Validate(token.Token, ring.OAuthKeys, IssuanceFixture.Issuer, IssuanceFixture.Audience[0], now).IsValid);
        });
    }

    /// <summary>The steps of the paths timed alone, to show where a path's time goes.</summary>
    public IEnumerable<BenchOp> Components()
    {
        var ring = fixture.Ring;
        var audience = IssuanceFixture.Audience;
        var jwtToken = fixture.JwtToken;
        var witToken = fixture.WitToken;
        var csrPem = fixture.CsrPem;
        var csr = fixture.Csr;
        var ca = fixture.Ca;
        var chain = fixture.Svid.Chain;

        yield return BenchOp.Sync(Ops.JwtValidate, () =>
            Check(JwtSvidValidator.Validate(jwtToken, ring.JwtBundle, audience, TimeProvider.System.GetUtcNow()).IsValid));
        yield return BenchOp.Sync(Ops.WitValidate, () =>
            Check(WitValidator.Validate(witToken, ring.WitBundle, TimeProvider.System.GetUtcNow()).IsValid));
        yield return BenchOp.Sync(Ops.CsrParse, () =>
            Check(CertificateSigningRequest.TryParse(csrPem, out _, out _)));
        yield return BenchOp.Sync(Ops.X509Issue, () =>
            X509SvidIssuer.Issue(ca, IssuanceFixture.AgentId, csr, TimeProvider.System.GetUtcNow(), IssuanceFixture.X509Ttl,
                CertificateSerialNumber.Create(), _x509Bundle, []));
        yield return BenchOp.Sync(Ops.X509Validate, () =>
            Check(X509SvidValidator.Validate(chain, _x509Bundle, TimeProvider.System.GetUtcNow()).IsValid));

        // CertificateRequest.Create ends by loading the DER it built into an X509Certificate2; on OpenSSL 3.0 that
        // decodes the subject public key through the provider decoders, which costs several signatures.
        var leafDer = fixture.Svid.Leaf.RawData;
        yield return BenchOp.Sync(Ops.RawCertLoad, () => X509CertificateLoader.LoadCertificate(leafDer).Dispose());
    }

    public static IEnumerable<Comparison> PathComparisons()
    {
        const string SignVerify = "1/(1/sign + 1/verify)";
        yield return new Comparison(Ops.JwtMint, "sign", r => r[Ops.RawSign], 0.70);
        yield return new Comparison(Ops.JwtMintVerify, SignVerify, r => Comparison.Serial(r, Ops.RawSign, Ops.RawVerify), 0.70);
        yield return new Comparison(Ops.WitMint, "sign", r => r[Ops.RawSign], 0.70);
        yield return new Comparison(Ops.WitMintVerify, SignVerify, r => Comparison.Serial(r, Ops.RawSign, Ops.RawVerify), 0.70);
        yield return new Comparison(Ops.X509Path, "1/(1/csr + 1/sign + 1/verify)",
            r => Comparison.Serial(r, Ops.RawCsrVerify, Ops.RawSign, Ops.RawVerify), 0.50);
        yield return new Comparison(Ops.ClientCredentials, "1/(2/verify + 1/sign)",
            r => Comparison.Serial(r, Ops.RawVerify, Ops.RawSign, Ops.RawVerify), 0.40);
    }

    public static IEnumerable<Comparison> ComponentComparisons()
    {
        yield return new Comparison(Ops.JwtValidate, "verify", r => r[Ops.RawVerify], null);
        yield return new Comparison(Ops.WitValidate, "verify", r => r[Ops.RawVerify], null);
        yield return new Comparison(Ops.CsrParse, "csr", r => r[Ops.RawCsrVerify], null);
        yield return new Comparison(Ops.X509Issue, "1/(1/sign + 1/verify)", r => Comparison.Serial(r, Ops.RawSign, Ops.RawVerify), null);
        yield return new Comparison(Ops.X509Issue, "1/(1/sign + 1/verify + 1/load)",
            r => Comparison.Serial(r, Ops.RawSign, Ops.RawVerify, Ops.RawCertLoad), null);
        yield return new Comparison(Ops.RawCertLoad, "sign", r => r[Ops.RawSign], null);
        yield return new Comparison(Ops.X509Validate, "verify", r => r[Ops.RawVerify], null);
    }

    private static void Check(bool ok)
    {
        if (!ok)
            throw new InvalidOperationException("a benchmarked operation failed; the figures would be meaningless");
    }
}
