using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using MudBlazor;
using TrustVault.Core.Billing;
using TrustVault.Core.Data;
using TrustVault.Core.Organizations;
using TrustVault.Core.Payments;
using TrustVault.Tests.Infrastructure;
using TrustVault.Web.Identity;
using ConsoleInvoice = TrustVault.Web.Components.Pages.Console.Invoice;

namespace TrustVault.Tests.Billing;

/// <summary>Pay now when the payment provider settles later (a card that asks its bank), as Stripe may.</summary>
public sealed class InvoicePendingPaymentPageTests : MudBunitContext, IAsyncLifetime
{
    private readonly CoreTestHost host = CoreTestHost.On(DatabaseProvider.Sqlite, services =>
    {
        services.AddSingleton<LocalPaymentProvider>();
        services.Replace(ServiceDescriptor.Singleton<IPaymentProvider, SettledLater>());
    });

    public override async Task InitializeAsync()
    {
        await host.InitializeAsync();
        Services.AddSingleton(host.Get<OrganizationService>());
        Services.AddSingleton(host.Get<BillingService>());
        Services.AddScoped<CurrentUser>();
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        await host.DisposeAsync();
    }

    [Fact]
    public async Task A_payment_the_provider_settles_later_is_said_to_be_processed_not_declined()
    {
        var (owner, organization) = await host.AddCustomerAsync("pending@example.com", TestCards.Visa);
        var invoice = await host.AddInvoiceAsync(organization, 1);

        var page = RenderAs<ConsoleInvoice>(owner, p => p.Add(c => c.Id, invoice));
        page.WaitForElement("[data-testid=pay-invoice]").Click();

        var snackbars = Services.GetRequiredService<ISnackbar>();
        page.WaitForAssertion(() => Assert.Contains(snackbars.ShownSnackbars, s => s.Message!.Contains("being processed", StringComparison.Ordinal)));
        Assert.DoesNotContain(snackbars.ShownSnackbars, s => s.Message!.Contains("declined", StringComparison.Ordinal));
    }

    /// <summary>Answers every charge "pending", as Stripe does while a card's bank has not confirmed it.</summary>
    private sealed class SettledLater(LocalPaymentProvider ledger) : IPaymentProvider
    {
        public bool IsTestMode => true;

        public Task<ChargeResult> ChargeAsync(ChargeRequest request, CancellationToken cancellationToken) =>
            Task.FromResult(new ChargeResult(ChargeOutcome.Pending, $"pi_{request.InvoiceId:N}"));

        public Task<CheckoutStart> StartCheckoutAsync(CheckoutRequest request, CancellationToken cancellationToken) => ledger.StartCheckoutAsync(request, cancellationToken);

        public Task<PayoutResult> PayOutAsync(PayoutRequest request, CancellationToken cancellationToken) => ledger.PayOutAsync(request, cancellationToken);

        public Task<RefundResult> RefundAsync(RefundRequest request, CancellationToken cancellationToken) => ledger.RefundAsync(request, cancellationToken);

        public Task<string?> PaymentMethodsUrlAsync(Guid organizationId, CancellationToken cancellationToken) => ledger.PaymentMethodsUrlAsync(organizationId, cancellationToken);
    }
}
