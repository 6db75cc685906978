using Microsoft.Extensions.Caching.Memory;

namespace TrustVault.Core.Identity;

/// <summary><see cref="IUnknownAddressFailures"/> for one node: the counts live in this process.</summary>
public sealed class InProcessUnknownAddressFailures(TimeProvider clock) : IUnknownAddressFailures, IDisposable
{
    // Bounded so that a stream of made-up addresses cannot grow memory; the least recently tried go first.
    private const int MaxTrackedAddresses = 100_000;

    private readonly MemoryCache addresses = new(new MemoryCacheOptions { SizeLimit = MaxTrackedAddresses });
    private readonly Lock gate = new();

    public ValueTask<UnknownAddressFailure> FailAsync(string normalizedEmail, int maxFailures, TimeSpan lockout, CancellationToken cancellationToken) =>
        ValueTask.FromResult(Fail(normalizedEmail, maxFailures, lockout));

    public void Dispose() => addresses.Dispose();

    private UnknownAddressFailure Fail(string normalizedEmail, int maxFailures, TimeSpan lockout)
    {
        var now = clock.GetUtcNow();
        lock (gate)
        {
            var failures = addresses.GetOrCreate(normalizedEmail, entry =>
            {
                entry.Size = 1;
                entry.SlidingExpiration = IUnknownAddressFailures.ForgetAfter;
                return new FailedSignIns();
            })!;
            if (failures.LockedUntil > now)
            {
                return UnknownAddressFailure.WasLockedOut;
            }

            if (++failures.Count < maxFailures)
            {
                return UnknownAddressFailure.Counted;
            }

            // As Identity does on locking: the count starts over once the lockout ends.
            failures.Count = 0;
            failures.LockedUntil = now + lockout;
            return UnknownAddressFailure.LockedOut;
        }
    }

    private sealed class FailedSignIns
    {
        public int Count { get; set; }

        public DateTimeOffset LockedUntil { get; set; }
    }
}
