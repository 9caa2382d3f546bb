using System.Security.Cryptography;
using Aims.Core.Credentials;
using Aims.Core.Identity;
using Aims.Core.OAuth;
using Aims.Core.Tokens;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Aims.Bench.Floor;

/// <summary>
/// The child process of <c>floor</c> (<c>Aims.Bench floor-server &lt;jwt-key.pem&gt; &lt;kid&gt;</c>): Kestrel on a free
/// loopback port with one endpoint, <c>POST /oauth2/token</c>, that does what the silo's <c>client_credentials</c> does
/// in Aims.Core and nothing else. It reads the form (the silo's limits), validates the JWT-SVID client assertion with
/// <see cref="ClientAssertionValidator"/> against the key it was given, spends its jti in a <see cref="SingleUseIds"/>
/// under a lock, parses the scope, mints the access token with <see cref="AccessTokenIssuer"/>, checks its claims as the
/// issuer does, and answers the RFC 6749 §5.1 JSON. No grains, no policy, no storage, no audit: what the fabric adds
/// to a grant is the difference between this and the silo.
/// </summary>
internal static class FloorServer
{
    public const string Verb = "floor-server";

    public static async Task<int> RunAsync(IReadOnlyList<string> args)
    {
        if (args.Count != 2)
        {
            await Console.Error.WriteLineAsync($"usage: Aims.Bench {Verb} <jwt-verify-key.pem> <kid>");
            return 2;
        }

        using var jwtKey = ECDsa.Create();
        jwtKey.ImportFromPem(await File.ReadAllTextAsync(args[0]));
        var bundle = new JwtBundle(IssuanceFixture.TrustDomain, new Dictionary<string, ECDsa> { [args[1]] = jwtKey });
        using var keys = new IssuanceFixture();
        var oauthKey = keys.OAuthKey;
        var assertionContext = ClientAssertionContext.ForJwtSvid(bundle, [IssuanceFixture.Issuer, IssuanceFixture.TokenEndpoint], clientId: null);
        var spent = new SingleUseIds();
        var formOptions = new Microsoft.AspNetCore.Http.Features.FormOptions { ValueLengthLimit = 16 * 1024, KeyLengthLimit = 256, ValueCountLimit = 64 };

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders().AddConsole().SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = 1024 * 1024);
        var app = builder.Build();
        app.MapPost("/oauth2/token", async (HttpContext http) =>
        {
            var form = await http.Request.ReadFormAsync(formOptions);
            var now = DateTimeOffset.UtcNow;
            var validated = ClientAssertionValidator.Validate(form["client_assertion"].ToString(), assertionContext, now);
            if (!validated.IsSuccess)
                return Results.Json(new { error = validated.Error!.Error, error_description = validated.Error.Description }, statusCode: 401);

            var assertion = validated.Value!;
            bool fresh;
            lock (spent)
                fresh = spent.TryUse(assertion.Jti, assertion.ReplayWindowEnd, now);
            if (!fresh || !ScopeSet.TryParse(form["scope"].ToString(), out var scope, out _))
                return Results.Json(new { error = "invalid_request" }, statusCode: 400);

            var resource = form["resource"].ToString();
            var token = Issuer.Mint(oauthKey, new AccessTokenRequest
            {
                Issuer = IssuanceFixture.Issuer,
                Subject = assertion.ClientId,
                ClientId = assertion.ClientId,
                Audience = [resource],
                Scope = scope,
                Ttl = TimeSpan.FromMinutes(5),
                Actors = [],
            }, now);
            var check = AccessTokenValidator.ValidateClaimsOfOwnToken(token.Token, keys.Ring.OAuthKeys, IssuanceFixture.Issuer, resource, now);
            if (!check.IsValid)
                throw new InvalidOperationException($"minted token failed its own validation: {check}");

            http.Response.Headers.CacheControl = "no-store";
            return Results.Json(new
            {
                access_token = token.Token,
                token_type = "Bearer",
                expires_in = (long)(token.ExpiresAt - now).TotalSeconds,
                scope = token.Scope.ToString(),
            });
        });

        await app.StartAsync();
        // The parent reads this line to learn the port.
        Console.Out.WriteLine($"listening {app.Urls.First()}");
        await Console.Out.FlushAsync();
        await app.WaitForShutdownAsync();
        return 0;
    }

    /// <summary>The issuer reuses its buffers, so each thread has its own (as the silo's minter does).</summary>
    private static AccessTokenIssuer Issuer => t_issuer ??= new AccessTokenIssuer();

    [ThreadStatic]
    private static AccessTokenIssuer? t_issuer;
}
