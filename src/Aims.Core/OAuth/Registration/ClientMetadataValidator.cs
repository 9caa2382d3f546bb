using System.Globalization;
using System.Text.Json;
using Aims.Core.Identity;
using Errors = Aims.Core.OAuth.Registration.ClientRegistrationConstants.Errors;
using Members = Aims.Core.OAuth.Registration.ClientRegistrationConstants.Members;

namespace Aims.Core.OAuth.Registration;

/// <summary>
/// Validates an RFC 7591 §2 client metadata document for this server: what it may register depends on who asks
/// (an agent with its SVID, or an anonymous client) and on the operator's <see cref="ClientRegistrationLimits"/>.
/// Every refusal is an RFC 7591 §3.2.2 error whose description names the member and how to fix it. The rules run
/// in the order of <see cref="Steps"/>; later ones rely on what earlier ones established (grant types before
/// redirect URIs, the authentication method before keys).
/// </summary>
public static partial class ClientMetadataValidator
{
    private static readonly JsonDocumentOptions JsonOptions = new()
    {
        AllowDuplicateProperties = false,
        AllowTrailingCommas = false,
        CommentHandling = JsonCommentHandling.Disallow,
        MaxDepth = 8,
    };

    private static readonly ClientMetadataValidationStep[] Steps =
    [
        RefuseSoftwareStatement,
        RefuseJwksUri,
        ReadClientName,
        ReadGrantTypes,
        ReadResponseTypes,
        ReadRedirectUris,
        ReadAuthenticationMethod,
        ReadJwks,
        ReadScope,
    ];

    /// <param name="utf8Json">The request body.</param>
    /// <param name="agent">The agent registering under its SPIFFE ID (already authenticated by its SVID), or null for an anonymous client.</param>
    /// <param name="limits">What the operator allows.</param>
    public static OAuthResult<ClientMetadata> Validate(ReadOnlyMemory<byte> utf8Json, SpiffeId? agent, ClientRegistrationLimits limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        if (utf8Json.Length > ClientRegistrationLimits.MaxDocumentBytes)
            return Failure(Errors.InvalidClientMetadata, $"the registration document is larger than {ClientRegistrationLimits.MaxDocumentBytes} bytes");

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(utf8Json, JsonOptions);
        }
        catch (JsonException e)
        {
            return Failure(Errors.InvalidClientMetadata, $"the request body is not valid JSON: {e.Message} (RFC 7591 §3.1)");
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
                return Failure(Errors.InvalidClientMetadata, "the request body must be a JSON object of client metadata (RFC 7591 §3.1)");

            var context = new ClientMetadataValidationContext(document.RootElement, agent, limits);
            foreach (var step in Steps)
            {
                if (!step(context))
                    return OAuthResult<ClientMetadata>.Failure(context.Error!);
            }

            return OAuthResult<ClientMetadata>.Success(new ClientMetadata(
                context.ClientName, [.. context.RedirectUris], [.. context.GrantTypes], [.. context.ResponseTypes],
                context.AuthenticationMethod, context.Scope, context.Jwks?.ToJson()));
        }
    }

    private static OAuthResult<ClientMetadata> Failure(string error, string description) =>
        OAuthResult<ClientMetadata>.Failure(new OAuthError(error, description));

    /// <summary>RFC 7591 §2.3: a software statement is a JWT from a software publisher, which this server has no trust in yet.</summary>
    private static bool RefuseSoftwareStatement(ClientMetadataValidationContext context) =>
        !context.TryGetMember(Members.SoftwareStatement, out _)
        || context.Reject(Errors.InvalidSoftwareStatement,
            "software_statement is not supported yet: no software publisher is trusted here; send the metadata as plain members (RFC 7591 §2.3)");

    /// <summary>
    /// Keys are registered inline: keys behind a URL could be swapped without a registration this server sees, and
    /// fetching URLs that anonymous clients name would let anyone make it send requests (SSRF).
    /// </summary>
    private static bool RefuseJwksUri(ClientMetadataValidationContext context) =>
        !context.TryGetMember(Members.JwksUri, out _)
        || context.Reject(Errors.InvalidClientMetadata,
            "jwks_uri is not accepted: register your public keys inline in jwks (RFC 7591 §2), so the keys this server trusts are the ones it registered");

    /// <summary>The consent page shows the name, so control and invisible formatting characters that could disguise it are refused.</summary>
    private static bool ReadClientName(ClientMetadataValidationContext context)
    {
        if (!context.TryReadString(Members.ClientName, out var name))
            return false;
        if (name is null)
            return true;
        if (name.Length is 0 or > ClientRegistrationLimits.MaxClientNameLength)
            return context.Reject(Errors.InvalidClientMetadata, $"client_name must have 1 to {ClientRegistrationLimits.MaxClientNameLength} characters, or be omitted");

        foreach (var c in name)
        {
            if (char.GetUnicodeCategory(c) is UnicodeCategory.Control or UnicodeCategory.Format)
            {
                return context.Reject(Errors.InvalidClientMetadata,
                    $"client_name has a control or invisible formatting character (U+{(int)c:X4}); users read this name on the consent page, so use visible text only");
            }
        }

        context.ClientName = name;
        return true;
    }

    /// <summary>
    /// RFC 6749 §3.3 scope syntax. A registered client's scope must fit the operator's ceiling; an agent's scopes
    /// are decided by its policy at every token request, so only their syntax is checked here.
    /// </summary>
    private static bool ReadScope(ClientMetadataValidationContext context)
    {
        if (!context.TryReadString(Members.Scope, out var text))
            return false;
        if (!ScopeSet.TryParse(text, out var scope, out var error))
            return context.Reject(Errors.InvalidClientMetadata, $"scope is invalid: {error}");
        if (scope.IsEmpty)
            return true;

        var ceiling = context.Limits.ScopeCeiling;
        if (!context.IsAgent && !scope.IsSubsetOf(ceiling))
        {
            var beyond = string.Join(' ', scope.Where(s => !ceiling.Contains(s)));
            return context.Reject(Errors.InvalidClientMetadata, ceiling.IsEmpty
                ? $"scope '{beyond}' cannot be registered: this server grants registered clients no scopes; omit scope"
                : $"scope '{beyond}' is beyond what registered clients may ask for here; choose from '{ceiling}' or omit scope");
        }

        context.Scope = scope;
        return true;
    }
}
