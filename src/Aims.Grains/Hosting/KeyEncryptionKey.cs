using Aims.Core.Authority;

namespace Aims.Grains.Hosting;

/// <summary>The key-encryption key, loaded once at start; grains get a <see cref="KeyProtector"/> from it.</summary>
public sealed class KeyEncryptionKey(byte[] key)
{
    public KeyProtector CreateProtector() => new(key);

    /// <summary>
    /// Reads the KEK from configuration: the base64 value, else the file. When neither is set, a new key is
    /// written to <paramref name="defaultFile"/> (mode 0600) if given; otherwise it is a configuration error.
    /// </summary>
    public static KeyEncryptionKey Load(AimsOptions options, string? defaultFile)
    {
        if (!string.IsNullOrWhiteSpace(options.KeyEncryptionKey))
            return new KeyEncryptionKey(Decode(options.KeyEncryptionKey, "Aims:KeyEncryptionKey"));

        var file = options.KeyEncryptionKeyFile ?? defaultFile
            ?? throw new InvalidOperationException("Set Aims:KeyEncryptionKey (base64 of 32 random bytes) or Aims:KeyEncryptionKeyFile.");
        if (!File.Exists(file))
        {
            if (options.KeyEncryptionKeyFile is not null)
                throw new InvalidOperationException($"Aims:KeyEncryptionKeyFile {file} does not exist.");
            SecretFile.WriteNew(file, Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)));
        }

        return new KeyEncryptionKey(Decode(File.ReadAllText(file).Trim(), file));
    }

    private static byte[] Decode(string value, string source)
    {
        try
        {
            var key = Convert.FromBase64String(value);
            if (key.Length == 32)
                return key;
        }
        catch (FormatException)
        {
        }

        throw new InvalidOperationException($"The key-encryption key in {source} must be base64 of exactly 32 bytes.");
    }
}
