using System.Diagnostics.CodeAnalysis;
using System.Text.Json;

namespace Aims.Core.Signals;

/// <summary>
/// A subject identifier (RFC 9493): the <c>sub_id</c> of a SET (SSF 1.0 §3). Simple formats carry string members
/// (<c>uri</c> for a SPIFFE ID, <c>opaque</c> for a session or stream id, …); a <c>complex</c> subject combines simple
/// ones that describe the same principal (SSF 1.0 §3.3). Equality is structural, so a subject added to a stream
/// matches the same subject in an event.
/// </summary>
public sealed class SubjectIdentifier : IEquatable<SubjectIdentifier>
{
    private const int MaxValueLength = 2048;

    private SubjectIdentifier(string format, SortedDictionary<string, string> members, SortedDictionary<string, SubjectIdentifier> components)
    {
        Format = format;
        Members = members;
        Components = components;
    }

    public string Format { get; }

    /// <summary>The string members of a simple subject (e.g. <c>uri</c>); empty for a complex one.</summary>
    public IReadOnlyDictionary<string, string> Members { get; }

    /// <summary>The parts of a complex subject by member name (<c>user</c>, <c>session</c>, …); empty for a simple one.</summary>
    public IReadOnlyDictionary<string, SubjectIdentifier> Components { get; }

    /// <summary>An agent or workload by its SPIFFE ID (or any URI).</summary>
    public static SubjectIdentifier ForUri(string uri) => Simple(SubjectFormats.Uri, ("uri", uri));

    /// <summary>A session, stream or other identifier only its issuer can interpret.</summary>
    public static SubjectIdentifier ForOpaque(string id) => Simple(SubjectFormats.Opaque, ("id", id));

    public static SubjectIdentifier ForIssSub(string iss, string sub) => Simple(SubjectFormats.IssSub, ("iss", iss), ("sub", sub));

    /// <summary>A JWT by issuer and <c>jti</c> (SSF 1.0 §3.5.1), e.g. one access token.</summary>
    public static SubjectIdentifier ForJwtId(string iss, string jti) => Simple(SubjectFormats.JwtId, ("iss", iss), ("jti", jti));

    /// <summary>A complex subject (SSF 1.0 §3.3) from its parts; null parts are left out, at least one must remain.</summary>
    public static SubjectIdentifier Complex(
        SubjectIdentifier? user = null, SubjectIdentifier? session = null, SubjectIdentifier? application = null, SubjectIdentifier? tenant = null)
    {
        var parts = new SortedDictionary<string, SubjectIdentifier>(StringComparer.Ordinal);
        foreach (var (name, part) in new[] { ("user", user), ("session", session), ("application", application), ("tenant", tenant) })
        {
            if (part is null)
                continue;
            if (part.Format == SubjectFormats.Complex)
                throw new ArgumentException("A complex subject's members are simple subject identifiers (SSF 1.0 §3.3).", name);
            parts[name] = part;
        }

        if (parts.Count == 0)
            throw new ArgumentException("A complex subject needs at least one member (SSF 1.0 §3.3).");
        return new SubjectIdentifier(SubjectFormats.Complex, new(StringComparer.Ordinal), parts);
    }

    private static SubjectIdentifier Simple(string format, params (string Name, string Value)[] members)
    {
        var map = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in members)
        {
            ArgumentException.ThrowIfNullOrEmpty(value, name);
            map[name] = value;
        }

