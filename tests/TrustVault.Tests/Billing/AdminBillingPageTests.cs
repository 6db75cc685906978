using Bunit;
using Hangfire;
using Hangfire.Common;
using Hangfire.States;
using Hangfire.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MudBlazor;
using TrustVault.Core.Billing;
using TrustVault.Core.Data;
using TrustVault.Core.Organizations;
using TrustVault.Tests.Infrastructure;
using TrustVault.Web.Components.Pages.Admin;
using TrustVault.Web.Identity;

namespace TrustVault.Tests.Billing;

/// <summary>The admins' billing page's invoice list over Core's real services; no invoicing job is run.</summary>
public sealed class AdminBillingPageTests : MudBunitContext, IClassFixture<CoreTestHost>
{
    // More than the 200 the page once loaded, so the oldest ones sit past them.
    private const int InvoiceCount = 205;
    private const string AdminEmail = "billing-admin@example.com";

    private readonly CoreTestHost host;

    public AdminBillingPageTests(CoreTestHost host)
    {
        this.host = host;
        Services.AddSingleton(host.Get<BillingService>());
        Services.AddSingleton(host.Get<OrganizationService>());
        Services.AddSingleton<TimeProvider>(host.Clock);
        Services.AddSingleton(host.Get<IOptions<BillingOptions>>());
        Services.AddSingleton<IBackgroundJobClient, NoJobs>();
        Services.AddSingleton<JobStorage, NoJobStorage>();
        Services.AddScoped<CurrentUser>();
    }

    private string adminId = "";

    // The host is the class's: the first test seeds it, the next ones find it seeded.
    public override async Task InitializeAsync()
    {
        await using var db = await host.Get<IDbContextFactory<TrustVaultDbContext>>().CreateDbContextAsync();
        adminId = await db.Users.Where(u => u.Email == AdminEmail).Select(u => u.Id).SingleOrDefaultAsync() ?? await SeedAsync(db);
    }

    private async Task<string> SeedAsync(TrustVaultDbContext db)
    {
        var admin = await host.AddAdminAsync(AdminEmail);
        var customer = await host.AddUserAsync("billing-customer@example.com");
        var organizationId = await host.Get<OrganizationService>().EnsurePersonalOrganizationAsync(customer.Id, CancellationToken.None);
        var firstPeriod = new DateTimeOffset(2009, 1, 1, 0, 0, 0, TimeSpan.Zero);
        for (var sequence = 1; sequence <= InvoiceCount; sequence++)
        {
            var periodStart = firstPeriod.AddMonths(sequence - 1);
            db.Invoices.Add(new Invoice
            {
                OrganizationId = organizationId,
                PeriodStart = periodStart,
                PeriodEnd = periodStart.AddMonths(1),
                Currency = "USD",
                Number = Invoice.FormatNumber(2009, sequence),
                NumberYear = 2009,
                NumberSequence = sequence,
                Total = 10m,
                // Every tenth one unpaid, for the filter.
                Status = sequence % 10 == 0 ? InvoiceStatus.PaymentFailed : InvoiceStatus.Paid,
                IssuedAt = periodStart.AddMonths(1),
            });
        }

        await db.SaveChangesAsync();
        return admin;
    }

    private IRenderedComponent<MudTable<IssuedInvoice>> Invoices(IRenderedComponent<AdminBilling> page) => page.FindComponent<MudTable<IssuedInvoice>>();

    [Fact]
    public async Task The_oldest_invoice_is_on_the_last_page_of_all()
    {
        var page = RenderAs<AdminBilling>(adminId);
        page.WaitForAssertion(() => Assert.Contains("TV-2009-000205", page.Find("[data-testid=admin-invoices]").TextContent, StringComparison.Ordinal));

        var table = Invoices(page);
        await page.InvokeAsync(() => table.Instance.NavigateTo(Page.Last));

        page.WaitForAssertion(() =>
        {
            var shown = page.Find("[data-testid=admin-invoices]").TextContent;
            Assert.Contains("TV-2009-000001", shown, StringComparison.Ordinal);
            Assert.Contains($"of {InvoiceCount}", shown, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task The_status_filter_shows_only_invoices_in_that_status()
    {
        var page = RenderAs<AdminBilling>(adminId);
        page.WaitForAssertion(() => Assert.Contains("TV-2009-000205", page.Find("[data-testid=admin-invoices]").TextContent, StringComparison.Ordinal));

        var filter = page.FindComponent<MudSelect<InvoiceStatus?>>();
        await page.InvokeAsync(() => filter.Instance.ValueChanged.InvokeAsync(InvoiceStatus.PaymentFailed));

        page.WaitForAssertion(() =>
        {
            var statuses = page.FindAll("[data-testid=admin-invoices] [data-testid=invoice-status]").Select(s => s.TextContent.Trim()).ToList();
            Assert.Equal(InvoiceCount / 10, statuses.Count);
            Assert.All(statuses, s => Assert.Equal("Payment failed", s));
        });
    }

    [Fact]
    public async Task Filtering_from_a_later_page_starts_on_the_first_page_of_the_invoices_in_that_status()
    {
        var page = RenderAs<AdminBilling>(adminId);
        page.WaitForAssertion(() => Assert.Contains("TV-2009-000205", page.Find("[data-testid=admin-invoices]").TextContent, StringComparison.Ordinal));
        var table = Invoices(page);
        await page.InvokeAsync(() => table.Instance.NavigateTo(4));
        page.WaitForAssertion(() => Assert.Contains("TV-2009-000125", page.Find("[data-testid=admin-invoices]").TextContent, StringComparison.Ordinal));

        var filter = page.FindComponent<MudSelect<InvoiceStatus?>>();
        await page.InvokeAsync(() => filter.Instance.ValueChanged.InvokeAsync(InvoiceStatus.Paid));

        // The paid ones run to ten pages: page 5 of them would be other rows than the newest.
        page.WaitForAssertion(() =>
        {
            Assert.Equal(0, table.Instance.CurrentPage);
            var statuses = page.FindAll("[data-testid=admin-invoices] [data-testid=invoice-status]").Select(s => s.TextContent.Trim()).ToList();
            Assert.Equal(20, statuses.Count);
            Assert.All(statuses, s => Assert.Equal("Paid", s));
            Assert.Contains("TV-2009-000205", page.Find("[data-testid=admin-invoices]").TextContent, StringComparison.Ordinal);
        });
    }

    /// <summary>Hangfire is not run here: these tests never start invoicing.</summary>
    private sealed class NoJobs : IBackgroundJobClient
    {
        public string Create(Job job, IState state) => throw new NotSupportedException();

        public bool ChangeState(string jobId, IState state, string expectedState) => throw new NotSupportedException();
    }

    private sealed class NoJobStorage : JobStorage
    {
        public override IMonitoringApi GetMonitoringApi() => throw new NotSupportedException();

        public override IStorageConnection GetConnection() => throw new NotSupportedException();
    }
}
