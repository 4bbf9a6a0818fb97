namespace PowerMicro.Testing.Processes;

/// <summary>The checkout the tests run from (the folder holding PowerMicro.sln), and how it was built.</summary>
public static class RepositoryRoot
{
    public static string Path { get; } = Find();

    /// <summary>Release or Debug: the configuration the tests were built with, so processes run the same build.</summary>
    public static string Configuration { get; } =
        AppContext.BaseDirectory.Contains($"{System.IO.Path.DirectorySeparatorChar}Debug{System.IO.Path.DirectorySeparatorChar}")
            ? "Debug" : "Release";

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "PowerMicro.sln"))) return dir.FullName;
        throw new InvalidOperationException($"No PowerMicro.sln above {AppContext.BaseDirectory}.");
    }
}
