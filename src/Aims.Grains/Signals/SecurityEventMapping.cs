using System.Text.Json;
using Aims.Core.Signals;

namespace Aims.Grains.Signals;

/// <summary>Between Core's <see cref="SecurityEvent"/> and its wire form inside the cluster.</summary>
public static class SecurityEventMapping
{
    public static SecurityEventMessage ToMessage(this SecurityEvent securityEvent)
    {
        ArgumentNullException.ThrowIfNull(securityEvent);
        return new(securityEvent.Type, securityEvent.Subject.ToJson(), securityEvent.PayloadJson, securityEvent.Txn, securityEvent.OccurredAt);
    }

    /// <exception cref="FormatException">The subject JSON is not a subject identifier (it was written by this code, so a bug).</exception>
    public static SecurityEvent ToCore(SecurityEventMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return new SecurityEvent(message.Type, Subject(message.SubjectJson), message.PayloadJson, message.Txn, message.OccurredAt);
    }

    public static SubjectIdentifier Subject(string json)
    {
        using var document = JsonDocument.Parse(json);
        return SubjectIdentifier.TryParse(document.RootElement, out var subject, out var error)
            ? subject
            : throw new FormatException($"not a subject identifier: {error}");
    }
}
