namespace EssalOffice.WebApi.Errors;

/// <summary>
/// The <c>type</c> of a problem by its status: ASP.NET Core's defaults (the same RFC 9110 links), which its default
/// writer alone applies, plus the statuses they leave out (413, 414, 429, 431), so that every error body has the
/// same members whichever writer wrote it.
/// </summary>
public static class ProblemTypes
{
    private const string Rfc9110 = "https://tools.ietf.org/html/rfc9110#section-";

    public static string? For(int? status) => status switch
    {
        400 => Rfc9110 + "15.5.1",
        401 => Rfc9110 + "15.5.2",
        403 => Rfc9110 + "15.5.4",
        404 => Rfc9110 + "15.5.5",
        405 => Rfc9110 + "15.5.6",
        406 => Rfc9110 + "15.5.7",
        408 => Rfc9110 + "15.5.9",
        409 => Rfc9110 + "15.5.10",
        412 => Rfc9110 + "15.5.13",
        413 => Rfc9110 + "15.5.14",
        414 => Rfc9110 + "15.5.15",
        415 => Rfc9110 + "15.5.16",
        422 => Rfc9110 + "15.5.21",
        426 => Rfc9110 + "15.5.22",
        429 => "https://tools.ietf.org/html/rfc6585#section-4",
        431 => "https://tools.ietf.org/html/rfc6585#section-5",
        500 => Rfc9110 + "15.6.1",
        502 => Rfc9110 + "15.6.3",
        503 => Rfc9110 + "15.6.4",
        504 => Rfc9110 + "15.6.5",
        _ => null,
    };
}
