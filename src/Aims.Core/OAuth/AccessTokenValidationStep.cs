namespace Aims.Core.OAuth;

/// <summary>One named check of access token validation; false means the context holds the rejection.</summary>
internal delegate bool AccessTokenValidationStep(AccessTokenValidationContext context);
