using Aims.Core.Credentials;

namespace Aims.Core.Wimse;

/// <summary>
/// A validated WIT as a proof sees it: who it names, its compact value and that value's hash (<c>wth</c>), and its
/// confirmation key. Built once per WIT: a recipient that caches it by <see cref="TokenHash"/> skips both the WIT's
/// signature check and the key import on every later request.
/// </summary>
/// <param name="Subject">The WIT's <c>sub</c>: the workload identifier, also the scope of WPT replay protection.</param>
public sealed record WitBinding(string Subject, string Token, string TokenHash, ProofKey Key)
{
    /// <summary>The binding of a validated WIT-SVID; fails when its <c>cnf.jwk</c> cannot verify proofs.</summary>
    public static bool TryCreate(Wit wit, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out WitBinding? binding,
        [System.Diagnostics.CodeAnalysis.NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(wit);
        binding = null;
        if (!ProofKey.TryCreate(wit.Confirmation, out var key, out error))
            return false;

        binding = new WitBinding(wit.Subject.ToString(), wit.Token, Wimse.TokenHash.Of(wit.Token), key);
        return true;
    }
}
