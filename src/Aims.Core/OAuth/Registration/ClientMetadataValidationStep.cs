namespace Aims.Core.OAuth.Registration;

/// <summary>One named rule of client metadata validation; false means the context holds the rejection.</summary>
internal delegate bool ClientMetadataValidationStep(ClientMetadataValidationContext context);
