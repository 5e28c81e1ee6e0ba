using System.Globalization;
using System.Text.Encodings.Web;

namespace EcsBridge.Kubernetes.Json;

/// <summary>
/// Escapes JSON for server-side apply, whose `application/apply-patch+yaml` body the API server parses as YAML.
/// JSON is YAML except for one thing the default encoder does: characters outside the Basic Multilingual Plane
/// (emoji, many CJK extensions) written as surrogate-pair escapes, which YAML rejects ("invalid Unicode character
/// escape code"). This encoder writes them as raw UTF-8 and escapes, as \uXXXX, only what JSON requires (quote,
/// backslash, control characters) and what YAML would not read back as written (C1 controls, which include NEL, a
/// YAML line break; U+2028/U+2029 line and paragraph separators; the byte-order mark and the non-characters).
/// </summary>
public sealed class ApplyPatchEncoder : JavaScriptEncoder
{
    public static readonly ApplyPatchEncoder Instance = new();

    private ApplyPatchEncoder()
    {
    }

    /// <summary>\uXXXX\uXXXX for a scalar outside the BMP, should one ever be asked for.</summary>
    public override int MaxOutputCharactersPerInputCharacter => 12;

    public override bool WillEncode(int unicodeScalar) =>
        unicodeScalar < 0x20 || unicodeScalar is '"' or '\\' or (>= 0x7F and <= 0x9F) or 0x2028 or 0x2029 or 0xFEFF or 0xFFFE or 0xFFFF;

    public override unsafe int FindFirstCharacterToEncode(char* text, int textLength)
    {
        var span = new ReadOnlySpan<char>(text, textLength);
        for (var i = 0; i < span.Length; i++)
        {
            var c = span[i];
            if (char.IsHighSurrogate(c))
            {
                if (i + 1 < span.Length && char.IsLowSurrogate(span[i + 1]))
                {
                    i++;
                    continue;
                }
                return i;
            }
            if (char.IsLowSurrogate(c) || WillEncode(c))
            {
                return i;
            }
        }
        return -1;
    }

    public override unsafe bool TryEncodeUnicodeScalar(int unicodeScalar, char* buffer, int bufferLength, out int numberOfCharactersWritten)
    {
        var destination = new Span<char>(buffer, bufferLength);
        numberOfCharactersWritten = 0;
        if (!WillEncode(unicodeScalar))
        {
            if (!new System.Text.Rune(unicodeScalar).TryEncodeToUtf16(destination, out var written))
            {
                return false;
            }
            numberOfCharactersWritten = written;
            return true;
        }
        // Every scalar this encoder escapes lies in the BMP, so one \uXXXX suffices.
        if (destination.Length < 6 || !unicodeScalar.TryFormat(destination[2..6], out _, "X4", CultureInfo.InvariantCulture))
        {
            return false;
        }
        destination[0] = '\\';
        destination[1] = 'u';
        numberOfCharactersWritten = 6;
        return true;
    }
}
