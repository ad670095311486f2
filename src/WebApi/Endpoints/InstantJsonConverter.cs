using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;

namespace EssalOffice.WebApi.Endpoints;

/// <summary>
/// Reads an ISO 8601 instant: a date, a time and a time zone (<c>Z</c> or an offset), with any number of
/// fractional digits. A value without a time zone is refused: it would mean different instants on servers
/// in different zones.
/// </summary>
public sealed partial class InstantJsonConverter : JsonConverter<DateTimeOffset>
{
    public const string Expected = "must be an ISO 8601 instant with a time zone, e.g. 2027-01-31T17:00:00Z";

    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String) throw new InvalidInstantException();
        var match = Instant().Match(reader.GetString()!);
        if (!match.Success) throw new InvalidInstantException();
        // .NET keeps 7 fractional digits; further digits are below its resolution anyway.
        var fraction = match.Groups["fraction"].Value;
        var text = match.Groups["datetime"].Value + (fraction.Length > 0 ? "." + fraction[..Math.Min(7, fraction.Length)] : "") + match.Groups["zone"].Value;
        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var value)
            ? value
            : throw new InvalidInstantException();
    }

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value);

    [GeneratedRegex(@"^(?<datetime>\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?)(\.(?<fraction>\d{1,30}))?(?<zone>Z|z|[+-]\d{2}:\d{2})$")]
    private static partial Regex Instant();
}

/// <summary>A well-formed JSON value that is not an instant; its message names what is expected.</summary>
public sealed class InvalidInstantException() : JsonException($"The value {InstantJsonConverter.Expected}.");
