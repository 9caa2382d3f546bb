using System.Globalization;

namespace Aims.Silo.Tests.Federation;

/// <summary>
/// <see cref="TwoFabricFixture"/> for <see cref="FederationTests"/>: B rotates its keys within minutes and asks for a
/// two-second refresh, so A sees B's rotations while the test runs; B also has a relationship with <c>c.test</c>
/// whose endpoint (A's HTTPS port) is configured with the wrong SPIFFE ID.
/// </summary>
public sealed class FederationFabrics : TwoFabricFixture
{
    public const string WrongIdTrustDomain = "c.test";
    public const string WrongEndpointId = "spiffe://a.test/not-the-silo";

    /// <summary>B's keys: a successor is published after half of it, so B's bundle sequence moves within a minute.</summary>
    public static readonly TimeSpan KeyLifetimeB = TimeSpan.FromSeconds(120);

    protected override void ConfigureB(IDictionary<string, string> environment)
    {
        environment["Aims__Authority__KeyLifetime"] = KeyLifetimeB.ToString("c", CultureInfo.InvariantCulture);
        environment["Aims__Authority__BundleRefreshHint"] = "00:00:02";
        AddRelationship(environment, 1, WrongIdTrustDomain, HttpsUrl(PortsA) + "/spiffe/bundle", "https_spiffe", WrongEndpointId, BootstrapBundleOfA);
    }
}
