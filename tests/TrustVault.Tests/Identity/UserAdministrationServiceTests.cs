using Microsoft.EntityFrameworkCore;
using TrustVault.Core.Data;
using TrustVault.Core.Errors;
using TrustVault.Core.Identity;
using TrustVault.Core.Organizations;
using TrustVault.Tests.Infrastructure;

namespace TrustVault.Tests.Identity;

/// <summary>The administrators' user list and account actions, on a SQLite database of each test's own.</summary>
public sealed class UserAdministrationServiceTests : IAsyncLifetime
{
    private readonly CoreTestHost host = new();
    private string admin = "";

    private UserAdministrationService Users => host.Get<UserAdministrationService>();

    public async Task InitializeAsync()
    {
        await host.InitializeAsync();
        admin = await host.AddAdminAsync("root@example.com");
    }

    public Task DisposeAsync() => host.DisposeAsync();

    private async Task<string> AddUserAsync(string email, string displayName = "")
    {
        var user = await host.AddUserAsync(email);
        await using var db = await host.Get<IDbContextFactory<TrustVaultDbContext>>().CreateDbContextAsync();
        await db.Users.Where(u => u.Id == user.Id).ExecuteUpdateAsync(set => set.SetProperty(u => u.DisplayName, displayName));
        return user.Id;
    }

    private async Task<ApplicationUser> StoredAsync(string userId)
    {
        await using var db = await host.Get<IDbContextFactory<TrustVaultDbContext>>().CreateDbContextAsync();
        return await db.Users.AsNoTracking().SingleAsync(u => u.Id == userId);
    }

    private Task<ItemPage<UserSummary>> ListAsync(UserFilter? filter = null, IReadOnlyList<SortBy>? sorts = null, int page = 0, int pageSize = 20) =>
        Users.ListAsync(admin, filter ?? new UserFilter(), sorts ?? [], page, pageSize, CancellationToken.None);

    [Fact]
    public async Task The_list_is_paged_in_the_database_by_email_and_sorts_by_a_chosen_column()
    {
        for (var i = 0; i < 12; i++)
        {
            await AddUserAsync($"user{i:D2}@example.com", $"Name {11 - i:D2}");
        }

        var second = await ListAsync(page: 1, pageSize: 5);
        var byName = await ListAsync(sorts: [new SortBy(nameof(UserSummary.DisplayName), Descending: true)], pageSize: 3);

        // The administrator, root@example.com, comes first.
        Assert.Equal(13, second.Total);
        Assert.Equal(["user04@example.com", "user05@example.com", "user06@example.com", "user07@example.com", "user08@example.com"], second.Items.Select(u => u.Email));
        Assert.Equal(["Name 11", "Name 10", "Name 09"], byName.Items.Select(u => u.DisplayName));
        await Assert.ThrowsAsync<InvalidInputException>(() => ListAsync(sorts: [new SortBy("PasswordHash")]));
    }

    [Theory]
    [InlineData("JANE")]
    [InlineData("jane@EXAMPLE")]
    [InlineData("smith")]
    [InlineData("  Jane Smi  ")]
    public async Task Search_finds_part_of_the_email_or_display_name_in_any_case(string search)
    {
        var jane = await AddUserAsync("jane@example.com", "Jane Smith");
        await AddUserAsync("bob@example.com", "Bob Jones");

        var found = await ListAsync(new UserFilter(search));

        Assert.Equal(jane, Assert.Single(found.Items).Id);
        Assert.Equal(1, found.Total);
    }

    [Fact]
    public async Task A_search_longer_than_an_address_can_be_is_refused()
    {
        var refused = await Assert.ThrowsAsync<InvalidInputException>(() => ListAsync(new UserFilter(new string('a', UserAdministrationService.SearchMaxLength + 1))));

        Assert.Contains("Search", refused.Errors.Keys);
    }

