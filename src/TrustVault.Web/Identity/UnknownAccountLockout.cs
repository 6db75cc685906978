using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace TrustVault.Web.Identity;

/// <summary>
/// Counts failed sign-ins for e-mail addresses that have no account and locks them out after as
/// many failures and for as long as Identity locks an account, so the answers do not tell which
/// addresses are registered.
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

    /// <summary>Records a failed sign-in for an e-mail that has no account, and answers as Identity would.</summary>
    /// <param name="normalizedEmail">The e-mail as <see cref="UserManager{TUser}.NormalizeEmail"/> gives it, so that any spelling counts once.</param>
    public SignInResult FailSignIn(string normalizedEmail)
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
            if (failures.LockedUntil > now)
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

    public void Dispose() => addresses.Dispose();

    private sealed class FailedSignIns
    {
        public int Count { get; set; }

        public DateTimeOffset LockedUntil { get; set; }
    }
}
