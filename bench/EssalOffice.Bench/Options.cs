using System.Globalization;

namespace EssalOffice.Bench;

public sealed class UsageException(string message) : Exception(message);

/// <summary><c>--name value</c> pairs; every option takes a value.</summary>
public sealed class Options
{
    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);

    public static Options Parse(IEnumerable<string> args)
    {
        var options = new Options();
        using var e = args.GetEnumerator();
        while (e.MoveNext())
        {
            var name = e.Current;
            if (!name.StartsWith("--", StringComparison.Ordinal) || name.Length < 3) throw new UsageException($"unexpected argument '{name}'");
            if (!e.MoveNext()) throw new UsageException($"{name} needs a value");
            options._values[name[2..]] = e.Current;
        }
        return options;
    }

    public string? Get(string name) => _values.GetValueOrDefault(name);

    public string Required(string name) => Get(name) ?? throw new UsageException($"--{name} is required");

    public int Int(string name, int? fallback = null)
    {
        var text = Get(name);
        if (text is null) return fallback ?? throw new UsageException($"--{name} is required");
        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new UsageException($"--{name} must be a whole number");
    }

    public static string ConnectionString() =>
        Environment.GetEnvironmentVariable("BENCH_CONNECTION") is { Length: > 0 } value
            ? value
            : throw new UsageException("BENCH_CONNECTION (the PostgreSQL connection string) is not set");
}

/// <summary>Appends key=value lines to the results file that <c>report</c> reads (when --results is given).</summary>
public sealed class Results(string? path)
{
    public void Add(string key, object value)
    {
        if (path is null) return;
        var text = value switch
        {
            double d => d.ToString("0.###", CultureInfo.InvariantCulture),
            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
            _ => value.ToString(),
        };
        File.AppendAllText(path, $"{key}={text}\n");
    }
}
