using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using TrustVault.Core.Analytics.Privacy;
using TrustVault.Core.Analytics.Runs;
using TrustVault.Core.Billing;
using TrustVault.Core.Caching;
using TrustVault.Core.Catalog;
using TrustVault.Core.Catalog.Anomalies;
using TrustVault.Core.Catalog.Health;
using TrustVault.Core.Catalog.Search;
using TrustVault.Core.Data;
using TrustVault.Core.Data.Backups;
using TrustVault.Core.Data.Seeding;
using TrustVault.Core.Egress;
using TrustVault.Core.Email;
using TrustVault.Core.Gateway;
using TrustVault.Core.Identity;
using TrustVault.Core.Keys;
using TrustVault.Core.Metering;
using TrustVault.Core.Organizations;
using TrustVault.Core.Payments;
using TrustVault.Core.Reviews;
using TrustVault.Core.Subscriptions;
using TrustVault.Core.Telemetry;
using TrustVault.Core.Webhooks;

namespace TrustVault.Core;

public static class TrustVaultCoreExtensions
{
    /// <summary>Registers the database and the Core services the web app calls.</summary>
    public static IServiceCollection AddTrustVaultCore(this IServiceCollection services, DatabaseOptions database, string contentRootPath)
    {
        // Core owns the Identity schema its migrations were made for, whoever builds the first context.
        services.Configure<IdentityOptions>(IdentitySchema.Configure);
        services.TryAddSingleton(TimeProvider.System);
        services.AddMetrics();
        services.AddSingleton<TrustVaultMetrics>();
        services.TryAddSingleton<IEmailSender, LoggingEmailSender>();
        services.AddOptions<LoggingEmailSenderOptions>();
        services.TryAddSingleton<IEmailOutboxTrigger, SweepOnlyEmailTrigger>();
        services.AddSingleton<EmailOutboxDispatcher>();
        services.AddSingleton<EmailOutboxService>();
        services.AddSingleton<NotificationLinks>();
        services.TryAddSingleton<IWebhookDeliveryTrigger, SweepOnlyDeliveryTrigger>();
        services.AddTrustVaultDatabase(database, contentRootPath);
        services.AddScoped<OrganizationService>();
        services.AddScoped<AccountClosureService>();
        services.AddScoped<OrganizationClosureService>();
        services.AddOptions<UpstreamOptions>();
        services.AddSingleton<UpstreamUrlPolicy>();
        services.AddSingleton<IHostAddressResolver, DnsHostAddressResolver>();
        services.AddSingleton<EgressClient>();
        services.AddSingleton<IListingHealthProber, ListingHealthProber>();
        services.AddSingleton<IWebhookSender, WebhookSender>();
        services.AddSingleton<MarkdownRenderer>();
        services.AddSingleton<CatalogSearchIndex>();
        services.AddSingleton<CatalogIndexer>();
        services.AddSingleton<CatalogService>();
        services.AddScoped<ListingService>();
        services.AddScoped<FirstPartyDocumentSync>();
        services.AddScoped<ListingModerationService>();
        services.AddSingleton<ListingHealthService>();
        services.AddSingleton<ListingHealthMonitor>();
        services.AddSingleton<ListingAnomalyMonitor>();
        services.AddSingleton<ListingAlertService>();
        services.AddScoped<ReviewService>();
        services.AddScoped<SubscriptionService>();
        services.AddScoped<QuotaForecastService>();
        services.AddScoped<ApiKeyService>();
        services.AddSingleton<ICacheInvalidations, InProcessCacheInvalidations>();
        services.AddSingleton<ApiKeyCache>();
        services.AddScoped<PersonalAccessTokenService>();
        services.AddScoped<UserAdministrationService>();
        services.AddOptions<AdminOptions>();
        services.AddSingleton<InitialAdministrator>();
        services.AddSingleton<PersonalAccessTokenCache>();
        services.AddSingleton<InProcessUnknownAddressFailures>();
        services.AddSingleton<IUnknownAddressFailures>(provider => provider.GetRequiredService<InProcessUnknownAddressFailures>());
        services.AddSingleton<GatewayAccessResolver>();
        services.AddSingleton<SubscriptionRateLimiter>();
        services.AddSingleton<ISubscriptionRateLimiter>(provider => provider.GetRequiredService<SubscriptionRateLimiter>());
        services.AddSingleton<IQuotaReservations, InProcessQuotaReservations>();
        services.AddSingleton<IQuotaCounts>(provider => provider.GetRequiredService<IQuotaReservations>());
        services.AddSingleton<IGatewayLimits, GatewayLimits>();
        services.AddSingleton<QuotaAlertTrigger>();
        services.AddOptions<UsageJournalOptions>().PostConfigure(o => o.JournalDirectory = o.JournalDirectory is null
            ? Path.Combine(contentRootPath, database.DataDirectory, "usage-journal")
            : UsageJournalOptions.IsValid(o) ? Path.GetFullPath(o.JournalDirectory, contentRootPath) : o.JournalDirectory);
        services.AddSingleton<UsageJournal>();
        services.AddSingleton<UsageRecorder>();
        services.AddSingleton<UsageRollupService>();
        services.AddOptions<UsageRetentionOptions>();
        services.AddSingleton<UsageEventPruner>();
        services.AddSingleton<QuotaAlertService>();
        services.AddScoped<UsageService>();
        services.AddScoped<UsageDrillDownService>();
        services.AddOptions<BillingOptions>();
        services.TryAddSingleton<IPaymentProvider, LocalPaymentProvider>();
        services.AddSingleton<InvoicingService>();
        services.AddSingleton<PayoutService>();
        services.AddScoped<BillingService>();
        services.AddScoped<EarningsService>();
        services.AddScoped<RevenueDashboardService>();
        services.AddOptions<PrivacyOptions>();
        services.AddSingleton<PrivacyBudgetLedger>();
        services.AddScoped<PrivacyDatasetService>();
        services.AddSingleton(new AnalysisRunStorage(Path.Combine(contentRootPath, database.DataDirectory, "analysis-runs")));
        services.AddSingleton<AnalysisRunService>();
        services.AddSingleton<WebhookSecretProtector>();
        services.AddScoped<WebhookService>();
        services.AddSingleton<WebhookDispatcher>();
        services.AddSingleton<PlatformSeeder>();
        services.AddScoped<DemoSeeder>();
        services.AddSingleton<DemoHistory>();
        services.AddOptions<BackupOptions>();
        services.AddSingleton(provider => ActivatorUtilities.CreateInstance<DatabaseBackup>(provider, database, contentRootPath));
        return services;
    }
}
