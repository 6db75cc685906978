using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TrustVault.Core.Organizations;

namespace TrustVault.Core.Billing;

internal sealed class InvoiceConfiguration : IEntityTypeConfiguration<Invoice>
{
    public void Configure(EntityTypeBuilder<Invoice> builder)
    {
        builder.Property(i => i.Currency).HasMaxLength(3);
        builder.Property(i => i.Number).HasMaxLength(20);
        builder.Property(i => i.Total).HasPrecision(18, 4);
        builder.Property(i => i.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(i => i.PaymentReference).HasMaxLength(100);
        builder.Property(i => i.FailureReason).HasMaxLength(500);

        // The invoicing job's idempotence rests on these: one invoice per organization, period and currency; one number per year.
        builder.HasIndex(i => new { i.OrganizationId, i.PeriodStart, i.Currency }).IsUnique();
        builder.HasIndex(i => new { i.NumberYear, i.NumberSequence }).IsUnique();
        builder.HasIndex(i => i.Number).IsUnique();
        builder.HasOne<Organization>().WithMany().HasForeignKey(i => i.OrganizationId).OnDelete(DeleteBehavior.Restrict);
        builder.HasMany(i => i.Lines).WithOne().HasForeignKey(l => l.InvoiceId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class InvoiceLineConfiguration : IEntityTypeConfiguration<InvoiceLine>
{
    public void Configure(EntityTypeBuilder<InvoiceLine> builder)
    {
        builder.Property(l => l.Kind).HasConversion<string>().HasMaxLength(20);
        builder.Property(l => l.Description).HasMaxLength(300);
        builder.Property(l => l.Quantity).HasPrecision(18, 4);
        builder.Property(l => l.UnitAmount).HasPrecision(18, 4);
        builder.Property(l => l.Amount).HasPrecision(18, 4);
        builder.HasIndex(l => l.ProviderOrganizationId);
    }
}

internal sealed class PayoutConfiguration : IEntityTypeConfiguration<Payout>
{
    public void Configure(EntityTypeBuilder<Payout> builder)
    {
        builder.Property(p => p.Currency).HasMaxLength(3);
        builder.Property(p => p.Gross).HasPrecision(18, 4);
        builder.Property(p => p.PlatformFee).HasPrecision(18, 4);
        builder.Property(p => p.Net).HasPrecision(18, 4);
        builder.Property(p => p.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(p => p.Reference).HasMaxLength(100);
        builder.Property(p => p.FailureReason).HasMaxLength(500);
        builder.HasIndex(p => new { p.ProviderOrganizationId, p.PeriodStart, p.Currency, p.Sequence }).IsUnique();
        builder.HasOne<Organization>().WithMany().HasForeignKey(p => p.ProviderOrganizationId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class BillingAccountConfiguration : IEntityTypeConfiguration<BillingAccount>
{
    public void Configure(EntityTypeBuilder<BillingAccount> builder)
    {
        builder.HasKey(a => a.OrganizationId);
        builder.Property(a => a.CardBrand).HasMaxLength(20);
        builder.Property(a => a.CardLast4).HasMaxLength(4);
        builder.Property(a => a.StripeCustomerId).HasMaxLength(100);

        // Stripe's customer events find the organization by its customer: one customer, one organization. Organizations
        // without one (null) are not each other's duplicates on any provider (SQL Server's index is filtered).
        builder.HasIndex(a => a.StripeCustomerId).IsUnique();
        builder.Property(a => a.StripeConnectAccountId).HasMaxLength(100);
        builder.HasOne<Organization>().WithOne().HasForeignKey<BillingAccount>(a => a.OrganizationId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class LedgerEntryConfiguration : IEntityTypeConfiguration<LedgerEntry>
{
    public void Configure(EntityTypeBuilder<LedgerEntry> builder)
    {
        builder.Property(e => e.IdempotencyKey).HasMaxLength(100);
        builder.HasIndex(e => e.IdempotencyKey).IsUnique();
        builder.Property(e => e.Kind).HasConversion<string>().HasMaxLength(20);
        builder.Property(e => e.Amount).HasPrecision(18, 4);
        builder.Property(e => e.Currency).HasMaxLength(3);
        builder.Property(e => e.Detail).HasMaxLength(300);
        builder.HasIndex(e => e.OrganizationId);
    }
}

internal sealed class ProcessedWebhookEventConfiguration : IEntityTypeConfiguration<ProcessedWebhookEvent>
{
    public void Configure(EntityTypeBuilder<ProcessedWebhookEvent> builder)
    {
        builder.HasKey(e => e.EventId);
        builder.Property(e => e.EventId).HasMaxLength(100);
        builder.Property(e => e.Type).HasMaxLength(100);
    }
}
