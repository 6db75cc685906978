using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using TrustVault.Core.Billing;
using TrustVault.Core.Organizations;
using TrustVault.Tests.Infrastructure;
using TrustVault.Web.Identity;
using ConsoleInvoice = TrustVault.Web.Components.Pages.Console.Invoice;

namespace TrustVault.Tests.Billing;

/// <summary>The console's invoice page, which a notification mail links to by the invoice alone.</summary>
public sealed class InvoicePageTests : MudBunitContext, IClassFixture<CoreTestHost>
{
    private readonly CoreTestHost host;

    public InvoicePageTests(CoreTestHost host)
    {
        this.host = host;
        Services.AddSingleton(host.Get<OrganizationService>());
        Services.AddSingleton(host.Get<BillingService>());
        Services.AddScoped<CurrentUser>();
    }

    private OrganizationService Organizations => host.Get<OrganizationService>();

    /// <summary>A team of a new Owner with an issued invoice; the Owner works in the team.</summary>
    private async Task<(string Owner, Guid Team, Guid Invoice)> TeamWithInvoiceAsync(string prefix, int sequence)
    {
        var owner = (await host.AddUserAsync($"{prefix}-owner@example.com")).Id;
        var team = await Organizations.CreateAsync(owner, $"{prefix} team", CancellationToken.None);
        await Organizations.SwitchAsync(owner, team, CancellationToken.None);
        return (owner, team, await host.AddInvoiceAsync(team, sequence));
    }

    [Fact]
    public async Task A_member_working_in_another_organization_sees_the_invoice_and_now_works_in_its_organization()
    {
        var (owner, team, invoice) = await TeamWithInvoiceAsync("both", 101);
        var billing = (await host.AddUserAsync("both-billing@example.com")).Id;
        var personal = await Organizations.EnsurePersonalOrganizationAsync(billing, CancellationToken.None);
        var issued = await Organizations.InviteAsync(owner, team, "both-billing@example.com", OrganizationRole.Billing, t => t, CancellationToken.None);
        await Organizations.AcceptInvitationAsync(billing, issued.Token, CancellationToken.None);
        await Organizations.SwitchAsync(billing, personal, CancellationToken.None);

        var page = RenderAs<ConsoleInvoice>(billing, p => p.Add(c => c.Id, invoice));

        page.WaitForAssertion(() => Assert.Contains("Invoice " + Invoice.FormatNumber(2026, 101), page.Find("[data-testid=invoice]").TextContent, StringComparison.Ordinal));
        Assert.Equal(team, (await Organizations.GetCurrentAsync(billing, CancellationToken.None))!.OrganizationId);
        var shown = Services.GetRequiredService<ISnackbar>().ShownSnackbars;
        Assert.Contains("You now work in both team, which this invoice is billed to.", string.Join(" ", shown.Select(s => s.Message)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Someone_outside_the_invoices_organization_gets_the_not_found_page_and_stays_where_they_work()
    {
        var (_, _, invoice) = await TeamWithInvoiceAsync("other", 102);
        var outsider = (await host.AddUserAsync("outsider@example.com")).Id;
        var personal = await Organizations.EnsurePersonalOrganizationAsync(outsider, CancellationToken.None);
        SignIn(outsider);
        var notFound = false;
        Services.GetRequiredService<NavigationManager>().OnNotFound += (_, _) => notFound = true;

        var page = Render<ConsoleInvoice>(p => p.Add(c => c.Id, invoice));

        page.WaitForAssertion(() => Assert.True(notFound));
        Assert.Empty(page.FindAll("[data-testid=invoice]"));
        Assert.Equal(personal, (await Organizations.GetCurrentAsync(outsider, CancellationToken.None))!.OrganizationId);
    }
}
