namespace Aims.Grains.Hosting;

/// <summary>The <c>Aims:OAuth</c> configuration section.</summary>
public sealed class OAuthOptions
{
    /// <summary>The user store for the authorization code flow (login page): users with hashed passwords.</summary>
    public List<UserOptions> Users { get; set; } = [];

    /// <summary>Limits on RFC 7591 dynamic client registration.</summary>
    public RegistrationOptions Registration { get; set; } = new();

    /// <summary>Issuers whose JWT assertions the RFC 7523 jwt-bearer grant accepts.</summary>
    public List<TrustedIssuerOptions> TrustedIssuers { get; set; } = [];

    /// <summary>Partner authorization servers this server issues JWT authorization grants for (identity chaining).</summary>
    public List<ChainingPartnerOptions> ChainingPartners { get; set; } = [];
}
