namespace TrustVault.Core.Audit;

/// <summary>A record of who did what to which entity; written in the same transaction as the change.</summary>
public sealed class AuditEntry
{
    public long Id { get; init; }
    public DateTimeOffset At { get; init; }
    public string? ActorUserId { get; init; }
    public Guid? OrganizationId { get; init; }
    public required string Action { get; init; }
    public required string EntityType { get; init; }
    public required string EntityId { get; init; }
    public string? Details { get; init; }
}
