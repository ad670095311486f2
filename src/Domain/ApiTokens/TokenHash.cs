using System.Buffers.Binary;
using System.Security.Cryptography;

namespace EssalOffice.Domain.ApiTokens;

/// <summary>
/// The SHA-256 of a token as a value (four 64-bit words): the key of the validation cache, compared and hashed
/// without allocating. The database stores the same 32 bytes.
/// </summary>
public readonly struct TokenHash : IEquatable<TokenHash>
{
    public const int Size = 32;

    private readonly ulong _a, _b, _c, _d;

    private TokenHash(ReadOnlySpan<byte> sha256)
    {
        _a = BinaryPrimitives.ReadUInt64LittleEndian(sha256);
        _b = BinaryPrimitives.ReadUInt64LittleEndian(sha256[8..]);
        _c = BinaryPrimitives.ReadUInt64LittleEndian(sha256[16..]);
        _d = BinaryPrimitives.ReadUInt64LittleEndian(sha256[24..]);
    }

    /// <summary>SHA-256 of the token's ASCII bytes; for well-formed tokens only (check the shape first).</summary>
    public static TokenHash Of(ReadOnlySpan<char> token)
    {
        if (token.Length != ApiTokenFormat.Length) throw new ArgumentException("Only a well-formed token has a hash.", nameof(token));
        Span<byte> ascii = stackalloc byte[ApiTokenFormat.Length];
        for (var i = 0; i < ascii.Length; i++) ascii[i] = (byte)token[i];
        Span<byte> digest = stackalloc byte[Size];
        SHA256.HashData(ascii, digest);
        return new TokenHash(digest);
    }

    public static TokenHash FromBytes(ReadOnlySpan<byte> sha256) =>
        sha256.Length == Size ? new TokenHash(sha256) : throw new ArgumentException("A SHA-256 hash has 32 bytes.", nameof(sha256));

    public byte[] ToArray()
    {
        var bytes = new byte[Size];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, _a);
        BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(8), _b);
        BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(16), _c);
        BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(24), _d);
        return bytes;
    }

    public bool Equals(TokenHash other) => _a == other._a && _b == other._b && _c == other._c && _d == other._d;
    public override bool Equals(object? obj) => obj is TokenHash other && Equals(other);
    public override int GetHashCode() => HashCode.Combine(_a, _b, _c, _d);
    public static bool operator ==(TokenHash left, TokenHash right) => left.Equals(right);
    public static bool operator !=(TokenHash left, TokenHash right) => !left.Equals(right);

    /// <summary>Never prints the hash: it identifies a token, so it stays out of logs like the token itself.</summary>
    public override string ToString() => nameof(TokenHash);
}
