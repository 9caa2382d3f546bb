using Aims.Core.Identity;

namespace Aims.Api.OAuth;

/// <summary>A client the token endpoint has authenticated: an agent by its SPIFFE ID, and how it proved it.</summary>
internal sealed record AuthenticatedClient(SpiffeId Id, string Method, string? CnfX5tS256);
