using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TrustVault.Core.Organizations;

namespace TrustVault.Core.Analytics.Privacy;

internal sealed class PrivacyDatasetConfiguration : IEntityTypeConfiguration<PrivacyDataset>
{
    public void Configure(EntityTypeBuilder<PrivacyDataset> builder)
    {
        builder.Property(d => d.Name).HasMaxLength(PrivacyDataset.NameMaxLength);
        builder.Property(d => d.Description).HasMaxLength(PrivacyDataset.DescriptionMaxLength);
        builder.HasOne<Organization>().WithMany().HasForeignKey(d => d.OrganizationId);
        builder.HasIndex(d => new { d.OrganizationId, d.Name });
    }
}
