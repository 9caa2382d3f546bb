namespace Aims.Bench;

/// <summary>Which measurements a run makes.</summary>
internal enum BenchSuite
{
    /// <summary>Raw crypto plus Core issuance paths.</summary>
    Issuance,

    /// <summary>Raw crypto, Core issuance paths and the same through the issuer grain.</summary>
    Grain,

    /// <summary>Issuance and grain.</summary>
    All,

    /// <summary>The token endpoint over HTTP against a silo process, next to the raw crypto at the same parallelism.</summary>
    Http,

    /// <summary>Managed memory per live token grain in an in-process silo, and what is left after the tokens expire.</summary>
    Memory,

    /// <summary>Requests Aims.ResourceServer authenticates with access token + WIT + WPT, against the raw ES256 verify rate.</summary>
    ResourceServer,

    /// <summary>How fast a compromise reaches three Azure-profile silo processes, introspection and an SSF push receiver.</summary>
    Compromise,

    /// <summary>SVIDs served through the node agent's Workload API, and the rotation storm (modelled and measured).</summary>
    Workload,

    /// <summary>client_credentials answered by Kestrel and Aims.Core alone in a child process: the floor under <see cref="Http"/>.</summary>
    Floor,
}
