using System.Globalization;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;
using Spiffe.WorkloadApi;

namespace Aims.WorkloadClient;

/// <summary>
/// <c>WorkloadClient COMMAND [--socket unix:///path] [--no-header] [--timeout SECONDS] ...</c>: calls the SPIFFE
/// Workload API like any workload would (go-spiffe's way: the endpoint from SPIFFE_ENDPOINT_SOCKET, the metadata
/// <c>workload.spiffe.io: true</c>) and prints what it gets as JSON lines for the test that started it.
/// Exit codes: 0 done, 3 the call failed with a gRPC status, 4 the timeout passed, 2 usage.
/// </summary>
internal static class WorkloadCommands
{
    private const string Usage = "usage: WorkloadClient x509|x509-bundles|jwt-bundles|jwt --audience A [--spiffe-id ID]|validate --audience A --svid TOKEN "
        + "[--socket unix:///path] [--no-header] [--timeout SECONDS]";

    public static async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter output)
    {
        if (args.Count == 0)
        {
            await Console.Error.WriteLineAsync(Usage);
            return 2;
        }

        var options = Options.Parse(args.Skip(1).ToList());
        var endpoint = options.Get("socket") ?? Environment.GetEnvironmentVariable("SPIFFE_ENDPOINT_SOCKET");
        if (endpoint is null || !endpoint.StartsWith("unix://", StringComparison.Ordinal))
        {
            await Console.Error.WriteLineAsync("set SPIFFE_ENDPOINT_SOCKET or --socket to unix:///path");
            return 2;
        }

        var printer = new JsonLines(output);
        printer.Write(w => w.WriteNumber("pid", Environment.ProcessId), "started");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(double.Parse(options.Get("timeout") ?? "60", CultureInfo.InvariantCulture)));
        using var channel = Connect(endpoint["unix://".Length..]);
        var client = new SpiffeWorkloadAPI.SpiffeWorkloadAPIClient(channel);
        var headers = options.Has("no-header") ? new Metadata() : new Metadata { { "workload.spiffe.io", "true" } };
        var call = new CallOptions(headers, cancellationToken: timeout.Token);

        try
        {
            switch (args[0])
            {
                case "x509":
                    await ForEachAsync(client.FetchX509SVID(new X509SVIDRequest(), call).ResponseStream, m => PrintX509(printer, m), timeout.Token);
                    break;
                case "x509-bundles":
                    await ForEachAsync(client.FetchX509Bundles(new X509BundlesRequest(), call).ResponseStream, m => PrintBundles(printer, "x509-bundles", m.Bundles), timeout.Token);
                    break;
                case "jwt-bundles":
                    await ForEachAsync(client.FetchJWTBundles(new JWTBundlesRequest(), call).ResponseStream, m => PrintBundles(printer, "jwt-bundles", m.Bundles), timeout.Token);
                    break;
                case "jwt":
                    var request = new JWTSVIDRequest { SpiffeId = options.Get("spiffe-id") ?? string.Empty };
                    request.Audience.AddRange(options.All("audience"));
                    PrintJwt(printer, await client.FetchJWTSVIDAsync(request, call));
                    break;
                case "validate":
                    var validated = await client.ValidateJWTSVIDAsync(
                        new ValidateJWTSVIDRequest { Audience = options.Get("audience") ?? string.Empty, Svid = options.Get("svid") ?? string.Empty }, call);
                    printer.Write(w =>
                    {
                        w.WriteString("spiffe_id", validated.SpiffeId);
                        w.WritePropertyName("claims");
                        using var claims = JsonDocument.Parse(JsonFormatter.Default.Format(validated.Claims));
                        claims.RootElement.WriteTo(w);
                    }, "validated");
                    break;
                default:
                    await Console.Error.WriteLineAsync(Usage);
                    return 2;
            }

            return 0;
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.Cancelled || e.StatusCode == StatusCode.DeadlineExceeded || timeout.IsCancellationRequested)
        {
            printer.Write(_ => { }, "timeout");
            return 4;
        }
        catch (RpcException e)
        {
            printer.Write(w =>
            {
                w.WriteString("status", e.StatusCode.ToString());
                w.WriteString("detail", e.Status.Detail);
            }, "error");
            return 3;
        }
        catch (OperationCanceledException)
        {
            printer.Write(_ => { }, "timeout");
            return 4;
        }
    }

    /// <summary>gRPC over the Unix socket: HTTP/2 with prior knowledge, no TLS (SPIFFE Workload Endpoint §3).</summary>
    private static GrpcChannel Connect(string socketPath)
    {
        var handler = new SocketsHttpHandler
        {
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
        return GrpcChannel.ForAddress("http://localhost", new GrpcChannelOptions { HttpHandler = handler, DisposeHttpClient = true });
    }

    private static async Task ForEachAsync<T>(IAsyncStreamReader<T> stream, Action<T> print, CancellationToken cancellationToken)
    {
        while (await stream.MoveNext(cancellationToken))
            print(stream.Current);
    }

    private static void PrintX509(JsonLines printer, X509SVIDResponse response) => printer.Write(w =>
    {
        w.WriteStartArray("svids");
        foreach (var svid in response.Svids)
        {
            var certificates = SplitDer(svid.X509Svid.Span);
            w.WriteStartObject();
            w.WriteString("spiffe_id", svid.SpiffeId);
            w.WriteString("hint", svid.Hint);
            WriteBase64Array(w, "chain", certificates);
            WriteBase64Array(w, "bundle", SplitDer(svid.Bundle.Span));
            w.WriteBoolean("key_matches_leaf", KeyMatches(certificates[0], svid.X509SvidKey.ToByteArray()));
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteStartObject("federated_bundles");
        foreach (var (trustDomain, bytes) in response.FederatedBundles)
            w.WriteBase64String(trustDomain, bytes.Span);
        w.WriteEndObject();
    }, "x509");

    private static void PrintBundles(JsonLines printer, string name, Google.Protobuf.Collections.MapField<string, ByteString> bundles) => printer.Write(w =>
    {
        w.WriteStartObject("bundles");
        foreach (var (trustDomain, bytes) in bundles)
            w.WriteBase64String(trustDomain, bytes.Span);
        w.WriteEndObject();
    }, name);

    private static void PrintJwt(JsonLines printer, JWTSVIDResponse response) => printer.Write(w =>
    {
        w.WriteStartArray("svids");
        foreach (var svid in response.Svids)
        {
            w.WriteStartObject();
            w.WriteString("spiffe_id", svid.SpiffeId);
            w.WriteString("svid", svid.Svid);
            w.WriteString("hint", svid.Hint);
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }, "jwt");

    /// <summary>The concatenated DER certificates of a Workload API field, one by one.</summary>
    private static List<byte[]> SplitDer(ReadOnlySpan<byte> der)
    {
        var certificates = new List<byte[]>();
        while (!der.IsEmpty)
        {
            var reader = new System.Formats.Asn1.AsnReader(der.ToArray(), System.Formats.Asn1.AsnEncodingRules.DER);
            var length = reader.PeekEncodedValue().Length;
            certificates.Add(der[..length].ToArray());
            der = der[length..];
        }

        return certificates;
    }

    private static bool KeyMatches(byte[] leafDer, byte[] pkcs8)
    {
        using var leaf = X509CertificateLoader.LoadCertificate(leafDer);
        using var key = ECDsa.Create();
        key.ImportPkcs8PrivateKey(pkcs8, out _);
        using var published = leaf.GetECDsaPublicKey();
        return published is not null && published.ExportSubjectPublicKeyInfo().AsSpan().SequenceEqual(key.ExportSubjectPublicKeyInfo());
    }

    private static void WriteBase64Array(Utf8JsonWriter writer, string name, IEnumerable<byte[]> items)
    {
        writer.WriteStartArray(name);
        foreach (var item in items)
            writer.WriteBase64StringValue(item);
        writer.WriteEndArray();
    }
}
