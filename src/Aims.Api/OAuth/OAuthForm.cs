using Aims.Core.OAuth;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace Aims.Api.OAuth;

/// <summary>Reads an <c>application/x-www-form-urlencoded</c> OAuth request (RFC 6749 §3.2), bounded in size.</summary>
internal static class OAuthForm
{
    public const int MaxBytes = 16 * 1024;

    public static async Task<(IFormCollection? Form, OAuthError? Error)> ReadAsync(HttpRequest request)
    {
        if (!request.HasFormContentType || request.ContentType?.StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase) != true)
            return (null, OAuthError.InvalidRequest("send the parameters as application/x-www-form-urlencoded (RFC 6749 section 3.2)"));
        if (request.ContentLength > MaxBytes)
            return (null, OAuthError.InvalidRequest($"the request body is larger than {MaxBytes} bytes"));

        try
        {
            var form = await request.ReadFormAsync(new Microsoft.AspNetCore.Http.Features.FormOptions { ValueLengthLimit = MaxBytes, KeyLengthLimit = 256, ValueCountLimit = 64 });
            foreach (var (key, values) in form)
            {
                // RFC 6749 §3.1: request parameters must not be included more than once (resource/audience may repeat).
                if (values.Count > 1 && key is not (OAuthConstants.Parameters.Resource or OAuthConstants.Parameters.Audience))
                    return (null, OAuthError.InvalidRequest($"parameter '{key}' appears more than once"));
            }

            return (form, null);
        }
        catch (InvalidDataException e)
        {
            return (null, OAuthError.InvalidRequest($"the form is too large or malformed: {e.Message}"));
        }
    }

    public static string? Single(this IFormCollection form, string name) =>
        form.TryGetValue(name, out StringValues values) && values.Count == 1 && !string.IsNullOrEmpty(values[0]) ? values[0] : null;
}
