using System.Security.Cryptography;
using Aims.Core.Jose;

namespace Aims.Core.OAuth.Registration;

/// <summary>
/// client_ids for clients without a SPIFFE ID: 128 random bits, base64url. Never guessable (RFC 9068 §5 warns
/// against clients choosing their client_id, since it may become a token's <c>sub</c>) and never a SPIFFE ID, so a
/// registered client can never pose as an agent.
/// </summary>
public static class ClientIdGenerator
{
    private const int IdBytes = 16;

    public static string New()
    {
        Span<byte> random = stackalloc byte[IdBytes];
        RandomNumberGenerator.Fill(random);
        return Base64Url.Encode(random);
    }
}
