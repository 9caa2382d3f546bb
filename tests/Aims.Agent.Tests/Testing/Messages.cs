using System.Text.Json;

namespace Aims.Agent.Tests.Testing;

internal static class Messages
{
    public static string Event(this JsonElement message) => message.GetProperty("event").GetString()!;

    /// <summary>The gRPC status of an <c>error</c> message; fails the test with the message when it is something else.</summary>
    public static (string Status, string Detail) Error(this JsonElement message)
    {
        Assert.True(message.Event() == "error", $"expected an error, got {message}");
        return (message.GetProperty("status").GetString()!, message.GetProperty("detail").GetString()!);
    }
}
