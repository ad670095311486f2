namespace EssalOffice.Bench;

/// <summary>Signs in with a password (read from a file) and writes the new token to a file: nothing secret on screen.</summary>
public static class Issue
{
    public static async Task<int> RunAsync(Options options)
    {
        var password = File.ReadAllText(options.Required("password-file")).Trim();
        using var client = Http.Client(options.Required("url"), 1);
        var created = await Http.IssueAsync(client, options.Required("username"), password, options.Get("name") ?? "bench");
        await File.WriteAllTextAsync(options.Required("out"), created.Token + "\n");
        return 0;
    }
}
