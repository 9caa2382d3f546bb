using System.Net;
using System.Net.Http.Headers;
using Aims.Api.Tests.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Aims.Api.Tests.OAuth;

/// <summary>
/// <c>Aims:OAuth:Registration:Enabled=false</c>: nobody registers anonymously, agents still do with their SVID.
/// A silo of its own, since the setting is read at start.
/// </summary>
public sealed class RegistrationDisabledTests(RegistrationDisabledTests.Silo silo) : IClassFixture<RegistrationDisabledTests.Silo>
{
    [Fact]
    public async Task Register_AnonymousWhenDisabled_403AccessDeniedNamingTheAgentPath()
    {
        using var response = await RegistrationWire.PostAsync(silo.Anonymous, RegistrationWire.PublicClient());

        var description = await RegistrationWire.AssertErrorAsync(response, "access_denied", HttpStatusCode.Forbidden);
        Assert.Contains("Bearer", description, StringComparison.Ordinal);
        Assert.Contains("JWT-SVID", description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Register_AgentWhenAnonymousDisabled_201()
    {
        var audience = await RegistrationWire.RegistrationAudienceAsync(silo.Anonymous);
        var policy = await OAuthWire.PutPolicyAsync(silo.Operator);
        var id = Wire.NewAgentId("dcr-disabled");
        await Wire.RegisterAsync(silo.Operator, id, policy);
        using var attest = await Wire.AttestAsync(silo.Anonymous, Wire.AttestBody(await Wire.JoinTokenAsync(silo.Operator, id), id, audience: audience));
        var svid = (await Wire.AssertJsonAsync(attest, HttpStatusCode.OK)).GetProperty("jwt_svids")[0].GetProperty("token").GetString()!;
        var metadata = RegistrationWire.PublicClient();
        metadata.Remove("token_endpoint_auth_method");

        var client = await RegistrationWire.RegisterAsync(silo.Anonymous, metadata, svid);

        Assert.Equal(id, client.GetProperty("client_id").GetString());
    }

    /// <summary>A Local-profile silo like <see cref="AimsApiFixture"/>'s, with anonymous registration turned off.</summary>
    public sealed class Silo : IAsyncLifetime
    {
        private readonly string _dataDirectory = Directory.CreateTempSubdirectory("aims-dcr-disabled-").FullName;
        private readonly Factory _factory;

        public Silo()
        {
            var ports = FreePorts.Take(2);
            _factory = new Factory(_dataDirectory, ports[0], ports[1]);
        }

        public HttpClient Anonymous { get; private set; } = null!;

        public HttpClient Operator { get; private set; } = null!;

        public Task InitializeAsync()
        {
            Anonymous = _factory.CreateClient();
            Operator = _factory.CreateClient();
            Operator.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", File.ReadAllText(Path.Combine(_dataDirectory, "admin.token")).Trim());
            return Task.CompletedTask;
        }

        public async Task DisposeAsync()
        {
            Anonymous?.Dispose();
            Operator?.Dispose();
            await _factory.DisposeAsync();
            try
            {
                Directory.Delete(_dataDirectory, recursive: true);
            }
            catch (IOException)
            {
            }
        }

        private sealed class Factory(string dataDirectory, int siloPort, int gatewayPort) : WebApplicationFactory<Program>
        {
            protected override void ConfigureWebHost(IWebHostBuilder builder)
            {
                builder.UseSetting("Aims:DataDirectory", dataDirectory);
                builder.UseSetting("Aims:Local:SiloPort", siloPort.ToString(System.Globalization.CultureInfo.InvariantCulture));
                builder.UseSetting("Aims:Local:GatewayPort", gatewayPort.ToString(System.Globalization.CultureInfo.InvariantCulture));
                builder.UseSetting("Aims:TrustDomain", AimsApiFixture.TrustDomain);
                builder.UseSetting("Aims:Profile", "Local");
                builder.UseSetting("Aims:Issuer", "http://localhost");
                builder.UseSetting("Aims:OAuth:Registration:Enabled", "false");
                builder.UseSetting("Logging:LogLevel:Default", "Warning");
            }
        }
    }
}
