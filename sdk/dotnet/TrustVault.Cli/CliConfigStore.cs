using System.Text.Json;

namespace TrustVault.Cli;

/// <summary>The saved login: where TrustVault runs, the personal access token, and the organization commands act for.</summary>
public sealed record CliConfig(Uri BaseAddress, string Token, Guid OrganizationId);

/// <summary>
/// The login in <c>config.json</c> of the user's config folder (<c>$XDG_CONFIG_HOME/trustvault</c> or
/// <c>~/.config/trustvault</c>; TRUSTVAULT_CONFIG_DIR overrides it). The token is a secret: the folder and file are the
/// owner's only (0700 and 0600), as ssh and gh keep theirs.
/// </summary>
public sealed class CliConfigStore(string directory)
{
    private const UnixFileMode OwnerOnlyFolder = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private const UnixFileMode OwnerOnlyFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public string FilePath { get; } = Path.Combine(directory, "config.json");

    public static CliConfigStore ForCurrentUser() => new(
        Environment.GetEnvironmentVariable("TRUSTVAULT_CONFIG_DIR") is { Length: > 0 } overridden
            ? overridden
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.ApplicationData, Environment.SpecialFolderOption.Create), "trustvault"));

    public async Task<CliConfig?> LoadAsync(CancellationToken cancellationToken)
    {
        if (!File.Exists(FilePath))
        {
            return null;
        }

        await using var file = File.OpenRead(FilePath);
        return await JsonSerializer.DeserializeAsync<CliConfig>(file, Json, cancellationToken);
    }

    public async Task SaveAsync(CliConfig config, CancellationToken cancellationToken)
    {
        var folder = Path.GetDirectoryName(FilePath)!;
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(folder);
        }
        else
        {
            Directory.CreateDirectory(folder, OwnerOnlyFolder);
        }

        // Written beside and moved over the old file, so a crash never leaves half a login and the new file is created
        // owner-only rather than narrowed after the token is in it.
        var temporary = FilePath + ".tmp";
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = OwnerOnlyFile;
        }

        await using (var file = new FileStream(temporary, options))
        {
            await JsonSerializer.SerializeAsync(file, config, Json, cancellationToken);
        }

        File.Move(temporary, FilePath, overwrite: true);
    }

    /// <returns>False when there was no saved login.</returns>
    public bool Delete()
    {
        if (!File.Exists(FilePath))
        {
            return false;
        }

        File.Delete(FilePath);
        return true;
    }
}
