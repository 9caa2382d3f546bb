using Aims.Core.OAuth;

namespace Aims.Core.Transactions;

/// <summary>What a Txn-Token says; the token service decided every value (draft §6.3).</summary>
public sealed record TxnTokenRequest
{
    /// <summary>The authorization server's issuer identifier, written as <c>iss</c> so relying parties know whose keys sign.</summary>
    public required string Issuer { get; init; }

    /// <summary>The transaction identifier; a replacement keeps the one it replaces (draft §10.5).</summary>
    public required string Txn { get; init; }

    public required string Subject { get; init; }

    /// <summary>The trust domain name (draft §4.2: <c>aud</c> identifies the trust domain).</summary>
    public required string Audience { get; init; }

    /// <summary>Never empty: the scope is the purpose of the transaction (draft §4.2).</summary>
    public required ScopeSet Scope { get; init; }

    /// <summary>The call chain of requesting workloads, oldest first; at least one.</summary>
    public required IReadOnlyList<string> RequestingWorkloads { get; init; }

    /// <summary>The <c>tctx</c> object as JSON (see <see cref="ContextObject"/>), or null for none.</summary>
    public string? TransactionContext { get; init; }

    /// <summary>The <c>rctx</c> object as JSON, or null for none.</summary>
    public string? RequesterContext { get; init; }

    /// <summary>Lifetime; the token never outlives <see cref="NotAfter"/> nor the signing key.</summary>
    public required TimeSpan Ttl { get; init; }

    /// <summary>A hard end: a replacement never outlives the token it replaces (draft §10.5). Null for none.</summary>
    public DateTimeOffset? NotAfter { get; init; }
}
