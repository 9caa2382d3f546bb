namespace Aims.Agent.Node;

/// <summary>
/// The node's key and X509-SVID in the data directory (owner-only), so that a restarted agent needs no new join
/// token while its node SVID is valid. Workload keys are never written anywhere.
/// </summary>
internal sealed class NodeCredentialFiles(string dataDirectory)
{
    private const string ChainFile = "node-svid.pem";
    private const string KeyFile = "node-key.pem";

    private string ChainPath => Path.Combine(dataDirectory, ChainFile);

    private string KeyPath => Path.Combine(dataDirectory, KeyFile);

    /// <summary>The stored credential, or null when there is none or it cannot be read.</summary>
    public NodeCredential? Load()
    {
        if (!File.Exists(ChainPath) || !File.Exists(KeyPath))
            return null;
        try
        {
            return NodeCredential.FromChainPem(File.ReadAllText(ChainPath));
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return null;
        }
    }

    public void Save(NodeCredential credential, string privateKeyPem)
    {
        ArgumentNullException.ThrowIfNull(credential);
        if (OperatingSystem.IsWindows())
            Directory.CreateDirectory(dataDirectory);
        else
            Directory.CreateDirectory(dataDirectory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);

        // Key first, chain last: a chain on disk always has its key beside it. Each file is replaced whole.
        WriteOwnerOnly(KeyPath, privateKeyPem);
        WriteOwnerOnly(ChainPath, credential.ChainPem);
    }

    private static void WriteOwnerOnly(string path, string content)
    {
        var temporary = path + ".tmp";
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        using (var stream = new FileStream(temporary, options))
        using (var writer = new StreamWriter(stream))
            writer.Write(content);
        File.Move(temporary, path, overwrite: true);
    }
}
