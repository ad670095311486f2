using System.Globalization;
using System.Security.Claims;
using EssalOffice.WebApi.Authentication;
using FluentValidation;
using FluentValidation.Results;

namespace EssalOffice.WebApi.Endpoints;

/// <summary>Turns raw route and query strings into values, with a 400 that names the parameter when they do not fit.</summary>
internal static class RequestValues
{
    public static Guid Id(string value, string name) =>
        Guid.TryParse(value, out var id) ? id : throw Invalid(name, $"{name} must be a GUID, like 0195f3a4-7b1c-7d2e-9f00-1a2b3c4d5e6f.");

    public static Guid? OptionalId(string? value, string name) =>
        string.IsNullOrEmpty(value) ? null : Id(value, name);

    public static int? OptionalInt(string? value, string name) =>
        string.IsNullOrEmpty(value) ? null
        : int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) ? number
        : throw Invalid(name, $"{name} must be a whole number.");

    /// <summary>An ISO 8601 instant such as 2026-01-31T12:00:00Z; without an offset it is taken as UTC.</summary>
    public static DateTimeOffset? OptionalInstant(string? value, string name) =>
        string.IsNullOrEmpty(value) ? null
        : DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var instant) ? instant
        : throw Invalid(name, $"{name} must be an ISO 8601 instant, like 2026-01-31T12:00:00Z.");

    /// <summary>Where the request came from, for the audit trail and the brute-force limits.</summary>
    public static string? ClientAddress(this HttpContext http) => http.Connection.RemoteIpAddress?.ToString();

    public static Guid UserId(this ClaimsPrincipal user) => Guid.Parse(user.FindFirstValue(ClaimTypes.NameIdentifier)!);

    public static bool IsAdmin(this ClaimsPrincipal user) => user.IsInRole(TokenAuthenticationDefaults.AdminRole);

    private static ValidationException Invalid(string name, string message) => new([new ValidationFailure(name, message)]);
}
