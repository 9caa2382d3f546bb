using Aims.Client.Hosting;
using Aims.Core.Identity;
using Aims.Grains.Agents;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Aims.Client.Tests.Hosting;

/// <summary>Wiring only: the host is built but never started, so no cluster is needed.</summary>
public sealed class AimsClientHostingExtensionsTests
{
    [Fact]
    public void AddAimsClient_Local_RegistersOneAimsClientForTheTrustDomain()
    {
        var builder = NewBuilder();

        builder.AddAimsClient(o => o.TrustDomain = TrustDomain.Parse("example.org"));
        using var host = builder.Build();

        var client = host.Services.GetRequiredService<AimsClient>();
        Assert.Equal(TrustDomain.Parse("example.org"), client.TrustDomain);
        Assert.Same(client, host.Services.GetRequiredService<AimsClient>());
    }

    [Fact]
    public void AddAimsClient_SiloConfigurationKeys_AreTheDefaults()
    {
        var builder = NewBuilder();
        builder.Configuration["Aims:TrustDomain"] = "configured.example";

        builder.AddAimsClient();
        using var host = builder.Build();

        Assert.Equal(TrustDomain.Parse("configured.example"), host.Services.GetRequiredService<AimsClient>().TrustDomain);
    }

    [Fact]
    public void AddAimsClient_AzureWithConnectionString_RegistersAimsClient()
    {
        var builder = NewBuilder();

        builder.AddAimsClient(o =>
        {
            o.Profile = AimsClientProfile.Azure;
            o.AzureConnectionString = "UseDevelopmentStorage=true";
        });
        using var host = builder.Build();

        Assert.NotNull(host.Services.GetRequiredService<AimsClient>());
    }

    [Fact]
    public void AddAimsClient_AzureWithoutConnectionString_Throws()
    {
        var builder = NewBuilder();

        var error = Assert.Throws<InvalidOperationException>(() => builder.AddAimsClient(o => o.Profile = AimsClientProfile.Azure));

        Assert.Contains("AzureConnectionString", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AimsClient_IdOutsideItsTrustDomain_IsRefusedBeforeAnyGrainCall()
    {
        var builder = NewBuilder();
        builder.AddAimsClient(o => o.TrustDomain = TrustDomain.Parse("aims.local"));
        using var host = builder.Build();
        var client = host.Services.GetRequiredService<AimsClient>();
        var foreign = SpiffeId.Parse("spiffe://other.example/agents/x");

        var error = await Assert.ThrowsAsync<ArgumentException>(() => client.GetAgentAsync(foreign));
        await Assert.ThrowsAsync<ArgumentException>(() => client.SuspendAsync(foreign, new AdminAction("op", "c1")));
        await Assert.ThrowsAsync<ArgumentException>(() => client.CreateJoinTokenAsync(foreign, TimeSpan.FromMinutes(5), "op"));

        Assert.Equal(SpiffeIdErrors.NotInTrustDomain(foreign.ToString(), "aims.local") + " (Parameter 'id')", error.Message);
    }

    [Fact]
    public async Task AimsClient_ListPrefixWithoutLeadingSlash_IsRefused()
    {
        var builder = NewBuilder();
        builder.AddAimsClient();
        using var host = builder.Build();
        var client = host.Services.GetRequiredService<AimsClient>();

        await Assert.ThrowsAsync<ArgumentException>(async () =>
        {
            await foreach (var _ in client.ListAgentsAsync("agents/"))
            {
            }
        });
    }

    private static HostApplicationBuilder NewBuilder() => Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
}
