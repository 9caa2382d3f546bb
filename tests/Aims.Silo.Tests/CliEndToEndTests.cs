using Aims.Testing;

namespace Aims.Silo.Tests;

/// <summary>The <c>aims</c> CLI as an operator runs it: its own process, talking to a real silo.</summary>
public sealed class CliEndToEndTests
{
    [Fact]
    public async Task Cli_RegisterShowListJoinTokenBundleAudit_AgainstARealSilo()
    {
        using var temp = ExternalTool.CreateTempDirectory();
        await using var silo = SiloProcess.StartLocal("cli", temp.File("data"));
        await silo.WaitReadyAsync();
        var id = SiloApi.AgentId(SiloApi.UniqueName("cli"));

        var register = await AimsAsync(silo, "agent", "register", id, "--selector", "k8s:sa:cli");
        Assert.Contains(id, register.StdOut, StringComparison.Ordinal);

        var show = await AimsAsync(silo, "agent", "show", id, "--json");
        Assert.Contains("\"state\": \"registered\"", show.StdOut, StringComparison.Ordinal);

        var list = await AimsAsync(silo, "agent", "list", "--prefix", "spiffe://aims.local/agents/");
        Assert.Contains(id, list.StdOut, StringComparison.Ordinal);

        var token = await AimsAsync(silo, "join-token", "create", id, "--ttl", "600");
        Assert.StartsWith("token:", token.StdOut.TrimStart(), StringComparison.Ordinal);

        var bundle = await AimsAsync(silo, "bundle", "show", "--pem");
        Assert.Contains("-----BEGIN CERTIFICATE-----", bundle.StdOut, StringComparison.Ordinal);

        var audit = await AimsAsync(silo, "audit", "verify");
        Assert.Contains("true", audit.StdOut, StringComparison.OrdinalIgnoreCase);

        // The server's refusal reaches the operator with the rule it broke, and exit code 1.
        var bad = await ExternalTool.RunAsync("dotnet", [CliDll, "agent", "register", "spiffe://aims.local/agents/", "--server", silo.HttpUrl, "--token", silo.AdminToken]);
        Assert.Equal(1, bad.ExitCode);
        Assert.Contains("SPIFFE-ID §2.2", bad.StdErr, StringComparison.Ordinal);

        // Without the operator token the server says 401, and the CLI says so.
        var anonymous = await ExternalTool.RunAsync("dotnet", [CliDll, "agent", "list", "--server", silo.HttpUrl, "--token", "not-the-token"]);
        Assert.Equal(1, anonymous.ExitCode);
        Assert.Contains("401", anonymous.StdErr, StringComparison.Ordinal);
    }

    private static string CliDll => Path.Combine(AppContext.BaseDirectory, "aims.dll");

    private static async Task<ExternalTool.Result> AimsAsync(SiloProcess silo, params string[] arguments)
    {
        var result = await ExternalTool.RunAsync("dotnet", [CliDll, .. arguments, "--server", silo.HttpUrl, "--token", silo.AdminToken]);
        Assert.True(result.ExitCode == 0, $"aims {string.Join(' ', arguments)} exited {result.ExitCode}: {result.Output}\n{silo.Describe()}");
        return result;
    }
}
