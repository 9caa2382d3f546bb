using System.Buffers;
using System.Text;
using System.Text.Json;
using static Aims.Core.Policy.PolicyJsonNames;

namespace Aims.Core.Policy;

public static partial class PolicyParser
{
    private static readonly JsonWriterOptions WriterOptions = new() { Indented = true, NewLine = "\n" };

    /// <summary>
    /// The canonical JSON of <paramref name="document"/>: every member written, defaults included, in a fixed order.
    /// </summary>
    /// <exception cref="ArgumentException">The document breaks a policy rule, e.g. a TTL out of range.</exception>
    public static string ToJson(PolicyDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);

        var json = Write(document);

        // Mint, then verify (STYLE habit 6): a document built in code goes through the same checks as one read from
        // JSON, so ToJson never emits a policy that TryParse would reject or read back differently.
        if (!TryParse(json, out var reread, out var error))
            throw new ArgumentException(error, nameof(document));
        if (!reread.Equals(document))
            throw new ArgumentException(PolicyErrors.NotReadBackEqual, nameof(document));

        return json;
    }

    private static string Write(PolicyDocument document)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            writer.WriteStartObject();
            if (document.Description is not null)
                writer.WriteString(Description, document.Description);

            writer.WriteStartArray(Rules);
            foreach (var rule in document.Rules)
                WriteRule(writer, rule);
            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static void WriteRule(Utf8JsonWriter writer, PolicyRule rule)
    {
        writer.WriteStartObject();
        writer.WriteString(Match, rule.Match.ToString());

        writer.WriteStartObject(PolicyJsonNames.Attestation);
        WriteStrings(writer, Allowed, rule.Attestation.Allowed);
        WriteStrings(writer, Required, rule.Attestation.Required);
        writer.WriteEndObject();

        WriteTtl(writer, X509SvidTtlSeconds, rule.X509SvidTtl);
        WriteTtl(writer, JwtSvidTtlSeconds, rule.JwtSvidTtl);
        WriteTtl(writer, WitTtlSeconds, rule.WitTtl);
        WriteStrings(writer, Audiences, rule.Audiences);

        // Written only when present: an absent section means "no access tokens", which a written default would not
        // say, and documents from before OAuth keep their canonical JSON and so their digest.
        if (rule.OAuth is { } oauth)
            WriteOAuth(writer, oauth);

        writer.WriteEndObject();
    }

    private static void WriteOAuth(Utf8JsonWriter writer, OAuthRule oauth)
    {
        writer.WriteStartObject(PolicyJsonNames.OAuth);
        WriteStrings(writer, Scopes, oauth.Scopes);
        WriteStrings(writer, Resources, oauth.Resources);
        WriteTtl(writer, AccessTokenTtlSeconds, oauth.AccessTokenTtl);
        WriteTtl(writer, RefreshTokenTtlSeconds, oauth.RefreshTokenTtl);

        writer.WriteStartObject(Delegation);
        writer.WriteBoolean(Allowed, oauth.Delegation.Allowed);
        writer.WriteNumber(MaxDepth, oauth.Delegation.MaxDepth);
        writer.WriteBoolean(Impersonation, oauth.Delegation.Impersonation);

        // Written only when it names someone, so documents from before may_act keep their canonical JSON and digest.
        if (oauth.Delegation.MayAct.Count > 0)
            WriteStrings(writer, MayAct, [.. oauth.Delegation.MayAct.Select(party => party.ToString())]);
        writer.WriteEndObject();

        WriteStrings(writer, PolicyJsonNames.Users, oauth.Users);

        // Written only when present: an absent section means "no transaction tokens", and older documents keep their digest.
        if (oauth.Transactions is { } transactions)
            WriteTransactions(writer, transactions);

        // Likewise: absent means "no grants for other domains".
        if (oauth.Chaining is { } chaining)
            WriteChaining(writer, chaining);
        writer.WriteEndObject();
    }

    // A fractional TTL is written as it is, so that reading it back rejects it with the member's path.
    private static void WriteTtl(Utf8JsonWriter writer, string name, TimeSpan ttl)
    {
        if (ttl.Ticks % TimeSpan.TicksPerSecond == 0)
            writer.WriteNumber(name, ttl.Ticks / TimeSpan.TicksPerSecond);
        else
            writer.WriteNumber(name, ttl.TotalSeconds);
    }

    private static void WriteStrings(Utf8JsonWriter writer, string name, IReadOnlyList<string> values)
    {
        writer.WriteStartArray(name);
        foreach (var value in values)
            writer.WriteStringValue(value);
        writer.WriteEndArray();
    }
}
