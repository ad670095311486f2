namespace EssalOffice.WebApi.Operations;

/// <summary>
/// <c>dotnet EssalOffice.WebApi.dll --health-check [url]</c>: the container's HEALTHCHECK. The ASP.NET runtime
/// image has no curl, so the app checks itself: GET /health/live, exit 0 when it answers 2xx, else 1.
/// </summary>
public static class HealthCheckCommand
{
    public const string Argument = "--health-check";

    public static bool IsRequested(string[] args) => args.Length > 0 && args[0] == Argument;

    public static async Task<int> RunAsync(string[] args)
    {
        var url = args.Length > 1 ? args[1] : DefaultUrl();
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(3) };
        try
        {
            using var response = await http.GetAsync(url);
            return response.IsSuccessStatusCode ? 0 : 1;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or UriFormatException or InvalidOperationException)
        {
            return 1;
        }
    }

    /// <summary>The first port of ASPNETCORE_HTTP_PORTS (the image sets 8080), on the loopback address.</summary>
    private static string DefaultUrl()
    {
        var ports = Environment.GetEnvironmentVariable("ASPNETCORE_HTTP_PORTS");
        var port = ports?.Split([';', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? "8080";
        return $"http://127.0.0.1:{port}/health/live";
    }
}
