using System.Text.Json.Nodes;
using Aims.Core.Signals.Streams;

namespace Aims.ResourceServer.Signals;

/// <summary>
/// What the next poll tells the fabric about the SETs of the previous ones (RFC 8936 §2.4): the <c>jti</c>s taken in
/// (<c>ack</c>) and those refused (<c>setErrs</c>). Kept until a poll carrying them succeeds, so none is lost to a
/// failed request. Used by the poll loop only, one poll at a time.
/// </summary>
internal sealed class PollAcknowledgements
{
    private readonly List<string> _ack = [];
    private readonly Dictionary<string, SetError> _errors = new(StringComparer.Ordinal);

    public void Acknowledge(string jti) => _ack.Add(jti);

    public void Refuse(string jti, string err, string description) => _errors[jti] = new SetError(err, description);

    /// <summary>The next poll's body: <c>maxEvents</c>, a long poll (<c>returnImmediately</c> false), and what is pending.</summary>
    public PollBatch Next(int maxEvents)
    {
        var body = new JsonObject { ["maxEvents"] = maxEvents, ["returnImmediately"] = false };
        var acks = _ack.Take(PollRequest.MaxAcks).ToArray();
        if (acks.Length > 0)
            body["ack"] = new JsonArray([.. acks.Select(j => JsonValue.Create(j))]);
        var errors = _errors.Take(PollRequest.MaxAcks).ToArray();
        if (errors.Length > 0)
        {
            var setErrs = new JsonObject();
            foreach (var (jti, error) in errors)
                setErrs[jti] = new JsonObject { ["err"] = error.Err, ["description"] = error.Description };
            body["setErrs"] = setErrs;
        }

        return new PollBatch(body, acks.Length, [.. errors.Select(e => e.Key)]);
    }

    /// <summary>The poll carrying <paramref name="batch"/> succeeded: the fabric has those acknowledgements and errors.</summary>
    public void Sent(PollBatch batch)
    {
        _ack.RemoveRange(0, batch.Acks);
        foreach (var jti in batch.Refused)
            _errors.Remove(jti);
    }
}
