using System.Net;

namespace Aims.Core.Credentials;

/// <summary>A DNS name or IP address a server X509-SVID also answers to, beside its SPIFFE ID.</summary>
public sealed record ServerName
{
    private ServerName(string? dnsName, IPAddress? address)
    {
        DnsName = dnsName;
        Address = address;
    }

    public string? DnsName { get; }

    public IPAddress? Address { get; }

    /// <summary>An IP literal becomes an IP SAN, anything else a DNS SAN (RFC 6125 §6.2).</summary>
    public static ServerName Parse(string value) =>
        IPAddress.TryParse(value, out var address) ? new ServerName(null, address) : new ServerName(value.ToLowerInvariant(), null);

    public override string ToString() => DnsName ?? Address!.ToString();
}
