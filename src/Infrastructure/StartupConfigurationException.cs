namespace EssalOffice.Infrastructure;

/// <summary>
/// The service cannot start because of how it is configured (or because what the configuration points
/// at cannot be reached). The message is one line that names the setting; it is shown instead of a stack trace.
/// </summary>
public sealed class StartupConfigurationException(string message, Exception? innerException = null)
    : Exception(message, innerException);
