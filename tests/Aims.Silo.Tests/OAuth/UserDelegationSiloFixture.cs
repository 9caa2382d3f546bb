using System.Net;
using System.Text.Json.Nodes;
using Aims.Testing;

namespace Aims.Silo.Tests.OAuth;

/// <summary>
/// One Local-profile silo process with one configured user (<c>Aims:OAuth:Users:0</c>) and one policy that lets agents
/// act for that user (<c>oauth.users</c>) and for each other (<c>oauth.delegation</c>), shared by the user-delegation
/// tests: the browser, oauth4webapi and the CLI.
/// </summary>
public sealed class UserDelegationSiloFixture : IAsyncLifetime
{
    public const string UserId = "alice";
    public const string UserDisplayName = "Alice Example";
    public const string Resource = OAuthSilo.Resource;
    public const string Scopes = "read:reports write:reports";

    private readonly ExternalTool.TempDirectory _data = ExternalTool.CreateTempDirectory();
    private SiloProcess? _silo;

    /// <summary>The user's password; only its PBKDF2 hash reaches the silo.</summary>
    public string Password { get; } = "pw-" + Guid.NewGuid().ToString("N");

    public SiloProcess Silo => _silo ?? throw new InvalidOperationException("the silo has not started");

    /// <summary>The authorization server's issuer identifier (RFC 8414 §2), as its metadata states it.</summary>
    public string Issuer { get; private set; } = string.Empty;

    public string TokenEndpoint => Issuer + "/oauth2/token";

    /// <summary>The policy every agent of these tests is registered under.</summary>
    public string Policy { get; private set; } = string.Empty;

    public async Task InitializeAsync()
    {
        var user = new Dictionary<string, string>
        {
            ["Aims__OAuth__Users__0__Id"] = UserId,
            ["Aims__OAuth__Users__0__PasswordHash"] = PasswordHashes.Pbkdf2Sha256(Password),
            ["Aims__OAuth__Users__0__DisplayName"] = UserDisplayName,
            ["Aims__OAuth__Users__0__Groups__0"] = "analysts",
        };
        _silo = SiloProcess.StartLocal("silo-delegation", _data.Path, environment: user);
        await _silo.WaitReadyAsync();

        using var anonymous = _silo.CreateHttpClient();
        using var op = _silo.CreateHttpClient(asOperator: true);
        Issuer = (await OAuthSilo.MetadataAsync(_silo, anonymous)).GetProperty("issuer").GetString()!;
        Policy = SiloApi.UniqueName("delegation");
        await SiloApi.PutPolicyAsync(_silo, op, Policy, PolicyDocument());
    }

    public async Task DisposeAsync()
    {
        try
        {
            if (_silo is not null)
                await _silo.DisposeAsync();
        }
        finally
        {
            _data.Dispose();
        }
    }

    /// <summary>Tokens for the reports API or for another agent; the user may delegate to these agents; agents may delegate to each other.</summary>
    private static string PolicyDocument() => new JsonObject
    {
        ["description"] = "user delegation tests",
        ["rules"] = new JsonArray(new JsonObject
        {
            ["match"] = $"spiffe://{SiloApi.TrustDomain}/agents/**",
            ["attestation"] = new JsonObject { ["allowed"] = new JsonArray("join_token") },
            ["audiences"] = new JsonArray("*"),
            ["oauth"] = new JsonObject
            {
                ["scopes"] = new JsonArray("read:reports", "write:reports"),
                ["resources"] = new JsonArray(Resource, $"spiffe://{SiloApi.TrustDomain}/agents/*"),
                ["users"] = new JsonArray(UserId),
                ["delegation"] = new JsonObject { ["allowed"] = true, ["max_depth"] = 2 },
            },
        }),
    }.ToJsonString();
}

/// <summary>The tests that share one <see cref="UserDelegationSiloFixture"/>.</summary>
[CollectionDefinition(Name)]
public sealed class UserDelegationSiloCollection : ICollectionFixture<UserDelegationSiloFixture>
{
    public const string Name = "user delegation silo";
}
