using Aims.Core.OAuth;
using Aims.Core.OAuth.Registration;

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

    /// <summary>The limits the registration endpoint applies; a configuration it could not apply stops the silo at start.</summary>
    /// <exception cref="InvalidOperationException">A scope is not a valid scope-token, or MaxRedirectUris is below 1.</exception>
    public ClientRegistrationLimits ToLimits()
    {
        const string Section = "Aims:OAuth:Registration";
        if (MaxRedirectUris < 1)
            throw new InvalidOperationException($"{Section}:MaxRedirectUris is {MaxRedirectUris}; it must be at least 1, or no client could use the authorization code flow.");

        ScopeSet ceiling;
        try
        {
            ceiling = ScopeSet.Create(Scopes);
        }
        catch (ArgumentException e)
        {
            throw new InvalidOperationException($"{Section}:Scopes is invalid: {e.Message}", e);
        }

        return new ClientRegistrationLimits
        {
            AnonymousRegistrationEnabled = Enabled,
            MaxRedirectUris = MaxRedirectUris,
            ScopeCeiling = ceiling,
            Resources = [.. Resources],
        };
    }
}
