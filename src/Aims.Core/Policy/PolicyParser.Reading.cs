using System.Diagnostics.CodeAnalysis;
using System.Text.Json;

namespace Aims.Core.Policy;

public static partial class PolicyParser
{
    /// <summary>An optional array of distinct strings, each checked by <paramref name="validate"/>.</summary>
    private static bool TryReadStringList(
        JsonElement parent,
        string parentPath,
        string name,
        IReadOnlyList<string> fallback,
        Func<string, string, string?> validate,
        out IReadOnlyList<string> list,
        [NotNullWhen(false)] out string? error) =>
        TryReadStringList(parent, parentPath, name, fallback, int.MaxValue, validate, out list, out error);

    /// <summary>An optional array of at most <paramref name="maxCount"/> distinct strings, each checked by <paramref name="validate"/>.</summary>
    private static bool TryReadStringList(
        JsonElement parent,
        string parentPath,
        string name,
        IReadOnlyList<string> fallback,
        int maxCount,
        Func<string, string, string?> validate,
        out IReadOnlyList<string> list,
        [NotNullWhen(false)] out string? error)
    {
        list = fallback;
        error = null;
        if (!parent.TryGetProperty(name, out var element))
            return true;

        var path = Join(parentPath, name);
        if (!TryCheckKind(element, JsonValueKind.Array, path, "an array of strings", out error))
            return false;

        if (element.GetArrayLength() > maxCount)
        {
            error = PolicyErrors.TooManyValues(path, element.GetArrayLength(), maxCount);
            return false;
        }

        var values = new List<string>(element.GetArrayLength());
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var index = 0;
        foreach (var item in element.EnumerateArray())
        {
            var itemPath = $"{path}[{index++}]";
            if (!TryReadString(item, itemPath, out var value, out error))
                return false;

            error = validate(itemPath, value);
            if (error is not null)
                return false;

            if (!seen.Add(value))
            {
                error = PolicyErrors.DuplicateValue(path, value);
                return false;
            }

            values.Add(value);
        }

        list = values.AsReadOnly();
        return true;
    }

    /// <summary>Checks that <paramref name="element"/> is an object whose members are all known and none repeated.</summary>
    private static bool TryCheckMembers(
        JsonElement element,
        string path,
        string[] known,
        [NotNullWhen(false)] out string? error)
    {
        if (!TryCheckKind(element, JsonValueKind.Object, path, "an object", out error))
            return false;

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var member in element.EnumerateObject())
        {
            if (!TryGetName(member, path, out var name, out error))
                return false;

            var memberPath = Join(path, name);
            if (!known.Contains(name, StringComparer.Ordinal))
            {
                error = PolicyErrors.UnknownMember(memberPath, known);
                return false;
            }

            if (!seen.Add(name))
            {
                error = PolicyErrors.DuplicateMember(memberPath);
                return false;
            }
        }

        return true;
    }

    private static bool TryCheckKind(
        JsonElement element,
        JsonValueKind kind,
        string path,
        string expected,
        [NotNullWhen(false)] out string? error)
    {
        error = element.ValueKind == kind ? null : PolicyErrors.WrongType(path, expected, element.ValueKind);
        return error is null;
    }

    /// <summary>An optional <c>true</c> or <c>false</c>.</summary>
    private static bool TryReadBool(
        JsonElement parent,
        string parentPath,
        string name,
        bool fallback,
        out bool value,
        [NotNullWhen(false)] out string? error)
    {
        value = fallback;
        error = null;
        if (!parent.TryGetProperty(name, out var element))
            return true;

        if (element.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
        {
            error = PolicyErrors.WrongType(Join(parentPath, name), "true or false", element.ValueKind);
            return false;
        }

        value = element.GetBoolean();
        return true;
    }

    private static bool TryReadString(
        JsonElement element,
        string path,
        [NotNullWhen(true)] out string? value,
        [NotNullWhen(false)] out string? error)
    {
        value = null;
        if (!TryCheckKind(element, JsonValueKind.String, path, "a string", out error))
            return false;

        // GetString throws on an escaped unpaired surrogate ("\uD800"), which is bad input, not a bug.
        try
        {
            value = element.GetString()!;
            return true;
        }
        catch (InvalidOperationException)
        {
            error = PolicyErrors.InvalidString(path);
            return false;
        }
    }

    private static bool TryGetName(
        JsonProperty member,
        string path,
        [NotNullWhen(true)] out string? name,
        [NotNullWhen(false)] out string? error)
    {
        name = null;
        error = null;
        try
        {
            name = member.Name;
            return true;
        }
        catch (InvalidOperationException)
        {
            error = PolicyErrors.InvalidString(path);
            return false;
        }
    }

    private static string Join(string path, string member) => path.Length == 0 ? member : $"{path}.{member}";
}
