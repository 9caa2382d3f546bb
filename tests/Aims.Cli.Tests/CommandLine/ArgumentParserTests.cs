using Aims.Cli.CommandLine;

namespace Aims.Cli.Tests.CommandLine;

public sealed class ArgumentParserTests
{
    [Fact]
    public void Parse_OptionsBetweenPositionals_SeparatesThem()
    {
        var args = ArgumentParser.Parse(["--json", "agent", "--server", "http://h:1", "show", "spiffe://a/b"]);

        Assert.Equal(["agent", "show", "spiffe://a/b"], args.Positionals);
        Assert.True(args.Has("json"));
        Assert.Equal("http://h:1", args.Value("server"));
    }

    [Fact]
    public void Parse_InlineValue_KeepsEverythingAfterTheFirstEquals()
    {
        var args = ArgumentParser.Parse(["--meta=team=data", "--prefix=spiffe://aims.local/agents/"]);

        Assert.Equal(["team=data"], args.Values("meta"));
        Assert.Equal("spiffe://aims.local/agents/", args.Value("prefix"));
    }

    [Fact]
    public void Parse_RepeatedOption_KeepsEveryValueInOrder()
    {
        var args = ArgumentParser.Parse(["--selector", "k8s:ns:a", "--selector", "k8s:sa:b"]);

        Assert.Equal(["k8s:ns:a", "k8s:sa:b"], args.Values("selector"));
    }

    [Fact]
    public void Parse_DoubleDash_TreatsTheRestAsPositionals()
    {
        var args = ArgumentParser.Parse(["policy", "show", "--", "--weird-name"]);

        Assert.Equal(["policy", "show", "--weird-name"], args.Positionals);
    }

    [Fact]
    public void Parse_ShortH_IsHelp()
    {
        Assert.True(ArgumentParser.Parse(["agent", "-h"]).Has("help"));
    }

    [Theory]
    [InlineData("--token")]
    [InlineData("--token", "--json")]
    [InlineData("--json=yes")]
    [InlineData("-x")]
    [InlineData("--=value")]
    public void Parse_MalformedOption_IsUsageError(params string[] args)
    {
        Assert.Throws<UsageException>(() => ArgumentParser.Parse(args));
    }

    [Fact]
    public void Value_GivenTwice_IsUsageError()
    {
        var args = ArgumentParser.Parse(["--policy", "a", "--policy", "b"]);

        Assert.Throws<UsageException>(() => args.Value("policy"));
    }

    [Fact]
    public void Shift_DropsOnlyTheFirstPositional()
    {
        var args = ArgumentParser.Parse(["agent", "show", "x", "--json"]).Shift();

        Assert.Equal(["show", "x"], args.Positionals);
        Assert.True(args.Has("json"));
    }

    [Theory]
    [InlineData(new[] { "a", "--bogus", "1" }, "does not take --bogus")]
    [InlineData(new[] { "a", "--pem" }, "does not take --pem")]
    [InlineData(new string[0], "needs <spiffe-id>")]
    [InlineData(new[] { "a", "b" }, "does not take the argument 'b'")]
    public void Expect_ArgumentsOutsideTheCommand_IsUsageErrorNamingThem(string[] given, string message)
    {
        var args = ArgumentParser.Parse(given);

        var error = Assert.Throws<UsageException>(() => args.Expect("agent show", ["spiffe-id"], "reason"));

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Expect_GlobalOptions_AreAcceptedByEveryCommand()
    {
        var args = ArgumentParser.Parse(["a", "--server", "http://h", "--token", "t", "--data-dir", "d", "--json", "--reason", "r"]);

        args.Expect("agent suspend", ["spiffe-id"], "reason");
    }
}
