using Aims.Core.Credentials;
using Aims.Core.Identity;
using Aims.Core.OAuth;

namespace Aims.Core.Transactions;

/// <summary>What Txn-Token validation has established so far; the JOSE part is the shared <see cref="JwtValidationContext"/>.</summary>
internal sealed class TxnTokenValidationContext(JwtValidationContext jwt, string expectedIssuer, TrustDomain expectedTrustDomain)
{
    public JwtValidationContext Jwt { get; } = jwt;

    public string ExpectedIssuer { get; } = expectedIssuer;

    public TrustDomain ExpectedTrustDomain { get; } = expectedTrustDomain;

    public string Issuer { get; set; } = string.Empty;

    public string Txn { get; set; } = string.Empty;

    public string Subject { get; set; } = string.Empty;

    public ScopeSet Scope { get; set; } = ScopeSet.Empty;

    public IReadOnlyList<string> RequestingWorkloads { get; set; } = [];

    public string? TransactionContext { get; set; }

    public string? RequesterContext { get; set; }

    public bool Reject(string error, string detail) => Jwt.Reject(error, detail);

    /// <summary>A claim that must be a non-empty JSON string of bounded length.</summary>
    public bool TryGetIdentifier(string name, out string value)
    {
        value = string.Empty;
        if (!Jwt.TryGetString(name, required: true, out var text))
            return false;
        if (string.IsNullOrEmpty(text))
            return Reject(CredentialErrors.Malformed, $"the '{name}' claim must not be empty");
        if (text.Length > TxnTokenConstants.Limits.MaxIdentifierLength)
            return Reject(CredentialErrors.Malformed, $"the '{name}' claim is longer than {TxnTokenConstants.Limits.MaxIdentifierLength} characters");

        value = text;
        return true;
    }
}
