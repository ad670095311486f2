namespace EssalOffice.Infrastructure;

/// <summary>
/// A folder the service must write to, checked at start-up: otherwise the problem shows much later, as a stack
/// trace or as a logged error while the service seems to run.
/// </summary>
public static class WritableDirectory
{
    /// <summary>Creates <paramref name="path"/> unless it exists and writes a file in it; what is wrong, or null.</summary>
    public static string? FindProblem(string path)
    {
        try
        {
            Directory.CreateDirectory(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return $"cannot be created: {e.Message}";
        }
        try
        {
            // A file that deletes itself when closed: nothing is left behind, and several instances may check at once.
            using var probe = File.Create(Path.Combine(path, $".essal-write-check-{Guid.NewGuid():N}"), 1, FileOptions.DeleteOnClose);
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return "is not writable: permission denied."; // the message would name the check's file, not the folder
        }
        catch (IOException e)
        {
            return $"is not writable: {e.Message}";
        }
    }
}
