using System.Security.Cryptography;
using EssalOffice.Domain.ApiTokens;

namespace EssalOffice.Bench;

/// <summary>
/// Credentials that must be refused without any I/O: 70 % of the right shape with a wrong checksum, 20 % of the
/// wrong shape (wrong prefix, too short, too long), 10 % with characters outside the token alphabet. Each one is
/// checked with <see cref="ApiTokenFormat.Check"/> so none can be a valid token by accident.
/// </summary>
public static class Junk
{
    public static int Run(Options options)
    {
        var count = options.Int("count");
        var results = new Results(options.Get("results"));
        var kinds = new Dictionary<ApiTokenShape, int>();
        using var file = new StreamWriter(options.Required("out")) { NewLine = "\n" };
        for (var i = 0; i < count; i++)
        {
            var slot = i % 10;
            var value = slot switch
            {
                < 7 => WrongChecksum(),
                7 => "essel_" + ApiTokenFormat.Generate()[ApiTokenFormat.Prefix.Length..],
                8 => i % 20 < 10 ? ApiTokenFormat.Generate()[..30] : ApiTokenFormat.Generate() + "abcdef",
                _ => ApiTokenFormat.Generate()[..20] + (i % 20 < 10 ? "-" : ".") + ApiTokenFormat.Generate()[21..],
            };
            var shape = ApiTokenFormat.Check(value);
            if (shape == ApiTokenShape.WellFormed) throw new InvalidOperationException("a junk credential came out well-formed");
            kinds[shape] = kinds.GetValueOrDefault(shape) + 1;
            file.WriteLine(value);
        }
        Console.WriteLine($"{count:N0} junk credentials: " + string.Join(", ", kinds.OrderBy(k => k.Key).Select(k => $"{k.Key} {k.Value:N0}")));
        foreach (var (shape, n) in kinds) results.Add($"junk.{shape}", n);
        return 0;
    }

    private static string WrongChecksum()
    {
        var token = ApiTokenFormat.Generate().ToCharArray();
        // Change one checksum character to a different alphabet character: the checksum no longer matches.
        var at = ApiTokenFormat.Length - 1 - RandomNumberGenerator.GetInt32(ApiTokenFormat.ChecksumLength);
        var alphabet = ApiTokenFormat.Alphabet;
        token[at] = alphabet[(alphabet.IndexOf(token[at]) + 1 + RandomNumberGenerator.GetInt32(alphabet.Length - 1)) % alphabet.Length];
        return new string(token);
    }
}
