namespace Aims.Api.Security;

/// <summary>
/// The base URLs agents call this fabric at, from configuration (<c>Aims:Issuer</c> and the configured listen URLs):
/// a WPT on an agent endpoint must name one of them plus the request path as its <c>aud</c>. Never taken from the
/// request's <c>Host</c> or <c>X-Forwarded-Host</c> (draft-ietf-wimse-wpt §5).
/// </summary>
public sealed record WorkloadProofAudiences(IReadOnlyList<string> BaseUrls)
{
    /// <summary>The issuer and every configured URL that names a host (wildcard listen addresses name none).</summary>
    public static WorkloadProofAudiences From(string issuer, IEnumerable<string> listenUrls)
    {
        ArgumentException.ThrowIfNullOrEmpty(issuer);
        var bases = new List<string> { issuer.TrimEnd('/') };
        foreach (var url in listenUrls)
        {
            if (Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Host is not ("+" or "*" or "0.0.0.0" or "[::]" or "::")
                && !bases.Contains(url.TrimEnd('/'), StringComparer.Ordinal))
            {
                bases.Add(url.TrimEnd('/'));
            }
        }

        return new WorkloadProofAudiences(bases);
    }
}
