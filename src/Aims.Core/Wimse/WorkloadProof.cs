namespace Aims.Core.Wimse;

/// <summary>
/// A Workload Proof Token that passed every check of draft-ietf-wimse-wpt §2 for one request: signed by the WIT's
/// key, for this recipient, current, bound to the WIT and to every token the request carries, and used once.
/// </summary>
/// <param name="Subject">The WIT's <c>sub</c>: who proved possession.</param>
/// <param name="OtherTokenHeaders">Lower-cased names of the headers bound by <c>oth</c>; other tokens must not feed authorization.</param>
public sealed record WorkloadProof(
    string Subject,
    string Jti,
    string Audience,
    DateTimeOffset ExpiresAt,
    bool BindsAccessToken,
    bool BindsTxnToken,
    IReadOnlyList<string> OtherTokenHeaders)
{
    public override string ToString() => $"WPT of {Subject} jti={Jti} aud={Audience} exp={ExpiresAt:O}";
}
