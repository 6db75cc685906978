using Microsoft.Extensions.DependencyInjection;
using TrustVault.Core.Billing;
using TrustVault.Core.Catalog;
using TrustVault.Core.Data;
using TrustVault.Core.Errors;
using TrustVault.Core.Subscriptions;
using TrustVault.Tests.Infrastructure;

namespace TrustVault.Tests.Billing;

/// <summary>An invoice closes its month, so a month is invoiced once it has ended unless early invoicing is allowed.</summary>
public sealed class EarlyInvoicingTests : IAsyncLifetime
{
    private readonly CoreTestHost host = CoreTestHost.On(
        DatabaseProvider.Sqlite, services => services.Configure<BillingOptions>(o => o.AllowEarlyInvoicing = false));

    public Task InitializeAsync() => host.InitializeAsync();

    public Task DisposeAsync() => host.DisposeAsync();

    [Fact]
    public async Task The_running_month_is_refused_and_invoiced_once_it_has_ended_with_what_came_after_the_refusal()
    {
        var tides = await host.PublishTidesAsync(new PlanInput { Name = "Pro", MonthlyPrice = 30m });
        var (userId, organization) = await host.AddCustomerAsync("early@example.com", TestCards.Visa);
        var november = BillingPeriod.MonthOf(host.Clock.GetUtcNow());
        var invoicing = host.Get<InvoicingService>();

        var refusal = await Assert.ThrowsAsync<InvalidInputException>(() => invoicing.RunAsync(november, CancellationToken.None));

        Assert.Equal("November 2026 has not ended: it is invoiced once it has, on the 1st of the month after.", Assert.Single(refusal.Errors["Period"]));
        await host.Get<SubscriptionService>().SubscribeAsync(userId, organization, tides.PlanIds[0], CancellationToken.None);
        host.Clock.SetUtcNow(november.End.AddHours(2));
        Assert.Equal(1, (await invoicing.RunAsync(november, CancellationToken.None)).Issued);
        var invoice = Assert.Single((await host.Get<BillingService>().ListInvoicesAsync(userId, organization, 0, 10, CancellationToken.None)).Items);
        Assert.True(invoice.Total > 0);
    }
}
