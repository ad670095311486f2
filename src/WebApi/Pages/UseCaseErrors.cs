using EssalOffice.Application;
using FluentValidation;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace EssalOffice.WebApi.Pages;

/// <summary>
/// The pages' counterpart of the ProblemDetails mapping: an expected failure of a use case becomes a message on
/// the page, with the same status the API would answer. Anything else is unexpected and propagates.
/// </summary>
internal static class UseCaseErrors
{
    public static async Task<string?> TryAsync(this PageModel page, Func<Task> useCase)
    {
        try
        {
            await useCase();
            return null;
        }
        catch (ValidationException e)
        {
            page.Response.StatusCode = StatusCodes.Status400BadRequest;
            return string.Join(" ", e.Errors.Select(error => error.ErrorMessage).Distinct());
        }
        catch (ConflictException e)
        {
            page.Response.StatusCode = StatusCodes.Status409Conflict;
            return e.Message;
        }
        catch (NotFoundException e)
        {
            page.Response.StatusCode = StatusCodes.Status404NotFound;
            return e.Message;
        }
    }
}
