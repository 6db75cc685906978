using Microsoft.EntityFrameworkCore;
using TrustVault.Core.Audit;
using TrustVault.Core.Data;
using TrustVault.Core.Errors;
using TrustVault.Core.Organizations;
using TrustVault.Core.Webhooks;

namespace TrustVault.Core.Keys;

/// <summary>An organization's key as its members see it; <see cref="ReplacedByKeyId"/> names the key a rotation issued in its place.</summary>
public sealed record ApiKeyView(
    Guid Id, string Name, string Prefix, bool IsTest, DateTimeOffset CreatedAt, DateTimeOffset? ExpiresAt, DateTimeOffset? RevokedAt,
    DateTimeOffset? LastUsedAt, bool IsUsable, Guid? ReplacedByKeyId);

/// <summary>A newly made key: <see cref="Secret"/> is the whole key text, shown to its owner this once and never again.</summary>
public sealed record IssuedApiKey(ApiKeyView Key, string Secret);

/// <summary>An organization's API keys: create, list, rotate, revoke. Only the organization's own keys are ever touched.</summary>
public sealed class ApiKeyService(IDbContextFactory<TrustVaultDbContext> contexts, ApiKeyCache cache, TimeProvider clock)
{
    public static readonly TimeSpan MaxRotationGrace = TimeSpan.FromDays(7);
    private static readonly OrganizationRole[] Managers = [OrganizationRole.Owner, OrganizationRole.Developer];

    /// <summary>Whether a member in <paramref name="role"/> may create, rotate and revoke the organization's keys.</summary>
    public static bool MayManage(OrganizationRole role) => Managers.Contains(role);

