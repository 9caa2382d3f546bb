namespace Aims.Grains.Hosting;

/// <summary>Limits on RFC 7591 dynamic client registration (<c>Aims:OAuth:Registration</c>).</summary>
public sealed class RegistrationOptions
{
    /// <summary>Whether clients without a SPIFFE ID may register at all (agents always may, with their SVID).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>The scopes a registered (non-agent) client may ever be granted; empty means none.</summary>
    public List<string> Scopes { get; set; } = [];

    /// <summary>Resources/audiences a registered client's tokens may name: exact values or prefixes ending in "*".</summary>
    public List<string> Resources { get; set; } = [];

    public int MaxRedirectUris { get; set; } = 5;
}
