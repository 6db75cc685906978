using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TrustVault.Core.Billing;
using TrustVault.Core.Catalog;
using TrustVault.Core.Data;
using TrustVault.Core.Organizations;
using TrustVault.Tests.Infrastructure;
using TrustVault.Web.Components.Pages.Console;
using TrustVault.Web.Identity;

namespace TrustVault.Tests.Billing;

/// <summary>The console's billing page: this month's estimate as the invoices will come.</summary>
public sealed class ConsoleBillingPageTests : MudBunitContext, IClassFixture<CoreTestHost>
{
    private readonly CoreTestHost host;

    public ConsoleBillingPageTests(CoreTestHost host)
    {
        this.host = host;
        Services.AddSingleton(host.Get<OrganizationService>());
        Services.AddSingleton(host.Get<BillingService>());
        Services.AddScoped<CurrentUser>();
    }

    [Fact]
    public async Task The_estimate_has_one_total_per_currency_as_each_currency_has_its_own_invoice()
    {
        var (customerId, customer) = await host.AddCustomerAsync("two-currencies@example.com", TestCards.Visa);
        await SubscribeAsync(customer, "Tides", new PlanInput { Name = "Pro", MonthlyPrice = 30m, Currency = "USD" });
        await SubscribeAsync(customer, "Waves", new PlanInput { Name = "Pro", MonthlyPrice = 20m, Currency = "EUR" });

        var page = RenderAs<ConsoleBilling>(customerId);

        // Subscribed at 09:00 on 1 November: 29 days 15 hours of 30 of each price, the invoices in order of currency code.
        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-testid=invoice-total]").Count));
        Assert.Equal(["€19.75", "$29.63"], page.FindAll("[data-testid=invoice-total]").Select(t => t.TextContent.Trim()));
    }

    [Fact]
    public async Task A_second_invalid_expiry_month_shows_its_error_again()
    {
        var user = await host.AddUserAsync("month-twice@example.com");
        var organization = await host.Get<OrganizationService>().EnsurePersonalOrganizationAsync(user.Id, CancellationToken.None);
        var form = RenderAs<TrustVault.Web.Components.Shared.TestCardForm>(user.Id, p => p.Add(c => c.OrganizationId, organization));
        const string error = "Enter the expiry month as 1 to 12.";
        form.Find("#card-number").Change("4242 4242 4242 4242");
        form.Find("#card-cvc").Change("123");

        form.Find("#card-month").Change("13");
        form.Find("[data-testid=save-card]").Click();
        form.WaitForAssertion(() => Assert.Contains(error, form.Find("[data-testid=card-form]").TextContent, StringComparison.Ordinal));

        form.Find("#card-month").Change("14");
        form.Find("[data-testid=save-card]").Click();

        form.WaitForAssertion(() => Assert.Contains(error, form.Find("[data-testid=card-form]").TextContent, StringComparison.Ordinal));
        Assert.Null(await host.Get<BillingService>().GetPaymentMethodAsync(user.Id, organization, CancellationToken.None));
    }

    private async Task SubscribeAsync(Guid organizationId, string listingName, PlanInput plan)
    {
        var (providerId, providerOrganization) = await host.AddProviderAsync($"{listingName.ToLowerInvariant()}@example.com");
        var listings = host.Get<ListingService>();
        var listingId = await listings.CreateAsync(providerId, providerOrganization, new ListingInput
        {
            Name = listingName,
            Slug = listingName.ToLowerInvariant(),
            Summary = listingName,
            Category = "Weather",
            UpstreamBaseUrl = "https://tides.example.com",
        }, CancellationToken.None);
        var planId = await listings.AddPlanAsync(providerId, providerOrganization, listingId, plan, CancellationToken.None);
        await using (var db = await host.Get<IDbContextFactory<TrustVaultDbContext>>().CreateDbContextAsync())
        {
            await db.Listings.Where(l => l.Id == listingId).ExecuteUpdateAsync(set => set.SetProperty(l => l.Status, ListingStatus.Published));
        }

        await host.SubscribeAsync(organizationId, listingId, planId);
    }

    [Theory]
    [InlineData(OrganizationRole.Developer, false)]
    [InlineData(OrganizationRole.Billing, true)]
    public async Task An_unpaid_invoice_offers_paying_and_changing_the_card_to_those_who_may_pay(OrganizationRole role, bool offered)
    {
        var organizations = host.Get<OrganizationService>();
        var prefix = $"pay-{role}".ToLowerInvariant();
        var owner = (await host.AddUserAsync($"{prefix}-owner@example.com")).Id;
        var team = await organizations.CreateAsync(owner, "Team", CancellationToken.None);
        var member = (await host.AddUserAsync($"{prefix}-member@example.com")).Id;
        var invitation = await organizations.InviteAsync(owner, team, $"{prefix}-member@example.com", role, t => t, CancellationToken.None);
        await organizations.AcceptInvitationAsync(member, invitation.Token, CancellationToken.None);
        await organizations.SwitchAsync(member, team, CancellationToken.None);
        var sequence = (int)role + 1;
        var invoice = new TrustVault.Core.Billing.Invoice
        {
            OrganizationId = team,
            PeriodStart = new DateTimeOffset(2008, 10, 1, 0, 0, 0, TimeSpan.Zero),
            PeriodEnd = new DateTimeOffset(2008, 11, 1, 0, 0, 0, TimeSpan.Zero),
            Currency = "USD",
            Number = TrustVault.Core.Billing.Invoice.FormatNumber(2008, sequence),
            NumberYear = 2008,
            NumberSequence = sequence,
            Total = 10m,
            Status = InvoiceStatus.PaymentFailed,
            IssuedAt = new DateTimeOffset(2008, 11, 1, 0, 0, 0, TimeSpan.Zero),
        };
        await using (var db = await host.Get<IDbContextFactory<TrustVaultDbContext>>().CreateDbContextAsync())
        {
            db.Invoices.Add(invoice);
            await db.SaveChangesAsync();
        }

        var page = RenderAs<TrustVault.Web.Components.Pages.Console.Invoice>(member, parameters => parameters.Add(p => p.Id, invoice.Id));

        page.WaitForElement("[data-testid=invoice]");
        Assert.Equal(offered, page.FindAll("[data-testid=pay-invoice]").Count == 1);
        Assert.Equal(offered, page.FindAll("[data-testid=change-card]").Count == 1);
        Assert.Equal(!offered, page.FindAll("[data-testid=payers-only]").Count == 1);
        Assert.Equal(!offered, page.Markup.Contains("An Owner or a Billing member can pay this invoice.", StringComparison.Ordinal));
    }
}
