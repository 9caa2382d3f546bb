using System.Diagnostics.CodeAnalysis;
using System.Text.Json;

namespace Aims.Core.Signals.Streams;

/// <summary>
/// An RFC 8936 §2.4 poll: acknowledge <see cref="Ack"/>, record <see cref="SetErrors"/>, and return up to
/// <see cref="MaxEvents"/> unacknowledged SETs (0: acknowledge only), at once or after a long poll.
/// </summary>
public sealed record PollRequest(int MaxEvents, bool ReturnImmediately, IReadOnlyList<string> Ack, IReadOnlyDictionary<string, SetError> SetErrors)
{
    /// <summary>The most SETs one response carries, whatever <c>maxEvents</c> asks.</summary>
    public const int MaxEventsCap = 500;

    public const int MaxAcks = 1000;

    /// <summary>Reads a poll body; a missing <c>maxEvents</c> means "as many as allowed".</summary>
    public static bool TryParse(JsonElement body, [NotNullWhen(true)] out PollRequest? request, [NotNullWhen(false)] out string? error)
    {
        request = null;
        if (body.ValueKind != JsonValueKind.Object)
            return Fail("the poll body must be a JSON object (RFC 8936 section 2.4)", out error);

        var maxEvents = MaxEventsCap;
        if (body.TryGetProperty("maxEvents", out var max))
        {
            if (max.ValueKind != JsonValueKind.Number || !max.TryGetInt32(out maxEvents) || maxEvents < 0)
                return Fail("maxEvents must be a non-negative integer (RFC 8936 section 2.4)", out error);
            maxEvents = Math.Min(maxEvents, MaxEventsCap);
        }

        var returnImmediately = false;
        if (body.TryGetProperty("returnImmediately", out var immediate))
        {
            if (immediate.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
                return Fail("returnImmediately must be a JSON boolean (RFC 8936 section 2.4)", out error);
            returnImmediately = immediate.GetBoolean();
        }

        var acks = new List<string>();
        if (body.TryGetProperty("ack", out var ack))
        {
            if (ack.ValueKind != JsonValueKind.Array || ack.GetArrayLength() > MaxAcks)
                return Fail($"ack must be an array of at most {MaxAcks} jti strings (RFC 8936 section 2.4)", out error);
            foreach (var jti in ack.EnumerateArray())
            {
                if (jti.ValueKind != JsonValueKind.String || string.IsNullOrEmpty(jti.GetString()))
                    return Fail("every ack value must be the jti of a SET, a non-empty string", out error);
                acks.Add(jti.GetString()!);
            }
        }

        var errors = new Dictionary<string, SetError>(StringComparer.Ordinal);
        if (body.TryGetProperty("setErrs", out var setErrs))
        {
            if (setErrs.ValueKind != JsonValueKind.Object)
                return Fail("setErrs must be an object keyed by jti (RFC 8936 section 2.4)", out error);
            foreach (var entry in setErrs.EnumerateObject())
            {
                if (errors.Count >= MaxAcks)
                    return Fail($"at most {MaxAcks} setErrs per poll", out error);
                if (entry.Value.ValueKind != JsonValueKind.Object
                    || !entry.Value.TryGetProperty("err", out var err) || err.ValueKind != JsonValueKind.String)
                    return Fail($"setErrs[\"{entry.Name}\"] must be an object with a string err (RFC 8936 section 2.4)", out error);
                var description = entry.Value.TryGetProperty("description", out var d) && d.ValueKind == JsonValueKind.String ? d.GetString() : null;
                errors[entry.Name] = new SetError(err.GetString()!, description);
            }
        }

        request = new PollRequest(maxEvents, returnImmediately, acks, errors);
        error = null;
        return true;
    }

    private static bool Fail(string message, out string error)
    {
        error = message;
        return false;
    }
}
