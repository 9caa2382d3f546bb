using Aims.Core.Credentials;
using Aims.Core.Wimse;

namespace Aims.ResourceServer.Authentication;

/// <summary>A validated WIT-SVID with its imported confirmation key, as the WIT cache keeps it.</summary>
internal sealed record CachedWit(Wit Wit, WitBinding Binding);
