using System.Security.Cryptography.X509Certificates;
using Aims.Core.Identity;

namespace Aims.Core.Credentials;

/// <summary>
/// The relying party's X509-SVID validator (X509-SVID §5): the leaf profile of §5.2 plus digitalSignature,
/// then RFC 5280 path validation up to one of the bundle's authorities, with signatures checked directly on
/// the DER (no <see cref="X509Chain"/>, no platform store, nothing cached between calls).
/// </summary>
public static class X509SvidValidator
{
    /// <summary>Leaf plus intermediates; longer chains are refused before any signature is checked.</summary>
    public const int MaxChainLength = 5;

    /// <param name="chain">Leaf first, then intermediates; may end with the trust anchor itself.</param>
    /// <param name="bundle">The authorities of the trust domain the leaf must belong to.</param>
    /// <param name="now">The time every certificate's validity window is checked against.</param>
    public static CredentialValidationResult<X509Svid> Validate(IReadOnlyList<X509Certificate2> chain, X509Bundle bundle, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(chain);
        ArgumentNullException.ThrowIfNull(bundle);
        if (CheckLength(chain.Count) is { } lengthFailure)
            return lengthFailure;

        var facts = new X509CertificateFacts[chain.Count];
        for (var i = 0; i < chain.Count; i++)
        {
            if (!X509CertificateFacts.TryRead(chain[i], out var read, out var problem))
                return Fail(CredentialErrors.Malformed, problem);
            facts[i] = read;
        }

        return ValidateFacts(facts, bundle, now);
    }

    /// <summary>
    /// The same validation on DER certificates, none of which is decoded into an <see cref="X509Certificate2"/>. Named
    /// apart from <see cref="Validate(IReadOnlyList{X509Certificate2}, X509Bundle, DateTimeOffset)"/> so that a
    /// collection expression such as <c>[]</c> binds to one of them.
    /// </summary>
    /// <param name="chainDer">Leaf first, then intermediates, each a DER Certificate (RFC 5280 §4.1); copied before reading.</param>
    /// <param name="bundle">The authorities of the trust domain the leaf must belong to.</param>
    /// <param name="now">The time every certificate's validity window is checked against.</param>
    public static CredentialValidationResult<X509Svid> ValidateDer(IReadOnlyList<ReadOnlyMemory<byte>> chainDer, X509Bundle bundle, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(chainDer);
        ArgumentNullException.ThrowIfNull(bundle);
        if (CheckLength(chainDer.Count) is { } lengthFailure)
            return lengthFailure;

        var facts = new X509CertificateFacts[chainDer.Count];
        for (var i = 0; i < chainDer.Count; i++)
        {
            if (!X509CertificateFacts.TryRead(chainDer[i].ToArray(), out var read, out var problem))
                return Fail(CredentialErrors.Malformed, problem);
            facts[i] = read;
        }

        return ValidateFacts(facts, bundle, now);
    }

    /// <summary>The checks both entry points share, on certificates already read.</summary>
    internal static CredentialValidationResult<X509Svid> ValidateFacts(X509CertificateFacts[] facts, X509Bundle bundle, DateTimeOffset now)
    {
        if (CheckLength(facts.Length) is { } lengthFailure)
            return lengthFailure;
        if (CheckLeaf(facts[0], out var id) is { } leafFailure)
            return leafFailure;
        if ((CheckTrustDomain(id, bundle) ?? CheckValidity(facts, now)) is { } failure)
            return failure;
        if (CheckPath(facts, bundle, now, out var pathLength) is { } pathFailure)
            return pathFailure;

        var leaf = facts[0];
        var path = facts[..pathLength];
        return CredentialValidationResult<X509Svid>.Success(new X509Svid(
            id, [.. path.Select(f => f.Der)], [.. path.Select(f => f.Certificate)], leaf.SerialNumberHex, leaf.NotBefore, leaf.NotAfter));
    }

    private static CredentialValidationResult<X509Svid>? CheckLength(int count)
    {
        if (count == 0)
            return Fail(CredentialErrors.Malformed, X509SvidErrors.EmptyChain);
        if (count > MaxChainLength)
            return Fail(CredentialErrors.Malformed, X509SvidErrors.ChainTooLong(count, MaxChainLength));
        return null;
    }

