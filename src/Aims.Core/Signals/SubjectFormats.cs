namespace Aims.Core.Signals;

/// <summary>Subject identifier formats (RFC 9493 §3, SSF 1.0 §3.3 and §3.5).</summary>
public static class SubjectFormats
{
    public const string Uri = "uri";
    public const string Opaque = "opaque";
    public const string Email = "email";
    public const string IssSub = "iss_sub";
    public const string Account = "account";
    public const string JwtId = "jwt_id";
    public const string Complex = "complex";

    /// <summary>The simple formats this fabric reads, each with its required members (all non-empty strings).</summary>
    internal static IReadOnlyDictionary<string, string[]> SimpleMembers { get; } = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        [Uri] = ["uri"],
        [Opaque] = ["id"],
        [Email] = ["email"],
        [IssSub] = ["iss", "sub"],
        [Account] = ["uri"],
        [JwtId] = ["iss", "jti"],
    };

    /// <summary>Members a complex subject may have (SSF 1.0 §3.3); each is itself a simple subject identifier.</summary>
    public static IReadOnlyList<string> ComplexMembers { get; } = ["user", "device", "session", "application", "tenant", "org_unit", "group"];
}
