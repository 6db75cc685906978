using TrustVault.Core.Data;

namespace TrustVault.Core.Audit;

public static class AuditTrail
{
    /// <summary>Adds an audit entry to the context, so it commits (or not) with the change it describes.</summary>
    public static void Record(
        this TrustVaultDbContext db, TimeProvider clock, string? actorUserId, Guid? organizationId,
        string action, string entityType, Guid entityId, string? details = null) =>
        db.Record(clock, actorUserId, organizationId, action, entityType, entityId.ToString(), details);

    /// <summary>As the other overload, for an entity whose key is text (an Identity user).</summary>
    public static void Record(
        this TrustVaultDbContext db, TimeProvider clock, string? actorUserId, Guid? organizationId,
        string action, string entityType, string entityId, string? details = null) =>
        db.AuditEntries.Add(new AuditEntry
        {
            At = clock.GetUtcNow(),
            ActorUserId = actorUserId,
            OrganizationId = organizationId,
            Action = action,
            EntityType = entityType,
            EntityId = entityId,
            Details = details,
        });
}
