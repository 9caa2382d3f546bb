namespace Aims.Core.Wimse;

/// <summary>
/// The tokens a request carries besides its WIT, which its WPT must bind by hash (draft-ietf-wimse-wpt §2: "the
/// <c>ath</c>, <c>tth</c> and <c>oth</c> claims are each mandatory if the respective tokens are included in the
/// request"). The writer hashes them into the proof; the validator checks the proof against them.
/// </summary>
/// <param name="AccessToken">The OAuth access token (<c>Authorization: Bearer</c>), bound by <c>ath</c>.</param>
/// <param name="TxnToken">The <c>Txn-Token</c> header, bound by <c>tth</c>.</param>
/// <param name="OtherTokens">
/// Other headers carrying end-user identity or authorization context that the recipient understands, by header name;
/// bound by <c>oth</c> with the lower-cased name as key and the value trimmed of leading and trailing spaces.
/// </param>
public sealed record RequestTokens(string? AccessToken = null, string? TxnToken = null, IReadOnlyDictionary<string, string>? OtherTokens = null)
{
    public static readonly RequestTokens None = new();
}
