using System.Text.Json;
using Aims.Core.Jose;

namespace Aims.Core.Attestation.Kubernetes;

/// <summary>
/// Verifies a Kubernetes projected service-account token (a bound token, <c>serviceAccountToken</c> projected volume
/// with an audience) and turns its <c>kubernetes.io</c> claim into selectors: namespace, service account (name and
/// uid), pod (name and uid), node when present, and image digests only from a configured claim. A token not bound to
/// a pod (a legacy secret-based token) is refused, and <c>sub</c> must agree with the claim
/// (<c>system:serviceaccount:&lt;ns&gt;:&lt;name&gt;</c>).
/// </summary>
public static class ProjectedTokenVerifier
{
    private const string Type = AttestationTypes.KubernetesPsat;

    public static AttestationResult Verify(string token, KubernetesIssuer issuer, VerificationKeySet? keys, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(token);
        ArgumentNullException.ThrowIfNull(issuer);
        if (!AttestationTokenValidator.TryValidate(Type, token, issuer.Token, keys, now, out var verified, out var refusal))
            return refusal!;

        var claims = verified!.Claims;
        if (!claims.TryGetProperty("kubernetes.io", out var k8s) || k8s.ValueKind != JsonValueKind.Object)
            return Refuse("claims", "the token has no 'kubernetes.io' object; present a projected service-account token");
        if (!TryString(k8s, "namespace", out var ns))
            return Refuse("claims", "'kubernetes.io.namespace' must be a non-empty string");
        if (!TryObject(k8s, "serviceaccount", out var sa) || !TryString(sa, "name", out var saName) || !TryString(sa, "uid", out var saUid))
            return Refuse("claims", "'kubernetes.io.serviceaccount' must hold non-empty 'name' and 'uid'");
        if (!TryObject(k8s, "pod", out var pod) || !TryString(pod, "name", out var podName) || !TryString(pod, "uid", out var podUid))
            return Refuse("pod", "the token is not bound to a pod; present a projected (pod-bound) service-account token, not a secret-based one");

        var expectedSubject = $"system:serviceaccount:{ns}:{saName}";
        if (verified.Subject != expectedSubject)
            return Refuse("claims", $"'sub' is '{verified.Subject}', but the kubernetes.io claim names {expectedSubject}");

        List<string> selectors =
        [
            KubernetesSelectors.Namespace(ns),
            KubernetesSelectors.ServiceAccount(saName),
            KubernetesSelectors.ServiceAccountUid(saUid),
            KubernetesSelectors.PodName(podName),
            KubernetesSelectors.PodUid(podUid),
        ];
        if (TryObject(k8s, "node", out var node) && TryString(node, "name", out var nodeName))
            selectors.Add(KubernetesSelectors.NodeName(nodeName));

        if (issuer.ImageDigestClaim is { } claim && ClaimPath.TryFind(claims, claim, out var images))
        {
            if (!TryReadImageDigests(images, out var digests))
                return Refuse("image", $"claim '{claim}' must be a string or an array of strings of the form [name@]sha256:<64 lowercase hex>");
            selectors.AddRange(digests.Select(KubernetesSelectors.Image));
        }

        return AttestationResult.Verified(new AttestedEvidence(
            Type, [.. selectors.Distinct(StringComparer.Ordinal)], $"issuer {issuer.Token.Issuer} (kid {verified.KeyId})",
            issuer.Token.SingleUse ? verified.Jti : null, issuer.Token.SingleUse ? verified.ExpiresAt + issuer.Token.ClockSkew : null));
    }

    private static bool TryReadImageDigests(JsonElement value, out List<Sha256Digest> digests)
    {
        digests = [];
        List<JsonElement> items;
        if (value.ValueKind == JsonValueKind.String)
            items = [value];
        else if (value.ValueKind == JsonValueKind.Array && value.GetArrayLength() <= 64)
            items = [.. value.EnumerateArray()];
        else
            return false;

        foreach (var item in items)
        {
            if (item.ValueKind != JsonValueKind.String)
                return false;
            var text = item.GetString()!;
            var at = text.LastIndexOf('@');
            if (!Sha256Digest.TryParse(at >= 0 ? text[(at + 1)..] : text, out var digest))
                return false;
            digests.Add(digest);
        }

        return true;
    }

    private static bool TryString(JsonElement parent, string name, out string value)
    {
        value = string.Empty;
        if (!parent.TryGetProperty(name, out var element) || element.ValueKind != JsonValueKind.String || element.GetString() is not { Length: > 0 and <= 253 } text)
            return false;
        value = text;
        return true;
    }

    private static bool TryObject(JsonElement parent, string name, out JsonElement value) =>
        parent.TryGetProperty(name, out value) && value.ValueKind == JsonValueKind.Object;

    private static AttestationResult Refuse(string check, string detail) => AttestationResult.Refused($"{Type}.{check}", detail);
}
