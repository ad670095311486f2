namespace EssalOffice.WebApi.Errors;

public static class RetryAfter
{
    /// <summary>Sets the <c>Retry-After</c> header to <paramref name="wait"/> in whole seconds, rounded up; returns them.</summary>
    public static int Set(HttpResponse response, TimeSpan wait)
    {
        var seconds = (int)Math.Ceiling(wait.TotalSeconds);
        response.Headers.RetryAfter = seconds.ToString();
        return seconds;
    }
}
