using System.Text;
using System.Text.Json;

namespace Aims.WorkloadClient;

/// <summary>One JSON object per line, flushed at once, each with its event name and the time it was written.</summary>
internal sealed class JsonLines(TextWriter output)
{
    private readonly Lock _gate = new();

    public void Write(Action<Utf8JsonWriter> body, string @event)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("event", @event);
            writer.WriteString("at", DateTimeOffset.UtcNow);
            body(writer);
            writer.WriteEndObject();
        }

        lock (_gate)
        {
            output.Write(Encoding.UTF8.GetString(buffer.ToArray()) + "\n");
            output.Flush();
        }
    }
}
