namespace TrustVault.Core.Identity;

/// <summary>What one more failed sign-in did to an address that has no account.</summary>
public enum UnknownAddressFailure
{
    /// <summary>Counted; the address is not locked out.</summary>
    Counted,

    /// <summary>The failure that reached the limit: the address is locked out from now, and its count starts over.</summary>
    LockedOut,

    /// <summary>The address was locked out already; nothing was counted.</summary>
    WasLockedOut,
}

/// <summary>
/// Failed sign-ins for e-mail addresses that have no account, counted where an account's are effectively shared by
/// every node: in this process for one node (<see cref="InProcessUnknownAddressFailures"/>), or in Redis for several
/// (<see cref="RedisUnknownAddressFailures"/>), as an account's count is in the one database. Counted per node, an
/// unknown address behind a load balancer took several times as many failures to lock as a real account, which told
/// the two apart.
/// </summary>
public interface IUnknownAddressFailures
{
    /// <summary>
    /// Identity keeps an account's failure count until a success; a day without a failure is as long as these stores
    /// remember one, which is also the longest lockout the options allow.
    /// </summary>
    static readonly TimeSpan ForgetAfter = TimeSpan.FromDays(1);

    /// <summary>
    /// Counts a failed sign-in for <paramref name="normalizedEmail"/> unless it is locked out; the
    /// <paramref name="maxFailures"/>th failure locks it out for <paramref name="lockout"/>, as Identity locks an account.
    /// </summary>
    ValueTask<UnknownAddressFailure> FailAsync(string normalizedEmail, int maxFailures, TimeSpan lockout, CancellationToken cancellationToken);
}
