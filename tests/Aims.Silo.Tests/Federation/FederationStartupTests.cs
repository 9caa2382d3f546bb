using Aims.Testing;

namespace Aims.Silo.Tests.Federation;

/// <summary>A silo with a federation relationship it cannot use refuses to start and says what to fix.</summary>
public sealed class FederationStartupTests
{
    [Theory]
    [InlineData("https_spiffe", "https://127.0.0.1:1/spiffe/bundle", "Aims:Federation:Relationships:0: relationship 'b.test' uses https_spiffe and needs EndpointSpiffeId")]
    [InlineData("spiffe", "https://127.0.0.1:1/spiffe/bundle", "needs Profile 'https_web' or 'https_spiffe'")]
    [InlineData("https_web", "http://partner.example/spiffe/bundle", "must use https (plain http only to a loopback host)")]
    public async Task Start_UnusableRelationship_RefusesToStartWithWhatToFix(string profile, string url, string message)
    {
        using var data = ExternalTool.CreateTempDirectory();
        var environment = new Dictionary<string, string> { ["Aims__TrustDomain"] = "a.test" };
        TwoFabricFixture.AddRelationship(environment, 0, "b.test", url, profile);
        await using var silo = SiloProcess.StartLocal("fabric-bad-federation", data.Path, environment: environment);

        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => silo.WaitReadyAsync());

        Assert.Contains("exited with code", failure.Message, StringComparison.Ordinal);
        Assert.Contains(message, silo.Log, StringComparison.Ordinal);
    }
}
