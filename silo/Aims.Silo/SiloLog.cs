namespace Aims.Silo;

internal static partial class SiloLog
{
    [LoggerMessage(1, LogLevel.Information, "Aims silo starting: profile {Profile}, trust domain {TrustDomain}, data directory {DataDirectory}")]
    public static partial void Starting(ILogger logger, string profile, string trustDomain, string dataDirectory);

    [LoggerMessage(2, LogLevel.Information, "Operator token is in {Path} (send it as Authorization: Bearer <token>)")]
    public static partial void OperatorTokenWritten(ILogger logger, string path);

    [LoggerMessage(3, LogLevel.Information, "Trust domain authority ready at bundle sequence {Sequence}")]
    public static partial void AuthorityReady(ILogger logger, long sequence);

    [LoggerMessage(4, LogLevel.Information, "TLS server certificate issued for {SpiffeId}, serial {Serial}, expires {NotAfter}")]
    public static partial void ServerCertificateIssued(ILogger logger, string spiffeId, string serial, DateTimeOffset notAfter);

    [LoggerMessage(5, LogLevel.Error, "Renewing the TLS server certificate failed; retrying")]
    public static partial void ServerCertificateFailed(ILogger logger, Exception exception);
}
