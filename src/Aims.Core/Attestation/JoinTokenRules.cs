using System.Security.Cryptography;
using Aims.Core.Jose;

namespace Aims.Core.Attestation;

/// <summary>What a join token is: 32 bytes from the OS CSPRNG, base64url (43 characters), single-use, short-lived.</summary>
public static class JoinTokenRules
{
    /// <summary>The evidence type of a join token in <c>POST /v1/attest</c> and in policy.</summary>
    public const string EvidenceType = "join_token";

    public const int TokenBytes = 32;

    public static readonly TimeSpan DefaultTtl = TimeSpan.FromMinutes(10);
    public static readonly TimeSpan MinTtl = TimeSpan.FromSeconds(30);
    public static readonly TimeSpan MaxTtl = TimeSpan.FromHours(24);

    public static string NewToken() => Base64Url.Encode(RandomNumberGenerator.GetBytes(TokenBytes));

    /// <summary>Null when <paramref name="ttl"/> is acceptable, else what to fix.</summary>
    public static string? CheckTtl(TimeSpan ttl) =>
        ttl < MinTtl || ttl > MaxTtl
            ? $"ttl_seconds must be between {(int)MinTtl.TotalSeconds} and {(int)MaxTtl.TotalSeconds}"
            : null;
}
