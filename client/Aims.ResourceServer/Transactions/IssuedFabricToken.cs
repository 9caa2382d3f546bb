namespace Aims.ResourceServer.Transactions;

/// <summary>A token the fabric's token service issued (RFC 8693 §2.2.1): never log <see cref="Token"/>.</summary>
/// <param name="IssuedTokenType">A token type URI: txn_token or access_token.</param>
public sealed record IssuedFabricToken(string Token, string IssuedTokenType, string? Scope, DateTimeOffset ExpiresAt);
