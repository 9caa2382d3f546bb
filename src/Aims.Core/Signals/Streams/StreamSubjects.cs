namespace Aims.Core.Signals.Streams;

/// <summary>
/// Which subjects a stream carries (SSF 1.0 §8.1.3). This transmitter's <c>default_subjects</c> is <c>ALL</c>: every
/// agent is included until the receiver removes it; adding a removed subject includes it again. An event goes to
/// the stream unless its subject, or a part of a complex subject, was removed.
/// </summary>
public static class StreamSubjects
{
    public const string DefaultSubjects = "ALL";

    public static bool Includes(IEnumerable<SubjectIdentifier> removed, SubjectIdentifier subject)
    {
        ArgumentNullException.ThrowIfNull(removed);
        ArgumentNullException.ThrowIfNull(subject);
        return !removed.Any(subject.Concerns);
    }
}
