using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using static Aims.Core.Policy.PolicyJsonNames;

namespace Aims.Core.Policy;

public static partial class PolicyParser
{
    /// <summary>The optional <c>oauth.transactions</c> section; absent means the agent may not obtain transaction tokens.</summary>
    private static bool TryReadTransactions(
        JsonElement oauth,
        string oauthPath,
        out TransactionRule? transactions,
        [NotNullWhen(false)] out string? error)
    {
        transactions = null;
        error = null;
        if (!oauth.TryGetProperty(PolicyJsonNames.Transactions, out var element))
            return true;

        var path = Join(oauthPath, PolicyJsonNames.Transactions);
        if (!TryCheckMembers(element, path, TransactionMembers, out error)
            || !TryReadTtl(element, path, TtlSeconds, TransactionRule.DefaultTtl, TransactionRule.MinTtl, TransactionRule.MaxTtl, out var ttl, out error)
            || !TryReadStringList(element, path, SubjectAudiences, [], TransactionRule.MaxSubjectAudiences, ValidateAudience, out var audiences, out error))
            return false;

        transactions = new TransactionRule(ttl, audiences);
        return true;
    }

    private static void WriteTransactions(Utf8JsonWriter writer, TransactionRule transactions)
    {
        writer.WriteStartObject(PolicyJsonNames.Transactions);
        WriteTtl(writer, TtlSeconds, transactions.Ttl);
        WriteStrings(writer, SubjectAudiences, transactions.SubjectAudiences);
        writer.WriteEndObject();
    }
}