    public async Task<IssuedApiKey> CreateAsync(
        string userId, Guid organizationId, string name, DateTimeOffset? expiresAt, bool isTest, CancellationToken cancellationToken)
    {
        var cleanName = name.Trim();
        if (cleanName.Length is 0 or > ApiKey.NameMaxLength)
        {
            throw new InvalidInputException("Name", $"Name the key (at most {ApiKey.NameMaxLength} characters), e.g. production server.");
        }

        if (!DisplayName.IsReadable(cleanName))
        {
            throw new InvalidInputException("Name", DisplayName.Refusal);
        }

        var now = clock.GetUtcNow();
        if (expiresAt is { } expiry && expiry <= now)
        {
            throw new InvalidInputException("ExpiresAt", "Choose an expiry in the future, or none.");
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await db.RequireRoleAsync(userId, organizationId, cancellationToken, Managers);
        // Kept and answered in UTC, as every other time: an offset the caller sent would otherwise come back as written.
        var (key, text) = NewKey(organizationId, cleanName, expiresAt?.ToUniversalTime(), isTest);
        db.ApiKeys.Add(key);
        db.Record(clock, userId, organizationId, "key.created", nameof(ApiKey), key.Id, key.Prefix);
        await db.PublishWebhookAsync(now, organizationId, WebhookEventTypes.KeyCreated, KeyData(key, replaces: null), cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return new IssuedApiKey(View(key, now), text);
    }

    public async Task<IReadOnlyList<ApiKeyView>> ListAsync(string userId, Guid organizationId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await db.RequireRoleAsync(userId, organizationId, cancellationToken);
        var now = clock.GetUtcNow();
        var keys = await Newest(db.ApiKeys.AsNoTracking().ForOrganization(organizationId)).ToListAsync(cancellationToken);
        return keys.Select(k => View(k, now)).ToList();
    }

    /// <summary>One page of the organization's keys, newest first, as <see cref="ListAsync"/> orders them all.</summary>
    /// <param name="page">From 0.</param>
    public async Task<ItemPage<ApiKeyView>> ListPageAsync(string userId, Guid organizationId, int page, int pageSize, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await db.RequireRoleAsync(userId, organizationId, cancellationToken);
        var now = clock.GetUtcNow();
        var mine = db.ApiKeys.AsNoTracking().ForOrganization(organizationId);
        var keys = await Newest(mine).Page(page, Math.Clamp(pageSize, 1, 100)).ToListAsync(cancellationToken);
        return new ItemPage<ApiKeyView>([.. keys.Select(k => View(k, now))], await mine.CountAsync(cancellationToken));
    }

    private static IOrderedQueryable<ApiKey> Newest(IQueryable<ApiKey> keys) => keys.OrderByDescending(k => k.CreatedAt).ThenByDescending(k => k.Id);

    /// <summary>Revokes at once: the gateway refuses the key from its next lookup (within a second).</summary>
    public async Task RevokeAsync(string userId, Guid organizationId, Guid keyId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await db.RequireRoleAsync(userId, organizationId, cancellationToken, Managers);
        var key = await OwnAsync(db, organizationId, keyId, cancellationToken);
        if (key.RevokedAt is null)
        {
            key.RevokedAt = clock.GetUtcNow();
            await db.PublishWebhookAsync(key.RevokedAt.Value, organizationId, WebhookEventTypes.KeyRevoked, KeyData(key, replaces: null), cancellationToken);
        }

        db.Record(clock, userId, organizationId, "key.revoked", nameof(ApiKey), key.Id, key.Prefix);
        await db.SaveChangesAsync(cancellationToken);
        cache.Invalidate(key.KeyId);
    }

    /// <summary>Issues a replacement; the old key keeps working for <paramref name="grace"/>, so deployments can switch over.</summary>
    public async Task<IssuedApiKey> RotateAsync(string userId, Guid organizationId, Guid keyId, TimeSpan grace, CancellationToken cancellationToken)
    {
        if (grace < TimeSpan.Zero || grace > MaxRotationGrace)
        {
            throw new InvalidInputException("Grace", $"Choose a grace period from none to {MaxRotationGrace.Days} days.");
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await db.RequireRoleAsync(userId, organizationId, cancellationToken, Managers);
        // Two rotations of one key at once would both pass the checks below and issue two replacements.
        await using var transaction = await db.BeginOrganizationTransactionAsync(organizationId, cancellationToken);
        var old = await OwnAsync(db, organizationId, keyId, cancellationToken);
        var now = clock.GetUtcNow();
        if (!old.IsUsable(now))
        {
            throw new InvalidInputException("KeyId", "Only a usable key can be rotated.");
        }

        if (old.ReplacedByKeyId is not null)
        {
            // Its expiry is already the grace period's end; a second replacement would inherit that as its own.
            throw new InvalidInputException("KeyId", "This key was already rotated: rotate its replacement instead.");
        }

        var (replacement, text) = NewKey(organizationId, old.Name, old.ExpiresAt, old.IsTest);
        db.ApiKeys.Add(replacement);
        old.ReplacedByKeyId = replacement.Id;
        var graceEnd = now + grace;
        old.ExpiresAt = old.ExpiresAt is { } expiry && expiry < graceEnd ? expiry : graceEnd;
        db.Record(clock, userId, organizationId, "key.rotated", nameof(ApiKey), old.Id, $"replaced by {replacement.Prefix}, old valid until {old.ExpiresAt:O}");
        await db.PublishWebhookAsync(now, organizationId, WebhookEventTypes.KeyCreated, KeyData(replacement, replaces: old), cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        cache.Invalidate(old.KeyId);
        return new IssuedApiKey(View(replacement, now), text);
    }

    private static (ApiKey Key, string Text) NewKey(Guid organizationId, string name, DateTimeOffset? expiresAt, bool isTest)
    {
        var (keyId, secret, text) = ApiKeyFormat.Create(isTest);
        return (new ApiKey
        {
            OrganizationId = organizationId,
            Name = name,
            KeyId = keyId,
            SecretHash = ApiKeyFormat.Hash(secret),
            IsTest = isTest,
            ExpiresAt = expiresAt,
        }, text);
    }

    /// <summary>What key events tell: which key, never its secret.</summary>
    private static object KeyData(ApiKey key, ApiKey? replaces) => new
    {
        KeyId = key.Id,
        key.Name,
        key.Prefix,
        key.IsTest,
        key.ExpiresAt,
        key.RevokedAt,
        ReplacesKeyId = replaces?.Id,
        ReplacedKeyExpiresAt = replaces?.ExpiresAt,
    };

    private static async Task<ApiKey> OwnAsync(TrustVaultDbContext db, Guid organizationId, Guid keyId, CancellationToken cancellationToken) =>
        await db.ApiKeys.ForOrganization(organizationId).SingleOrDefaultAsync(k => k.Id == keyId, cancellationToken)
        ?? throw new NotFoundException("The key does not exist.");

    private static ApiKeyView View(ApiKey key, DateTimeOffset now) =>
        new(key.Id, key.Name, key.Prefix, key.IsTest, key.CreatedAt, key.ExpiresAt, key.RevokedAt, key.LastUsedAt, key.IsUsable(now), key.ReplacedByKeyId);
}
