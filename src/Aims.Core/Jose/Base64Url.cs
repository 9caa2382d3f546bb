namespace Aims.Core.Jose;

/// <summary>base64url without padding (RFC 7515 §2).</summary>
public static class Base64Url
{
    public static string Encode(ReadOnlySpan<byte> data) => System.Buffers.Text.Base64Url.EncodeToString(data);

    public static byte[] Decode(ReadOnlySpan<char> text) => System.Buffers.Text.Base64Url.DecodeFromChars(text);

    public static bool TryDecode(ReadOnlySpan<char> text, out byte[] data)
    {
        if (text.IndexOfAny('=', '+', '/') >= 0)
        {
            data = [];
            return false;
        }

        try
        {
            data = System.Buffers.Text.Base64Url.DecodeFromChars(text);
            return true;
        }
        catch (FormatException)
        {
            data = [];
            return false;
        }
    }
}
