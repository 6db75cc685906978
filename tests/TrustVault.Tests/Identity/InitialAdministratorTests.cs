using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using TrustVault.Core.Data;
using TrustVault.Core.Data.Seeding;
using TrustVault.Core.Identity;
using TrustVault.Core.Organizations;
using TrustVault.Tests.Infrastructure;

namespace TrustVault.Tests.Identity;

/// <summary>How a database without an administrator gets its first one (Admin:InitialEmail), on a SQLite database of each test's own.</summary>
public sealed class InitialAdministratorTests : IAsyncLifetime
{
    private const string Named = "ops@market.example.com";
    private readonly CoreTestHost host = CoreTestHost.On(DatabaseProvider.Sqlite, services => services.Configure<AdminOptions>(o => o.InitialEmail = " OPS@market.example.com "));

    private InitialAdministrator Initial => host.Get<InitialAdministrator>();

    public async Task InitializeAsync()
    {
        await host.InitializeAsync();
        await host.Get<PlatformSeeder>().SeedAsync(CancellationToken.None);
    }

    public Task DisposeAsync() => host.DisposeAsync();

    private async Task<TrustVaultDbContext> DbAsync() => await host.Get<IDbContextFactory<TrustVaultDbContext>>().CreateDbContextAsync();

    private async Task<string> AddConfirmedUserAsync(string email)
    {
        var user = await host.AddUserAsync(email);
        await using var db = await DbAsync();
        await db.Users.Where(u => u.Id == user.Id).ExecuteUpdateAsync(set => set.SetProperty(u => u.EmailConfirmed, true));
        return user.Id;
    }

    private async Task<bool> IsAdminAsync(string userId)
    {
        await using var db = await DbAsync();
        return await db.UserRoles.AnyAsync(ur => ur.UserId == userId && db.Roles.Any(r => r.Id == ur.RoleId && r.Name == PlatformRoles.Admin));
    }

    [Fact]
    public async Task The_named_account_becomes_administrator_and_platform_owner_once_confirmed_and_nobody_else_does()
    {
        var other = await AddConfirmedUserAsync("someone@example.com");
        var named = await host.AddUserAsync(Named);

        Assert.False(await Initial.GrantAsync(CancellationToken.None));
        await using (var db = await DbAsync())
        {
            await db.Users.Where(u => u.Id == named.Id).ExecuteUpdateAsync(set => set.SetProperty(u => u.EmailConfirmed, true));
        }

        Assert.True(await Initial.GrantAsync(CancellationToken.None));
        Assert.False(await Initial.GrantAsync(CancellationToken.None));

        Assert.True(await IsAdminAsync(named.Id));
        Assert.False(await IsAdminAsync(other));
        await using var check = await DbAsync();
        var owner = await check.OrganizationMembers.ForOrganization(PlatformOrganization.Id).SingleAsync();
        Assert.Equal((named.Id, OrganizationRole.Owner), (owner.UserId, owner.Role));
        var entry = await check.AuditEntries.SingleAsync();
        Assert.Equal(("user.admin-granted", named.Id, null), (entry.Action, entry.EntityId, entry.ActorUserId));
    }

    [Fact]
    public async Task Of_instances_granting_at_once_one_grants_and_the_others_find_it_granted_without_logging_an_error()
    {
        var named = await AddConfirmedUserAsync(Named);
        var logs = new CapturingLoggerProvider();
        host.Get<ILoggerFactory>().AddProvider(logs);
        var granted = new bool[3];

        await AllAtOnce.RefusalsAsync([.. Enumerable.Range(0, granted.Length).Select(i => (Func<Task>)(async () =>
            granted[i] = await Initial.GrantAsync(CancellationToken.None)))]);

        Assert.Single(granted, g => g);
        Assert.True(await IsAdminAsync(named));
        await using var db = await DbAsync();
        Assert.Single(await db.AuditEntries.Where(e => e.Action == "user.admin-granted").ToListAsync());
        Assert.Empty(logs.ErrorsAfter(0));
    }

    [Fact]
    public async Task While_an_administrator_can_sign_in_the_setting_grants_nothing_and_once_none_can_it_does()
    {
        var admin = await host.AddAdminAsync("root@example.com");
        var named = await AddConfirmedUserAsync(Named);

        Assert.False(await Initial.GrantAsync(CancellationToken.None));
        await using (var db = await DbAsync())
        {
            await db.Users.Where(u => u.Id == admin).ExecuteUpdateAsync(set => set.SetProperty(u => u.LockoutEnd, AccountLock.Until));
        }

        Assert.True(await Initial.GrantAsync(CancellationToken.None));
        Assert.True(await IsAdminAsync(named));
    }
}
