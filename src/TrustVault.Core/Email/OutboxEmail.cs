using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace TrustVault.Core.Email;

public enum OutboxEmailStatus
{
    /// <summary>Waiting for its first attempt or a retry at <see cref="OutboxEmail.NextAttemptAt"/>.</summary>
    Pending,

    /// <summary>The mail server accepted it.</summary>
    Sent,

    /// <summary>Every attempt on <see cref="EmailRetrySchedule"/> failed; an admin's retry starts the schedule again.</summary>
    Failed,
}

/// <summary>
/// One queued e-mail: written in the same save as the change that causes it, sent later by <see cref="EmailOutboxDispatcher"/>.
/// Not organization-owned: account mail has no organization, and only admins read the outbox.
/// </summary>
/// <remarks>The bodies may hold sign-in links with tokens: they stay in this table, never in a log or on a page.</remarks>
public sealed class OutboxEmail
{
    public const int ErrorMaxLength = 300;

    public Guid Id { get; init; } = Guid.CreateVersion7();
    public required string To { get; init; }
    public required string Subject { get; init; }
    public required string HtmlBody { get; init; }
    public required string TextBody { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public OutboxEmailStatus Status { get; set; }

    /// <summary>Attempts since it was queued or last retried by an admin.</summary>
    public int AttemptCount { get; set; }

    /// <summary>When the next attempt is due; null once sent or failed.</summary>
    public DateTimeOffset? NextAttemptAt { get; set; }

    public DateTimeOffset? LastAttemptAt { get; set; }
    public string? LastError { get; set; }
    public DateTimeOffset? SentAt { get; set; }
}

internal sealed class OutboxEmailConfiguration : IEntityTypeConfiguration<OutboxEmail>
{
    public void Configure(EntityTypeBuilder<OutboxEmail> builder)
    {
        builder.ToTable("OutboxEmails");
        builder.Property(e => e.To).HasMaxLength(320);
        builder.Property(e => e.Subject).HasMaxLength(300);
        builder.Property(e => e.LastError).HasMaxLength(OutboxEmail.ErrorMaxLength);
        builder.HasIndex(e => new { e.Status, e.NextAttemptAt });
        builder.HasIndex(e => e.CreatedAt);
    }
}
