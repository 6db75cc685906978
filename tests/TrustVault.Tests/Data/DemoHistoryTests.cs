using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TrustVault.Core.Billing;
using TrustVault.Core.Data;
using TrustVault.Core.Data.Seeding;
using TrustVault.Core.Email;
using TrustVault.Core.Identity;
using TrustVault.Core.Metering;
using TrustVault.Core.Organizations;
using TrustVault.Core.Subscriptions;
using TrustVault.Tests.Infrastructure;

namespace TrustVault.Tests.Data;

/// <summary>
/// The demo's first start on 28 November 2026, the last day on which the running month can hold all of the demo's two
/// busy weeks: the months before are billed by the real services as the monthly job would have left them.
/// </summary>
public sealed class DemoHistoryTests : IAsyncLifetime
{
    private static readonly DateTimeOffset FirstStart = new(2026, 11, 28, 12, 0, 0, TimeSpan.Zero);

    /// <summary>The whole months within the demo's 150 days before <see cref="FirstStart"/>.</summary>
    private static readonly DateTimeOffset[] PastMonths = [.. Enumerable.Range(7, 4).Select(month => new DateTimeOffset(2026, month, 1, 0, 0, 0, TimeSpan.Zero))];
    // The seeder makes the demo accounts through ASP.NET Core Identity, which the web app adds.
    private readonly CoreTestHost host = CoreTestHost.On(
        DatabaseProvider.Sqlite, services => services.AddIdentityCore<ApplicationUser>().AddRoles<IdentityRole>().AddEntityFrameworkStores<TrustVaultDbContext>());

    public async Task InitializeAsync()
    {
        await host.InitializeAsync();
        host.Clock.SetUtcNow(FirstStart);
        await host.Get<PlatformSeeder>().SeedAsync(CancellationToken.None);
        Assert.True(await host.Get<DemoSeeder>().SeedAsync(CancellationToken.None));
    }

    public Task DisposeAsync() => host.DisposeAsync();

    [Fact]
    public async Task Each_past_month_is_invoiced_charged_and_paid_out_an_hour_after_it_ends_and_the_running_month_is_not()
    {
        await using var db = await host.Get<IDbContextFactory<TrustVaultDbContext>>().CreateDbContextAsync();
        var invoices = await db.Invoices.AsNoTracking().ToListAsync();
        var payouts = await db.Payouts.AsNoTracking().ToListAsync();

        Assert.Equal(PastMonths, invoices.Select(i => i.PeriodStart).Distinct().Order());
        Assert.All(invoices, i => Assert.Equal(i.PeriodEnd.AddHours(1), i.IssuedAt));
        Assert.All(invoices.Where(i => i.Total > 0), i => Assert.Equal((InvoiceStatus.Paid, i.PeriodEnd.AddHours(1)), (i.Status, i.PaidAt!.Value)));
        Assert.Equal(PastMonths, payouts.Select(p => p.PeriodStart).Distinct().Order());
        Assert.All(payouts, p => Assert.Equal(
            (PayoutStatus.Paid, BillingPeriod.MonthOf(p.PeriodStart).End.AddHours(1)), (p.Status, p.PaidAt!.Value)));
        Assert.All(payouts, p => Assert.True(p.Net > 0 && p.Net + p.PlatformFee == p.Gross));
    }

    [Fact]
    public async Task The_past_months_mails_count_as_sent_when_their_month_ended_so_the_first_start_mails_nothing()
    {
        await using var db = await host.Get<IDbContextFactory<TrustVaultDbContext>>().CreateDbContextAsync();
        var mails = await db.OutboxEmails.AsNoTracking().ToListAsync();

        Assert.Contains(mails, m => m.Subject.Contains("invoice", StringComparison.OrdinalIgnoreCase));
        Assert.All(mails, m => Assert.Equal((OutboxEmailStatus.Sent, (DateTimeOffset?)m.CreatedAt, (DateTimeOffset?)null), (m.Status, m.SentAt, m.NextAttemptAt)));
        Assert.All(mails, m => Assert.True(m.CreatedAt < FirstStart));
    }

    [Fact]
    public async Task The_revenue_dashboard_shows_new_customers_an_upgrade_and_a_downgrade()
    {
        var admin = await host.Get<UserManager<ApplicationUser>>().FindByEmailAsync(DemoSeedOptions.Accounts.Single(a => a.Kind == DemoAccountKind.Admin).Email);

        var months = (await host.Get<RevenueDashboardService>().GetAsync(admin!.Id, 6, "USD", CancellationToken.None)).Report.Months;

        Assert.True(months.Count(m => m.Mrr > 0) >= 4, string.Join(", ", months.Select(m => $"{m.Month}: {m.Mrr}")));
        Assert.Contains(months, m => m.Movements.New > 0);
        Assert.Contains(months, m => m.Movements.Expansion > 0);
        Assert.Contains(months, m => m.Movements.Contraction > 0);
    }

    [Fact]
    public async Task Each_seeded_key_was_last_used_at_its_latest_seeded_call()
    {
        await using var db = await host.Get<IDbContextFactory<TrustVaultDbContext>>().CreateDbContextAsync();
        var calls = await db.UsageEvents.AcrossOrganizations().Select(e => new { e.ApiKeyId, e.At }).ToListAsync();
        var keys = await db.ApiKeys.AcrossOrganizations().ToDictionaryAsync(k => k.Id, k => k.LastUsedAt);

        var latest = calls.GroupBy(c => c.ApiKeyId).ToDictionary(g => g.Key, g => g.Max(c => c.At));
        Assert.NotEmpty(latest);
        Assert.All(latest, call => Assert.Equal(call.Value, keys[call.Key]));
    }

    [Fact]
    public async Task Past_months_have_calls_and_the_running_month_stays_within_every_plan()
    {
        await using var db = await host.Get<IDbContextFactory<TrustVaultDbContext>>().CreateDbContextAsync();
        var running = BillingPeriod.MonthOf(FirstStart);
        var subscriptions = await db.Subscriptions.AsNoTracking().Include(s => s.Plan).ToListAsync();

        foreach (var subscription in subscriptions)
        {
            var calls = await BillableCalls.CountAsync(db, subscription.Id, running, CancellationToken.None);
            Assert.True(calls <= subscription.Plan!.IncludedCallsPerMonth, $"{calls} calls on {subscription.Plan.Name}");
        }

        var before = await db.UsageEvents.Where(e => e.At < running.Start).Select(e => e.At).ToListAsync();
        Assert.Equal(PastMonths, before.Select(at => BillingPeriod.MonthOf(at).Start).Distinct().Order());
    }
}
