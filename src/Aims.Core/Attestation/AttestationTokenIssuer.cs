using System.Diagnostics.CodeAnalysis;
using Aims.Core.Credentials;
using Aims.Core.OAuth;

namespace Aims.Core.Attestation;

/// <summary>
/// An issuer of identity tokens that attest a workload (a Kubernetes API server's projected service-account tokens,
/// a cloud's instance identity tokens, a CI system's OIDC tokens): its exact <c>iss</c>, the audiences this fabric
/// answers to, how old a token may be, and whether each token may be presented once only (its <c>jti</c>). Its keys
/// are configured next to it (inline or a <c>jwks_uri</c>) and passed to the verifier; they are never discovered.
/// </summary>
public sealed class AttestationTokenIssuer
{
    /// <summary>A Kubernetes projected token lives an hour by default and is refreshed at 80%; one hour covers it.</summary>
    public static readonly TimeSpan DefaultMaxTokenAge = TimeSpan.FromHours(1);

    private AttestationTokenIssuer(TrustedIssuer keys, IReadOnlyList<string> audiences, TimeSpan maxTokenAge, bool singleUse, TimeSpan clockSkew)
    {
        Keys = keys;
        Audiences = audiences;
        MaxTokenAge = maxTokenAge;
        SingleUse = singleUse;
        ClockSkew = clockSkew;
    }

    /// <summary>The <c>iss</c> of its tokens, compared exactly.</summary>
    public string Issuer => Keys.Issuer;

    /// <summary>Where its keys come from: inline or a fixed <c>jwks_uri</c>, as for any issuer this fabric trusts.</summary>
    public TrustedIssuer Keys { get; }

    /// <summary>The <c>aud</c> values that mean "for this fabric"; a token must carry one.</summary>
    public IReadOnlyList<string> Audiences { get; }

    /// <summary>A token issued (<c>iat</c>) longer ago than this is stale, whatever its <c>exp</c> says.</summary>
    public TimeSpan MaxTokenAge { get; }

    /// <summary>When true, a token must carry a <c>jti</c> and is accepted once until it expires.</summary>
    public bool SingleUse { get; }

    public TimeSpan ClockSkew { get; }

    public static bool TryCreate(TrustedIssuer keys, IEnumerable<string>? audiences, TimeSpan? maxTokenAge, bool singleUse,
        [NotNullWhen(true)] out AttestationTokenIssuer? created, [NotNullWhen(false)] out string? error) =>
        TryCreate(keys, audiences, maxTokenAge, singleUse, CredentialValidationWindow.DefaultClockSkew, out created, out error);

    public static bool TryCreate(TrustedIssuer keys, IEnumerable<string>? audiences, TimeSpan? maxTokenAge, bool singleUse, TimeSpan clockSkew,
        [NotNullWhen(true)] out AttestationTokenIssuer? created, [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(keys);
        created = null;
        var issuer = keys.Issuer;

        var list = (audiences ?? []).Where(a => !string.IsNullOrWhiteSpace(a)).Distinct(StringComparer.Ordinal).ToList();
        if (list.Count == 0)
        {
            // A token for any audience is a token for every relying party: one that leaks anywhere attests here.
            error = $"issuer '{issuer}' needs Audiences: the aud its tokens must carry to be meant for this fabric";
            return false;
        }

        var age = maxTokenAge ?? DefaultMaxTokenAge;
        if (age <= TimeSpan.Zero || age > TimeSpan.FromDays(1))
        {
            error = $"issuer '{issuer}': MaxTokenAge must be more than 0 and at most one day";
            return false;
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(clockSkew, TimeSpan.Zero);
        created = new AttestationTokenIssuer(keys, list.AsReadOnly(), age, singleUse, clockSkew);
        error = null;
        return true;
    }

    public override string ToString() => $"attestation token issuer {Issuer}";
}
