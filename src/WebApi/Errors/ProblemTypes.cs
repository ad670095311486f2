namespace EssalOffice.WebApi.Errors;

/// <summary>
/// The <c>type</c> of a problem whose status ASP.NET Core's defaults leave without one (they cover 400, 401, 403,
/// 404, 405, 406, 408, 409, 412, 415, 422, 426 and 5xx): every error body has the same members.
/// </summary>
public static class ProblemTypes
{
    public static string? For(int? status) => status switch
    {
        StatusCodes.Status413PayloadTooLarge => "https://tools.ietf.org/html/rfc9110#section-15.5.14",
        StatusCodes.Status414UriTooLong => "https://tools.ietf.org/html/rfc9110#section-15.5.15",
        StatusCodes.Status429TooManyRequests => "https://tools.ietf.org/html/rfc6585#section-4",
        StatusCodes.Status431RequestHeaderFieldsTooLarge => "https://tools.ietf.org/html/rfc6585#section-5",
        _ => null,
    };
}
