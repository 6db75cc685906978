using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace TrustVault.Core.Analytics.Privacy;

internal sealed class PrivacyBudgetSpendRecordConfiguration : IEntityTypeConfiguration<PrivacyBudgetSpendRecord>
{
    public void Configure(EntityTypeBuilder<PrivacyBudgetSpendRecord> builder)
    {
        builder.ToTable("PrivacyBudgetSpends");
        builder.Property(s => s.Dataset).HasMaxLength(PrivacyBudgetSpendRecord.DatasetMaxLength);
        builder.Property(s => s.Query).HasMaxLength(PrivacyBudgetSpendRecord.QueryMaxLength);
        // Every charge reads the spends of one (organization, dataset); on SQL Server this index is also what the
        // serializable transaction's key-range lock covers, so charges on other datasets do not wait.
        builder.HasIndex(s => new { s.OrganizationId, s.Dataset });
    }
}
