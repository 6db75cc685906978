using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using TrustVault.Core.Analytics.Privacy;
using TrustVault.Core.Analytics.Runs;
using TrustVault.Core.Audit;
using TrustVault.Core.Billing;
using TrustVault.Core.Catalog;
using TrustVault.Core.Catalog.Anomalies;
using TrustVault.Core.Catalog.Health;
using TrustVault.Core.Email;
using TrustVault.Core.Gateway;
using TrustVault.Core.Identity;
using TrustVault.Core.Keys;
using TrustVault.Core.Metering;
using TrustVault.Core.Organizations;
using TrustVault.Core.Reviews;
using TrustVault.Core.Subscriptions;
using TrustVault.Core.Webhooks;

namespace TrustVault.Core.Data;

/// <summary>
/// The one model of the platform. Each database provider derives its own context type so that it
/// owns a separate migrations set (Data/Migrations/Sqlite, Data/Migrations/SqlServer, Data/Migrations/Postgres).
/// </summary>
public abstract class TrustVaultDbContext(DbContextOptions options) : IdentityDbContext<ApplicationUser>(options)
{
    public DbSet<Organization> Organizations => Set<Organization>();
    public DbSet<OrganizationMember> OrganizationMembers => Set<OrganizationMember>();
    public DbSet<OrganizationInvitation> OrganizationInvitations => Set<OrganizationInvitation>();
    public DbSet<Listing> Listings => Set<Listing>();
    public DbSet<ListingEndpoint> ListingEndpoints => Set<ListingEndpoint>();
    public DbSet<ListingRevision> ListingRevisions => Set<ListingRevision>();
    public DbSet<ListingSlugAlias> ListingSlugAliases => Set<ListingSlugAlias>();
    public DbSet<ListingHealthProbe> ListingHealthProbes => Set<ListingHealthProbe>();
    public DbSet<ListingHealthState> ListingHealthStates => Set<ListingHealthState>();
    public DbSet<ListingTrafficPoint> ListingTrafficPoints => Set<ListingTrafficPoint>();
    public DbSet<ListingAlert> ListingAlerts => Set<ListingAlert>();
    public DbSet<Plan> Plans => Set<Plan>();
    public DbSet<Subscription> Subscriptions => Set<Subscription>();
    public DbSet<Review> Reviews => Set<Review>();
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();
    public DbSet<ApiKey> ApiKeys => Set<ApiKey>();
    public DbSet<PersonalAccessToken> PersonalAccessTokens => Set<PersonalAccessToken>();
    public DbSet<UsageEvent> UsageEvents => Set<UsageEvent>();
    public DbSet<UsageRollup> UsageRollups => Set<UsageRollup>();
    public DbSet<SubscriptionTerm> SubscriptionTerms => Set<SubscriptionTerm>();
    public DbSet<Invoice> Invoices => Set<Invoice>();
    public DbSet<InvoiceLine> InvoiceLines => Set<InvoiceLine>();
    public DbSet<Payout> Payouts => Set<Payout>();
    public DbSet<BillingAccount> BillingAccounts => Set<BillingAccount>();
    public DbSet<LedgerEntry> LedgerEntries => Set<LedgerEntry>();
    public DbSet<ProcessedWebhookEvent> ProcessedWebhookEvents => Set<ProcessedWebhookEvent>();
    public DbSet<AnalysisRun> AnalysisRuns => Set<AnalysisRun>();
    public DbSet<QuotaAlert> QuotaAlerts => Set<QuotaAlert>();
    public DbSet<QuotaCounter> QuotaCounters => Set<QuotaCounter>();
    public DbSet<PrivacyDataset> PrivacyDatasets => Set<PrivacyDataset>();
    public DbSet<PrivacyBudgetSpendRecord> PrivacyBudgetSpends => Set<PrivacyBudgetSpendRecord>();
    public DbSet<WebhookEndpoint> WebhookEndpoints => Set<WebhookEndpoint>();
    public DbSet<WebhookEvent> WebhookEvents => Set<WebhookEvent>();
    public DbSet<WebhookDelivery> WebhookDeliveries => Set<WebhookDelivery>();
    public DbSet<WebhookAttempt> WebhookAttempts => Set<WebhookAttempt>();
    public DbSet<OutboxEmail> OutboxEmails => Set<OutboxEmail>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(TrustVaultDbContext).Assembly);
    }
}
