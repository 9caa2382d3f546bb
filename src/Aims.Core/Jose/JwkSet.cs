using System.Text;
using System.Text.Json;

namespace Aims.Core.Jose;

/// <summary>A JWK Set document (RFC 7517 §5) of public keys.</summary>
public static class JwkSet
{
    public static string ToJson(IEnumerable<JsonWebKey> keys)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            writer.WriteStartArray("keys");
            foreach (var key in keys)
            {
                writer.WriteStartObject();
                writer.WriteString("kty", key.Kty);
                WriteIfSet(writer, "crv", key.Crv);
                WriteIfSet(writer, "x", key.X);
                WriteIfSet(writer, "y", key.Y);
                WriteIfSet(writer, "n", key.N);
                WriteIfSet(writer, "e", key.E);
                WriteIfSet(writer, "kid", key.Kid);
                WriteIfSet(writer, "use", key.Use);
                WriteIfSet(writer, "alg", key.Alg);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static void WriteIfSet(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is not null)
            writer.WriteString(name, value);
    }
}
