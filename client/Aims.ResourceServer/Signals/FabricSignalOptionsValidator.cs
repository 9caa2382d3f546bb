using Microsoft.Extensions.Options;

namespace Aims.ResourceServer.Signals;

/// <summary>Refuses a subscription that could not work, at startup rather than in the retry loop.</summary>
internal sealed class FabricSignalOptionsValidator : IValidateOptions<FabricSignalOptions>
{
    public ValidateOptionsResult Validate(string? name, FabricSignalOptions options)
    {
        var failures = new List<string>();
        if ((options.AccessToken is null) == (options.ClientAssertion is null))
            failures.Add("Set exactly one of AccessToken (a delegate returning an SSF access token) and ClientAssertion (a delegate returning this server's JWT-SVID for the token endpoint).");
        if (options.EventsRequested.Count == 0)
            failures.Add("EventsRequested must not be empty (SSF 1.0 section 8.1.1: it SHOULD NOT be empty).");
        if (options.Delivery == SignalDelivery.Push && !FabricUrls.IsHttpUrl(options.PushEndpoint))
            failures.Add("Push delivery needs PushEndpoint: the absolute https URL where the fabric reaches MapAimsSignalReceiver (RFC 8935 section 2).");
        if (options.Delivery == SignalDelivery.Poll && options.PushAuthorizationHeader is not null)
            failures.Add("PushAuthorizationHeader is for push delivery only.");
        if (options.MaxEventsPerPoll is < 1 or > Core.Signals.Streams.PollRequest.MaxEventsCap)
            failures.Add($"MaxEventsPerPoll must be between 1 and {Core.Signals.Streams.PollRequest.MaxEventsCap}.");
        if (options.MinBackoff <= TimeSpan.Zero || options.MaxBackoff < options.MinBackoff)
            failures.Add("MinBackoff must be positive and MaxBackoff at least MinBackoff.");
        if (options.PollTimeout <= TimeSpan.Zero || options.PruneInterval <= TimeSpan.Zero || options.MaxPollResponseBytes <= 0)
            failures.Add("PollTimeout, PruneInterval and MaxPollResponseBytes must be positive.");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
