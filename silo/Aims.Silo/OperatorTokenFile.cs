using Aims.Api.Security;
using Aims.Grains.Hosting;

namespace Aims.Silo;

/// <summary>The operator token: from configuration, else <c>&lt;DataDirectory&gt;/admin.token</c> (mode 0600), created on first start.</summary>
public static class OperatorTokenFile
{
    public static (string Token, string? Path) Resolve(AimsOptions options, string dataDirectory)
    {
        if (!string.IsNullOrWhiteSpace(options.AdminToken))
            return (options.AdminToken, null);

        var path = Path.Combine(dataDirectory, "admin.token");
        if (!File.Exists(path))
            SecretFile.WriteNew(path, OperatorToken.Generate() + "\n");
        return (File.ReadAllText(path).Trim(), path);
    }
}
