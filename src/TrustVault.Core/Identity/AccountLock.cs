namespace TrustVault.Core.Identity;

/// <summary>
/// An administrator's lock on an account: Identity's lockout, ending at a date no lockout after failed sign-ins reaches.
/// It refuses sign-in as any lockout does, and the account's personal access tokens as well. A lockout after failed
/// sign-ins lasts minutes and guards the password alone: whoever knows an address could otherwise stop its owner's
/// scripts by failing to sign in.
/// </summary>
public static class AccountLock
{
    /// <summary>
    /// The lockout end of a locked account: far off, and a date every provider stores as it is (PostgreSQL would read
    /// <see cref="DateTimeOffset.MaxValue"/> as infinity, rounded to its microseconds).
    /// </summary>
    public static readonly DateTimeOffset Until = new(9999, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static bool IsLocked(DateTimeOffset? lockoutEnd) => lockoutEnd >= Until;
}
