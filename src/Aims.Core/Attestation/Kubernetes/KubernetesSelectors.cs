namespace Aims.Core.Attestation.Kubernetes;

/// <summary>The selectors a verified projected service-account token proves.</summary>
public static class KubernetesSelectors
{
    public static string Namespace(string ns) => $"k8s:ns:{ns}";

    public static string ServiceAccount(string name) => $"k8s:sa:{name}";

    public static string ServiceAccountUid(string uid) => $"k8s:sa-uid:{uid}";

    public static string PodName(string name) => $"k8s:pod-name:{name}";

    public static string PodUid(string uid) => $"k8s:pod-uid:{uid}";

    public static string NodeName(string name) => $"k8s:node-name:{name}";

    /// <summary><c>k8s:image:sha256:&lt;hex&gt;</c>: also the measured digest a SLSA provenance subject must match.</summary>
    public static string Image(Sha256Digest digest) => $"k8s:image:{digest}";

    public const string ImagePrefix = "k8s:image:";
}
