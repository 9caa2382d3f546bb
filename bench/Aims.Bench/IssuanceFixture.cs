using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Aims.Core.Authority;
using Aims.Core.Credentials;
using Aims.Core.Identity;
using Aims.Core.Jose;

namespace Aims.Bench;

/// <summary>
/// The signing material the issuer grain works with, built by the same Core code the authority grain uses
/// (<see cref="AuthorityKeyFactory"/>, then <see cref="AuthorityKeyRing.Load"/>), plus an agent key and CSR.
/// The raw measurements use the very same key objects, so the bound and our path differ only in our code.
/// </summary>
internal sealed class IssuanceFixture : IDisposable
{
    public const int MessageLength = 256;

    public static readonly TimeSpan JwtTtl = TimeSpan.FromMinutes(5);

    public static readonly TimeSpan X509Ttl = TimeSpan.FromHours(1);

    /// <summary>Lifetime of the credentials minted once for the validate-only measurements: longer than any run.</summary>
    public static readonly TimeSpan ValidationTtl = TimeSpan.FromDays(1);

    public IssuanceFixture()
    {
        var now = TimeProvider.System.GetUtcNow();
        var lifetime = KeyLifetime.Default;
        var keys = new[] { KeyKind.X509Authority, KeyKind.JwtSvid, KeyKind.Wit, KeyKind.OAuth }
            .Select(kind => AuthorityKeyFactory.Generate(kind, TrustDomain, now, lifetime, upstream: null))
            .Select(generated => new UnlockedKey(generated.Slot.Activate(), generated.Pkcs8PrivateKey, generated.CertificateDer))
            .ToList();
        Ring = AuthorityKeyRing.Load(TrustDomain, sequence: 1, keys, [], []);

        JwtKey = Ring.ActiveJwtKey ?? throw new InvalidOperationException("no active JWT key");
        WitKey = Ring.ActiveWitKey ?? throw new InvalidOperationException("no active WIT key");
        OAuthKey = Ring.ActiveOAuthKey ?? throw new InvalidOperationException("no active authorization-server key");
        Ca = Ring.ActiveCertificateAuthority ?? throw new InvalidOperationException("no active CA");
        if (!Ring.JwtBundle.TryGetKey(JwtKey.Kid, out var verifyKey))
            throw new InvalidOperationException("the JWT bundle lacks the active key");
        JwtVerifyKey = verifyKey;

        Message = RandomNumberGenerator.GetBytes(MessageLength);
        Signature = JwtKey.PrivateKey.SignData(Message, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);

        AgentKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        AgentJwk = JsonWebKey.FromECDsa(AgentKey);
        AgentJwkJson = System.Text.Json.JsonSerializer.Serialize(AgentJwk);
        CsrPem = new CertificateRequest("CN=ignored", AgentKey, HashAlgorithmName.SHA256).CreateSigningRequestPem();

        // Sanity: every path must succeed before anything is timed.
        if (!CertificateSigningRequest.TryParse(CsrPem, out var csr, out var error))
            throw new InvalidOperationException(error);
        Csr = csr;
        Svid = X509SvidIssuer.Issue(Ca, AgentId, Csr, now, ValidationTtl, CertificateSerialNumber.Create(), Ring.X509Bundle, []);
        JwtToken = new JwtSvidIssuer().Mint(JwtKey, AgentId, Audience, now, ValidationTtl).Token;
        WitToken = new WitIssuer().Mint(WitKey, AgentId, AgentJwk, now, ValidationTtl).Token;
        // Nine minutes: just under the validator's ten-minute cap on assertion lifetimes, and longer than a run.
        ClientAssertion = new JwtSvidIssuer().Mint(JwtKey, AgentId, [TokenEndpoint], now, TimeSpan.FromMinutes(9)).Token;
    }

    /// <summary>The token endpoint a JWT-SVID client assertion is minted for (RFC 7523 §3 item 3).</summary>
    public const string Issuer = "https://aims.bench.example";

    public const string TokenEndpoint = Issuer + "/oauth2/token";

    /// <summary>The authorization server's signing key (access tokens).</summary>
    public Aims.Core.Authority.SigningCredential OAuthKey { get; }

    /// <summary>A JWT-SVID for the token endpoint, as an agent sends it in client_credentials.</summary>
    public string ClientAssertion { get; }

    public static TrustDomain TrustDomain { get; } = TrustDomain.Parse("bench.aims.local");

    public static SpiffeId AgentId { get; } = TrustDomain.NewId("/agents/bench");

    public static string AgentIdText { get; } = AgentId.ToString();

    public static IReadOnlyList<string> Audience { get; } = ["https://tools.example.org"];

    public AuthorityKeyRing Ring { get; }

    public SigningCredential JwtKey { get; }

    public SigningCredential WitKey { get; }

    public CertificateAuthority Ca { get; }

    /// <summary>The public key of <see cref="JwtKey"/> as the JWT bundle holds it.</summary>
    public ECDsa JwtVerifyKey { get; }

    /// <summary>256 random bytes, about the length of a JWT-SVID signing input or a leaf TBSCertificate.</summary>
    public byte[] Message { get; }

    public byte[] Signature { get; }

    public ECDsa AgentKey { get; }

    public JsonWebKey AgentJwk { get; }

    public string AgentJwkJson { get; }

    public string CsrPem { get; }

    public CertificateSigningRequest Csr { get; }

    /// <summary>A leaf issued once, for timing validation alone.</summary>
    public X509Svid Svid { get; }

    public string JwtToken { get; }

    public string WitToken { get; }

    public void Dispose()
    {
        AgentKey.Dispose();
        Ring.Dispose();
    }
}
