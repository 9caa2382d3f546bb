using System.Security.Cryptography;
using System.Text;
using Aims.Core.Policy;
using Aims.Grains.Audit;
using Aims.Grains.Hosting;
using Microsoft.Extensions.Options;

namespace Aims.Grains.Policies;

public sealed class PolicyGrain(
    [PersistentState("policy", StorageNames.Aims)] IPersistentState<PolicyGrainState> state,
    IOptions<AimsOptions> options,
    TimeProvider time) : Grain, IPolicyGrain
{
    public async Task<PolicyPutResult> PutAsync(string json, string author, string correlationId)
    {
        if (!PolicyParser.TryParse(json, out var document, out var error))
            return new PolicyPutResult(null, error, false);

        var canonical = PolicyParser.ToJson(document);
        var digest = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));
        var current = state.State.Versions.LastOrDefault();
        if (current is not null && current.Sha256 == digest)
            return new PolicyPutResult(current, null, false);

        var version = new PolicyVersion(this.GetPrimaryKeyString(), (current?.Version ?? 0) + 1, canonical, digest, time.GetUtcNow(), author);
        state.State.Versions.Add(version);
        await state.WriteStateAsync();
        await GrainFactory.GetGrain<IAuditLogGrain>(GrainKeys.AuditLog(Core.Identity.TrustDomain.Parse(options.Value.TrustDomain)))
            .AppendAsync(new AuditEntryMessage(
                "policy.put", "Allowed", Resource: $"policy:{version.Name}", CorrelationId: correlationId, Actor: author,
                Detail: $"version {version.Version} sha256 {digest}"));
        return new PolicyPutResult(version, null, true);
    }

    public Task<PolicyVersion?> GetAsync(int? version = null)
    {
        var found = version is null
            ? state.State.Versions.LastOrDefault()
            : state.State.Versions.FirstOrDefault(v => v.Version == version);
        return Task.FromResult(found);
    }

    public Task<IReadOnlyList<PolicyVersion>> GetVersionsAsync() =>
        Task.FromResult<IReadOnlyList<PolicyVersion>>([.. state.State.Versions]);
}