    [Fact]
    public async Task The_filters_keep_administrators_or_locked_accounts_and_rows_carry_roles_and_organizations()
    {
        var locked = await AddUserAsync("locked@example.com");
        var lockedOut = await AddUserAsync("failed@example.com");
        var member = await AddUserAsync("member@example.com");
        await host.Get<OrganizationService>().EnsurePersonalOrganizationAsync(member, CancellationToken.None);
        await Users.LockAsync(admin, locked, CancellationToken.None);
        await using (var db = await host.Get<IDbContextFactory<TrustVaultDbContext>>().CreateDbContextAsync())
        {
            // Locked out for a while after failed sign-ins, as Identity does it.
            await db.Users.Where(u => u.Id == lockedOut).ExecuteUpdateAsync(set => set.SetProperty(u => u.LockoutEnd, host.Clock.GetUtcNow().AddMinutes(5)));
        }

        var admins = await ListAsync(new UserFilter(AdminsOnly: true));
        var lockedOnly = await ListAsync(new UserFilter(LockedOnly: true));
        var all = (await ListAsync()).Items.ToDictionary(u => u.Id);

        Assert.Equal(admin, Assert.Single(admins.Items).Id);
        Assert.Equal([lockedOut, locked], lockedOnly.Items.Select(u => u.Id));
        Assert.True(all[admin].IsAdmin);
        Assert.False(all[member].IsAdmin);
        Assert.Equal(1, all[member].OrganizationCount);
        Assert.Equal(0, all[locked].OrganizationCount);
        Assert.True(all[locked].IsLocked);
        Assert.False(all[lockedOut].IsLocked);
        Assert.True(all[lockedOut].IsLockedOutUntil(host.Clock.GetUtcNow(), out _));
    }

    [Fact]
    public async Task Locking_refuses_sign_in_renews_the_security_stamp_and_refuses_the_personal_access_token_at_once()
    {
        var user = await AddUserAsync("locked@example.com");
        var before = await StoredAsync(user);
        var tokens = host.Get<PersonalAccessTokenService>();
        var token = await tokens.CreateAsync(user, "script", TokenScopes.Read, host.Clock.GetUtcNow().AddDays(30), CancellationToken.None);
        // Validated once, so the token sits in the cache when the account is locked.
        Assert.NotNull(await tokens.ValidateAsync(token.Secret, CancellationToken.None));

        await Users.LockAsync(admin, user, CancellationToken.None);

        var locked = await StoredAsync(user);
        Assert.True(locked.LockoutEnabled);
        Assert.True(locked.LockoutEnd > host.Clock.GetUtcNow().AddYears(1000));
        Assert.NotEqual(before.SecurityStamp, locked.SecurityStamp);
        Assert.Null(await tokens.ValidateAsync(token.Secret, CancellationToken.None));

        await Users.UnlockAsync(admin, user, CancellationToken.None);

        Assert.Null((await StoredAsync(user)).LockoutEnd);
        Assert.NotNull(await tokens.ValidateAsync(token.Secret, CancellationToken.None));
    }

    [Fact]
    public async Task A_lockout_after_failed_sign_ins_does_not_stop_the_personal_access_tokens()
    {
        var user = await AddUserAsync("failed@example.com");
        var tokens = host.Get<PersonalAccessTokenService>();
        var token = await tokens.CreateAsync(user, "script", TokenScopes.Read, host.Clock.GetUtcNow().AddDays(30), CancellationToken.None);
        await using (var db = await host.Get<IDbContextFactory<TrustVaultDbContext>>().CreateDbContextAsync())
        {
            await db.Users.Where(u => u.Id == user).ExecuteUpdateAsync(set => set.SetProperty(u => u.LockoutEnd, host.Clock.GetUtcNow().AddMinutes(5)));
        }

        Assert.NotNull(await tokens.ValidateAsync(token.Secret, CancellationToken.None));
    }

    [Fact]
    public async Task An_administrator_neither_locks_nor_demotes_themselves()
    {
        var locking = await Assert.ThrowsAsync<ForbiddenException>(() => Users.LockAsync(admin, admin, CancellationToken.None));
        var demoting = await Assert.ThrowsAsync<ForbiddenException>(() => Users.RevokeAdminAsync(admin, admin, CancellationToken.None));

        Assert.Contains("your own account", locking.Message, StringComparison.Ordinal);
        Assert.Contains("your own administrator role", demoting.Message, StringComparison.Ordinal);
        var stored = await StoredAsync(admin);
        Assert.Null(stored.LockoutEnd);
        Assert.True((await ListAsync(new UserFilter(AdminsOnly: true))).Items.Single().IsAdmin);
    }

