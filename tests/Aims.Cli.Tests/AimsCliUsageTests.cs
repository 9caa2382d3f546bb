using Aims.Cli.Tests.Testing;

namespace Aims.Cli.Tests;

public sealed class AimsCliUsageTests
{
    public static TheoryData<string[]> UsageErrors() => new()
    {
        Array.Empty<string>(),
        new[] { "frobnicate" },
        new[] { "agent" },
        new[] { "agent", "fly", "spiffe://aims.local/a" },
        new[] { "agent", "register" },
        new[] { "agent", "show", "spiffe://aims.local/a", "extra" },
        new[] { "agent", "register", "spiffe://aims.local/a", "--bogus", "1" },
        new[] { "agent", "register", "spiffe://aims.local/a", "--meta", "no-equals-sign" },
        new[] { "agent", "register", "spiffe://aims.local/a", "--meta", "=value" },
        new[] { "agent", "register", "spiffe://aims.local/a", "--meta", "k=1", "--meta", "k=2" },
        new[] { "agent", "register", "spiffe://aims.local/a", "--policy", "a", "--policy", "b" },
        new[] { "agent", "suspend", "spiffe://aims.local/a", "--pem" },
        new[] { "agent", "list", "--server", "ftp://example.org" },
        new[] { "agent", "list", "--server", "not a url" },
        new[] { "agent", "show", "spiffe://aims.local/a", "--token=" },
        new[] { "join-token", "create", "spiffe://aims.local/a", "--ttl", "0" },
        new[] { "join-token", "create", "spiffe://aims.local/a", "--ttl", "-5" },
        new[] { "join-token", "create", "spiffe://aims.local/a", "--ttl", "ten" },
        new[] { "join-token", "revoke", "x" },
        new[] { "bundle" },
        new[] { "bundle", "show", "--pem", "--json" },
        new[] { "policy", "apply", "p" },
        new[] { "policy", "apply", "p", "/nonexistent/aims/policy.json" },
        new[] { "audit", "list", "--since", "yesterday" },
        new[] { "audit", "verify", "--agent", "x" },
        new[] { "token", "exchange", "--assertion", "a", "--subject-token", "s" },
        new[] { "token", "client-credentials", "--assertion", "a", "--resource", "https://api.example.com", "--impersonation" },
        new[] { "help", "nothing-like-this" },
    };

    [Theory]
    [MemberData(nameof(UsageErrors))]
    public async Task Run_UsageError_Exits2WithUsageAndSendsNothing(string[] args)
    {
        var server = new FakeServer();

        var result = await CliRunner.RunAsync(server, args);

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("usage:", result.Error, StringComparison.Ordinal);
        Assert.Empty(result.Out);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task Run_UsageError_NamesTheProblemOnTheFirstLine()
    {
        var result = await CliRunner.RunAsync(new FakeServer(), "join-token", "create", "spiffe://aims.local/a", "--ttl", "ten");

        Assert.StartsWith("error: --ttl 'ten' is not a positive number of seconds.\n", result.Error, StringComparison.Ordinal);
        Assert.Contains("aims join-token create <spiffe-id>", result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new[] { "help" }, "usage: aims <command>")]
    [InlineData(new[] { "--help" }, "usage: aims <command>")]
    [InlineData(new[] { "-h" }, "usage: aims <command>")]
    [InlineData(new[] { "agent", "--help" }, "aims agent register")]
    [InlineData(new[] { "help", "agent" }, "aims agent register")]
    [InlineData(new[] { "bundle", "show", "--help" }, "aims bundle show [--pem]")]
    [InlineData(new[] { "join-token", "-h" }, "jq -r .token")]
    [InlineData(new[] { "policy", "--help" }, "aims policy apply <name> <file.json>")]
    [InlineData(new[] { "audit", "--help" }, "aims audit list")]
    public async Task Run_Help_PrintsUsageToStdoutAndExits0(string[] args, string expected)
    {
        var server = new FakeServer();

        var result = await CliRunner.RunAsync(server, args);

        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        Assert.Contains(expected, result.Out, StringComparison.Ordinal);
        Assert.Empty(result.Error);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task Run_GlobalHelp_ListsEveryCommandGroup()
    {
        var result = await CliRunner.RunAsync(new FakeServer(), "help");

        foreach (var group in new[] { "agent", "join-token", "bundle", "policy", "audit" })
            Assert.Contains($"\n  {group} ", result.Out, StringComparison.Ordinal);
    }
}