    // X509-SVID §2, §3.1, §4.1, §4.3, §4.4, §5.2
    private static CredentialValidationResult<X509Svid>? CheckLeaf(X509CertificateFacts leaf, out SpiffeId id)
    {
        id = null!;
        if (leaf.UnprocessedCriticalExtension is { } oid)
            return Fail(CredentialErrors.NotSvid, X509SvidErrors.UnprocessedCriticalExtension(0, oid));
        if (leaf.UriNames.Count == 0)
            return Fail(CredentialErrors.NotSvid, X509SvidErrors.NoUriSan);
        if (leaf.UriNames.Count > 1)
            return Fail(CredentialErrors.NotSvid, X509SvidErrors.SeveralUriSans);
        if (!SpiffeId.TryParse(leaf.UriNames[0], out var parsed, out var reason))
            return Fail(CredentialErrors.NotSvid, X509SvidErrors.NotSpiffeId(leaf.UriNames[0], reason));
        if (parsed.Path.Length == 0)
            return Fail(CredentialErrors.NotSvid, X509SvidErrors.RootPathLeaf);
        if (leaf.IsCertificateAuthority)
            return Fail(CredentialErrors.NotSvid, X509SvidErrors.LeafIsCertificateAuthority);
        if (leaf.KeyUsage is null)
            return Fail(CredentialErrors.NotSvid, X509SvidErrors.LeafWithoutKeyUsage);
        if (!leaf.KeyUsageIsCritical)
            return Fail(CredentialErrors.NotSvid, X509SvidErrors.LeafKeyUsageNotCritical);
        if (!leaf.HasKeyUsage(X509KeyUsageFlags.DigitalSignature))
            return Fail(CredentialErrors.NotSvid, X509SvidErrors.LeafWithoutDigitalSignature);
        if (leaf.HasKeyUsage(X509KeyUsageFlags.KeyCertSign))
            return Fail(CredentialErrors.NotSvid, X509SvidErrors.LeafWithKeyCertSign);
        if (leaf.HasKeyUsage(X509KeyUsageFlags.CrlSign))
            return Fail(CredentialErrors.NotSvid, X509SvidErrors.LeafWithCrlSign);
        if (leaf.ExtendedKeyUsages is { } usages && !(usages.Contains(X509Oids.ServerAuth) && usages.Contains(X509Oids.ClientAuth)))
            return Fail(CredentialErrors.NotSvid, X509SvidErrors.LeafExtendedKeyUsage);

        id = parsed;
        return null;
    }

    // SPIFFE Federation §4.2: a bundle authenticates SVIDs of its own trust domain only.
    private static CredentialValidationResult<X509Svid>? CheckTrustDomain(SpiffeId id, X509Bundle bundle)
    {
        if (!id.IsMemberOf(bundle.TrustDomain))
            return Fail(CredentialErrors.WrongTrustDomain, X509SvidErrors.WrongTrustDomain(id.ToString(), bundle.TrustDomain.Name));
        if (bundle.Authorities.Count == 0)
            return Fail(CredentialErrors.UntrustedChain, X509SvidErrors.EmptyBundle);
        return null;
    }

    // RFC 5280 §6.1.3 (a)(2)
    private static CredentialValidationResult<X509Svid>? CheckValidity(X509CertificateFacts[] chain, DateTimeOffset now)
    {
        for (var i = 0; i < chain.Length; i++)
        {
            if (now < chain[i].NotBefore)
                return Fail(CredentialErrors.NotYetValid, X509SvidErrors.NotYetValid(i, chain[i].NotBefore));
            if (now > chain[i].NotAfter)
                return Fail(CredentialErrors.Expired, X509SvidErrors.Expired(i, chain[i].NotAfter));
        }

        return null;
    }

