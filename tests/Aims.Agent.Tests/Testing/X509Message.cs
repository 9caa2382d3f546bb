using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Aims.Core.Credentials;
using Aims.Core.Identity;

namespace Aims.Agent.Tests.Testing;

/// <summary>One X509SVIDResponse as the workload printed it, decoded.</summary>
internal sealed record X509Message(DateTimeOffset At, IReadOnlyList<X509Message.Svid> Svids)
{
    public sealed record Svid(string SpiffeId, string Hint, IReadOnlyList<X509Certificate2> Chain, IReadOnlyList<X509Certificate2> Bundle, bool KeyMatchesLeaf)
    {
        public X509Certificate2 Leaf => Chain[0];

        public string Serial => Leaf.SerialNumber.ToLowerInvariant();

        public DateTimeOffset NotAfter => new(Leaf.NotAfter.ToUniversalTime(), TimeSpan.Zero);

        /// <summary>The bundle CA that issued the leaf, or null when none of the bundle did.</summary>
        public X509Certificate2? Issuer => Bundle.FirstOrDefault(ca => ca.SubjectName.RawData.AsSpan().SequenceEqual(Leaf.IssuerName.RawData));

        /// <summary>The leaf checked the way a relying party checks it, against the bundle that came with it.</summary>
        public CredentialValidationResult<X509Svid> Validate() =>
            X509SvidValidator.Validate(Chain, new X509Bundle(TrustDomain.Parse(WorkloadApiFixture.TrustDomain), Bundle), DateTimeOffset.UtcNow);
    }

    public static X509Message Parse(JsonElement message)
    {
        Assert.True(message.GetProperty("event").GetString() == "x509", $"expected an X509-SVID message, got {message}");
        var svids = message.GetProperty("svids").EnumerateArray().Select(s => new Svid(
            s.GetProperty("spiffe_id").GetString()!,
            s.GetProperty("hint").GetString()!,
            Certificates(s.GetProperty("chain")),
            Certificates(s.GetProperty("bundle")),
            s.GetProperty("key_matches_leaf").GetBoolean())).ToList();
        return new X509Message(message.GetProperty("at").GetDateTimeOffset(), svids);
    }

    public static IReadOnlyList<X509Certificate2> Certificates(JsonElement base64Array) =>
        [.. base64Array.EnumerateArray().Select(c => X509CertificateLoader.LoadCertificate(c.GetBytesFromBase64()))];
}
