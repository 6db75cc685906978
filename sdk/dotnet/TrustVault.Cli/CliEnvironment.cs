namespace TrustVault.Cli;

/// <summary>What a run of the command reads and writes outside its arguments; tests give their own.</summary>
/// <param name="Http">An HTTP client whose base address is where TrustVault runs.</param>
/// <param name="Variable">An environment variable's value: TRUSTVAULT_API_KEY for <c>call</c>.</param>
public sealed record CliEnvironment(TextWriter Out, TextWriter Error, CliConfigStore Config, Func<Uri, HttpClient> Http, Func<string, string?> Variable)
{
    public static CliEnvironment Console() => new(
        System.Console.Out, System.Console.Error, CliConfigStore.ForCurrentUser(), address => new HttpClient { BaseAddress = address },
        Environment.GetEnvironmentVariable);
}
