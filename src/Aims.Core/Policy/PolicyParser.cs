using System.Collections.ObjectModel;
using System.Diagnostics.CodeAnalysis;
using System.Text;
using System.Text.Json;
using static Aims.Core.Policy.PolicyJsonNames;

namespace Aims.Core.Policy;

/// <summary>
/// Reads and writes policy v1 JSON. Parsing is strict so that a typo fails loudly instead of silently falling back to
/// a default: unknown or repeated members, wrong types and out-of-range values are errors naming their JSON path.
/// </summary>
public static partial class PolicyParser
{
    // The deepest value, rules[i].oauth.delegation.may_act[j], sits inside six containers.
    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 8 };

    public static bool TryParse(
        string json,
        [NotNullWhen(true)] out PolicyDocument? document,
        [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(json);
        document = null;

        var size = Encoding.UTF8.GetByteCount(json);
        if (size > PolicyLimits.MaxDocumentBytes)
        {
            error = PolicyErrors.DocumentTooLarge(size);
            return false;
        }

        JsonDocument parsed;
        try
        {
            parsed = JsonDocument.Parse(json, DocumentOptions);
        }
        catch (JsonException e)
        {
            error = PolicyErrors.InvalidJson(e.Message);
            return false;
        }

        using (parsed)
            return TryReadDocument(parsed.RootElement, out document, out error);
    }

    private static bool TryReadDocument(
        JsonElement root,
        [NotNullWhen(true)] out PolicyDocument? document,
        [NotNullWhen(false)] out string? error)
    {
        document = null;
        if (!TryCheckMembers(root, string.Empty, DocumentMembers, out error))
            return false;

        string? description = null;
        if (root.TryGetProperty(Description, out var descriptionElement)
            && !TryReadString(descriptionElement, Description, out description, out error))
            return false;

        if (!root.TryGetProperty(Rules, out var rulesElement))
        {
            error = PolicyErrors.MissingMember(Rules);
            return false;
        }

        if (!TryCheckKind(rulesElement, JsonValueKind.Array, Rules, "an array of rules", out error))
            return false;

        var count = rulesElement.GetArrayLength();
        if (count > PolicyLimits.MaxRules)
        {
            error = PolicyErrors.TooManyRules(count);
            return false;
        }

        var rules = new PolicyRule[count];
        var index = 0;
        foreach (var ruleElement in rulesElement.EnumerateArray())
        {
            if (!TryReadRule(ruleElement, $"{Rules}[{index}]", out var rule, out error))
                return false;
            rules[index++] = rule;
        }

        document = new PolicyDocument(description, new ReadOnlyCollection<PolicyRule>(rules));
        return true;
    }

    private static bool TryReadRule(
        JsonElement element,
        string path,
        [NotNullWhen(true)] out PolicyRule? rule,
        [NotNullWhen(false)] out string? error)
    {
        rule = null;
        if (!TryCheckMembers(element, path, RuleMembers, out error)
            || !TryReadMatch(element, path, out var match, out error)
            || !TryReadAttestation(element, path, out var attestation, out error)
            || !TryReadTtl(element, path, X509SvidTtlSeconds, PolicyDefaults.X509SvidTtl, PolicyLimits.MinTtl, PolicyLimits.MaxX509SvidTtl, out var x509SvidTtl, out error)
            || !TryReadTtl(element, path, JwtSvidTtlSeconds, PolicyDefaults.JwtSvidTtl, PolicyLimits.MinTtl, PolicyLimits.MaxJwtSvidTtl, out var jwtSvidTtl, out error)
            || !TryReadTtl(element, path, WitTtlSeconds, PolicyDefaults.WitTtl, PolicyLimits.MinTtl, PolicyLimits.MaxWitTtl, out var witTtl, out error)
            || !TryReadStringList(element, path, Audiences, PolicyDefaults.Audiences, ValidateAudience, out var audiences, out error)
            || !TryReadOAuth(element, path, out var oauth, out error))
            return false;

        rule = new PolicyRule(match, attestation, x509SvidTtl, jwtSvidTtl, witTtl, audiences) { OAuth = oauth };
        return true;
    }

    private static bool TryReadMatch(
        JsonElement rule,
        string rulePath,
        [NotNullWhen(true)] out SpiffeIdPattern? match,
        [NotNullWhen(false)] out string? error)
    {
        match = null;
        var path = Join(rulePath, Match);
        if (!rule.TryGetProperty(Match, out var element))
        {
            error = PolicyErrors.MissingMember(path);
            return false;
        }

        if (!TryReadString(element, path, out var text, out error))
            return false;

        if (text.Length == 0)
        {
            error = PolicyErrors.Empty(path);
            return false;
        }

        if (!SpiffeIdPattern.TryParse(text, out match, out var patternError))
        {
            error = PolicyErrors.InvalidPattern(path, patternError);
            return false;
        }

        return true;
    }

    private static bool TryReadAttestation(
        JsonElement rule,
        string rulePath,
        [NotNullWhen(true)] out AttestationRequirement? attestation,
        [NotNullWhen(false)] out string? error)
    {
        attestation = PolicyDefaults.Attestation;
        error = null;
        if (!rule.TryGetProperty(PolicyJsonNames.Attestation, out var element))
            return true;

        attestation = null;
        var path = Join(rulePath, PolicyJsonNames.Attestation);
        var allowedPath = Join(path, Allowed);
        if (!TryCheckMembers(element, path, AttestationMembers, out error)
            || !TryReadStringList(element, path, Allowed, PolicyDefaults.Attestation.Allowed, ValidateAttestationType, out var allowed, out error)
            || !TryReadStringList(element, path, Required, PolicyDefaults.Attestation.Required, ValidateAttestationType, out var required, out error))
            return false;

        if (allowed.Count == 0)
        {
            error = PolicyErrors.Empty(allowedPath);
            return false;
        }

        var allowedSet = allowed.ToHashSet(StringComparer.Ordinal);
        foreach (var type in required)
        {
            if (!allowedSet.Contains(type))
            {
                error = PolicyErrors.RequiredNotAllowed(Join(path, Required), type, allowedPath);
                return false;
            }
        }

        attestation = new AttestationRequirement(allowed, required);
        return true;
    }

    private static bool TryReadTtl(
        JsonElement rule,
        string rulePath,
        string name,
        TimeSpan fallback,
        TimeSpan min,
        TimeSpan max,
        out TimeSpan ttl,
        [NotNullWhen(false)] out string? error)
    {
        ttl = fallback;
        error = null;
        if (!rule.TryGetProperty(name, out var element))
            return true;

        var path = Join(rulePath, name);
        if (!TryCheckKind(element, JsonValueKind.Number, path, "a whole number of seconds", out error))
            return false;

        if (!element.TryGetInt64(out var seconds))
        {
            error = PolicyErrors.TtlNotWholeSeconds(path, element.GetRawText());
            return false;
        }

        if (seconds < (long)min.TotalSeconds || seconds > (long)max.TotalSeconds)
        {
            error = PolicyErrors.TtlOutOfRange(path, min, max, seconds);
            return false;
        }

        ttl = TimeSpan.FromSeconds(seconds);
        return true;
    }

    private static string? ValidateAttestationType(string path, string value) =>
        value.Length is > 0 and <= PolicyLimits.MaxAttestationTypeLength && value.All(IsAttestationTypeChar)
            ? null
            : PolicyErrors.InvalidAttestationType(path, value);

    private static bool IsAttestationTypeChar(char c) =>
        c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '_' or '-' or '.';

    private static string? ValidateAudience(string path, string value)
    {
        if (value.Length == 0)
            return PolicyErrors.Empty(path);

        var star = value.IndexOf('*', StringComparison.Ordinal);
        return star >= 0 && star != value.Length - 1 ? PolicyErrors.AudienceWildcardNotLast(path, value) : null;
    }
}
