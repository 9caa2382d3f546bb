namespace Aims.Cli.Output;

/// <summary>Human output of a list: a header row and columns padded to their widest cell.</summary>
internal static class TableWriter
{
    private const string Gap = "  ";

    public static void Write(TextWriter output, IReadOnlyList<string> headers, IReadOnlyList<IReadOnlyList<string>> rows)
    {
        if (rows.Count == 0)
        {
            output.Write(JsonText.Empty + "\n");
            return;
        }

        var widths = headers.Select((h, i) => Math.Max(h.Length, rows.Max(r => r[i].Length))).ToArray();
        WriteRow(output, headers, widths);
        foreach (var row in rows)
            WriteRow(output, row, widths);
    }

    private static void WriteRow(TextWriter output, IReadOnlyList<string> cells, int[] widths)
    {
        for (var i = 0; i < cells.Count; i++)
        {
            var last = i == cells.Count - 1;
            output.Write(last ? cells[i] : cells[i].PadRight(widths[i]) + Gap);
        }

        output.Write('\n');
    }
}
