using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using TrustVault.Core.Identity;

namespace TrustVault.Web.Identity;

/// <summary>
/// Counts failed sign-ins for e-mail addresses that have no account and locks them out after as
/// many failures and for as long as Identity locks an account, so the answers do not tell which
/// addresses are registered. A failure that is not locked out checks the password against a placeholder hash, as
/// Identity checks an account's (until it is locked out), so neither does the time an answer takes.
/// </summary>
public sealed class UnknownAccountLockout(IOptions<IdentityOptions> identity, TimeProvider clock) : IDisposable
{
    // Bounded so that a stream of made-up addresses cannot grow memory; the least recently tried go first.
    private const int MaxTrackedAddresses = 100_000;

    // Identity keeps an account's failure count until a success; a day without a failure is as long
    // as this store remembers one, which is also the longest lockout the options allow.
    private static readonly TimeSpan ForgetAfter = TimeSpan.FromDays(1);

    private readonly MemoryCache addresses = new(new MemoryCacheOptions { SizeLimit = MaxTrackedAddresses });
    private readonly Lock gate = new();
    private string? placeholderHash;

    /// <summary>Records a failed sign-in for an e-mail that has no account, and answers as Identity would.</summary>
    /// <param name="normalizedEmail">The e-mail as <see cref="UserManager{TUser}.NormalizeEmail"/> gives it, so that any spelling counts once.</param>
    /// <param name="password">The password tried.</param>
    /// <param name="hasher">The accounts' password hasher, so that the check costs what an account's costs.</param>
    public SignInResult FailSignIn(string normalizedEmail, string password, IPasswordHasher<ApplicationUser> hasher)
    {
        var result = Count(normalizedEmail, out var wasLockedOut);
        if (!wasLockedOut)
        {
            var nobody = new ApplicationUser();
            placeholderHash ??= hasher.HashPassword(nobody, Guid.NewGuid().ToString());
            hasher.VerifyHashedPassword(nobody, placeholderHash, password);
        }

        return result;
    }

    public void Dispose() => addresses.Dispose();

    private SignInResult Count(string normalizedEmail, out bool wasLockedOut)
    {
        var lockout = identity.Value.Lockout;
        var now = clock.GetUtcNow();
        lock (gate)
        {
            var failures = addresses.GetOrCreate(normalizedEmail, entry =>
            {
                entry.Size = 1;
                entry.SlidingExpiration = ForgetAfter;
                return new FailedSignIns();
            })!;
            wasLockedOut = failures.LockedUntil > now;
            if (wasLockedOut)
            {
                return SignInResult.LockedOut;
            }

            if (++failures.Count < lockout.MaxFailedAccessAttempts)
            {
                return SignInResult.Failed;
            }

            // As Identity does on locking: the count starts over once the lockout ends.
            failures.Count = 0;
            failures.LockedUntil = now + lockout.DefaultLockoutTimeSpan;
            return SignInResult.LockedOut;
        }
    }

    private sealed class FailedSignIns
    {
        public int Count { get; set; }

        public DateTimeOffset LockedUntil { get; set; }
    }
}
