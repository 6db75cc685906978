using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using TrustVault.Web.Identity;

namespace TrustVault.Tests.Identity;

public sealed class UnknownAccountLockoutTests : IDisposable
{
    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 11, 1, 9, 0, 0, TimeSpan.Zero));
    private readonly UnknownAccountLockout lockout;

    public UnknownAccountLockoutTests()
    {
        var identity = new IdentityOptions();
        identity.Lockout.MaxFailedAccessAttempts = 3;
        identity.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
        lockout = new UnknownAccountLockout(Options.Create(identity), clock);
    }

    [Fact]
    public void The_lockout_ends_after_the_lockout_duration_and_the_count_starts_over()
    {
        FailTimes(3, "NOBODY@EXAMPLE.COM");
        clock.Advance(TimeSpan.FromMinutes(14));
        Assert.True(lockout.FailSignIn("NOBODY@EXAMPLE.COM").IsLockedOut);

        clock.Advance(TimeSpan.FromMinutes(1));

        Assert.Equal(SignInResult.Failed, lockout.FailSignIn("NOBODY@EXAMPLE.COM"));
        Assert.Equal(SignInResult.Failed, lockout.FailSignIn("NOBODY@EXAMPLE.COM"));
        Assert.True(lockout.FailSignIn("NOBODY@EXAMPLE.COM").IsLockedOut);
    }

    [Fact]
    public void Each_address_has_its_own_count()
    {
        Assert.Equal(SignInResult.Failed, lockout.FailSignIn("FIRST@EXAMPLE.COM"));
        Assert.Equal(SignInResult.Failed, lockout.FailSignIn("FIRST@EXAMPLE.COM"));
        Assert.Equal(SignInResult.Failed, lockout.FailSignIn("SECOND@EXAMPLE.COM"));

        Assert.True(lockout.FailSignIn("FIRST@EXAMPLE.COM").IsLockedOut);
        Assert.Equal(SignInResult.Failed, lockout.FailSignIn("SECOND@EXAMPLE.COM"));
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
