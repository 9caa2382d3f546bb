using Microsoft.AspNetCore.Hosting;

namespace Aims.Api.Tests.Testing;

/// <summary>
/// The partner authorization servers the test silo issues JWT authorization grants for (identity chaining):
/// <see cref="B"/> with its token endpoint, and <see cref="C"/>, configured but in no policy's <c>oauth.chaining</c>.
/// </summary>
public static class ChainingPartners
{
    public const string B = "https://as.b.example";
    public const string BTokenEndpoint = "https://as.b.example/oauth2/token";
    public const string C = "https://as.c.example";
    public const int BGrantLifetimeSeconds = 90;

    public static void Configure(IWebHostBuilder builder)
    {
        builder.UseSetting("Aims:OAuth:ChainingPartners:0:Issuer", B);
        builder.UseSetting("Aims:OAuth:ChainingPartners:0:TokenEndpoint", BTokenEndpoint);
        builder.UseSetting("Aims:OAuth:ChainingPartners:0:GrantLifetimeSeconds", BGrantLifetimeSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("Aims:OAuth:ChainingPartners:1:Issuer", C);
    }
}
