using System.Text.Encodings.Web;
using Microsoft.AspNetCore.WebUtilities;

namespace EssalOffice.WebApi.Errors;

/// <summary>
/// People in a browser get an error page, not JSON: for requests outside <c>/api/</c> that accept HTML, the same
/// problems (exceptions, bare status codes) are written as a small page. Everything else keeps ProblemDetails.
/// Registered before <c>AddProblemDetails()</c> so that it is asked first.
/// </summary>
public sealed class HtmlProblemDetailsWriter : IProblemDetailsWriter
{
    private const string ExpiredForm = "This form has expired or did not come from this site. Reload the page and try again.";

    public bool CanWrite(ProblemDetailsContext context)
    {
        var request = context.HttpContext.Request;
        return !request.Path.StartsWithSegments("/api")
               && request.GetTypedHeaders().Accept.Any(accept => accept.MediaType.Equals("text/html", StringComparison.OrdinalIgnoreCase));
    }

    public ValueTask WriteAsync(ProblemDetailsContext context)
    {
        var http = context.HttpContext;
        var status = context.ProblemDetails.Status ?? http.Response.StatusCode;
        // A bare 400 on a form post is nearly always a missing or stale antiforgery token.
        var title = status == StatusCodes.Status400BadRequest && context.Exception is null && HttpMethods.IsPost(http.Request.Method)
            ? ExpiredForm
            : context.ProblemDetails.Title ?? ReasonPhrases.GetReasonPhrase(status);
        var encoded = HtmlEncoder.Default.Encode(title);
        var heading = HtmlEncoder.Default.Encode($"{ReasonPhrases.GetReasonPhrase(status)} ({status})");
        http.Response.ContentType = "text/html; charset=utf-8";
        return new ValueTask(http.Response.WriteAsync($"""
            <!DOCTYPE html>
            <html lang="en">
            <head>
                <meta charset="utf-8">
                <meta name="viewport" content="width=device-width, initial-scale=1">
                <title>{encoded} · Essal Office</title>
                <link rel="stylesheet" href="/css/site.css">
            </head>
            <body>
                <header class="site-header"><a class="brand" href="/">Essal Office</a></header>
                <main id="main">
                    <section class="card narrow">
                        <h1>{heading}</h1>
                        <p>{encoded}</p>
                        <p><a href="/">Back to Essal Office</a></p>
                    </section>
                </main>
            </body>
            </html>
            """, http.RequestAborted));
    }
}
