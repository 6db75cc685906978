using System.ComponentModel.DataAnnotations;

namespace TrustVault.Web.Identity;

/// <summary>The <c>Accounts</c> configuration section.</summary>
public sealed class AccountsOptions
{
    public const string SectionName = "Accounts";

    /// <summary>Failed sign-ins in a row that lock an account.</summary>
    [Range(1, 100)]
    public int MaxFailedAccessAttempts { get; set; } = 5;

    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan LockoutDuration { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>
    /// How often a signed-in session checks that its account still exists and its password has not changed since the
    /// sign-in: an account deleted or a password changed elsewhere ends the session by then (Identity's default is 30 minutes).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan SessionValidationInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Whether a new account must confirm its e-mail before signing in.</summary>
    public bool RequireConfirmedAccount { get; set; } = true;
}
