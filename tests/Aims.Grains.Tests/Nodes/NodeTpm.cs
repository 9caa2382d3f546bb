using System.Security.Cryptography;
using Aims.Core.Attestation.Tpm;
using Aims.Grains.Nodes;
using Aims.Testing;

namespace Aims.Grains.Tests.Nodes;

/// <summary>
/// One real software TPM (swtpm + tpm2-tools) for the node TPM tests: an EK, an ECC AK the tests enrol for their nodes
/// and a stray AK nobody enrols. Quotes are made exactly as the node agent makes them.
/// </summary>
public sealed class NodeTpm : IAsyncLifetime
{
    private SoftwareTpm? _device;

    public SoftwareTpm Device => _device ?? throw new InvalidOperationException(SoftwareTpm.UnavailableReason ?? "swtpm did not start");

    public Ak EcAk { get; private set; } = null!;

    public Ak StrayAk { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        if (SoftwareTpm.UnavailableReason is not null && !SoftwareTpm.IsRequired)
            return;

        _device = await SoftwareTpm.StartAsync();
        await Device.RunAsync("tpm2_createek", "-c", "ek.ctx", "-G", "rsa", "-u", "ek.pub");
        EcAk = await CreateAkAsync("ec");
        StrayAk = await CreateAkAsync("stray");
    }

    public async Task DisposeAsync()
    {
        if (_device is not null)
            await _device.DisposeAsync();
    }

    /// <summary>tpm2_quote of PCRs 0, 1 and 16 over <paramref name="nonce"/>, with the values of the quoted PCRs from the same command.</summary>
    public async Task<NodeTpmQuote> QuoteAsync(Ak ak, byte[] nonce)
    {
        await Device.RunAsync("tpm2_quote", "-c", ak.Context, "-l", "sha256:0,1,16", "-q", Convert.ToHexStringLower(nonce), "-g", "sha256",
            "-m", "quote.msg", "-s", "quote.sig", "-f", "plain", "-o", "pcrs.bin", "-F", "values");
        var values = await File.ReadAllBytesAsync(Device.File("pcrs.bin"));
        var pcrs = new Dictionary<int, byte[]> { [0] = values[..32], [1] = values[32..64], [16] = values[64..96] };
        return new NodeTpmQuote(ak.Id, await File.ReadAllBytesAsync(Device.File("quote.msg")), await File.ReadAllBytesAsync(Device.File("quote.sig")), pcrs, nonce);
    }

    private async Task<Ak> CreateAkAsync(string name)
    {
        await Device.RunAsync("tpm2_createak", "-C", "ek.ctx", "-c", $"{name}.ctx", "-G", "ecc", "-g", "sha256", "-s", "ecdsa", "-u", $"{name}.pem", "-f", "pem", "-n", $"{name}.name");
        if (!TpmAttestationKey.TryCreate(await File.ReadAllTextAsync(Device.File($"{name}.pem")), null, out var key, out var error))
            throw new InvalidOperationException(error);
        return new Ak($"{name}.ctx", key.Id, key.SubjectPublicKeyInfo);
    }

    public sealed class Ak(string context, string id, byte[] subjectPublicKeyInfo)
    {
        public string Context { get; } = context;

        public string Id { get; } = id;

        public byte[] SubjectPublicKeyInfo { get; } = subjectPublicKeyInfo;

        /// <summary>The agent the AK is enrolled for now; an AK is enrolled for one agent at a time.</summary>
        public string? EnrolledFor { get; set; }
    }

    /// <summary>A nonce the cluster never issued.</summary>
    public static byte[] InventedNonce() => RandomNumberGenerator.GetBytes(32);
}
