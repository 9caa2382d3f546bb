using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Aims.Api.Tests.Testing;

namespace Aims.Api.Tests.Http;

/// <summary>Bad request bodies on every JSON endpoint of /v1 are refused with a problem that says what was wrong.</summary>
[Collection(AimsApiCollection.Name)]
public sealed class JsonBodyTests(AimsApiFixture fixture)
{
    public static TheoryData<string> JsonEndpoints => ["/v1/agents", "/v1/join-tokens", "/v1/attest", "/v1/policies/default/evaluate"];

    [Theory]
    [MemberData(nameof(JsonEndpoints))]
    public async Task Post_MalformedJson_Returns400WithDetail(string path)
    {
        using var response = await fixture.Operator.PostAsync(path, Wire.Json("{\"spiffe_id\": "));

        var detail = await Wire.AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains("not valid", detail, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(JsonEndpoints))]
    public async Task Post_WrongContentType_Returns415(string path)
    {
        using var content = new StringContent("{\"spiffe_id\":\"spiffe://aims.local/agents/x\"}", Encoding.UTF8, "text/plain");

        using var response = await fixture.Operator.PostAsync(path, content);

        var detail = await Wire.AssertProblemAsync(response, HttpStatusCode.UnsupportedMediaType);
        Assert.Contains("application/json", detail, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(JsonEndpoints))]
    public async Task Post_BodyOver64KiB_Returns413(string path)
    {
        using var response = await fixture.Operator.PostAsync(path, Wire.Json(OversizedBody()));

        await Wire.AssertProblemAsync(response, HttpStatusCode.RequestEntityTooLarge);
    }

    [Theory]
    [MemberData(nameof(JsonEndpoints))]
    public async Task Post_BodyOver64KiBWithoutContentLength_Returns413(string path)
    {
        using var content = new UnknownLengthContent(Encoding.UTF8.GetBytes(OversizedBody()));

        using var response = await fixture.Operator.PostAsync(path, content);

        await Wire.AssertProblemAsync(response, HttpStatusCode.RequestEntityTooLarge);
    }

    [Theory]
    [MemberData(nameof(JsonEndpoints))]
    public async Task Post_UnknownMember_Returns400NamingIt(string path)
    {
        using var response = await fixture.Operator.PostAsync(path, Wire.Json("{\"spiffe_id\":\"spiffe://aims.local/agents/x\",\"favourite_colour\":\"red\"}"));

        var detail = await Wire.AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains("favourite_colour", detail, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(JsonEndpoints))]
    public async Task Post_EmptyBody_Returns400(string path)
    {
        using var response = await fixture.Operator.PostAsync(path, Wire.Json(string.Empty));

        var detail = await Wire.AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains("empty", detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("null")]
    [InlineData("[]")]
    [InlineData("\"spiffe://aims.local/agents/x\"")]
    [InlineData("{\"spiffe_id\": 42}")]
    public async Task RegisterAgent_JsonThatIsNotTheRequestObject_Returns400(string body)
    {
        using var response = await fixture.Operator.PostAsync("/v1/agents", Wire.Json(body));

        await Wire.AssertProblemAsync(response, HttpStatusCode.BadRequest);
    }

    private static string OversizedBody() =>
        "{\"spiffe_id\":\"spiffe://aims.local/agents/x\",\"metadata\":{\"pad\":\"" + new string('a', 65 * 1024) + "\"}}";

    /// <summary>A body sent without Content-Length, so the server has to count while it reads.</summary>
    private sealed class UnknownLengthContent : HttpContent
    {
        private readonly byte[] _bytes;

        public UnknownLengthContent(byte[] bytes)
        {
            _bytes = bytes;
            Headers.ContentType = new MediaTypeHeaderValue("application/json");
        }

        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) => stream.WriteAsync(_bytes).AsTask();

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
