using Aims.Core.OAuth;
using Aims.Core.OAuth.Registration;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace Aims.Api.OAuth;

/// <summary>Reads the body of a registration request: <c>application/json</c> (RFC 7591 §3.1), at most <see cref="ClientRegistrationLimits.MaxDocumentBytes"/>.</summary>
internal static class RegistrationRequestBody
{
    public static async Task<(ReadOnlyMemory<byte> Body, OAuthError? Error)> ReadAsync(HttpRequest request)
    {
        const int Max = ClientRegistrationLimits.MaxDocumentBytes;
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var mediaType)
            || !mediaType.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase))
        {
            return (default, Invalid("send the client metadata as a JSON object with Content-Type application/json (RFC 7591 section 3.1)"));
        }

        if (request.ContentLength > Max)
            return (default, Invalid($"the registration document is larger than {Max} bytes"));

        // Read at most one byte more than allowed: enough to know the body is too large without buffering all of it.
        var buffer = new byte[Max + 1];
        var length = 0;
        int read;
        while (length < buffer.Length && (read = await request.Body.ReadAsync(buffer.AsMemory(length), request.HttpContext.RequestAborted)) > 0)
            length += read;

        if (length > Max)
            return (default, Invalid($"the registration document is larger than {Max} bytes"));
        return length == 0
            ? (default, Invalid("the request body is empty; send the client metadata as a JSON object (RFC 7591 section 3.1)"))
            : (buffer.AsMemory(0, length), null);
    }

    private static OAuthError Invalid(string description) => new(ClientRegistrationConstants.Errors.InvalidClientMetadata, description);
}
