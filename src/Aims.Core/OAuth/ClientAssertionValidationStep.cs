namespace Aims.Core.OAuth;

/// <summary>One named check of client assertion validation; false means the context holds the rejection.</summary>
internal delegate bool ClientAssertionValidationStep(ClientAssertionValidationContext context);
