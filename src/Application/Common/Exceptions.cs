namespace EssalOffice.Application;

// The closed set of failures a use case reports; WebApi maps each to one HTTP status.

/// <summary>The thing does not exist, or it is not the caller's (indistinguishable on purpose).</summary>
public sealed class NotFoundException(string title) : Exception(title);

/// <summary>The request is well-formed but clashes with the stored state.</summary>
public sealed class ConflictException(string title) : Exception(title);

/// <summary>The caller is known but may not do this.</summary>
public sealed class ForbiddenException(string title) : Exception(title);
