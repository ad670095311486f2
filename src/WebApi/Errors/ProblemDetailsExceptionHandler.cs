using EssalOffice.Infrastructure;
using System.Net.Sockets;
using System.Text.Json;
using EssalOffice.Application;
using FluentValidation;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using EssalOffice.WebApi.Endpoints;
using EssalOffice.WebApi.Operations;
using Npgsql;

namespace EssalOffice.WebApi.Errors;

/// <summary>The one place where exceptions become HTTP answers: each known kind gets its status and an actionable title.</summary>
public sealed partial class ProblemDetailsExceptionHandler(IProblemDetailsService problemDetails, ILogger<ProblemDetailsExceptionHandler> logger)
    : IExceptionHandler
{
    public const int RetryAfterSeconds = 5;

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var problem = exception switch
        {
            ValidationException e => Validation(e),
            NotFoundException e => new ProblemDetails { Status = StatusCodes.Status404NotFound, Title = e.Message },
            ConflictException e => new ProblemDetails { Status = StatusCodes.Status409Conflict, Title = e.Message },
            ForbiddenException e => new ProblemDetails { Status = StatusCodes.Status403Forbidden, Title = e.Message },
            BadHttpRequestException e => BadRequest(e),
            _ when IsDatabaseUnavailable(exception) => new ProblemDetails
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Title = "The database is unavailable. Try again in a few seconds.",
            },
            _ => null,
        };

        if (problem is null)
        {
            LogUnexpected(logger, exception, SafeLogText.Of(httpContext.Request.Path.Value ?? "/"));
            problem = new ProblemDetails { Status = StatusCodes.Status500InternalServerError, Title = "An unexpected error occurred." };
        }
        else if (problem.Status == StatusCodes.Status503ServiceUnavailable)
        {
            LogDatabaseUnavailable(logger, exception.GetType().Name, exception.Message);
            httpContext.Response.Headers.RetryAfter = RetryAfterSeconds.ToString();
            // Idle pooled connections do not notice that the server went away; without this, each of them would
            // fail one more request after the database is back. Busy ones are discarded when they are returned.
            httpContext.RequestServices.ClearIdleDatabaseConnections();
        }

        httpContext.Response.StatusCode = problem.Status!.Value;
        return await problemDetails.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails = problem,
            Exception = exception,
        });
    }

    private static ProblemDetails Validation(ValidationException exception)
    {
        var errors = exception.Errors
            .GroupBy(e => JsonNamingPolicy.CamelCase.ConvertName(e.PropertyName))
            .ToDictionary(g => g.Key, g => g.Select(e => e.ErrorMessage).Distinct().ToArray());
        var problem = new ValidationProblemDetails(errors)
        {
            Status = StatusCodes.Status400BadRequest,
            Title = string.Join(" ", exception.Errors.Select(e => e.ErrorMessage).Distinct()),
        };
        return problem;
    }

    private static ProblemDetails BadRequest(BadHttpRequestException exception)
    {
        var title = exception.InnerException switch
        {
            JsonException { Message: var m, Path: var path } when m.Contains("could not be mapped", StringComparison.Ordinal) =>
                $"The request body has a field this endpoint does not know: '{FieldName(path)}'.",
            InvalidInstantException { Path: var path } =>
                $"'{FieldName(path)}' {InstantJsonConverter.Expected}.",
            JsonException { Message: var m, Path: var path } when m.StartsWith("The JSON value could not be converted", StringComparison.Ordinal) && path is not (null or "$") =>
                $"'{FieldName(path)}' has the wrong type for this endpoint.",
            JsonException { Path: var path, LineNumber: var line, BytePositionInLine: var position } =>
                $"The request body is not valid JSON for this endpoint (at {path ?? "$"}, line {line + 1}, position {position + 1}).",
            _ when exception.StatusCode == StatusCodes.Status415UnsupportedMediaType =>
                "Send the request body as JSON with 'Content-Type: application/json'.",
            _ when exception.Message.Contains("no body was provided", StringComparison.Ordinal)
                   || exception.Message.Contains("was not provided from body", StringComparison.Ordinal) =>
                "The request body is missing: send a JSON object.",
            _ => "The request is malformed.",
        };
        return new ProblemDetails { Status = exception.StatusCode, Title = title };
    }

    private static string FieldName(string? path) => path?.TrimStart('$', '.') ?? "";

    private static bool IsDatabaseUnavailable(Exception exception) => exception switch
    {
        PostgresException p => p.SqlState.StartsWith("08", StringComparison.Ordinal)      // connection exceptions
                               || p.SqlState is "57P01" or "57P02" or "57P03" or "53300", // shutting down, starting, too many connections
        NpgsqlException => true,
        SocketException or TimeoutException => true,
        _ when exception.InnerException is { } inner => IsDatabaseUnavailable(inner),
        _ => false,
    };

    [LoggerMessage(1, LogLevel.Error, "Unhandled exception on {Path}")]
    private static partial void LogUnexpected(ILogger logger, Exception exception, string path);

    [LoggerMessage(2, LogLevel.Warning, "Database unavailable: {ExceptionType}: {Message}")]
    private static partial void LogDatabaseUnavailable(ILogger logger, string exceptionType, string message);
}
