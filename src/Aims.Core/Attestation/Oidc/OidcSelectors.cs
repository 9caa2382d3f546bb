namespace Aims.Core.Attestation.Oidc;

/// <summary>
/// The selectors a verified identity token proves: <c>oidc:iss:</c>, <c>oidc:sub:</c>, and <c>oidc:&lt;name&gt;:&lt;value&gt;</c>
/// per configured claim. Register <c>oidc:iss:</c> alongside a <c>sub</c> or claim selector: two trusted issuers may
/// use the same values.
/// </summary>
public static class OidcSelectors
{
    public const string IssuerName = "iss";
    public const string SubjectName = "sub";

    public static string Issuer(string iss) => Claim(IssuerName, iss);

    public static string Subject(string sub) => Claim(SubjectName, sub);

    public static string Claim(string name, string value) => $"oidc:{name}:{value}";
}
