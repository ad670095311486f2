using System.Buffers.Binary;
using System.IO.Hashing;
using System.Security.Cryptography;

namespace EssalOffice.Domain.ApiTokens;

/// <summary>
/// The shape of a token: <c>essal_</c> + 32 random base62 characters + 6 base62 characters of the
/// CRC32 of the random part. Checking it needs no I/O, so junk never reaches the database.
/// </summary>
public static class ApiTokenFormat
{
    public const string Prefix = "essal_";
    public const int RandomLength = 32;
    public const int ChecksumLength = 6;
    public const int Length = 44; // Prefix.Length + RandomLength + ChecksumLength
    public const int HintLength = 10;
    public const string Alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    /// <summary>A fresh token from the operating system's CSPRNG (32 × log2(62) ≈ 190 bits).</summary>
    public static string Generate()
    {
        Span<char> token = stackalloc char[Length];
        Prefix.AsSpan().CopyTo(token);
        var random = token.Slice(Prefix.Length, RandomLength);
        RandomNumberGenerator.GetItems(Alphabet.AsSpan(), random);
        WriteChecksum(random, token[(Prefix.Length + RandomLength)..]);
        return new string(token);
    }

    public static ApiTokenShape Check(ReadOnlySpan<char> value)
    {
        foreach (var c in value)
        {
            if (!IsAlphabetOrUnderscore(c)) return ApiTokenShape.InvalidCharacters;
        }
        if (value.Length != Length || !value.StartsWith(Prefix, StringComparison.Ordinal))
            return ApiTokenShape.WrongShape;
        var random = value.Slice(Prefix.Length, RandomLength);
        foreach (var c in random)
        {
            if (c == '_') return ApiTokenShape.WrongShape;
        }
        Span<char> expected = stackalloc char[ChecksumLength];
        WriteChecksum(random, expected);
        return value[(Prefix.Length + RandomLength)..].SequenceEqual(expected)
            ? ApiTokenShape.WellFormed
            : ApiTokenShape.WrongChecksum;
    }

    /// <summary>The non-secret display hint: the first 10 characters followed by an ellipsis.</summary>
    public static string Hint(string token) => string.Concat(token.AsSpan(0, HintLength), "…");

    /// <summary>SHA-256 of the token's ASCII bytes: the only thing the database stores.</summary>
    public static byte[] Hash(ReadOnlySpan<char> token) => TokenHash.Of(token).ToArray();

    private static bool IsAlphabetOrUnderscore(char c) =>
        c is (>= '0' and <= '9') or (>= 'A' and <= 'Z') or (>= 'a' and <= 'z') or '_';

    private static void WriteChecksum(ReadOnlySpan<char> random, Span<char> destination)
    {
        Span<byte> ascii = stackalloc byte[RandomLength];
        for (var i = 0; i < RandomLength; i++) ascii[i] = (byte)random[i];
        Span<byte> crcBytes = stackalloc byte[4];
        Crc32.Hash(ascii, crcBytes);
        ulong crc = BinaryPrimitives.ReadUInt32LittleEndian(crcBytes);
        // Fixed width, most significant digit first: 62^6 > 2^32, so six digits always suffice.
        for (var i = ChecksumLength - 1; i >= 0; i--)
        {
            destination[i] = Alphabet[(int)(crc % 62)];
            crc /= 62;
        }
    }
}

public enum ApiTokenShape
{
    WellFormed,
    InvalidCharacters,
    WrongShape,
    WrongChecksum,
}
