namespace TrustVault.Tests.Infrastructure;

/// <summary>Where the checkout is, for tests that read or run files beside the code (the SDKs, scripts).</summary>
internal static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    private static string FindRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "TrustVault.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new DirectoryNotFoundException("TrustVault.sln not found above the test output.");
    }
}
