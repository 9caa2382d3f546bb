using Aims.Core.OAuth;
using Microsoft.AspNetCore.Http;

namespace Aims.Api.OAuth.Grants;

/// <summary>RFC 8707 <c>resource</c> (absolute URIs) and RFC 8693 <c>audience</c> values of a token request.</summary>
internal static class TokenResources
{
    public const int MaxValues = ResourceIndicators.MaxValues;
    public const int MaxLength = ResourceIndicators.MaxLength;

    /// <summary>The distinct values; at least one is required, since access tokens are always audience-restricted.</summary>
    public static (IReadOnlyList<string> Values, OAuthError? Error) Read(IFormCollection form)
    {
        var (values, error) = ReadOptional(form);
        if (error is not null)
            return ([], error);
        return values.Count == 0
            ? ([], OAuthError.InvalidRequest("name the API the token is for with resource (RFC 8707) or audience; access tokens are always audience-restricted"))
            : (values, null);
    }

    /// <summary>The distinct values, possibly none.</summary>
    public static (IReadOnlyList<string> Values, OAuthError? Error) ReadOptional(IFormCollection form)
    {
        var values = new List<string>();
        foreach (var name in new[] { OAuthConstants.Parameters.Resource, OAuthConstants.Parameters.Audience })
        {
            foreach (var value in form[name])
            {
                if (Problem(name, value) is { } problem)
                    return ([], problem);
                values.Add(value!);
            }
        }

        if (values.Count > MaxValues)
            return ([], new OAuthError(OAuthErrors.InvalidTarget, $"at most {MaxValues} resources or audiences per token"));
        return ([.. values.Distinct(StringComparer.Ordinal)], null);
    }

    /// <summary>
    /// Why one value is unacceptable, or null: a <c>resource</c> follows RFC 8707 §2 (<see cref="ResourceIndicators"/>);
    /// an <c>audience</c> (RFC 8693, any logical name such as a SPIFFE ID) only has to be non-empty and bounded.
    /// </summary>
    public static OAuthError? Problem(string name, string? value)
    {
        if (name == OAuthConstants.Parameters.Resource)
            return ResourceIndicators.Problem(value) is { } problem ? new OAuthError(OAuthErrors.InvalidTarget, problem) : null;
        return string.IsNullOrWhiteSpace(value) || value.Length > MaxLength
            ? new OAuthError(OAuthErrors.InvalidTarget, $"{name} values must be non-empty and at most {MaxLength} characters")
            : null;
    }
}
