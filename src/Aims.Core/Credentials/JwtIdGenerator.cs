using System.Security.Cryptography;
using Aims.Core.Jose;

namespace Aims.Core.Credentials;

/// <summary>
/// <c>jti</c> values of 128 random bits, base64url (WIT-SVID §3.3: negligible collision probability). Draws the
/// CSPRNG 64 ids at a time: one call costs about as much as 64 small ones. Not thread-safe, like its issuer.
/// </summary>
internal sealed class JwtIdGenerator
{
    private const int IdBytes = 16;

    private readonly byte[] _random = new byte[IdBytes * 64];
    private int _next = IdBytes * 64;

    public string Next()
    {
        if (_next == _random.Length)
        {
            RandomNumberGenerator.Fill(_random);
            _next = 0;
        }

        var id = _random.AsSpan(_next, IdBytes);
        _next += IdBytes;
        var text = Base64Url.Encode(id);

        // Each id leaves the buffer once; clearing it keeps a later heap dump from revealing ids not yet issued.
        id.Clear();
        return text;
    }
}
