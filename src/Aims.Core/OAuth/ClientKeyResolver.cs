using System.Security.Cryptography;

namespace Aims.Core.OAuth;

/// <summary>
/// The public key registered for <paramref name="clientId"/> that a <c>private_key_jwt</c> names by
/// <paramref name="kid"/> (null when the header has none), or null when the client has no such key.
/// </summary>
public delegate ECDsa? ClientKeyResolver(string clientId, string? kid);
