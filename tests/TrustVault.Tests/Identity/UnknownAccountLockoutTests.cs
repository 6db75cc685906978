using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using TrustVault.Core.Identity;
using TrustVault.Web.Identity;

namespace TrustVault.Tests.Identity;

public sealed class UnknownAccountLockoutTests : IDisposable
{
    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 11, 1, 9, 0, 0, TimeSpan.Zero));
    private readonly UnknownAccountLockout lockout;
    private readonly CountingHasher hasher = new();

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
        Assert.True(Fail("NOBODY@EXAMPLE.COM").IsLockedOut);

        clock.Advance(TimeSpan.FromMinutes(1));

        Assert.Equal(SignInResult.Failed, Fail("NOBODY@EXAMPLE.COM"));
        Assert.Equal(SignInResult.Failed, Fail("NOBODY@EXAMPLE.COM"));
        Assert.True(Fail("NOBODY@EXAMPLE.COM").IsLockedOut);
    }

    [Fact]
    public void Each_address_has_its_own_count()
    {
        Assert.Equal(SignInResult.Failed, Fail("FIRST@EXAMPLE.COM"));
        Assert.Equal(SignInResult.Failed, Fail("FIRST@EXAMPLE.COM"));
        Assert.Equal(SignInResult.Failed, Fail("SECOND@EXAMPLE.COM"));

        Assert.True(Fail("FIRST@EXAMPLE.COM").IsLockedOut);
        Assert.Equal(SignInResult.Failed, Fail("SECOND@EXAMPLE.COM"));
    }

    [Fact]
    public void A_failure_checks_the_password_as_an_account_would_and_a_locked_out_address_does_not()
    {
        Fail("NOBODY@EXAMPLE.COM");
        Fail("NOBODY@EXAMPLE.COM");
        Assert.Equal(2, hasher.Verifications);

        Assert.True(Fail("NOBODY@EXAMPLE.COM").IsLockedOut);
        Assert.Equal(3, hasher.Verifications);

        // Identity answers a locked-out account without checking its password; so does an unknown address.
        Assert.True(Fail("NOBODY@EXAMPLE.COM").IsLockedOut);
        Assert.Equal(3, hasher.Verifications);
        Assert.Equal(1, hasher.Hashes);
    }

    public void Dispose() => lockout.Dispose();

    private SignInResult Fail(string email) => lockout.FailSignIn(email, "Guess#1234", hasher);

    private void FailTimes(int times, string email)
    {
        for (var i = 1; i < times; i++)
        {
            Assert.Equal(SignInResult.Failed, Fail(email));
        }

        Assert.True(Fail(email).IsLockedOut);
    }

    private sealed class CountingHasher : IPasswordHasher<ApplicationUser>
    {
        private readonly PasswordHasher<ApplicationUser> inner = new();

        public int Hashes { get; private set; }

        public int Verifications { get; private set; }

        public string HashPassword(ApplicationUser user, string password)
        {
            Hashes++;
            return inner.HashPassword(user, password);
        }

        public PasswordVerificationResult VerifyHashedPassword(ApplicationUser user, string hashedPassword, string providedPassword)
        {
            Verifications++;
            return inner.VerifyHashedPassword(user, hashedPassword, providedPassword);
        }
    }
}
