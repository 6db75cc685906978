using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace TrustVault.Core.Catalog;

internal sealed class ListingConfiguration : IEntityTypeConfiguration<Listing>
{
    public void Configure(EntityTypeBuilder<Listing> builder)
    {
        builder.Property(l => l.Name).HasMaxLength(ListingRules.NameMaxLength);
        builder.Property(l => l.Slug).HasMaxLength(ListingRules.SlugMaxLength);
        builder.HasIndex(l => l.Slug).IsUnique();
        builder.Property(l => l.Summary).HasMaxLength(ListingRules.SummaryMaxLength);
        builder.Property(l => l.Description).HasMaxLength(ListingRules.DescriptionMaxLength);
        builder.Property(l => l.Category).HasMaxLength(50);
        builder.Property(l => l.LogoUrl).HasMaxLength(ListingRules.UrlMaxLength);
        builder.Property(l => l.UpstreamBaseUrl).HasMaxLength(ListingRules.UrlMaxLength);
        builder.Property(l => l.HealthPath).HasMaxLength(ListingRules.HealthPathMaxLength);
        builder.Property(l => l.Version).HasMaxLength(ListingRules.VersionMaxLength);
        builder.Property(l => l.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(l => l.StatusReason).HasMaxLength(ListingRules.ReasonMaxLength);
        builder.Property(l => l.SigningSecret).HasMaxLength(64);
        builder.Ignore(l => l.IsLive);
        builder.HasIndex(l => new { l.OrganizationId, l.Status });
        builder.HasIndex(l => l.Status);
        builder.HasOne(l => l.Organization).WithMany().HasForeignKey(l => l.OrganizationId);
        builder.HasMany(l => l.Endpoints).WithOne().HasForeignKey(e => e.ListingId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(l => l.Plans).WithOne(p => p.Listing).HasForeignKey(p => p.ListingId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ListingRevisionConfiguration : IEntityTypeConfiguration<ListingRevision>
{
    public void Configure(EntityTypeBuilder<ListingRevision> builder)
    {
        builder.HasOne(r => r.Listing).WithMany().HasForeignKey(r => r.ListingId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(r => r.PendingListingId).IsUnique();
        builder.Property(r => r.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(r => r.Proposal)
            .HasConversion(p => ListingProposal.ToJson(p), json => ListingProposal.FromJson(json))
            .Metadata.SetValueComparer(new ValueComparer<ListingProposal>(
                (a, b) => a == null ? b == null : b != null && ListingProposal.ToJson(a) == ListingProposal.ToJson(b),
                p => ListingProposal.ToJson(p).GetHashCode(StringComparison.Ordinal),
                p => ListingProposal.FromJson(ListingProposal.ToJson(p))));
        builder.Property(r => r.SubmittedByUserId).HasMaxLength(450);
        builder.Property(r => r.ReviewedByUserId).HasMaxLength(450);
        builder.Property(r => r.Reason).HasMaxLength(ListingRules.ReasonMaxLength);
    }
}

internal sealed class ListingSlugAliasConfiguration : IEntityTypeConfiguration<ListingSlugAlias>
{
    public void Configure(EntityTypeBuilder<ListingSlugAlias> builder)
    {
        builder.HasKey(a => a.Slug);
        builder.Property(a => a.Slug).HasMaxLength(ListingRules.SlugMaxLength);
        builder.HasOne<Listing>().WithMany().HasForeignKey(a => a.ListingId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ListingEndpointConfiguration : IEntityTypeConfiguration<ListingEndpoint>
{
    public void Configure(EntityTypeBuilder<ListingEndpoint> builder)
    {
        builder.Property(e => e.Method).HasMaxLength(10);
        builder.Property(e => e.Path).HasMaxLength(ListingEndpoint.PathMaxLength);
        builder.Property(e => e.OperationId).HasMaxLength(ListingEndpoint.OperationIdMaxLength);
        builder.Property(e => e.Summary).HasMaxLength(ListingEndpoint.SummaryMaxLength);
        builder.Property(e => e.Tag).HasMaxLength(ListingEndpoint.TagMaxLength);
        builder.OwnsMany(e => e.Parameters, parameters => parameters.ToJson());
    }
}

internal sealed class PlanConfiguration : IEntityTypeConfiguration<Plan>
{
    public void Configure(EntityTypeBuilder<Plan> builder)
    {
        builder.Property(p => p.Name).HasMaxLength(PlanRules.NameMaxLength);
        builder.Property(p => p.MonthlyPrice).HasPrecision(18, 4);
        builder.Property(p => p.OveragePricePer1000).HasPrecision(18, 4);
        builder.Property(p => p.Currency).HasMaxLength(3).IsFixedLength();
        builder.Ignore(p => p.HasHardCap);
        builder.Ignore(p => p.IsOffered);
    }
}
