using System.Net.Http.Headers;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Aims.Api.Tests.Testing;

/// <summary>
/// One real silo (Local profile: SQLite in a fresh temporary data directory, free silo and gateway ports) with the
/// HTTP front end on a test server. Starting it costs seconds, so a collection shares one.
/// </summary>
public sealed class AimsApiFixture : IAsyncLifetime
{
    public const string TrustDomain = "aims.local";

    /// <summary>The password of every configured user (<see cref="Alice"/>, <see cref="Bob"/>) on the login page.</summary>
    public const string UserPassword = "correct horse battery staple";

    /// <summary>A configured user in group "analysts".</summary>
    public const string Alice = "alice";

    /// <summary>A configured user in no group.</summary>
    public const string Bob = "bob";

    /// <summary>What registered (non-agent) clients may be granted (<c>Aims:OAuth:Registration</c>).</summary>
    public const string RegistrationScope = "read:reports";

    public const string RegistrationResources = "https://api.example.com/*";

    private readonly SiloFactory _factory;

    public AimsApiFixture()
    {
        DataDirectory = Directory.CreateTempSubdirectory("aims-api-tests-").FullName;
        var ports = FreePorts.Take(3);
        PartnerJwksPort = ports[2];
        _factory = new SiloFactory(DataDirectory, ports[0], ports[1], PartnerJwksPort);
    }

    public string DataDirectory { get; }

    /// <summary>The loopback port where the silo fetches <see cref="PartnerAuthority.FetchedIssuer"/>'s JWK Set; a test serves it.</summary>
    public int PartnerJwksPort { get; }

    public WebApplicationFactory<Program> Factory => _factory;

    public IServiceProvider Services => _factory.Services;

    /// <summary>The operator token the silo wrote to <c>admin.token</c>.</summary>
    public string OperatorToken { get; private set; } = string.Empty;

    public string OperatorTokenPath => Path.Combine(DataDirectory, "admin.token");

    /// <summary>A client that sends <c>Authorization: Bearer &lt;admin.token&gt;</c>.</summary>
    public HttpClient Operator { get; private set; } = null!;

    /// <summary>A client without credentials.</summary>
    public HttpClient Anonymous { get; private set; } = null!;

    public Task InitializeAsync()
    {
        Anonymous = _factory.CreateClient();
        OperatorToken = File.ReadAllText(OperatorTokenPath).Trim();
        Operator = _factory.CreateClient();
        Operator.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", OperatorToken);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        Operator?.Dispose();
        Anonymous?.Dispose();
        await _factory.DisposeAsync();
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private sealed class SiloFactory(string dataDirectory, int siloPort, int gatewayPort, int partnerJwksPort) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseSetting("Aims:DataDirectory", dataDirectory);
            builder.UseSetting("Aims:Local:SiloPort", siloPort.ToString(System.Globalization.CultureInfo.InvariantCulture));
            builder.UseSetting("Aims:Local:GatewayPort", gatewayPort.ToString(System.Globalization.CultureInfo.InvariantCulture));
            builder.UseSetting("Aims:TrustDomain", TrustDomain);
            builder.UseSetting("Aims:Profile", "Local");
            // The test server answers on http://localhost, so that is the authorization server's identity here.
            builder.UseSetting("Aims:Issuer", "http://localhost");
            builder.UseSetting("Logging:LogLevel:Default", "Warning");
            PartnerAuthority.Configure(builder, partnerJwksPort);
            FederatedPartner.Configure(builder);
            ChainingPartners.Configure(builder);
            OutsideTransmitter.Configure(builder);
            AttestationAuthorities.Configure(builder);

            // The login page's user store, hashed at the lowest iteration count PasswordHasher accepts.
            var hash = Aims.Core.Users.PasswordHasher.Hash(UserPassword, Aims.Core.Users.PasswordHasher.MinimumIterations);
            builder.UseSetting("Aims:OAuth:Users:0:Id", Alice);
            builder.UseSetting("Aims:OAuth:Users:0:DisplayName", "Alice Example");
            builder.UseSetting("Aims:OAuth:Users:0:PasswordHash", hash);
            builder.UseSetting("Aims:OAuth:Users:0:Groups:0", "analysts");
            builder.UseSetting("Aims:OAuth:Users:1:Id", Bob);
            builder.UseSetting("Aims:OAuth:Users:1:PasswordHash", hash);
            builder.UseSetting("Aims:OAuth:Registration:Scopes:0", RegistrationScope);
            builder.UseSetting("Aims:OAuth:Registration:Resources:0", RegistrationResources);
        }
    }
}
