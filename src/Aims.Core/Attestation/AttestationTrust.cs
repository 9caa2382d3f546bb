using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;
using Aims.Core.Attestation.Kubernetes;
using Aims.Core.Attestation.Oidc;
using Aims.Core.Attestation.Slsa;

namespace Aims.Core.Attestation;

/// <summary>
/// What this fabric believes when it verifies evidence, all configured and never discovered: the Kubernetes clusters
/// and OIDC issuers whose tokens attest workloads (by exact <c>iss</c>), the builders whose provenance it accepts,
/// and how long a challenge nonce lives.
/// </summary>
public sealed class AttestationTrust
{
    private readonly FrozenDictionary<string, KubernetesIssuer> _kubernetes;
    private readonly FrozenDictionary<string, OidcIssuer> _oidc;

    /// <exception cref="ArgumentException">Two issuers of one kind have the same <c>iss</c>, or the challenge lifetime is out of bounds.</exception>
    public AttestationTrust(
        IEnumerable<KubernetesIssuer> kubernetes, IEnumerable<OidcIssuer> oidc, IEnumerable<TrustedBuilder> builders, TimeSpan challengeTtl)
    {
        ArgumentNullException.ThrowIfNull(kubernetes);
        ArgumentNullException.ThrowIfNull(oidc);
        ArgumentNullException.ThrowIfNull(builders);
        if (AttestationChallenge.CheckTtl(challengeTtl) is { } problem)
            throw new ArgumentException(problem, nameof(challengeTtl));

        _kubernetes = ByIssuer(kubernetes, k => k.Token.Issuer, "Kubernetes");
        _oidc = ByIssuer(oidc, o => o.Token.Issuer, "OIDC");
        Builders = [.. builders];
        ChallengeTtl = challengeTtl;
    }

    public static AttestationTrust Empty { get; } = new([], [], [], AttestationChallenge.DefaultTtl);

    public IReadOnlyList<TrustedBuilder> Builders { get; }

    public TimeSpan ChallengeTtl { get; }

    public IEnumerable<KubernetesIssuer> KubernetesIssuers => _kubernetes.Values;

    public IEnumerable<OidcIssuer> OidcIssuers => _oidc.Values;

    public bool TryFindKubernetes(string issuer, [MaybeNullWhen(false)] out KubernetesIssuer found) => _kubernetes.TryGetValue(issuer, out found);

    public bool TryFindOidc(string issuer, [MaybeNullWhen(false)] out OidcIssuer found) => _oidc.TryGetValue(issuer, out found);

    private static FrozenDictionary<string, T> ByIssuer<T>(IEnumerable<T> items, Func<T, string> issuer, string kind)
    {
        var map = new Dictionary<string, T>(StringComparer.Ordinal);
        foreach (var item in items)
        {
            if (!map.TryAdd(issuer(item), item))
                throw new ArgumentException($"{kind} issuer '{issuer(item)}' is configured twice.", nameof(items));
        }

        return map.ToFrozenDictionary(StringComparer.Ordinal);
    }
}
