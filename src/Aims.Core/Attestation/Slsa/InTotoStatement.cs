using System.Diagnostics.CodeAnalysis;
using System.Text.Json;

namespace Aims.Core.Attestation.Slsa;

/// <summary>
/// An in-toto Statement (attestation spec v1 statement.md; v0.1 as SLSA v0.2 used it): <c>_type</c>, <c>subject</c>
/// (name and digest set of each artefact), <c>predicateType</c> and <c>predicate</c>. Only the subjects' SHA-256
/// digests are kept; a subject without one cannot be matched against a measurement and is ignored.
/// </summary>
public sealed class InTotoStatement
{
    public const int MaxSubjects = 256;

    private static readonly JsonDocumentOptions Options = new() { AllowDuplicateProperties = false, MaxDepth = 32 };

    private InTotoStatement(string type, IReadOnlyList<Sha256Digest> subjectDigests, string predicateType, JsonElement predicate)
    {
        Type = type;
        SubjectDigests = subjectDigests;
        PredicateType = predicateType;
        Predicate = predicate;
    }

    public string Type { get; }

    public IReadOnlyList<Sha256Digest> SubjectDigests { get; }

    public string PredicateType { get; }

    public JsonElement Predicate { get; }

    public static bool TryParse(byte[] json, [NotNullWhen(true)] out InTotoStatement? statement, [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(json);
        statement = null;
        JsonElement root;
        try
        {
            using var document = JsonDocument.Parse(json, Options);
            root = document.RootElement.Clone();
        }
        catch (JsonException e)
        {
            error = $"the payload is not a JSON in-toto Statement: {e.Message}";
            return false;
        }

        if (root.ValueKind != JsonValueKind.Object || !TryString(root, "_type", out var type)
            || type is not (SlsaConstants.StatementV1 or SlsaConstants.StatementV01))
        {
            error = $"'_type' must be {SlsaConstants.StatementV1} (or {SlsaConstants.StatementV01} for SLSA v0.2 provenance)";
            return false;
        }

        if (!root.TryGetProperty("subject", out var subjects) || subjects.ValueKind != JsonValueKind.Array
            || subjects.GetArrayLength() is 0 or > MaxSubjects)
        {
            error = $"'subject' must be an array of 1 to {MaxSubjects} artefacts with a digest";
            return false;
        }

        var digests = new List<Sha256Digest>();
        foreach (var subject in subjects.EnumerateArray())
        {
            if (subject.ValueKind != JsonValueKind.Object || !subject.TryGetProperty("digest", out var digest) || digest.ValueKind != JsonValueKind.Object)
            {
                error = "every subject needs a 'digest' object (in-toto ResourceDescriptor)";
                return false;
            }

            // Hex may be written in either case (in-toto digest set); lowercase is the one spelling compared.
            if (TryString(digest, "sha256", out var hex) && Sha256Digest.TryParseHex(hex.ToLowerInvariant(), out var parsed))
                digests.Add(parsed);
        }

        if (!TryString(root, "predicateType", out var predicateType))
        {
            error = "'predicateType' must be a string";
            return false;
        }

        if (!root.TryGetProperty("predicate", out var predicate) || predicate.ValueKind != JsonValueKind.Object)
        {
            error = "'predicate' must be an object";
            return false;
        }

        statement = new InTotoStatement(type, digests, predicateType, predicate);
        error = null;
        return true;
    }

    internal static bool TryString(JsonElement parent, string name, out string value)
    {
        value = string.Empty;
        if (!parent.TryGetProperty(name, out var element) || element.ValueKind != JsonValueKind.String || element.GetString() is not { Length: > 0 } text)
            return false;
        value = text;
        return true;
    }
}
