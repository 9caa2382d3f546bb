using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Aims.Api.Contracts;
using Aims.Api.Http;
using Aims.Api.Security;
using Aims.Core.Identity;
using Aims.Core.Policy;
using Aims.Grains;
using Aims.Grains.Policies;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace Aims.Api.Endpoints;

/// <summary>Policy-as-code: versioned documents, dry-run evaluation.</summary>
public static partial class PolicyEndpoints
{
    public const string NameRule = "policy names are 1-64 characters of a-z, 0-9, '-', '_' and '.'";

    public static bool IsValidName(string name) => NamePattern().IsMatch(name);

    public static void MapPolicyEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/policies").RequireAuthorization(AuthSchemes.OperatorPolicy);
        group.MapPut("/{name}", PutAsync);
        group.MapGet("/{name}", async (string name, int? version, IGrainFactory g, [FromServices] TrustDomain td) =>
        {
            if (!IsValidName(name))
                return Problems.BadRequest(NameRule);
            var stored = await g.GetGrain<IPolicyGrain>(GrainKeys.Policy(name)).GetAsync(version);
            if (stored is not null)
                return Results.Json(ToResponse(stored), AimsJson.Options);
            if (name == BuiltInPolicies.DefaultName && version is null)
                return Results.Json(BuiltIn(td), AimsJson.Options);
            return Problems.NotFound(version is null ? $"policy '{name}' does not exist" : $"policy '{name}' has no version {version}");
        });
        group.MapGet("/{name}/versions", async (string name, IGrainFactory g) =>
        {
            if (!IsValidName(name))
                return Problems.BadRequest(NameRule);
            var versions = await g.GetGrain<IPolicyGrain>(GrainKeys.Policy(name)).GetVersionsAsync();
            return versions.Count == 0
                ? Problems.NotFound($"policy '{name}' does not exist")
                : Results.Json(new PolicyVersionsResponse(name, [.. versions.Select(ToResponse)]), AimsJson.Options);
        });
        group.MapPost("/{name}/evaluate", EvaluateAsync);
    }

    private static async Task<IResult> PutAsync(string name, HttpContext http, IGrainFactory grains)
    {
        if (!IsValidName(name))
            return Problems.BadRequest(NameRule);
        if (http.Request.ContentType is not { } type || !type.StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
            return Problems.UnsupportedMediaType("send the policy document as application/json");
        if (http.Request.ContentLength > PolicyLimits.MaxDocumentBytes)
            return Problems.TooLarge($"a policy document may be at most {PolicyLimits.MaxDocumentBytes} bytes");

        using var reader = new StreamReader(http.Request.Body, Encoding.UTF8);
        var buffer = new char[PolicyLimits.MaxDocumentBytes + 1];
        var read = await reader.ReadBlockAsync(buffer);
        if (read > PolicyLimits.MaxDocumentBytes)
            return Problems.TooLarge($"a policy document may be at most {PolicyLimits.MaxDocumentBytes} bytes");

        var result = await grains.GetGrain<IPolicyGrain>(GrainKeys.Policy(name)).PutAsync(new string(buffer, 0, read), http.Actor(), http.CorrelationId());
        if (result.Error is not null)
            return Problems.BadRequest($"the policy document is invalid: {result.Error}");
        return Results.Json(ToResponse(result.Version!), AimsJson.Options, statusCode: result.Changed ? StatusCodes.Status201Created : StatusCodes.Status200OK);
    }

    private static async Task<IResult> EvaluateAsync(string name, HttpContext http, IGrainFactory grains, [FromServices] TrustDomain trustDomain)
    {
        if (!IsValidName(name))
            return Problems.BadRequest(NameRule);
        var (body, problem) = await JsonBody.ReadAsync<PolicyEvaluateRequest>(http.Request);
        if (problem is not null)
            return problem;
        var (id, idProblem) = AgentIds.Parse(body!.SpiffeId, trustDomain);
        if (idProblem is not null)
            return idProblem;

        var stored = await grains.GetGrain<IPolicyGrain>(GrainKeys.Policy(name)).GetAsync(body.Version);
        PolicyDocument document;
        int version;
        if (stored is not null)
        {
            if (!PolicyParser.TryParse(stored.Document, out var parsed, out var error))
                return Problems.Problem(500, "Stored policy is invalid", error);
            (document, version) = (parsed, stored.Version);
        }
        else if (name == BuiltInPolicies.DefaultName && body.Version is null)
        {
            (document, version) = (BuiltInPolicies.Default(trustDomain), 0);
        }
        else
        {
            return Problems.NotFound($"policy '{name}' does not exist");
        }

        var decision = PolicyEvaluator.Evaluate(document, new PolicyRequest(id!, body.Attestation ?? [], body.Audience ?? []));
        return Results.Json(
            new PolicyEvaluateResponse(
                decision.Allowed, decision.Reason, version, decision.RuleIndex, decision.Rule?.Match.ToString(),
                decision.Rule is null ? null : (int)decision.Rule.X509SvidTtl.TotalSeconds,
                decision.Rule is null ? null : (int)decision.Rule.JwtSvidTtl.TotalSeconds,
                decision.Rule is null ? null : (int)decision.Rule.WitTtl.TotalSeconds),
            AimsJson.Options);
    }

    private static PolicyResponse ToResponse(PolicyVersion v)
    {
        using var document = JsonDocument.Parse(v.Document);
        return new PolicyResponse(v.Name, v.Version, v.Sha256, v.CreatedAt, v.Author, document.RootElement.Clone());
    }

    private static PolicyResponse BuiltIn([FromServices] TrustDomain trustDomain)
    {
        var json = PolicyParser.ToJson(BuiltInPolicies.Default(trustDomain));
        using var document = JsonDocument.Parse(json);
        return new PolicyResponse(BuiltInPolicies.DefaultName, 0, string.Empty, DateTimeOffset.UnixEpoch, "built-in", document.RootElement.Clone());
    }

    [GeneratedRegex("^[a-z0-9._-]{1,64}$")]
    private static partial Regex NamePattern();
}
