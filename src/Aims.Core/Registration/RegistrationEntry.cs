using Aims.Core.Identity;

namespace Aims.Core.Registration;

/// <summary>
/// A registration entry: the workload identity <see cref="SpiffeId"/> that a node agent (<see cref="ParentId"/>) may
/// obtain for any process whose attested selectors include all of <see cref="Selectors"/>.
/// </summary>
/// <param name="Id">Derived from the SPIFFE ID, parent and selectors (<see cref="RegistrationEntryId"/>), so the same entry cannot exist twice.</param>
/// <param name="Selectors">Sorted, distinct, each <c>type:value</c> (<see cref="SelectorRules"/>).</param>
/// <param name="X509SvidTtl">Caps the lifetime policy gives this workload's X509-SVIDs; null leaves policy's.</param>
/// <param name="JwtSvidTtl">Caps the lifetime policy gives this workload's JWT-SVIDs; null leaves policy's.</param>
/// <param name="DnsNames">DNS names or IP addresses added to the X509-SVID's SAN beside the SPIFFE ID.</param>
/// <param name="Hint">Workload API hint telling a workload with several identities which one this is.</param>
public sealed record RegistrationEntry(
    string Id,
    SpiffeId SpiffeId,
    SpiffeId ParentId,
    IReadOnlyList<string> Selectors,
    TimeSpan? X509SvidTtl,
    TimeSpan? JwtSvidTtl,
    IReadOnlyList<string> DnsNames,
    string? Hint);
