namespace TrustVault.Cli;

/// <summary>What the trustvault command exits with, so scripts can tell a refusal from a typo or an outage.</summary>
public static class ExitCodes
{
    public const int Ok = 0;

    /// <summary>TrustVault answered with an error (its problem details go to standard error).</summary>
    public const int Refused = 1;

    /// <summary>The command line is wrong: an unknown command, a missing argument, no organization to act for.</summary>
    public const int Usage = 2;

    /// <summary>No saved login, or TrustVault refused the saved token (expired or revoked): run <c>trustvault login</c>.</summary>
    public const int NotLoggedIn = 3;

    /// <summary>TrustVault could not be reached.</summary>
    public const int Unreachable = 4;
}
