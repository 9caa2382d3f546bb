using System.Text.Json;
using Aims.Cli.Output;

namespace Aims.Cli.Http;

/// <summary>
/// Every item of a paged list (<c>{ "agents": [...], "next": cursor }</c>): pages are fetched with
/// <c>after=&lt;next&gt;</c> until <c>next</c> is null. The items stay valid until this is disposed.
/// </summary>
internal sealed class PagedList : IDisposable
{
    private readonly List<JsonDocument> _pages = [];

    private PagedList(string arrayName) => ArrayName = arrayName;

    public string ArrayName { get; }

    public List<JsonElement> Items { get; } = [];

    /// <summary>Fetches all pages; <paramref name="path"/> makes the request path for a cursor (null for the first page).</summary>
    public static async Task<PagedList> GetAsync(ApiClient api, string arrayName, Func<string?, string> path, CancellationToken cancellationToken)
    {
        var list = new PagedList(arrayName);
        try
        {
            string? after = null;
            while (true)
            {
                var page = await api.GetAsync(path(after), cancellationToken);
                list._pages.Add(page);
                if (!page.RootElement.TryGetArray(arrayName, out var items))
                    throw ServerRefusedException.UnexpectedAnswer($"no \"{arrayName}\" array");
                list.Items.AddRange(items.EnumerateArray());

                // A repeated cursor would loop forever; treat it as the end.
                var next = Cursor(page.RootElement);
                if (next is null || next == after)
                    return list;
                after = next;
            }
        }
        catch
        {
            list.Dispose();
            throw;
        }
    }

    /// <summary>All items as one document of the server's shape, with <c>next</c> null.</summary>
    public JsonElement Merged()
    {
        var json = JsonText.Build(w =>
        {
            w.WriteStartObject();
            w.WriteStartArray(ArrayName);
            foreach (var item in Items)
                item.WriteTo(w);
            w.WriteEndArray();
            w.WriteNull(WireNames.Next);
            w.WriteEndObject();
        });
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }

    public void Dispose()
    {
        foreach (var page in _pages)
            page.Dispose();
        _pages.Clear();
    }

    /// <summary>Agent lists page by SPIFFE ID (a string), audit lists by sequence number.</summary>
    private static string? Cursor(JsonElement page) =>
        page.ValueKind == JsonValueKind.Object && page.TryGetProperty(WireNames.Next, out var next)
            ? next.ValueKind switch
            {
                JsonValueKind.String => next.GetString(),
                JsonValueKind.Number => next.GetRawText(),
                _ => null,
            }
            : null;
}
