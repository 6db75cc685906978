using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using TrustVault.Core.Identity;

namespace TrustVault.Web.Identity;

/// <summary>
/// Counts failed sign-ins for e-mail addresses that have no account and locks them out after as
/// many failures and for as long as Identity locks an account, so the answers do not tell which
/// addresses are registered. The counts are shared by the nodes as an account's are (<see cref="IUnknownAddressFailures"/>).
/// A failure that is not locked out checks the password against a placeholder hash, as
/// Identity checks an account's (until it is locked out), so neither does the time an answer takes.
/// </summary>
public sealed class UnknownAccountLockout(IOptions<IdentityOptions> identity, IUnknownAddressFailures failures)
{
    private string? placeholderHash;

    /// <summary>Records a failed sign-in for an e-mail that has no account, and answers as Identity would.</summary>
    /// <param name="normalizedEmail">The e-mail as <see cref="UserManager{TUser}.NormalizeEmail"/> gives it, so that any spelling counts once.</param>
    /// <param name="password">The password tried.</param>
    /// <param name="hasher">The accounts' password hasher, so that the check costs what an account's costs.</param>
    /// <param name="cancellationToken">Cancels the count.</param>
    public async Task<SignInResult> FailSignInAsync(string normalizedEmail, string password, IPasswordHasher<ApplicationUser> hasher, CancellationToken cancellationToken)
    {
        var lockout = identity.Value.Lockout;
        var failure = await failures.FailAsync(normalizedEmail, lockout.MaxFailedAccessAttempts, lockout.DefaultLockoutTimeSpan, cancellationToken);
        if (failure != UnknownAddressFailure.WasLockedOut)
        {
            var nobody = new ApplicationUser();
            placeholderHash ??= hasher.HashPassword(nobody, Guid.NewGuid().ToString());
            hasher.VerifyHashedPassword(nobody, placeholderHash, password);
        }

        return failure == UnknownAddressFailure.Counted ? SignInResult.Failed : SignInResult.LockedOut;
    }
}
