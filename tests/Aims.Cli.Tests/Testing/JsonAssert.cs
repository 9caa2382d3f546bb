using System.Text.Json.Nodes;

namespace Aims.Cli.Tests.Testing;

public static class JsonAssert
{
    /// <summary>Same JSON value, ignoring formatting and property order.</summary>
    public static void Equivalent(string expected, string? actual)
    {
        Assert.NotNull(actual);
        var equal = JsonNode.DeepEquals(JsonNode.Parse(expected), JsonNode.Parse(actual));
        Assert.True(equal, $"expected JSON {expected}\nbut got {actual}");
    }
}
