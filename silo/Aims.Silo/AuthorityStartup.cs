using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Aims.Core.Identity;
using Aims.Grains;
using Aims.Grains.Audit;
using Aims.Grains.Authority;
using Aims.Grains.Credentials;

namespace Aims.Silo;

/// <summary>
/// Activates the trust-domain authority when the silo starts (keys exist from the first start, the rotation
/// reminder is armed), then keeps the HTTPS endpoint on an X509-SVID of the silo issued by that authority,
/// renewed at half its lifetime, so clients verify the silo with the trust bundle instead of trusting blindly.
/// </summary>
public sealed class AuthorityStartup(
    IGrainFactory grains,
    TrustDomain trustDomain,
    SiloServerCertificate serverCertificate,
    IConfiguration configuration,
    TimeProvider time,
    ILogger<AuthorityStartup> log) : BackgroundService
{
    private static readonly TimeSpan ServerCertificateTtl = TimeSpan.FromHours(24);

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        var report = await grains.GetGrain<ITrustDomainAuthorityGrain>(GrainKeys.Authority(trustDomain)).RotateIfDueAsync();
        SiloLog.AuthorityReady(log, report.Sequence);
        await RenewServerCertificateAsync();
        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var current = serverCertificate.Current;
            var renewAt = current.NotBefore.ToUniversalTime() + ((current.NotAfter - current.NotBefore) / 2);
            var wait = renewAt - time.GetUtcNow().UtcDateTime;
            try
            {
                await Task.Delay(wait > TimeSpan.Zero ? wait : TimeSpan.FromMinutes(1), time, stoppingToken);
                await RenewServerCertificateAsync();
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                SiloLog.ServerCertificateFailed(log, e);
            }
        }
    }

    private async Task RenewServerCertificateAsync()
    {
        var id = trustDomain.NewId("/aims/silo");
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var csr = new CertificateRequest(new X500DistinguishedName(string.Empty), key, HashAlgorithmName.SHA256).CreateSigningRequestPem();
        var names = ServerNames();
        var issued = await grains.GetGrain<ICredentialIssuerGrain>(GrainKeys.Issuer(trustDomain))
            .IssueX509SvidAsync(id.ToString(), csr, ServerCertificateTtl, names);

        var chain = new X509Certificate2Collection();
        chain.ImportFromPem(issued.ChainPem);
        using var leaf = chain[0].CopyWithPrivateKey(key);
        // Through PKCS#12 so SslStream can use the key on every platform.
        serverCertificate.Replace(X509CertificateLoader.LoadPkcs12(leaf.Export(X509ContentType.Pkcs12), null));
        await grains.GetGrain<IAuditLogGrain>(GrainKeys.AuditLog(trustDomain)).AppendAsync(new AuditEntryMessage(
            "silo.certificate.issue", "Allowed", Resource: $"x509-svid:{issued.SerialNumber}", Actor: "silo",
            Detail: $"{id} for {string.Join(' ', names)}; expires {issued.ExpiresAt:O}"));
        SiloLog.ServerCertificateIssued(log, id.ToString(), issued.SerialNumber, issued.ExpiresAt);
    }

    /// <summary>The host names clients use: loopback, this machine's name, and the hosts of the configured URLs.</summary>
    private List<string> ServerNames()
    {
        var names = new List<string> { "localhost", "127.0.0.1", "::1", System.Net.Dns.GetHostName() };
        var urls = configuration["urls"] ?? configuration["ASPNETCORE_URLS"] ?? string.Empty;
        foreach (var url in urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (Uri.TryCreate(url.Replace("*", "localhost", StringComparison.Ordinal).Replace("+", "localhost", StringComparison.Ordinal), UriKind.Absolute, out var uri)
                && uri.Host is { Length: > 0 } host && host != "0.0.0.0" && host != "[::]")
                names.Add(host.Trim('[', ']'));
        }

        return [.. names.Distinct(StringComparer.OrdinalIgnoreCase)];
    }
}
