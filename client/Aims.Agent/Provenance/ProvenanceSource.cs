using Aims.Agent.Hosting;
using Aims.Core.Attestation;
using Aims.Core.Attestation.Slsa;
using Aims.Core.Attestation.Unix;

namespace Aims.Agent.Provenance;

/// <summary>
/// Finds SLSA provenance for a measured process in <see cref="NodeAgentOptions.ProvenanceDirectory"/>: the file
/// <c>&lt;sha256 of the executable&gt;.intoto.jsonl</c>, else <c>&lt;executable file name&gt;.intoto.jsonl</c> (the
/// name slsa-github-generator gives it). Such a file holds one DSSE envelope per line; the first whose statement names
/// the measured digest is sent, else the first envelope, so the cluster says why it does not fit. Nothing here is
/// trusted: the cluster verifies signature, builder and digest.
/// </summary>
internal sealed class ProvenanceSource(NodeAgentOptions options)
{
    public const string Extension = ".intoto.jsonl";

    /// <summary>Large enough for a few envelopes, small enough that a stray file cannot swamp the agent.</summary>
    private const long MaxFileBytes = 512 * 1024;

    /// <summary>The envelope (JSON text) for the process with <paramref name="selectors"/>; null when there is none.</summary>
    public string? Find(IReadOnlyList<string> selectors)
    {
        ArgumentNullException.ThrowIfNull(selectors);
        if (options.ProvenanceDirectory is not { } directory)
            return null;

        var sha256 = Value(selectors, UnixAttestor.Sha256Prefix);
        var path = Value(selectors, UnixAttestor.PathPrefix);
        string?[] candidates = [sha256, path is null ? null : Path.GetFileName(path.EndsWith(UnixAttestor.DeletedSuffix, StringComparison.Ordinal) ? path[..^UnixAttestor.DeletedSuffix.Length] : path)];
        foreach (var name in candidates)
        {
            if (name is not { Length: > 0 } || name.Contains('/', StringComparison.Ordinal))
                continue;
            var file = new FileInfo(Path.Combine(directory, name + Extension));
            if (file.Exists && file.Length <= MaxFileBytes)
                return Choose(File.ReadAllLines(file.FullName), sha256);
        }

        return null;
    }

    private static string? Choose(IEnumerable<string> lines, string? sha256)
    {
        string? first = null;
        foreach (var line in lines.Select(l => l.Trim()).Where(l => l.Length > 0))
        {
            first ??= line;
            if (sha256 is not null && Sha256Digest.TryParseHex(sha256, out var measured)
                && DsseEnvelope.TryParse(line, out var envelope, out _)
                && InTotoStatement.TryParse(envelope.Payload, out var statement, out _)
                && statement.SubjectDigests.Contains(measured))
                return line;
        }

        return first;
    }

    private static string? Value(IReadOnlyList<string> selectors, string prefix) =>
        selectors.FirstOrDefault(s => s.StartsWith(prefix, StringComparison.Ordinal)) is { } selector ? selector[prefix.Length..] : null;
}
