namespace EssalOffice.Application.Abstractions;

/// <summary>
/// Remembers when a token was last used. Recorded in memory on every successful validation and written to the
/// database in batches, never one write per request.
/// </summary>
public interface ILastUsedRecorder
{
    void Record(Guid tokenId, DateTimeOffset usedAt);
}
