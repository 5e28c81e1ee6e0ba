using System.Text;

namespace EcsBridge.Core.Ecs;

/// <summary>Reads the raw input (a file or stdin) within <see cref="InputLimits.MaxInputBytes"/> and decodes it
/// as text, refusing binary data with a clear message.</summary>
public static class InputText
{
    /// <summary>Reads the whole stream, refusing more than <paramref name="maxBytes"/>.</summary>
    public static async Task<byte[]> ReadBoundedAsync(Stream input, string sourceName, int maxBytes, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        while (true)
        {
            var read = await input.ReadAsync(chunk, cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                return buffer.ToArray();
            }
            if (buffer.Length + read > maxBytes)
            {
                throw new EcsInputException(
                    $"{sourceName}: the input is larger than {FormatSize(maxBytes)}, the most convert and render read; split it into several files");
            }
            buffer.Write(chunk, 0, read);
        }
    }

    /// <summary>Decodes UTF-8 (with or without a byte-order mark) or UTF-16 with a byte-order mark. Anything
    /// with NUL bytes, invalid UTF-8 or other control characters is refused as binary.</summary>
    public static string Decode(ReadOnlySpan<byte> bytes, string sourceName)
    {
        string text;
        try
        {
            if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]))
            {
                text = new UnicodeEncoding(bigEndian: false, byteOrderMark: false, throwOnInvalidBytes: true).GetString(bytes[2..]);
            }
            else if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
            {
                text = new UnicodeEncoding(bigEndian: true, byteOrderMark: false, throwOnInvalidBytes: true).GetString(bytes[2..]);
            }
            else
            {
                var body = bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]) ? bytes[3..] : bytes;
                text = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetString(body);
            }
        }
        catch (DecoderFallbackException)
        {
            throw new EcsInputException($"{sourceName}: the input is not text (it is not valid UTF-8); expected ECS JSON or EcsBridge YAML");
        }

        var line = 1;
        var column = 1;
        foreach (var c in text)
        {
            if (c == '\n')
            {
                line++;
                column = 1;
                continue;
            }
            if (char.IsControl(c) && c is not ('\t' or '\r' or '\u0085'))
            {
                throw new EcsInputException(
                    $"{sourceName}:{line}:{column}: the input is not text (control character U+{(int)c:X4}); expected ECS JSON or EcsBridge YAML");
            }
            column++;
        }
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new EcsInputException($"{sourceName}: the input is empty; expected ECS JSON or EcsBridge YAML");
        }
        return text;
    }

    private static string FormatSize(int bytes) =>
        bytes % Units.BytesPerMebibyte == 0 ? $"{bytes / Units.BytesPerMebibyte} MiB" : $"{bytes} bytes";
}
