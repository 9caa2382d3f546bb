using System.Diagnostics;
using System.Globalization;
using Aims.Agent.Hosting;
using Aims.Grains.Nodes;

namespace Aims.Agent.Tpm;

/// <summary>
/// Quotes the node's PCRs with its AK through tpm2-tools: <c>tpm2_quote</c> with the cluster's nonce as qualifying
/// data writes the TPMS_ATTEST, its signature (<c>-f plain</c>) and the values of the quoted PCRs (<c>-F values</c>)
/// from one TPM command, so the values are the ones the quote covers. Without a resource manager (swtpm, a raw device)
/// transient objects are flushed after each command, as the TPM has only a few slots.
/// </summary>
internal sealed class TpmQuoter(NodeTpmOptions tpm)
{
    private const int PcrValueBytes = 32;
    private static readonly TimeSpan ToolTimeout = TimeSpan.FromSeconds(30);

    public string AkId => tpm.AkId;

    /// <exception cref="TpmUnavailableException">A tool failed; the message has its output.</exception>
    public async Task<NodeTpmQuote> QuoteAsync(byte[] nonce, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(nonce);
        var directory = Directory.CreateTempSubdirectory("aims-agent-quote-");
        try
        {
            var pcrList = "sha256:" + string.Join(',', tpm.Pcrs.Select(p => p.ToString(CultureInfo.InvariantCulture)));
            try
            {
                await RunAsync(directory.FullName, "tpm2_quote",
                    ["-c", tpm.AkContext, "-l", pcrList, "-q", Convert.ToHexStringLower(nonce), "-g", "sha256",
                     "-m", "quote.msg", "-s", "quote.sig", "-f", "plain", "-o", "pcrs.bin", "-F", "values"], cancellationToken);
            }
            finally
            {
                await RunAsync(directory.FullName, "tpm2_flushcontext", ["-t"], cancellationToken);
            }

            var values = await File.ReadAllBytesAsync(Path.Combine(directory.FullName, "pcrs.bin"), cancellationToken);
            if (values.Length != tpm.Pcrs.Count * PcrValueBytes)
                throw new TpmUnavailableException($"tpm2_quote wrote {values.Length} bytes of PCR values for {tpm.Pcrs.Count} SHA-256 PCRs");

            // -F values: the digests one after the other, in the ascending order of the selection.
            var pcrs = tpm.Pcrs.Select((index, i) => (index, value: values[(i * PcrValueBytes)..((i + 1) * PcrValueBytes)]))
                .ToDictionary(p => p.index, p => p.value);
            return new NodeTpmQuote(
                tpm.AkId,
                await File.ReadAllBytesAsync(Path.Combine(directory.FullName, "quote.msg"), cancellationToken),
                await File.ReadAllBytesAsync(Path.Combine(directory.FullName, "quote.sig"), cancellationToken),
                pcrs,
                nonce);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    private async Task RunAsync(string workingDirectory, string tool, IEnumerable<string> arguments, CancellationToken cancellationToken)
    {
        var psi = new ProcessStartInfo(tool)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        foreach (var argument in arguments)
            psi.ArgumentList.Add(argument);
        if (tpm.Tcti is not null)
            psi.Environment["TPM2TOOLS_TCTI"] = tpm.Tcti;

        Process process;
        try
        {
            process = Process.Start(psi) ?? throw new TpmUnavailableException($"could not start {tool}");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new TpmUnavailableException($"{tool} cannot be run ({e.Message}); install tpm2-tools");
        }

        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
            var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(ToolTimeout);
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                process.Kill(entireProcessTree: true);
                throw new TpmUnavailableException($"{tool} did not finish within {ToolTimeout.TotalSeconds:0} s; is the TPM (TCTI {tpm.Tcti ?? "default"}) reachable?");
            }

            if (process.ExitCode != 0)
                throw new TpmUnavailableException($"{tool} failed ({process.ExitCode}): {(await stderr).Trim()} {(await stdout).Trim()}".TrimEnd());
        }
    }
}
