using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using TrustVault.Core.Identity;
using TrustVault.Web.Identity;

namespace TrustVault.Tests.Identity;

public sealed class UnknownAccountLockoutTests : IDisposable
{
    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 11, 1, 9, 0, 0, TimeSpan.Zero));
    private readonly InProcessUnknownAddressFailures failures;
    private readonly UnknownAccountLockout lockout;
    private readonly CountingHasher hasher = new();

    public UnknownAccountLockoutTests()
    {
        var identity = new IdentityOptions();
        identity.Lockout.MaxFailedAccessAttempts = 3;
        identity.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
        failures = new InProcessUnknownAddressFailures(clock);
        lockout = new UnknownAccountLockout(Options.Create(identity), failures);
    }

    [Fact]
    public async Task The_lockout_ends_after_the_lockout_duration_and_the_count_starts_over()
    {
        await FailTimesAsync(3, "NOBODY@EXAMPLE.COM");
        clock.Advance(TimeSpan.FromMinutes(14));
        Assert.True((await FailAsync("NOBODY@EXAMPLE.COM")).IsLockedOut);

        clock.Advance(TimeSpan.FromMinutes(1));

        Assert.Equal(SignInResult.Failed, await FailAsync("NOBODY@EXAMPLE.COM"));
        Assert.Equal(SignInResult.Failed, await FailAsync("NOBODY@EXAMPLE.COM"));
        Assert.True((await FailAsync("NOBODY@EXAMPLE.COM")).IsLockedOut);
    }

    [Fact]
    public async Task Each_address_has_its_own_count()
    {
        Assert.Equal(SignInResult.Failed, await FailAsync("FIRST@EXAMPLE.COM"));
        Assert.Equal(SignInResult.Failed, await FailAsync("FIRST@EXAMPLE.COM"));
        Assert.Equal(SignInResult.Failed, await FailAsync("SECOND@EXAMPLE.COM"));

        Assert.True((await FailAsync("FIRST@EXAMPLE.COM")).IsLockedOut);
        Assert.Equal(SignInResult.Failed, await FailAsync("SECOND@EXAMPLE.COM"));
    }

    [Fact]
    public async Task A_failure_checks_the_password_as_an_account_would_and_a_locked_out_address_does_not()
    {
        await FailAsync("NOBODY@EXAMPLE.COM");
        await FailAsync("NOBODY@EXAMPLE.COM");
        Assert.Equal(2, hasher.Verifications);

        Assert.True((await FailAsync("NOBODY@EXAMPLE.COM")).IsLockedOut);
        Assert.Equal(3, hasher.Verifications);

        // Identity answers a locked-out account without checking its password; so does an unknown address.
        Assert.True((await FailAsync("NOBODY@EXAMPLE.COM")).IsLockedOut);
        Assert.Equal(3, hasher.Verifications);
        Assert.Equal(1, hasher.Hashes);
    }

    public void Dispose() => failures.Dispose();

    private Task<SignInResult> FailAsync(string email) => lockout.FailSignInAsync(email, "Guess#1234", hasher, CancellationToken.None);

    private async Task FailTimesAsync(int times, string email)
    {
        for (var i = 1; i < times; i++)
        {
            Assert.Equal(SignInResult.Failed, await FailAsync(email));
        }

        Assert.True((await FailAsync(email)).IsLockedOut);
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
