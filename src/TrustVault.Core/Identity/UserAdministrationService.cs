using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using TrustVault.Core.Audit;
using TrustVault.Core.Data;
using TrustVault.Core.Errors;
using TrustVault.Core.Organizations;

namespace TrustVault.Core.Identity;

/// <summary>A user account as the administrators' user list shows it.</summary>
public sealed record UserSummary(
    string Id, string Email, string DisplayName, bool EmailConfirmed, bool TwoFactorEnabled, bool IsAdmin, int OrganizationCount, DateTimeOffset? LockoutEnd)
{
    /// <summary>Locked by an administrator (<see cref="AccountLock"/>), until one unlocks it.</summary>
    public bool IsLocked => AccountLock.IsLocked(LockoutEnd);

    /// <summary>Refused sign-in for a while after failed ones; it ends by itself.</summary>
    public bool IsLockedOutUntil(DateTimeOffset now, out DateTimeOffset until)
    {
        until = LockoutEnd ?? default;
        return !IsLocked && LockoutEnd > now;
    }

    /// <summary>The columns the user list sorts by, named as this row's properties.</summary>
    public static SortColumns<ApplicationUser> Sorting { get; } = new SortColumns<ApplicationUser>()
        .Add(nameof(Email), u => u.Email)
        .Add(nameof(DisplayName), u => u.DisplayName)
        .Add(nameof(EmailConfirmed), u => u.EmailConfirmed)
        .Add(nameof(TwoFactorEnabled), u => u.TwoFactorEnabled)
        .Add(nameof(LockoutEnd), u => u.LockoutEnd);
}

/// <summary>Which users the list shows: text in the e-mail address or display name, administrators only, locked only.</summary>
public sealed record UserFilter(string? Search = null, bool AdminsOnly = false, bool LockedOnly = false);

/// <summary>
/// The platform administrators' side of user accounts: the list, locking and unlocking, granting and revoking the Admin
/// role. The platform always keeps an administrator who can sign in: nobody locks or demotes themselves, nor the last one.
/// </summary>
public sealed class UserAdministrationService(IDbContextFactory<TrustVaultDbContext> contexts, PersonalAccessTokenCache tokens, TimeProvider clock)
{
    public const int SearchMaxLength = 256;