    [Fact]
    public async Task The_last_administrator_who_can_sign_in_is_neither_locked_nor_demoted()
    {
        // A second administrator, locked by the first, still acts in a session opened before the lock.
        var second = await AddUserAsync("second@example.com");
        await Users.GrantAdminAsync(admin, second, CancellationToken.None);
        await Users.LockAsync(admin, second, CancellationToken.None);

        var locking = await Assert.ThrowsAsync<ForbiddenException>(() => Users.LockAsync(second, admin, CancellationToken.None));
        var demoting = await Assert.ThrowsAsync<ForbiddenException>(() => Users.RevokeAdminAsync(second, admin, CancellationToken.None));

        Assert.Contains("last administrator", locking.Message, StringComparison.Ordinal);
        Assert.Contains("last administrator", demoting.Message, StringComparison.Ordinal);
        Assert.Null((await StoredAsync(admin)).LockoutEnd);
        Assert.Equal(2, (await ListAsync(new UserFilter(AdminsOnly: true))).Total);
    }

    [Fact]
    public async Task Granting_and_revoking_the_admin_role_changes_the_list_and_revoking_signs_the_user_out()
    {
        var user = await AddUserAsync("promoted@example.com");

        await Users.GrantAdminAsync(admin, user, CancellationToken.None);
        var granted = await StoredAsync(user);
        Assert.Equal(2, (await ListAsync(new UserFilter(AdminsOnly: true))).Total);
        await Assert.ThrowsAsync<InvalidInputException>(() => Users.GrantAdminAsync(admin, user, CancellationToken.None));

        await Users.RevokeAdminAsync(admin, user, CancellationToken.None);

        Assert.Equal(1, (await ListAsync(new UserFilter(AdminsOnly: true))).Total);
        Assert.NotEqual(granted.SecurityStamp, (await StoredAsync(user)).SecurityStamp);
        await Assert.ThrowsAsync<InvalidInputException>(() => Users.RevokeAdminAsync(admin, user, CancellationToken.None));
    }

    [Fact]
    public async Task Every_action_is_in_the_audit_log_with_its_administrator_and_user()
    {
        var user = await AddUserAsync("audited@example.com");

        await Users.LockAsync(admin, user, CancellationToken.None);
        await Users.UnlockAsync(admin, user, CancellationToken.None);
        await Users.GrantAdminAsync(admin, user, CancellationToken.None);
        await Users.RevokeAdminAsync(admin, user, CancellationToken.None);

        await using var db = await host.Get<IDbContextFactory<TrustVaultDbContext>>().CreateDbContextAsync();
        var entries = await db.AuditEntries.AsNoTracking().Where(e => e.EntityType == nameof(ApplicationUser)).OrderBy(e => e.Id).ToListAsync();
        Assert.Equal(["user.locked", "user.unlocked", "user.admin-granted", "user.admin-revoked"], entries.Select(e => e.Action));
        Assert.All(entries, e =>
        {
            Assert.Equal(admin, e.ActorUserId);
            Assert.Equal(user, e.EntityId);
            Assert.Equal("audited@example.com", e.Details);
            Assert.Equal(host.Clock.GetUtcNow(), e.At);
        });
    }

    [Fact]
    public async Task Someone_who_is_not_an_administrator_neither_lists_nor_changes_users()
    {
        var user = await AddUserAsync("plain@example.com");

        await Assert.ThrowsAsync<ForbiddenException>(() => Users.ListAsync(user, new UserFilter(), [], 0, 20, CancellationToken.None));
        await Assert.ThrowsAsync<ForbiddenException>(() => Users.LockAsync(user, admin, CancellationToken.None));
        await Assert.ThrowsAsync<ForbiddenException>(() => Users.GrantAdminAsync(user, user, CancellationToken.None));
        Assert.Null((await StoredAsync(admin)).LockoutEnd);
    }
}
