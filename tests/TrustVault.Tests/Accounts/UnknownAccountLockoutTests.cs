using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using TrustVault.Web.Accounts;

namespace TrustVault.Tests.Accounts;

public sealed class UnknownAccountLockoutTests : IDisposable
{
    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 11, 1, 9, 0, 0, TimeSpan.Zero));
    private readonly UnknownAccountLockout lockout;

    public UnknownAccountLockoutTests()
    {
        var identity = new IdentityOptions();
        identity.Lockout.MaxFailedAccessAttempts = 3;
        identity.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
        lockout = new UnknownAccountLockout(new UpperInvariantLookupNormalizer(), Options.Create(identity), clock);
    }

    [Fact]
    public void The_lockout_ends_after_the_lockout_duration_and_the_count_starts_over()
    {
        FailTimes(3, "nobody@example.com");
        clock.Advance(TimeSpan.FromMinutes(14));
        Assert.True(lockout.FailSignIn("nobody@example.com").IsLockedOut);

        clock.Advance(TimeSpan.FromMinutes(1));

        Assert.Equal(SignInResult.Failed, lockout.FailSignIn("nobody@example.com"));
        Assert.Equal(SignInResult.Failed, lockout.FailSignIn("nobody@example.com"));
        Assert.True(lockout.FailSignIn("nobody@example.com").IsLockedOut);
    }

    [Fact]
    public void An_address_shares_one_count_in_any_case_and_other_addresses_count_apart()
    {
        Assert.Equal(SignInResult.Failed, lockout.FailSignIn("first@example.com"));
        Assert.Equal(SignInResult.Failed, lockout.FailSignIn("FIRST@example.com"));
        Assert.Equal(SignInResult.Failed, lockout.FailSignIn("second@example.com"));

        Assert.True(lockout.FailSignIn("First@Example.com").IsLockedOut);
        Assert.Equal(SignInResult.Failed, lockout.FailSignIn("second@example.com"));
    }

    public void Dispose() => lockout.Dispose();

    private void FailTimes(int times, string email)
    {
        for (var i = 1; i < times; i++)
        {
            Assert.Equal(SignInResult.Failed, lockout.FailSignIn(email));
        }

        Assert.True(lockout.FailSignIn(email).IsLockedOut);
    }
}
