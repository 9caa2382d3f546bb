using Microsoft.AspNetCore.Http;

namespace Aims.Api.Http;

/// <summary>RFC 9457 problem details for the /v1 API; <c>detail</c> always tells the caller what to fix.</summary>
public static class Problems
{
    public static IResult BadRequest(string detail) => Problem(StatusCodes.Status400BadRequest, "Bad request", detail);

    public static IResult Unauthorized(string detail) => Problem(StatusCodes.Status401Unauthorized, "Unauthorized", detail);

    public static IResult Forbidden(string detail) => Problem(StatusCodes.Status403Forbidden, "Forbidden", detail);

    public static IResult NotFound(string detail) => Problem(StatusCodes.Status404NotFound, "Not found", detail);

    public static IResult Conflict(string detail) => Problem(StatusCodes.Status409Conflict, "Conflict", detail);

    public static IResult TooLarge(string detail) => Problem(StatusCodes.Status413PayloadTooLarge, "Payload too large", detail);

    public static IResult UnsupportedMediaType(string detail) => Problem(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type", detail);

    public static IResult Problem(int status, string title, string detail) =>
        Results.Json(new ProblemBody("about:blank", title, status, detail), ProblemJson, "application/problem+json", status);

    private static readonly System.Text.Json.JsonSerializerOptions ProblemJson = new(System.Text.Json.JsonSerializerDefaults.Web)
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private sealed record ProblemBody(string Type, string Title, int Status, string Detail);
}
