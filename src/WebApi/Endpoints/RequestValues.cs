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

    public static Guid UserId(this ClaimsPrincipal user) => Guid.Parse(user.FindFirstValue(ClaimTypes.NameIdentifier)!);

    public static bool IsAdmin(this ClaimsPrincipal user) => user.IsInRole(TokenAuthenticationDefaults.AdminRole);

    private static ValidationException Invalid(string name, string message) => new([new ValidationFailure(name, message)]);
}