    /// <summary>One page of the users that match <paramref name="filter"/>, sorted by <paramref name="sorts"/> and then by e-mail address.</summary>
    public async Task<ItemPage<UserSummary>> ListAsync(
        string adminUserId, UserFilter filter, IReadOnlyList<SortBy> sorts, int page, int pageSize, CancellationToken cancellationToken)
    {
        var search = filter.Search?.Trim() ?? "";
        if (search.Length > SearchMaxLength)
        {
            throw new InvalidInputException("Search", $"Search with at most {SearchMaxLength} characters.");
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await db.RequireAdminAsync(adminUserId, cancellationToken);
        var adminRoleId = await AdminRoleIdAsync(db, cancellationToken);
        var admins = db.UserRoles.Where(ur => ur.RoleId == adminRoleId);
        var members = db.OrganizationMembers.AcrossOrganizations();
        var rows = db.Users.AsNoTracking();
        if (search.Length > 0)
        {
            // Identity stores the address upper-cased with the invariant culture, so the address matches in any case on
            // every provider; the display name's upper() folds ASCII only on SQLite, every letter on PostgreSQL.
            var upper = search.ToUpperInvariant();
            rows = rows.Where(u => u.NormalizedEmail!.Contains(upper) || u.DisplayName.ToUpper().Contains(upper));
        }

        if (filter.AdminsOnly)
        {
            rows = rows.Where(u => admins.Any(ur => ur.UserId == u.Id));
        }

        if (filter.LockedOnly)
        {
            var now = clock.GetUtcNow();
            rows = rows.Where(u => u.LockoutEnd > now);
        }

        var items = await UserSummary.Sorting.Order(rows, sorts, [new(nameof(UserSummary.Email))]).ThenBy(u => u.Id)
            .Page(page, Math.Clamp(pageSize, 1, 100))
            .Select(u => new UserSummary(
                u.Id, u.Email ?? "", u.DisplayName, u.EmailConfirmed, u.TwoFactorEnabled,
                admins.Any(ur => ur.UserId == u.Id), members.Count(m => m.UserId == u.Id), u.LockoutEnd))
            .ToListAsync(cancellationToken);
        return new ItemPage<UserSummary>(items, await rows.CountAsync(cancellationToken));
    }

    /// <summary>
    /// Refuses the account's sign-in, signs it out of the browsers and circuits it has open at their next check of the
    /// security stamp, and refuses its personal access tokens.
    /// </summary>
    public async Task LockAsync(string adminUserId, string userId, CancellationToken cancellationToken)
    {
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            await using var transaction = await BeginAdministrationAsync(db, adminUserId, cancellationToken);
            var user = await UserAsync(db, userId, cancellationToken);
            if (userId == adminUserId)
            {
                throw new ForbiddenException("You cannot lock your own account: another administrator must.");
            }

            if (AccountLock.IsLocked(user.LockoutEnd))
            {
                throw new InvalidInputException("User", $"{user.Email} is locked already.");
            }

            if (await IsAdminAsync(db, userId, cancellationToken))
            {
                await RequireAnotherAdminAsync(db, userId, $"{user.Email} is the last administrator who can sign in: make someone else an administrator before locking this account.", cancellationToken);
            }

            // Identity refuses a locked-out account only where lockout is enabled for it.
            user.LockoutEnabled = true;
            user.LockoutEnd = AccountLock.Until;
            RenewSecurityStamp(user);
            db.Record(clock, adminUserId, null, "user.locked", nameof(ApplicationUser), user.Id, user.Email);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        await ForgetTokensAsync(userId, cancellationToken);
    }

    /// <summary>Lets the account sign in again, also one locked out for a while after failed sign-ins.</summary>
    public async Task UnlockAsync(string adminUserId, string userId, CancellationToken cancellationToken)
    {
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            await using var transaction = await BeginAdministrationAsync(db, adminUserId, cancellationToken);
            var user = await UserAsync(db, userId, cancellationToken);
            if (user.LockoutEnd is null || user.LockoutEnd <= clock.GetUtcNow())
            {
                throw new InvalidInputException("User", $"{user.Email} is not locked.");
            }

            user.LockoutEnd = null;
            user.AccessFailedCount = 0;
            user.ConcurrencyStamp = Guid.NewGuid().ToString();
            db.Record(clock, adminUserId, null, "user.unlocked", nameof(ApplicationUser), user.Id, user.Email);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        await ForgetTokensAsync(userId, cancellationToken);
    }

    /// <summary>Makes the user a platform administrator, from their next sign-in or session check.</summary>
    public async Task GrantAdminAsync(string adminUserId, string userId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await BeginAdministrationAsync(db, adminUserId, cancellationToken);
        var user = await UserAsync(db, userId, cancellationToken);
        if (await IsAdminAsync(db, userId, cancellationToken))
        {
            throw new InvalidInputException("User", $"{user.Email} is an administrator already.");
        }

        db.UserRoles.Add(new IdentityUserRole<string> { UserId = userId, RoleId = await AdminRoleIdAsync(db, cancellationToken) });
        db.Record(clock, adminUserId, null, "user.admin-granted", nameof(ApplicationUser), user.Id, user.Email);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>
    /// Takes the Admin role away and signs the user out, as a circuit keeps the roles it started with until its security
    /// stamp check fails.
    /// </summary>
    public async Task RevokeAdminAsync(string adminUserId, string userId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await BeginAdministrationAsync(db, adminUserId, cancellationToken);
        var user = await UserAsync(db, userId, cancellationToken);
        if (userId == adminUserId)
        {
            throw new ForbiddenException("You cannot revoke your own administrator role: another administrator must.");
        }

        var adminRoleId = await AdminRoleIdAsync(db, cancellationToken);
        var membership = await db.UserRoles.SingleOrDefaultAsync(ur => ur.UserId == userId && ur.RoleId == adminRoleId, cancellationToken)
            ?? throw new InvalidInputException("User", $"{user.Email} is not an administrator.");
        await RequireAnotherAdminAsync(db, userId, $"{user.Email} is the last administrator who can sign in: make someone else an administrator first.", cancellationToken);
        db.UserRoles.Remove(membership);
        RenewSecurityStamp(user);
        db.Record(clock, adminUserId, null, "user.admin-revoked", nameof(ApplicationUser), user.Id, user.Email);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>
    /// Begins the transaction an administrator changes an account in, after checking that they are one. Changes take
    /// turns, holding the administrators' rows: of two administrators locking or demoting each other at once, the second
    /// then counts what the first left, and the platform keeps one who can sign in.
    /// </summary>
    private static async Task<IDbContextTransaction> BeginAdministrationAsync(TrustVaultDbContext db, string adminUserId, CancellationToken cancellationToken)
    {
        await db.RequireAdminAsync(adminUserId, cancellationToken);
        var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var adminRoleId = await AdminRoleIdAsync(db, cancellationToken);
        await db.Users.Where(u => db.UserRoles.Any(ur => ur.UserId == u.Id && ur.RoleId == adminRoleId))
            .ExecuteUpdateAsync(set => set.SetProperty(u => u.ConcurrencyStamp, u => u.ConcurrencyStamp), cancellationToken);
        return transaction;
    }

    internal static async Task<string> AdminRoleIdAsync(TrustVaultDbContext db, CancellationToken cancellationToken) =>
        await db.Roles.Where(r => r.Name == PlatformRoles.Admin).Select(r => r.Id).SingleAsync(cancellationToken);

    private static async Task<ApplicationUser> UserAsync(TrustVaultDbContext db, string userId, CancellationToken cancellationToken) =>
        await db.Users.SingleOrDefaultAsync(u => u.Id == userId, cancellationToken) ?? throw new NotFoundException("The user does not exist.");

    internal static async Task<bool> IsAdminAsync(TrustVaultDbContext db, string userId, CancellationToken cancellationToken) =>
        await db.UserRoles.AnyAsync(ur => ur.UserId == userId && db.Roles.Any(r => r.Id == ur.RoleId && r.Name == PlatformRoles.Admin), cancellationToken);

    /// <summary>
    /// Whether <paramref name="userId"/> is an administrator and no other one can sign in: the account the platform cannot
    /// lose, to a lock, a demotion or its own deletion.
    /// </summary>
    internal static async Task<bool> IsLastAdminAsync(TrustVaultDbContext db, string userId, CancellationToken cancellationToken) =>
        await IsAdminAsync(db, userId, cancellationToken) && !await AnotherAdminCanSignInAsync(db, userId, cancellationToken);

    /// <summary>Throws <paramref name="refusal"/> unless an administrator other than <paramref name="userId"/> is not locked.</summary>
    private static async Task RequireAnotherAdminAsync(TrustVaultDbContext db, string userId, string refusal, CancellationToken cancellationToken)
    {
        if (!await AnotherAdminCanSignInAsync(db, userId, cancellationToken))
        {
            throw new ForbiddenException(refusal);
        }
    }

    /// <summary>Whether an administrator other than <paramref name="userId"/> is not locked.</summary>
    internal static async Task<bool> AnotherAdminCanSignInAsync(TrustVaultDbContext db, string userId, CancellationToken cancellationToken)
    {
        var adminRoleId = await AdminRoleIdAsync(db, cancellationToken);
        var others = await db.Users
            .Where(u => u.Id != userId && db.UserRoles.Any(ur => ur.UserId == u.Id && ur.RoleId == adminRoleId))
            .Select(u => u.LockoutEnd)
            .ToListAsync(cancellationToken);
        return !others.All(AccountLock.IsLocked);
    }

    /// <summary>
    /// What <see cref="UserManager{TUser}.UpdateSecurityStampAsync"/> does, in this transaction: a new random stamp, which
    /// the sign-in cookie's and the circuit's checks compare with the one they were issued with.
    /// </summary>
    private static void RenewSecurityStamp(ApplicationUser user)
    {
        user.SecurityStamp = Convert.ToHexString(RandomNumberGenerator.GetBytes(20));
        user.ConcurrencyStamp = Guid.NewGuid().ToString();
    }

    /// <summary>Drops the account's tokens from the token cache on every node, so the next call reads the lock.</summary>
    private async Task ForgetTokensAsync(string userId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        foreach (var tokenId in await db.PersonalAccessTokens.Where(t => t.UserId == userId).Select(t => t.TokenId).ToListAsync(cancellationToken))
        {
            tokens.Invalidate(tokenId);
        }
    }
}
