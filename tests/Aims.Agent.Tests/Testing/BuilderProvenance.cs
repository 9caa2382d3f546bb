using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Aims.Testing;

namespace Aims.Agent.Tests.Testing;

/// <summary>
/// SLSA provenance as a build platform publishes it: an in-toto Statement (SLSA provenance v1) in a DSSE envelope, the
/// signature made by the openssl CLI (DER ECDSA over SHA-256 of the DSSE pre-authentication encoding), one envelope
/// per line of a <c>.intoto.jsonl</c> file.
/// </summary>
internal static class BuilderProvenance
{
    public const string PayloadType = "application/vnd.in-toto+json";

    public static JsonObject Statement(string subjectSha256, string builderId = NodeTpmFixture.BuilderId) => new()
    {
        ["_type"] = "https://in-toto.io/Statement/v1",
        ["subject"] = new JsonArray(new JsonObject { ["name"] = "workload-client", ["digest"] = new JsonObject { ["sha256"] = subjectSha256 } }),
        ["predicateType"] = "https://slsa.dev/provenance/v1",
        ["predicate"] = new JsonObject
        {
            ["buildDefinition"] = new JsonObject
            {
                ["buildType"] = "https://builder.test/dotnet/v1",
                ["externalParameters"] = new JsonObject { ["source"] = NodeTpmFixture.Source },
            },
            ["runDetails"] = new JsonObject { ["builder"] = new JsonObject { ["id"] = builderId } },
        },
    };

    /// <summary>The envelope of <paramref name="statement"/> signed by <paramref name="builderKey"/> through <c>openssl dgst -sign</c>, as one JSON line.</summary>
    public static async Task<string> SignAsync(JsonObject statement, ECDsa builderKey)
    {
        var payload = Encoding.UTF8.GetBytes(statement.ToJsonString());
        byte[] pae = [.. Encoding.UTF8.GetBytes($"DSSEv1 {PayloadType.Length} {PayloadType} {payload.Length} "), .. payload];
        using var directory = ExternalTool.CreateTempDirectory();
        await File.WriteAllTextAsync(directory.File("builder.pem"), builderKey.ExportPkcs8PrivateKeyPem());
        await File.WriteAllBytesAsync(directory.File("pae.bin"), pae);
        var signed = await ExternalTool.OpenSslAsync(directory.Path, "dgst", "-sha256", "-sign", "builder.pem", "-out", "pae.sig", "pae.bin");
        Assert.True(signed.ExitCode == 0, signed.Output);

        return new JsonObject
        {
            ["payloadType"] = PayloadType,
            ["payload"] = Convert.ToBase64String(payload),
            ["signatures"] = new JsonArray(new JsonObject { ["keyid"] = "", ["sig"] = Convert.ToBase64String(await File.ReadAllBytesAsync(directory.File("pae.sig"))) }),
        }.ToJsonString();
    }

    /// <summary>Writes <c>&lt;name&gt;.intoto.jsonl</c> with the envelope lines into <paramref name="directory"/>.</summary>
    public static Task PublishAsync(string directory, string name, params string[] envelopes) =>
        File.WriteAllLinesAsync(Path.Combine(directory, name + ".intoto.jsonl"), envelopes);
}
