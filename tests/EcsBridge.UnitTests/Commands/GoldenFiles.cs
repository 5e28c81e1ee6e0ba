namespace EcsBridge.UnitTests.Commands;

/// <summary>Golden cases under Commands/testdata/&lt;case&gt;/ in the source tree: input.json or input.yaml, an optional
/// `args` file (options, one line), and the expected outputs. UPDATE_GOLDEN=1 rewrites the expected files.</summary>
internal static class GoldenFiles
{
    public static string Root { get; } = Path.Combine(FindRepositoryRoot(), "tests", "EcsBridge.UnitTests", "Commands", "testdata");

    public static bool Updating => Environment.GetEnvironmentVariable("UPDATE_GOLDEN") == "1";

    public static TheoryData<string> Cases(Func<string, bool>? include = null)
    {
        var data = new TheoryData<string>();
        foreach (var dir in System.IO.Directory.GetDirectories(Root).Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(dir);
            if (include is null || include(dir))
            {
                data.Add(name);
            }
        }
        return data;
    }

    public static string Directory(string name) => Path.Combine(Root, name);

    public static string InputPath(string name) =>
        System.IO.Directory.GetFiles(Directory(name), "input.*").Single();

    /// <summary>The options in the case's `args` file, split on white space.</summary>
    public static IReadOnlyList<string> Args(string name)
    {
        var path = Path.Combine(Directory(name), "args");
        return File.Exists(path)
            ? File.ReadAllText(path).Split((char[])[' ', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries)
            : [];
    }

    public static string? Option(IReadOnlyList<string> args, string name)
    {
        for (var i = 0; i < args.Count - 1; i++)
        {
            if (args[i] == name)
            {
                return args[i + 1];
            }
        }
        return null;
    }

    /// <summary>Compares <paramref name="actual"/> with the expected file, or rewrites it under UPDATE_GOLDEN=1.</summary>
    public static void Verify(string name, string fileName, string actual)
    {
        var path = Path.Combine(Directory(name), fileName);
        actual = actual.Replace("\r\n", "\n", StringComparison.Ordinal);
        if (Updating)
        {
            if (actual.Length == 0)
            {
                File.Delete(path);
            }
            else
            {
                File.WriteAllText(path, actual);
            }
            return;
        }
        var expected = File.Exists(path) ? File.ReadAllText(path).Replace("\r\n", "\n", StringComparison.Ordinal) : "";
        actual.ShouldBe(expected, $"{name}/{fileName} differs; run with UPDATE_GOLDEN=1 to accept the new output");
    }

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "EcsBridge.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("EcsBridge.sln not found above " + AppContext.BaseDirectory);
    }
}
