using System.Text;
using System.Text.Encodings.Web;
using Aims.Grains.Sessions;
using Microsoft.AspNetCore.Http;

namespace Aims.Api.OAuth.Authorize;

/// <summary>
/// The login, consent and error pages. Every value is HTML-encoded, whoever chose it (client names and scopes
/// come from clients). The element ids and form fields are a contract that browser tests rely on; the markup is
/// well-formed XML as well as HTML, with no script.
/// </summary>
internal static class AuthorizePages
{
    public const string WrongCredentials = "The user name or password is wrong.";

    private const string Style =
        "body{font-family:system-ui,sans-serif;max-width:34rem;margin:3rem auto;padding:0 1rem;color:#1b1b1b}"
        + "label{display:block;margin-top:1rem}input{width:100%;padding:.5rem;box-sizing:border-box}"
        + "button{margin-top:1.25rem;margin-right:.5rem;padding:.5rem 1.25rem}"
        + "#error{color:#8a1c1c;background:#fdecea;padding:.75rem;border-radius:4px}"
        + ".who{font-family:ui-monospace,monospace;word-break:break-all}.note{color:#555;font-size:.9rem}";

    private static readonly HtmlEncoder Encoder = HtmlEncoder.Default;

    public static IResult Login(string flowId, ClientDescription client, string? error, int status = StatusCodes.Status200OK)
    {
        var body = new StringBuilder()
            .Append("<h1>Sign in</h1>")
            .Append("<p><span id=\"client\" class=\"who\">").Append(E(client.DisplayName)).Append("</span> asks to act on your behalf. Sign in to see what it asks for.</p>");
        AppendError(body, error);
        body.Append("<form id=\"login\" method=\"post\" action=\"").Append(AuthorizeEndpoints.LoginPath).Append("\">")
            .Append("<input type=\"hidden\" name=\"flow\" value=\"").Append(E(flowId)).Append("\" />")
            .Append("<label for=\"username\">User name</label>")
            .Append("<input id=\"username\" name=\"username\" type=\"text\" autocomplete=\"username\" required=\"required\" />")
            .Append("<label for=\"password\">Password</label>")
            .Append("<input id=\"password\" name=\"password\" type=\"password\" autocomplete=\"current-password\" required=\"required\" />")
            .Append("<button id=\"sign-in\" type=\"submit\">Sign in</button>")
            .Append("</form>");
        return new HtmlPage(status, Document("Sign in", body));
    }

    public static IResult Consent(AuthorizationFlowView flow, ClientDescription client)
    {
        var body = new StringBuilder()
            .Append("<h1>Allow access?</h1>")
            .Append("<p><span id=\"client\" class=\"who\">").Append(E(client.DisplayName)).Append("</span> asks to act for ")
            .Append("<strong id=\"user\">").Append(E(flow.User ?? string.Empty)).Append("</strong>")
            .Append(flow.UserDisplayName is { } name ? $" ({E(name)})" : string.Empty).Append(".</p>")
            .Append("<p class=\"note\">")
            .Append(client.DisplayName == client.Registration.ClientId ? string.Empty : $"Client id <span class=\"who\">{E(client.Registration.ClientId)}</span>. ")
            .Append("Workload: <span id=\"attestation\">").Append(E(client.Attestation)).Append("</span></p>")
            .Append("<h2>It asks for</h2>");
        AppendList(body, "scopes", flow.Scopes);
        body.Append("<h2>At</h2>");
        AppendList(body, "resources", flow.Resources);
        body.Append("<form id=\"consent\" method=\"post\" action=\"").Append(AuthorizeEndpoints.ConsentPath).Append("\">")
            .Append("<input type=\"hidden\" name=\"flow\" value=\"").Append(E(flow.FlowId)).Append("\" />")
            .Append("<button id=\"allow\" type=\"submit\" name=\"decision\" value=\"allow\">Allow</button>")
            .Append("<button id=\"deny\" type=\"submit\" name=\"decision\" value=\"deny\">Deny</button>")
            .Append("</form>");
        return new HtmlPage(StatusCodes.Status200OK, Document("Allow access?", body), HtmlPage.FormActionSource(flow.RedirectUri));
    }

    /// <summary>A dead end: the user reads what went wrong; nothing redirects (RFC 6749 §4.1.2.1 for a bad client or redirect URI).</summary>
    public static IResult Error(int status, string message, string? code = null)
    {
        var body = new StringBuilder().Append("<h1>This request cannot continue</h1>");
        AppendError(body, message);
        if (code is not null)
            body.Append("<p class=\"note\">Error code: <code>").Append(E(code)).Append("</code></p>");
        body.Append("<p class=\"note\">Go back to the application you came from and start again.</p>");
        return new HtmlPage(status, Document("Error", body));
    }

    private static void AppendError(StringBuilder body, string? error)
    {
        if (error is not null)
            body.Append("<p id=\"error\" role=\"alert\">").Append(E(error)).Append("</p>");
    }

    private static void AppendList(StringBuilder body, string id, IReadOnlyList<string> items)
    {
        body.Append("<ul id=\"").Append(id).Append("\">");
        foreach (var item in items)
            body.Append("<li>").Append(E(item)).Append("</li>");
        body.Append("</ul>");
    }

    private static string Document(string title, StringBuilder body) =>
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\" />"
        + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\" />"
        + "<meta name=\"referrer\" content=\"no-referrer\" />"
        + $"<title>{E(title)} – Aims</title><style>{Style}</style></head>"
        + $"<body><main>{body}</main></body></html>";

    private static string E(string value) => Encoder.Encode(value);
}
