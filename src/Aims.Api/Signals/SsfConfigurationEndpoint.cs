using Aims.Api.OAuth;
using Aims.Core.Signals.Streams;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Aims.Api.Signals;

/// <summary>
/// SSF 1.0 §7.1 transmitter configuration metadata at <c>/.well-known/ssf-configuration</c>, with what the CAEP
/// interoperability profile requires (spec_version, delivery methods, jwks_uri, the management endpoints and
/// <c>authorization_schemes</c>).
/// </summary>
public static class SsfConfigurationEndpoint
{
    public const string Path = "/.well-known/ssf-configuration";

    public static void MapSsfConfigurationEndpoint(this IEndpointRouteBuilder app) =>
        app.MapGet(Path, (AuthorizationServerIssuer issuer) => Results.Json(Document(issuer.Url))).AllowAnonymous();

    public static Dictionary<string, object> Document(string issuer) => new()
    {
        ["spec_version"] = "1_0",
        ["issuer"] = issuer,
        ["jwks_uri"] = issuer + Core.OAuth.AuthorizationServerMetadata.JwksPath,
        ["delivery_methods_supported"] = new[] { DeliveryMethods.Push, DeliveryMethods.Poll },
        ["configuration_endpoint"] = issuer + SsfStreamEndpoints.StreamsPath,
        ["status_endpoint"] = issuer + SsfStreamEndpoints.StatusPath,
        ["add_subject_endpoint"] = issuer + SsfStreamEndpoints.AddSubjectPath,
        ["remove_subject_endpoint"] = issuer + SsfStreamEndpoints.RemoveSubjectPath,
        ["verification_endpoint"] = issuer + SsfStreamEndpoints.VerifyPath,
        ["authorization_schemes"] = new[] { new Dictionary<string, string> { ["spec_urn"] = "urn:ietf:rfc:6749" } },
        ["default_subjects"] = StreamSubjects.DefaultSubjects,
    };
}
