using System.Text.Json.Nodes;

namespace Aims.ResourceServer.Signals;

/// <summary>One poll request body and which pending acknowledgements (the first <see cref="Acks"/>) and errors it carries.</summary>
internal sealed record PollBatch(JsonObject Body, int Acks, IReadOnlyList<string> Refused);
