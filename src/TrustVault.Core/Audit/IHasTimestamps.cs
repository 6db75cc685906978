namespace TrustVault.Core.Audit;

/// <summary>An entity whose creation and last change times are stamped by <see cref="TimestampsInterceptor"/>.</summary>
public interface IHasTimestamps
{
    DateTimeOffset CreatedAt { get; set; }
    DateTimeOffset UpdatedAt { get; set; }
}
