using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using Aims.Core.Identity;

namespace Aims.Core.OAuth.Registration;

/// <summary>A registration request being validated: the document, who sends it, and the metadata established so far.</summary>
internal sealed class ClientMetadataValidationContext(JsonElement document, SpiffeId? agent, ClientRegistrationLimits limits)
{
    /// <summary>No metadata array needs more; the bound keeps duplicate checks cheap.</summary>
    private const int MaxArrayValues = 32;

    public JsonElement Document { get; } = document;

    /// <summary>The agent registering under its SPIFFE ID, or null for an anonymous client.</summary>
    public SpiffeId? Agent { get; } = agent;

    [MemberNotNullWhen(true, nameof(Agent))]
    public bool IsAgent => Agent is not null;

    public ClientRegistrationLimits Limits { get; } = limits;

    public string? ClientName { get; set; }

    public List<string> GrantTypes { get; } = [];

    public List<string> ResponseTypes { get; } = [];

    public List<string> RedirectUris { get; } = [];

    public string AuthenticationMethod { get; set; } = string.Empty;

    public ScopeSet? Scope { get; set; }

    public ClientJwks? Jwks { get; set; }

    public OAuthError? Error { get; private set; }

    public bool Reject(string error, string description)
    {
        Error = new OAuthError(error, description);
        return false;
    }

    /// <summary>The member's value; false when it is absent or JSON null, which both mean "not sent".</summary>
    public bool TryGetMember(string name, out JsonElement value) =>
        Document.TryGetProperty(name, out value) && value.ValueKind != JsonValueKind.Null;

    /// <summary>
    /// A member that must be an array of distinct strings; on a wrong shape the rejection carries
    /// <paramref name="error"/> and names the member. Null (and true) when the member was not sent.
    /// </summary>
    public bool TryReadStringArray(string name, string error, out List<string>? values)
    {
        values = null;
        if (!TryGetMember(name, out var member))
            return true;
        if (member.ValueKind != JsonValueKind.Array)
            return Reject(error, $"{name} must be a JSON array of strings (RFC 7591 §2)");
        if (member.GetArrayLength() > MaxArrayValues)
            return Reject(error, $"{name} has {member.GetArrayLength()} values; at most {MaxArrayValues} are accepted");

        values = new List<string>(member.GetArrayLength());
        foreach (var item in member.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String || item.GetString() is not { Length: > 0 } value)
                return Reject(error, $"{name} must contain only non-empty strings (RFC 7591 §2)");
            if (values.Contains(value, StringComparer.Ordinal))
                return Reject(error, $"{name} lists '{value}' twice; list each value once");
            values.Add(value);
        }

        return true;
    }

    /// <summary>A member that must be a string; null (and true) when it was not sent.</summary>
    public bool TryReadString(string name, out string? value)
    {
        value = null;
        if (!TryGetMember(name, out var member))
            return true;
        if (member.ValueKind != JsonValueKind.String)
            return Reject(ClientRegistrationConstants.Errors.InvalidClientMetadata, $"{name} must be a JSON string (RFC 7591 §2)");

        value = member.GetString();
        return true;
    }
}
