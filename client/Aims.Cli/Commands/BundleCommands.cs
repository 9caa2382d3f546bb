using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Aims.Cli.CommandLine;
using Aims.Cli.Http;
using Aims.Cli.Output;

namespace Aims.Cli.Commands;

/// <summary><c>aims bundle show</c>: the SPIFFE trust bundle of the local trust domain (SPIFFE Trust Domain and Bundle §4).</summary>
internal sealed class BundleCommands : ICommandGroup
{
    public string Name => "bundle";

    public string Summary => "show the trust bundle (no operator token needed)";

    public string Usage => """
        usage:
          aims bundle show [--pem]

        Shows the bundle's sequence, refresh hint and keys. --pem prints the X.509 authorities (the roots that
        X509-SVIDs chain to) as PEM instead, e.g. for curl --cacert or a TLS trust store.
        """;

    public Task<int> RunAsync(CommandContext context, ParsedArguments args, CancellationToken cancellationToken) =>
        args.First switch
        {
            "show" => ShowAsync(context, args.Shift(), cancellationToken),
            null => throw new UsageException("'bundle' needs a command."),
            var other => throw new UsageException($"'bundle {other}' is not a command."),
        };

    private static async Task<int> ShowAsync(CommandContext context, ParsedArguments args, CancellationToken cancellationToken)
    {
        args.Expect("bundle show", [], "pem");
        var pem = args.Has("pem");
        if (pem && context.Json)
            throw new UsageException("--pem and --json cannot be combined.");

        // The bundle endpoint is public (it doubles as the federation endpoint); no token is sent.
        using var response = await context.Api.GetAsync(ApiPaths.Bundle, cancellationToken, authenticate: false);
        var bundle = response.RootElement;
        if (!bundle.TryGetArray(WireNames.Keys, out var keys))
            throw ServerRefusedException.UnexpectedAnswer("no \"keys\" array in the bundle");

        if (pem)
            return WritePem(context, keys);

        context.Print(bundle, _ =>
        {
            var rows = KeyValueWriter.Rows(bundle, [WireNames.SpiffeSequence, WireNames.SpiffeRefreshHint], [WireNames.Keys]).ToList();
            rows.Add(new(WireNames.Keys, keys.GetArrayLength().ToString(CultureInfo.InvariantCulture)));
            KeyValueWriter.Write(context.Out, rows);
            context.Out.Write('\n');
            TableWriter.Write(context.Out, ["USE", "KID", "KEY", "SUBJECT", "NOT AFTER"], [.. keys.EnumerateArray().Select(KeyRow)]);
        });
        return ExitCodes.Ok;
    }

    private static int WritePem(CommandContext context, JsonElement keys)
    {
        var written = 0;
        foreach (var key in keys.EnumerateArray())
        {
            if (JsonText.Property(key, WireNames.Use) != WireNames.X509SvidUse)
                continue;

            // SPIFFE Trust Domain and Bundle §4.2.1: an x509-svid key's x5c holds exactly one certificate, the authority.
            if (Authority(key) is not { } der)
                return context.Fail($"the x509-svid key {JsonText.Property(key, WireNames.Kid)} has no readable x5c certificate.");
            context.Out.Write(PemEncoding.WriteString("CERTIFICATE", der) + "\n");
            written++;
        }

        return written > 0 ? ExitCodes.Ok : context.Fail("the bundle holds no X.509 authorities.");
    }

    private static string[] KeyRow(JsonElement key)
    {
        var kind = JsonText.Property(key, WireNames.Kty);
        if (key.TryGetString(WireNames.Crv, out var curve))
            kind += " " + curve;

        var subject = JsonText.Null;
        var notAfter = JsonText.Null;
        if (Authority(key) is { } der)
        {
            try
            {
                using var certificate = X509CertificateLoader.LoadCertificate(der);
                subject = certificate.Subject;
                notAfter = certificate.NotAfter.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
            }
            catch (CryptographicException)
            {
                subject = "(unreadable certificate)";
            }
        }

        return [JsonText.Property(key, WireNames.Use), JsonText.Property(key, WireNames.Kid), kind, subject, notAfter];
    }

    /// <summary>The DER of the first x5c entry, which is standard base64, not base64url (RFC 7517 §4.7).</summary>
    private static byte[]? Authority(JsonElement key)
    {
        if (!key.TryGetArray(WireNames.X5c, out var chain) || chain.GetArrayLength() == 0 || chain[0].ValueKind != JsonValueKind.String)
            return null;
        try
        {
            return Convert.FromBase64String(chain[0].GetString()!);
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