    /// <summary>
    /// RFC 5280 §6.1: walks from the leaf up, each certificate's issuer being a bundle authority (which ends the
    /// path) or else the next certificate of the chain. <paramref name="pathLength"/> counts the chain
    /// certificates below the authority.
    /// </summary>
    private static CredentialValidationResult<X509Svid>? CheckPath(X509CertificateFacts[] chain, X509Bundle bundle, DateTimeOffset now, out int pathLength)
    {
        pathLength = 0;
        for (var i = 0; i < chain.Length; i++)
        {
            var subject = chain[i];
            if (i > 0 && subject.UnprocessedCriticalExtension is { } oid)
                return Fail(CredentialErrors.UntrustedChain, X509SvidErrors.UnprocessedCriticalExtension(i, oid));
            if (!X509SignedData.IsSupportedAlgorithm(subject.Signed.AlgorithmOid))
                return Fail(CredentialErrors.UnsupportedAlgorithm, X509SvidErrors.UnsupportedSignatureAlgorithm(i, subject.Signed.AlgorithmOid));

            CredentialValidationResult<X509Svid>? anchorFailure = null;
            foreach (var authority in bundle.Authorities)
            {
                if (!subject.IssuerName.Span.SequenceEqual(authority.SubjectName.RawData)
                    || !X509CertificateFacts.TryRead(authority, out var anchor, out _)
                    || !subject.IsIssuedBy(anchor))
                    continue;

                var failure = CheckAuthority(anchor, i, now) ?? CheckSignature(subject, i, anchor);
                if (failure is null)
                {
                    pathLength = i + 1;
                    return null;
                }

                anchorFailure ??= failure;
            }

            if (i + 1 < chain.Length && subject.IsIssuedBy(chain[i + 1]))
            {
                var failure = CheckIntermediate(chain[i + 1], i + 1) ?? CheckSignature(subject, i, chain[i + 1]);
                if (failure is not null)
                    return failure;
                continue;
            }

            return anchorFailure ?? Fail(CredentialErrors.UntrustedChain, X509SvidErrors.UnknownIssuer(i, subject.Issuer));
        }

        return Fail(CredentialErrors.UntrustedChain, X509SvidErrors.UnknownIssuer(chain.Length - 1, chain[^1].Issuer));
    }

    // X509-SVID §4.1, §4.3; RFC 5280 §6.1.4 (k), (l), (n)
    private static CredentialValidationResult<X509Svid>? CheckIntermediate(X509CertificateFacts issuer, int position)
    {
        if (!issuer.IsCertificateAuthority || !issuer.HasKeyUsage(X509KeyUsageFlags.KeyCertSign))
            return Fail(CredentialErrors.UntrustedChain, X509SvidErrors.IntermediateNotCertificateAuthority(position));
        if (issuer.PathLength is { } maximum && position - 1 > maximum)
            return Fail(CredentialErrors.UntrustedChain, X509SvidErrors.PathLengthExceeded(issuer.Subject, maximum));
        return null;
    }

    // X509-SVID §6: bundle entries are CA certificates; RFC 5280 §6.1.4 (l) applied to the anchor as well.
    private static CredentialValidationResult<X509Svid>? CheckAuthority(X509CertificateFacts anchor, int intermediatesBelow, DateTimeOffset now)
    {
        var subject = anchor.Subject;
        if (now < anchor.NotBefore)
            return Fail(CredentialErrors.NotYetValid, X509SvidErrors.AuthorityNotYetValid(subject, anchor.NotBefore));
        if (now > anchor.NotAfter)
            return Fail(CredentialErrors.Expired, X509SvidErrors.AuthorityExpired(subject, anchor.NotAfter));
        if ((anchor.HasBasicConstraints && !anchor.IsCertificateAuthority)
            || (anchor.KeyUsage is not null && !anchor.HasKeyUsage(X509KeyUsageFlags.KeyCertSign)))
            return Fail(CredentialErrors.UntrustedChain, X509SvidErrors.AuthorityNotCertificateAuthority(subject));
        if (anchor.PathLength is { } maximum && intermediatesBelow > maximum)
            return Fail(CredentialErrors.UntrustedChain, X509SvidErrors.PathLengthExceeded(subject, maximum));
        return null;
    }

    // RFC 5280 §6.1.3 (a)(1)
    private static CredentialValidationResult<X509Svid>? CheckSignature(X509CertificateFacts subject, int position, X509CertificateFacts issuer) =>
        issuer.Verifies(subject)
            ? null
            : Fail(CredentialErrors.BadSignature, X509SvidErrors.BadSignature(position, issuer.Subject));

    private static CredentialValidationResult<X509Svid> Fail(string error, string detail) =>
        CredentialValidationResult<X509Svid>.Failure(error, detail);
}
