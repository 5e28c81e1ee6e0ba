namespace EcsBridge.UnitTests.Api;

/// <summary>Finds the repository root (the folder with EcsBridge.sln) from the test binaries.</summary>
internal static class RepositoryPaths
{
    public static string Root { get; } = Find();

    private static string Find()
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
