using EcsBridge.Core.Ecs;

namespace EcsBridge.Output;

/// <summary>Reads the FILE argument of convert and render ("-" or none = stdin) into documents, with every failure
/// as an <see cref="EcsInputException"/> that names the file.</summary>
public static class CommandInput
{
    public const string StandardInput = "-";

    /// <summary>Opens FILE ("-" → <paramref name="stdin"/>) and parses it.</summary>
    public static async Task<IReadOnlyList<InputDocument>> LoadAsync(string? path, Stream stdin, CancellationToken cancellationToken)
    {
        if (path is null or StandardInput)
        {
            return await ParseAsync(stdin, "<stdin>", cancellationToken).ConfigureAwait(false);
        }
        FileStream file;
        try
        {
            if (Directory.Exists(path))
            {
                throw new EcsInputException($"{path}: is a directory; give a file (or - for stdin)");
            }
            var info = new FileInfo(path);
            if (info.Exists && info.Length > InputLimits.MaxInputBytes)
            {
                throw new EcsInputException(
                    $"{path}: {info.Length} bytes is larger than {InputLimits.MaxInputBytes / Units.BytesPerMebibyte} MiB, the most convert and render read; split it into several files");
            }
            file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, useAsync: true);
        }
        catch (FileNotFoundException)
        {
            throw new EcsInputException($"{path}: no such file");
        }
        catch (DirectoryNotFoundException)
        {
            throw new EcsInputException($"{path}: no such file (the directory does not exist)");
        }
        catch (UnauthorizedAccessException)
        {
            throw new EcsInputException($"{path}: permission denied");
        }
        catch (IOException ex)
        {
            throw new EcsInputException($"{path}: cannot be read ({ex.Message})");
        }
        await using (file.ConfigureAwait(false))
        {
            return await ParseAsync(file, path, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Reads at most <see cref="InputLimits.MaxInputBytes"/> from the stream, decodes and parses it.</summary>
    public static async Task<IReadOnlyList<InputDocument>> ParseAsync(Stream input, string sourceName, CancellationToken cancellationToken)
    {
        byte[] bytes;
        try
        {
            bytes = await InputText.ReadBoundedAsync(input, sourceName, InputLimits.MaxInputBytes, cancellationToken).ConfigureAwait(false);
        }
        catch (IOException ex)
        {
            throw new EcsInputException($"{sourceName}: cannot be read ({ex.Message})");
        }
        var text = InputText.Decode(bytes, sourceName);
        var documents = InputDocuments.Parse(text, sourceName);
        if (documents.Count == 0)
        {
            throw new EcsInputException($"{sourceName}: the input holds no documents");
        }
        return documents;
    }
}
