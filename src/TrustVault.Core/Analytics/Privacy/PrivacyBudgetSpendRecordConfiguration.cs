using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace TrustVault.Core.Analytics.Privacy;

internal sealed class PrivacyBudgetSpendRecordConfiguration : IEntityTypeConfiguration<PrivacyBudgetSpendRecord>
{
    public void Configure(EntityTypeBuilder<PrivacyBudgetSpendRecord> builder)
    {
        builder.ToTable("PrivacyBudgetSpends");
        builder.Property(s => s.Query).HasMaxLength(PrivacyBudgetSpendRecord.QueryMaxLength);
        // A spend outlives nothing it was charged to: datasets are archived, never deleted.
        builder.HasOne<PrivacyDataset>().WithMany().HasForeignKey(s => s.DatasetId).OnDelete(DeleteBehavior.Restrict);
        // Every charge reads the spends of one (organization, dataset) and the organization's spends of the month; on SQL
        // Server these indexes are also what the serializable transaction's key-range locks cover.
        builder.HasIndex(s => new { s.OrganizationId, s.DatasetId });
        builder.HasIndex(s => new { s.OrganizationId, s.At });
    }
}
