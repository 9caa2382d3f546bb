using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using Grpc.Core;
using Grpc.Net.Client;
using Spiffe.WorkloadApi;

namespace Aims.Bench.Workload;

/// <summary>
/// The SPIFFE Workload API as a workload calls it: gRPC (HTTP/2 without TLS) over the agent's Unix socket, every call
/// with the metadata <c>workload.spiffe.io: true</c>, a client generated from the agent's own <c>workload.proto</c>.
/// One channel carries every caller of this process, as one SPIFFE library instance in a workload would.
/// </summary>
internal sealed class WorkloadEndpoint : IDisposable
{
    /// <summary>A snapshot carries every SVID of the caller (chain, key and bundle each): a storm of hundreds is megabytes.</summary>
    private const int MaxMessageBytes = 256 * 1024 * 1024;
    private static readonly Metadata SecurityHeader = new() { { "workload.spiffe.io", "true" } };
    private readonly GrpcChannel _channel;
    private readonly SpiffeWorkloadAPI.SpiffeWorkloadAPIClient _client;

    public WorkloadEndpoint(string socketPath)
    {
        var handler = new SocketsHttpHandler
        {
            // Enough HTTP/2 connections that concurrent callers do not queue behind the 100-stream default of one.
            EnableMultipleHttp2Connections = true,
            ConnectCallback = async (_, cancellationToken) =>
            {
                var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                try
                {
                    await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), cancellationToken);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        _channel = GrpcChannel.ForAddress("http://localhost", new GrpcChannelOptions
        {
            HttpHandler = handler,
            DisposeHttpClient = true,
            MaxReceiveMessageSize = MaxMessageBytes,
        });
        _client = new SpiffeWorkloadAPI.SpiffeWorkloadAPIClient(_channel);
    }

    /// <summary>Opens <c>FetchX509SVID</c>, takes its first message (every X509-SVID of the caller) and hangs up.</summary>
    public async Task<X509SVIDResponse> FetchX509OnceAsync(CancellationToken cancellationToken = default)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var call = _client.FetchX509SVID(new X509SVIDRequest(), new CallOptions(SecurityHeader, cancellationToken: stop.Token));
        if (!await call.ResponseStream.MoveNext(stop.Token))
            throw new InvalidOperationException("FetchX509SVID ended without a message");
        var first = call.ResponseStream.Current;
        await stop.CancelAsync();
        return first;
    }

    /// <summary>Keeps <c>FetchX509SVID</c> open and hands every message to <paramref name="received"/> until cancelled.</summary>
    public async Task StreamX509Async(Action<X509SVIDResponse> received, CancellationToken cancellationToken)
    {
        using var call = _client.FetchX509SVID(new X509SVIDRequest(), new CallOptions(SecurityHeader, cancellationToken: cancellationToken));
        try
        {
            while (await call.ResponseStream.MoveNext(cancellationToken))
                received(call.ResponseStream.Current);
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.Cancelled && cancellationToken.IsCancellationRequested)
        {
            // Hung up on purpose.
        }
    }

    /// <summary><c>FetchJWTSVID</c> for <paramref name="spiffeId"/> and one audience.</summary>
    public async Task<JWTSVIDResponse> FetchJwtAsync(string spiffeId, string audience, CancellationToken cancellationToken = default)
    {
        var request = new JWTSVIDRequest { SpiffeId = spiffeId };
        request.Audience.Add(audience);
        return await _client.FetchJWTSVIDAsync(request, new CallOptions(SecurityHeader, cancellationToken: cancellationToken));
    }

    /// <summary>The leaf of an X509-SVID: the first DER certificate of its chain (Workload API §5.2.1).</summary>
    public static ReadOnlyMemory<byte> LeafDer(X509SVID svid)
    {
        ArgumentNullException.ThrowIfNull(svid);
        var chain = svid.X509Svid.Memory;
        System.Formats.Asn1.AsnDecoder.ReadEncodedValue(chain.Span, System.Formats.Asn1.AsnEncodingRules.DER, out _, out _, out var consumed);
        return chain[..consumed];
    }

    /// <summary>Serial and validity of a leaf certificate.</summary>
    public static (string Serial, DateTimeOffset NotBefore, DateTimeOffset NotAfter) Describe(ReadOnlyMemory<byte> leafDer)
    {
        using var leaf = X509CertificateLoader.LoadCertificate(leafDer.Span);
        return (leaf.SerialNumber, new DateTimeOffset(leaf.NotBefore.ToUniversalTime(), TimeSpan.Zero), new DateTimeOffset(leaf.NotAfter.ToUniversalTime(), TimeSpan.Zero));
    }

    public void Dispose() => _channel.Dispose();
}
