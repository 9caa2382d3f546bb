using System.Text.Json;
using Aims.Cli.Output;

namespace Aims.Cli.Tests.Output;

public sealed class KeyValueWriterTests
{
    [Fact]
    public void WriteObject_PreferredKeysFirstSkippedKeysOmitted()
    {
        using var document = JsonDocument.Parse("""{ "b": 1, "skip": 2, "a": "x" }""");
        using var output = new StringWriter();

        KeyValueWriter.WriteObject(output, document.RootElement, first: ["a"], skip: ["skip"]);

        Assert.Equal("a: x\nb: 1\n", output.ToString());
    }

    [Fact]
    public void WriteObject_ArraysOfObjects_GetIndexedKeys()
    {
        using var document = JsonDocument.Parse("""{ "svids": [ { "aud": ["x", "y"] } ], "empty": [], "none": {} }""");
        using var output = new StringWriter();

        KeyValueWriter.WriteObject(output, document.RootElement);

        Assert.Equal("svids[0].aud: x, y\nempty:        (none)\nnone:         (none)\n", output.ToString());
    }

    [Fact]
    public void Write_MultiLineValue_ContinuesUnderTheValueColumn()
    {
        using var output = new StringWriter();

        KeyValueWriter.Write(output, [new("pem", "line1\nline2"), new("k", "v")]);

        Assert.Equal("pem: line1\n     line2\nk:   v\n", output.ToString());
    }

    [Fact]
    public void Write_EmptyValue_LeavesNoTrailingSpace()
    {
        using var output = new StringWriter();

        KeyValueWriter.Write(output, [new("sha256", ""), new("name", "p")]);

        Assert.Equal("sha256:\nname:   p\n", output.ToString());
    }
}
