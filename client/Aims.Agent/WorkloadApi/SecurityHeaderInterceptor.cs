using Grpc.Core;
using Grpc.Core.Interceptors;

namespace Aims.Agent.WorkloadApi;

/// <summary>
/// SPIFFE Workload Endpoint §3: every request carries the metadata <c>workload.spiffe.io: true</c> (case
/// sensitive), which a browser or a confused proxy cannot be made to send; without it the call is refused with
/// InvalidArgument before anything else happens.
/// </summary>
internal sealed class SecurityHeaderInterceptor : Interceptor
{
    public const string Header = "workload.spiffe.io";
    public const string Value = "true";
    public const string MissingMessage = "security header missing from request: send the gRPC metadata workload.spiffe.io: true";

    public override Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        ArgumentNullException.ThrowIfNull(continuation);
        Check(context);
        return continuation(request, context);
    }

    public override Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        ArgumentNullException.ThrowIfNull(continuation);
        Check(context);
        return continuation(request, responseStream, context);
    }

    private static void Check(ServerCallContext context)
    {
        var values = context.RequestHeaders.Where(h => h.Key == Header).ToList();
        if (values.Count != 1 || values[0].IsBinary || !string.Equals(values[0].Value, Value, StringComparison.Ordinal))
            throw new RpcException(new Status(StatusCode.InvalidArgument, MissingMessage));
    }
}
