namespace TrustVault.Core.Gateway;

/// <summary>
/// A subscription's calls counted and reserved in a billing period, kept in the database by
/// <see cref="DatabaseQuotaReservations"/> while Redis is away; <see cref="CountedAt"/> says when it was last counted from
/// the billable calls stored.
/// </summary>
public sealed class QuotaCounter
{
    public Guid SubscriptionId { get; set; }

    public DateTimeOffset PeriodStart { get; set; }

    public long Taken { get; set; }

    public DateTimeOffset CountedAt { get; set; }
}
