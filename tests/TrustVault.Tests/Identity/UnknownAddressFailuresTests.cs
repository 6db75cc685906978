using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using TrustVault.Core.Identity;
using TrustVault.Tests.Infrastructure;
using TrustVault.Tests.Redis;
using TrustVault.Web.Identity;

namespace TrustVault.Tests.Identity;

/// <summary>What every <see cref="IUnknownAddressFailures"/> must do, whichever backs it.</summary>
public abstract class UnknownAddressFailuresContract
{
    protected static readonly TimeSpan Lockout = TimeSpan.FromMinutes(15);

    protected FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 11, 1, 9, 0, 0, TimeSpan.Zero));

    protected abstract IUnknownAddressFailures Create();

    [Fact]
    public async Task The_last_allowed_failure_locks_the_address_until_the_lockout_ends_then_the_count_starts_over()
    {
        var failures = Create();
        var address = $"{Guid.NewGuid():N}@EXAMPLE.COM";

        Assert.Equal(
            [UnknownAddressFailure.Counted, UnknownAddressFailure.Counted, UnknownAddressFailure.LockedOut, UnknownAddressFailure.WasLockedOut],
            [await FailAsync(failures, address), await FailAsync(failures, address), await FailAsync(failures, address), await FailAsync(failures, address)]);
        Clock.Advance(Lockout);
        Assert.Equal(UnknownAddressFailure.Counted, await FailAsync(failures, address));
    }

    [Fact]
    public async Task Each_address_has_its_own_count()
    {
        var failures = Create();
        var first = $"{Guid.NewGuid():N}@EXAMPLE.COM";
        await FailAsync(failures, first);
        await FailAsync(failures, first);

        Assert.Equal(UnknownAddressFailure.Counted, await FailAsync(failures, $"{Guid.NewGuid():N}@EXAMPLE.COM"));
        Assert.Equal(UnknownAddressFailure.LockedOut, await FailAsync(failures, first));
    }

    protected static Task<UnknownAddressFailure> FailAsync(IUnknownAddressFailures failures, string address) =>
        failures.FailAsync(address, 3, Lockout, CancellationToken.None).AsTask();
}

public sealed class InProcessUnknownAddressFailuresTests : UnknownAddressFailuresContract, IDisposable
{
    private readonly List<InProcessUnknownAddressFailures> created = [];

    public void Dispose() => created.ForEach(f => f.Dispose());

    protected override IUnknownAddressFailures Create()
    {
        var failures = new InProcessUnknownAddressFailures(Clock);
        created.Add(failures);
        return failures;
    }
}

public sealed class RedisUnknownAddressFailuresTests(RedisServer redis) : UnknownAddressFailuresContract, IClassFixture<RedisServer>, IDisposable
{
    private readonly RedisNodes nodes = new(redis);
    private readonly List<InProcessUnknownAddressFailures> fallbacks = [];

    [Fact]
    public async Task An_unknown_address_tried_on_two_nodes_in_turn_locks_after_as_many_failures_as_an_account()
    {
        var identity = Options.Create(new IdentityOptions());
        var nodeA = new UnknownAccountLockout(identity, Create());
        var nodeB = new UnknownAccountLockout(identity, Create());
        var hasher = new PasswordHasher<ApplicationUser>();

        var answers = new List<SignInResult>();
        for (var attempt = 0; attempt < identity.Value.Lockout.MaxFailedAccessAttempts; attempt++)
        {
            answers.Add(await (attempt % 2 == 0 ? nodeA : nodeB).FailSignInAsync("NOBODY@EXAMPLE.COM", "Guess#1234", hasher, CancellationToken.None));
        }

        Assert.All(answers[..^1], a => Assert.Equal(SignInResult.Failed, a));
        Assert.True(answers[^1].IsLockedOut);
    }

    public void Dispose()
    {
        nodes.Dispose();
        fallbacks.ForEach(f => f.Dispose());
    }

    /// <summary>A node's store, on its own connection to the one Redis server.</summary>
    protected override IUnknownAddressFailures Create()
    {
        var connection = nodes.Connect(Clock);
        // The connection is made in the background; a loaded machine takes longer than its connect timeout, and until
        // then the store counts in its fallback, which the tests here are not about.
        Assert.True(SpinWait.SpinUntil(() => connection.IsAvailable, TimeSpan.FromSeconds(60)), "No connection to Redis within 60 s.");
        var fallback = new InProcessUnknownAddressFailures(Clock);
        fallbacks.Add(fallback);
        return new RedisUnknownAddressFailures(connection, fallback, Clock);
    }
}
