using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace TrustVault.Core.Subscriptions;

internal sealed class SubscriptionConfiguration : IEntityTypeConfiguration<Subscription>
{
    public void Configure(EntityTypeBuilder<Subscription> builder)
    {
        builder.Property(s => s.Status).HasConversion<string>().HasMaxLength(20);
        builder.HasIndex(s => new { s.OrganizationId, s.ListingId });
        builder.HasIndex(s => s.PlanId);

        builder.HasOne(s => s.Listing).WithMany().HasForeignKey(s => s.ListingId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne(s => s.Plan).WithMany().HasForeignKey(s => s.PlanId).OnDelete(DeleteBehavior.Restrict);
        builder.HasMany(s => s.Terms).WithOne().HasForeignKey(t => t.SubscriptionId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class SubscriptionTermConfiguration : IEntityTypeConfiguration<SubscriptionTerm>
{
    public void Configure(EntityTypeBuilder<SubscriptionTerm> builder)
    {
        builder.HasKey(t => new { t.SubscriptionId, t.From });
        builder.HasOne<TrustVault.Core.Catalog.Plan>().WithMany().HasForeignKey(t => t.PlanId).OnDelete(DeleteBehavior.Restrict);
    }
}
