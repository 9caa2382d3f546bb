using System.Diagnostics;
using System.Text;
using System.Threading.Channels;

namespace Aims.Agent.Tests.Testing;

/// <summary>A child process's output, line by line as it comes, and all of it for failure messages.</summary>
internal sealed class OutputLines
{
    private const int MaxKept = 4000;
    private readonly Channel<string> _lines = Channel.CreateUnbounded<string>();
    private readonly Queue<string> _kept = new();
    private readonly Lock _gate = new();

    public void Attach(Process process, bool channelStdout)
    {
        ArgumentNullException.ThrowIfNull(process);
        // A null line is the end of stdout, which comes after every line (unlike the Exited event).
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
                _lines.Writer.TryComplete();
            else
                Add(e.Data, toChannel: channelStdout);
        };
        process.ErrorDataReceived += (_, e) => Add(e.Data is null ? null : "stderr: " + e.Data, toChannel: false);
    }

    /// <summary>The next stdout line, or null when the process ended first; throws when <paramref name="timeout"/> passes.</summary>
    public async Task<string?> NextAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            return await _lines.Reader.WaitToReadAsync(cancel.Token) && _lines.Reader.TryRead(out var line) ? line : null;
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"no output within {timeout.TotalSeconds:0} s\n{Text}");
        }
    }

    public string Text
    {
        get
        {
            lock (_gate)
            {
                var text = new StringBuilder();
                foreach (var line in _kept)
                    text.Append(line).Append('\n');
                return text.ToString();
            }
        }
    }

    private void Add(string? line, bool toChannel)
    {
        if (line is null)
            return;
        lock (_gate)
        {
            _kept.Enqueue(line);
            while (_kept.Count > MaxKept)
                _kept.Dequeue();
        }

        if (toChannel)
            _lines.Writer.TryWrite(line);
    }
}
