using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using TrustVault.Core.Billing;
using TrustVault.Web.Identity;

namespace TrustVault.Web.Api.Platform;

/// <summary>The organization's invoices, newest first, as the console's Billing page lists them.</summary>
internal static class InvoicesApi
{
    public static RouteGroupBuilder MapInvoicesApi(this RouteGroupBuilder api)
    {
        var invoices = api.MapGroup("/organizations/{organizationId:guid}/invoices").WithTags("Invoices");
        invoices.MapGet("", ListAsync)
            .ProducesValidationProblem()
            .WithName("ListInvoices")
            .WithSummary($"List invoices, newest first: page from 1, pageSize 1 to {PlatformPage.MaxSize} (default 20).");
        invoices.MapGet("/{invoiceId:guid}", GetAsync)
            .WithName("GetInvoice")
            .WithSummary("One invoice with its lines.");
        return api;
    }

    private static async Task<Ok<PlatformList<InvoiceSummary>>> ListAsync(
        Guid organizationId, int? page, int? pageSize, ClaimsPrincipal user, BillingService billing, CancellationToken cancellationToken)
    {
        var (number, size) = PlatformPage.Read(page, pageSize, "invoices");

        var result = await billing.ListInvoicesAsync(user.RequireUserId(), organizationId, number - 1, size, cancellationToken);
        return TypedResults.Ok(new PlatformList<InvoiceSummary>(number, size, result.Total, result.Items));
    }

    private static async Task<Ok<InvoiceDetail>> GetAsync(
        Guid organizationId, Guid invoiceId, ClaimsPrincipal user, BillingService billing, CancellationToken cancellationToken) =>
        TypedResults.Ok(await billing.GetInvoiceAsync(user.RequireUserId(), organizationId, invoiceId, cancellationToken));
}
