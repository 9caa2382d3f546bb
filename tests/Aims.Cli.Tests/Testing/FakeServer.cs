using System.Net;
using System.Text;

namespace Aims.Cli.Tests.Testing;

/// <summary>An in-memory silo: records each request and answers with the next scripted response.</summary>
public sealed class FakeServer : HttpMessageHandler
{
    private readonly Queue<Func<HttpResponseMessage>> _responses = new();

    public List<RecordedRequest> Requests { get; } = [];

    public RecordedRequest Request => Assert.Single(Requests);

    public FakeServer Returns(HttpStatusCode status, string json, string mediaType = "application/json")
    {
        _responses.Enqueue(() => new HttpResponseMessage(status) { Content = new StringContent(json, Encoding.UTF8, mediaType) });
        return this;
    }

    public FakeServer Returns(string json) => Returns(HttpStatusCode.OK, json);

    public FakeServer ReturnsProblem(HttpStatusCode status, string detail) =>
        Returns(status, $$"""{"type":"about:blank","title":"{{status}}","status":{{(int)status}},"detail":{{System.Text.Json.JsonSerializer.Serialize(detail)}}}""", "application/problem+json");

    public FakeServer Throws(Exception exception)
    {
        _responses.Enqueue(() => throw exception);
        return this;
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? null : await request.Content.ReadAsStringAsync(cancellationToken);
        Requests.Add(new RecordedRequest(
            request.Method,
            request.RequestUri!,
            request.Headers.Authorization?.ToString(),
            request.Content?.Headers.ContentType?.MediaType,
            body));

        Assert.True(_responses.Count > 0, $"unexpected request {request.Method} {request.RequestUri}");
        return _responses.Dequeue()();
    }
}
