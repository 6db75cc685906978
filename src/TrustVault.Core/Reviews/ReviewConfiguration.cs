using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace TrustVault.Core.Reviews;

internal sealed class ReviewConfiguration : IEntityTypeConfiguration<Review>
{
    public void Configure(EntityTypeBuilder<Review> builder)
    {
        builder.HasIndex(r => new { r.ListingId, r.OrganizationId }).IsUnique();
        builder.Property(r => r.Text).HasMaxLength(Review.MaxTextLength);
        builder.Property(r => r.ProviderReply).HasMaxLength(Review.MaxTextLength);
        builder.Property(r => r.AuthorUserId).HasMaxLength(450);
        builder.HasOne(r => r.Listing).WithMany().HasForeignKey(r => r.ListingId).OnDelete(DeleteBehavior.Cascade);
    }
}
