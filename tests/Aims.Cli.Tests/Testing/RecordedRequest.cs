namespace Aims.Cli.Tests.Testing;

/// <summary>What the CLI sent, captured before the request is disposed.</summary>
public sealed record RecordedRequest(
    HttpMethod Method,
    Uri Uri,
    string? Authorization,
    string? ContentType,
    string? Body)
{
    /// <summary>The path and query exactly as sent, percent-encoding kept.</summary>
    public string PathAndQuery => Uri.PathAndQuery;
}
