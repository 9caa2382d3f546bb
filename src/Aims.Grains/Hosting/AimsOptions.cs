namespace Aims.Grains.Hosting;

/// <summary>The <c>Aims</c> configuration section (API.md "Starting it").</summary>
public sealed class AimsOptions
{
    public const string SectionName = "Aims";

    public string TrustDomain { get; set; } = "aims.local";

    /// <summary><c>Local</c> (SQLite, one silo) or <c>Azure</c> (Azure Table clustering, storage and reminders).</summary>
    public string Profile { get; set; } = "Local";

    public string DataDirectory { get; set; } = "./.aims";

    /// <summary>Base64 of the 32-byte key-encryption key for authority private keys.</summary>
    public string? KeyEncryptionKey { get; set; }

    /// <summary>File holding the base64 key-encryption key (read when <see cref="KeyEncryptionKey"/> is unset).</summary>
    public string? KeyEncryptionKeyFile { get; set; }

    /// <summary>Operator token for admin calls (Azure profile: all silos must share it).</summary>
    public string? AdminToken { get; set; }

    public string? Issuer { get; set; }

    public LocalSection Local { get; set; } = new();

    public AzureSection Azure { get; set; } = new();

    public sealed class LocalSection
    {
        public int SiloPort { get; set; } = 11111;

        public int GatewayPort { get; set; } = 30000;
    }

    public AuthoritySection Authority { get; set; } = new();

    /// <summary>The <c>Aims:Revocation</c> section: how long CRLs and OCSP responses are valid.</summary>
    public RevocationSection Revocation { get; set; } = new();

    public sealed class RevocationSection
    {
        /// <summary>thisUpdate to nextUpdate of each CRL (RFC 5280 §5.1.2.5); a CRL is reissued when half of it has passed.</summary>
        public TimeSpan CrlValidity { get; set; } = TimeSpan.FromHours(1);

        /// <summary>thisUpdate to nextUpdate of each OCSP answer (RFC 6960 §2.4): how long a client may cache it.</summary>
        public TimeSpan OcspValidity { get; set; } = TimeSpan.FromMinutes(5);
    }

    /// <summary>The <c>Aims:OAuth</c> section: users, dynamic client registration limits, trusted assertion issuers.</summary>
    public OAuthOptions OAuth { get; set; } = new();

    /// <summary>The <c>Aims:Attestation</c> section: token issuers, SLSA builders and challenge lifetime for <c>POST /v1/attest</c>.</summary>
    public AttestationOptions Attestation { get; set; } = new();

    /// <summary>The <c>Aims:Signals</c> section: outside SSF transmitters whose SETs this fabric acts on.</summary>
    public SignalsSection Signals { get; set; } = new();

    /// <summary>The <c>Aims:Federation</c> section: foreign trust domains whose bundles this fabric fetches.</summary>
    public FederationOptions Federation { get; set; } = new();

    public sealed class SignalsSection
    {
        public List<SignalTransmitterOptions> Transmitters { get; set; } = [];
    }

    public sealed class AzureSection
    {
        public string? ConnectionString { get; set; }

        public string ClusterId { get; set; } = "aims";

        public string ServiceId { get; set; } = "aims";

        public int SiloPort { get; set; } = 11111;

        public int GatewayPort { get; set; } = 30000;

        /// <summary>
        /// Address other silos reach this one on: an IP, a host name to resolve (e.g. a container's name), or
        /// unset for loopback (several silos on one machine).
        /// </summary>
        public string? AdvertisedAddress { get; set; }
    }

    public sealed class AuthoritySection
    {
        /// <summary>Lifetime of each CA, JWT-SVID and WIT signing key (successor prepared at 1/2, active at 5/6).</summary>
        public TimeSpan KeyLifetime { get; set; } = TimeSpan.FromDays(7);

        /// <summary>Seconds a bundle consumer should wait before polling again (spiffe_refresh_hint).</summary>
        public TimeSpan BundleRefreshHint { get; set; } = TimeSpan.FromMinutes(5);

        /// <summary>PEM file of an upstream CA certificate chain (CA first); our CA becomes its intermediate.</summary>
        public string? UpstreamCertificateFile { get; set; }

        public string? UpstreamKeyFile { get; set; }

        /// <summary>PEM file of the roots that trust the upstream CA (published in the bundle).</summary>
        public string? UpstreamRootsFile { get; set; }

        public TimeSpan MaxJoinTokenTtl { get; set; } = TimeSpan.FromHours(24);

        public TimeSpan DefaultJoinTokenTtl { get; set; } = TimeSpan.FromMinutes(10);
    }
}
