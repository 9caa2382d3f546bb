using System.Security.Cryptography;

namespace Aims.Core.Transactions;

/// <summary><c>txn</c> values (draft §4.2, RFC 8417 §2.2): random version 4 UUIDs from the CSPRNG, unique in the trust domain.</summary>
public static class TransactionIds
{
    public static string New()
    {
        Span<byte> bytes = stackalloc byte[16];
        RandomNumberGenerator.Fill(bytes);
        bytes[7] = (byte)((bytes[7] & 0x0F) | 0x40); // version 4 (RFC 9562 §5.4), in Guid's little-endian layout
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80); // variant 10
        return new Guid(bytes).ToString("D");
    }
}
