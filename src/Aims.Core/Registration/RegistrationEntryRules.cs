using System.Net;
using System.Text;
using Aims.Core.Identity;

namespace Aims.Core.Registration;

/// <summary>
/// Builds a <see cref="RegistrationEntry"/> from what an operator sent, or says which field is wrong and how to
/// fix it. Both the HTTP API and the entry grain use it, so an entry is valid however it was created.
/// </summary>
public static class RegistrationEntryRules
{
    /// <param name="x509SvidTtlSeconds">Optional cap on X509-SVID lifetime, in seconds.</param>
    /// <param name="jwtSvidTtlSeconds">Optional cap on JWT-SVID lifetime, in seconds.</param>
    public static (RegistrationEntry? Entry, string? Error) TryCreate(
        TrustDomain trustDomain,
        string? spiffeId,
        string? parentId,
        IReadOnlyList<string?>? selectors,
        long? x509SvidTtlSeconds = null,
        long? jwtSvidTtlSeconds = null,
        IReadOnlyList<string?>? dnsNames = null,
        string? hint = null)
    {
        ArgumentNullException.ThrowIfNull(trustDomain);

        var (id, error) = ParseId("spiffe_id", spiffeId, trustDomain);
        if (error is not null)
            return (null, error);
        var (parent, parentError) = ParseId("parent_id", parentId, trustDomain);
        if (parentError is not null)
            return (null, parentError);
        if (id == parent)
            return (null, "parent_id must name the node agent that serves the workload, not the workload's own spiffe_id");

        var (sorted, selectorError) = CheckSelectors(selectors);
        if (selectorError is not null)
            return (null, selectorError);
        var (x509Ttl, x509Error) = CheckTtl("x509_svid_ttl", x509SvidTtlSeconds, RegistrationEntryLimits.MaxX509SvidTtl);
        if (x509Error is not null)
            return (null, x509Error);
        var (jwtTtl, jwtError) = CheckTtl("jwt_svid_ttl", jwtSvidTtlSeconds, RegistrationEntryLimits.MaxJwtSvidTtl);
        if (jwtError is not null)
            return (null, jwtError);
        var (names, dnsError) = CheckDnsNames(dnsNames);
        if (dnsError is not null)
            return (null, dnsError);
        if (hint is not null && (hint.Length == 0 || Encoding.UTF8.GetByteCount(hint) > RegistrationEntryLimits.MaxHintBytes || hint.Any(char.IsControl)))
            return (null, $"hint must be 1 to {RegistrationEntryLimits.MaxHintBytes} bytes without control characters (SPIFFE Workload API §8)");

        return (new RegistrationEntry(RegistrationEntryId.For(id!, parent!, sorted), id!, parent!, sorted, x509Ttl, jwtTtl, names, hint), null);
    }

    private static (SpiffeId? Id, string? Error) ParseId(string field, string? value, TrustDomain trustDomain)
    {
        if (string.IsNullOrEmpty(value))
            return (null, $"{field} is required, e.g. spiffe://{trustDomain.Name}/{(field == "parent_id" ? "node/node-1" : "workloads/web")}");
        if (!SpiffeId.TryParse(value, out var id, out var error))
            return (null, $"{field} is invalid: {error}");
        if (!id.IsMemberOf(trustDomain))
            return (null, $"{field} {id} is outside the trust domain {trustDomain.Name}");
        if (id.Path.Length == 0)
            return (null, $"{field} must have a path; the bare trust domain ID names the trust domain, not a workload or node (SPIFFE-ID §2.2)");
        return (id, null);
    }

    private static (IReadOnlyList<string> Selectors, string? Error) CheckSelectors(IReadOnlyList<string?>? selectors)
    {
        if (selectors is not { Count: > 0 })
            return ([], "selectors are required: at least one type:value the workload must show, e.g. unix:uid:1000 or unix:sha256:<hex>");
        if (selectors.Count > RegistrationEntryLimits.MaxSelectors)
            return ([], $"an entry may have at most {RegistrationEntryLimits.MaxSelectors} selectors");

        var distinct = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var selector in selectors)
        {
            if (SelectorRules.Check(selector) is { } problem)
                return ([], problem);
            if (!distinct.Add(selector!))
                return ([], $"selector '{selector}' is listed twice");
        }

        return ([.. distinct], null);
    }

    private static (TimeSpan? Ttl, string? Error) CheckTtl(string field, long? seconds, TimeSpan max)
    {
        if (seconds is not { } value)
            return (null, null);
        var min = (long)RegistrationEntryLimits.MinTtl.TotalSeconds;
        var most = (long)max.TotalSeconds;
        return value < min || value > most
            ? (null, $"{field} must be between {min} and {most} seconds")
            : (TimeSpan.FromSeconds(value), null);
    }

    private static (IReadOnlyList<string> Names, string? Error) CheckDnsNames(IReadOnlyList<string?>? dnsNames)
    {
        if (dnsNames is null)
            return ([], null);
        if (dnsNames.Count > RegistrationEntryLimits.MaxDnsNames)
            return ([], $"an entry may have at most {RegistrationEntryLimits.MaxDnsNames} dns_names");

        var names = new List<string>();
        foreach (var name in dnsNames)
        {
            if (string.IsNullOrEmpty(name) || !(IsDnsName(name) || IPAddress.TryParse(name, out _)))
                return ([], $"dns_names entry '{name}' is neither a DNS name (labels of a-z, 0-9 and -, at most {RegistrationEntryLimits.MaxDnsNameLength} characters) nor an IP address");
            var normalized = IPAddress.TryParse(name, out var address) ? address.ToString() : name.ToLowerInvariant();
            if (names.Contains(normalized, StringComparer.Ordinal))
                return ([], $"dns_names entry '{name}' is listed twice");
            names.Add(normalized);
        }

        return (names, null);
    }

    // RFC 1123 §2.1 host names: labels of letters, digits and hyphens, not starting or ending with a hyphen.
    private static bool IsDnsName(string name)
    {
        if (name.Length > RegistrationEntryLimits.MaxDnsNameLength)
            return false;
        foreach (var label in name.Split('.'))
        {
            if (label.Length is 0 or > 63 || label[0] == '-' || label[^1] == '-')
                return false;
            if (!label.All(c => char.IsAsciiLetterOrDigit(c) || c == '-'))
                return false;
        }

        // An all-numeric name would read as an IPv4 address to some clients.
        return !name.All(c => char.IsAsciiDigit(c) || c == '.');
    }
}
