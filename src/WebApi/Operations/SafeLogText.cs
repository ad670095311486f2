using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace EssalOffice.WebApi.Operations;

/// <summary>
/// A request field (path, method) as it may appear in a log line: anything that looks like a token is masked,
/// and characters that could end the line or disguise it are escaped, so a client can neither leak a secret
/// into the log nor forge log lines.
/// </summary>
internal static partial class SafeLogText
{
    public const string Mask = "***";

    // Printable ASCII except the backslash, which is escaped so that a logged "\n" always means an escaped new line.
    private static readonly SearchValues<char> Plain =
        SearchValues.Create(" !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[]^_`abcdefghijklmnopqrstuvwxyz{|}~");

    public static string Of(string value) => Escape(TokenLike().Replace(value, "${prefix}" + Mask));

    /// <summary>
    /// The prefix in any case followed by base62 characters, or 32 base62 characters in a row (a token's random part
    /// without its prefix). Nothing legitimate in our paths is that long: ids are GUIDs with hyphens (a GUID written
    /// without them is masked too) and static files have short names (their version hash is in the query string,
    /// which is never logged).
    /// </summary>
    [GeneratedRegex("(?<prefix>[Ee][Ss][Ss][Aa][Ll]_)[0-9A-Za-z]+|[0-9A-Za-z]{32,}")]
    private static partial Regex TokenLike();

    private static string Escape(string value)
    {
        var span = value.AsSpan();
        var next = span.IndexOfAnyExcept(Plain);
        if (next < 0) return value; // the usual case: nothing to escape, nothing allocated

        var escaped = new StringBuilder(value.Length + 16).Append(span[..next]);
        for (var i = next; i < span.Length; i++)
        {
            var c = span[i];
            switch (c)
            {
                case '\r': escaped.Append(@"\r"); break;
                case '\n': escaped.Append(@"\n"); break;
                case '\t': escaped.Append(@"\t"); break;
                case '\\': escaped.Append(@"\\"); break;
                case var _ when char.IsHighSurrogate(c) && i + 1 < span.Length && char.IsLowSurrogate(span[i + 1]):
                    escaped.Append(c).Append(span[++i]);
                    break;
                case var _ when NeedsEscape(c):
                    escaped.Append(@"\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    break;
                default: escaped.Append(c); break;
            }
        }
        return escaped.ToString();
    }

    // C0, DEL and C1 controls (NEL among them), line and paragraph separators, invisible formatting characters
    // (bidirectional overrides could make a line read differently from what it holds) and lone surrogates.
    private static bool NeedsEscape(char c) => char.IsControl(c) || char.IsSurrogate(c) ||
        CharUnicodeInfo.GetUnicodeCategory(c) is UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator or UnicodeCategory.Format;
}