        return new SubjectIdentifier(format, map, new(StringComparer.Ordinal));
    }

    /// <summary>Writes the identifier as a JSON object (the value of <c>sub_id</c>, or of a complex member).</summary>
    public void WriteTo(Utf8JsonWriter json)
    {
        ArgumentNullException.ThrowIfNull(json);
        json.WriteStartObject();
        json.WriteString("format", Format);
        foreach (var (name, value) in Members)
            json.WriteString(name, value);
        foreach (var (name, part) in Components)
        {
            json.WritePropertyName(name);
            part.WriteTo(json);
        }

        json.WriteEndObject();
    }

    public string ToJson()
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
            WriteTo(json);
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>
    /// Reads a subject identifier. Simple formats need every member of their format as a non-empty string; other
    /// members are ignored (RFC 9493 §3). A complex subject needs at least one member from SSF 1.0 §3.3, each a simple
    /// identifier; unknown complex members are ignored. Unknown formats are refused: the receiver could not match them.
    /// </summary>
    public static bool TryParse(JsonElement element, [NotNullWhen(true)] out SubjectIdentifier? subject, [NotNullWhen(false)] out string? error)
    {
        subject = null;
        if (element.ValueKind != JsonValueKind.Object)
        {
            error = "a subject identifier is a JSON object (RFC 9493 section 3)";
            return false;
        }

        if (!element.TryGetProperty("format", out var format) || format.ValueKind != JsonValueKind.String || string.IsNullOrEmpty(format.GetString()))
        {
            error = "a subject identifier needs a string \"format\" (RFC 9493 section 3)";
            return false;
        }

        var name = format.GetString()!;
        return name == SubjectFormats.Complex ? TryParseComplex(element, out subject, out error) : TryParseSimple(element, name, out subject, out error);
    }

    private static bool TryParseSimple(JsonElement element, string format, out SubjectIdentifier? subject, [NotNullWhen(false)] out string? error)
    {
        subject = null;
        if (!SubjectFormats.SimpleMembers.TryGetValue(format, out var required))
        {
            error = $"subject format '{format}' is not supported; use one of {string.Join(", ", SubjectFormats.SimpleMembers.Keys)} or complex";
            return false;
        }

        var members = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var member in required)
        {
            if (!element.TryGetProperty(member, out var value) || value.ValueKind != JsonValueKind.String
                || value.GetString() is not { Length: > 0 and <= MaxValueLength } text)
            {
                error = $"a '{format}' subject needs \"{member}\" as a non-empty string of at most {MaxValueLength} characters (RFC 9493 section 3.2)";
                return false;
            }

            members[member] = text;
        }

        subject = new SubjectIdentifier(format, members, new(StringComparer.Ordinal));
        error = null;
        return true;
    }

    private static bool TryParseComplex(JsonElement element, out SubjectIdentifier? subject, [NotNullWhen(false)] out string? error)
    {
        subject = null;
        var parts = new SortedDictionary<string, SubjectIdentifier>(StringComparer.Ordinal);
        foreach (var name in SubjectFormats.ComplexMembers)
        {
            if (!element.TryGetProperty(name, out var value))
                continue;
            if (value.ValueKind == JsonValueKind.Object && value.TryGetProperty("format", out var inner) && inner.ValueKind == JsonValueKind.String
                && inner.GetString() == SubjectFormats.Complex)
            {
                error = $"complex subject member \"{name}\" must be a simple subject identifier (SSF 1.0 section 3.3)";
                return false;
            }

            if (!TryParse(value, out var part, out var partError))
            {
                error = $"complex subject member \"{name}\": {partError}";
                return false;
            }

            parts[name] = part;
        }

        if (parts.Count == 0)
        {
            error = $"a complex subject needs at least one of {string.Join(", ", SubjectFormats.ComplexMembers)} (SSF 1.0 section 3.3)";
            return false;
        }

        subject = new SubjectIdentifier(SubjectFormats.Complex, new(StringComparer.Ordinal), parts);
        error = null;
        return true;
    }

    /// <summary>
    /// Whether an event about this subject concerns <paramref name="other"/>: equal identifiers, or a complex subject
    /// with <paramref name="other"/> among its parts (an event about an agent's session concerns the agent).
    /// </summary>
    public bool Concerns(SubjectIdentifier other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return Equals(other) || Components.Values.Any(part => part.Equals(other));
    }

    public bool Equals(SubjectIdentifier? other) =>
        other is not null
        && Format == other.Format
        && Members.Count == other.Members.Count
        && Members.All(m => other.Members.TryGetValue(m.Key, out var v) && v == m.Value)
        && Components.Count == other.Components.Count
        && Components.All(c => other.Components.TryGetValue(c.Key, out var v) && v.Equals(c.Value));

    public override bool Equals(object? obj) => Equals(obj as SubjectIdentifier);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(Format, StringComparer.Ordinal);
        foreach (var (name, value) in Members)
        {
            hash.Add(name, StringComparer.Ordinal);
            hash.Add(value, StringComparer.Ordinal);
        }

        foreach (var (name, part) in Components)
        {
            hash.Add(name, StringComparer.Ordinal);
            hash.Add(part);
        }

        return hash.ToHashCode();
    }

    public override string ToString() => ToJson();
}
