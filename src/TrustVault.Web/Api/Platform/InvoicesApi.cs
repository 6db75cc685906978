using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using TrustVault.Core.Billing;
using TrustVault.Core.Errors;
using TrustVault.Web.Accounts;

namespace TrustVault.Web.Api.Platform;

/// <summary>The organization's invoices, newest first, as the console's Billing page lists them.</summary>
internal static class InvoicesApi
{
    public const int MaxPageSize = 100;

    public sealed record InvoiceList(int Page, int PageSize, int Total, IReadOnlyList<InvoiceSummary> Items);

    public static RouteGroupBuilder MapInvoicesApi(this RouteGroupBuilder api)
    {
        var invoices = api.MapGroup("/organizations/{organizationId:guid}/invoices").WithTags("Invoices");
        invoices.MapGet("", ListAsync)
            .ProducesValidationProblem()
            .WithName("ListInvoices")
            .WithSummary($"List invoices, newest first: page from 1, pageSize 1 to {MaxPageSize} (default 20).");
        invoices.MapGet("/{invoiceId:guid}", GetAsync)
            .WithName("GetInvoice")
            .WithSummary("One invoice with its lines.");
        return api;
    }

    private static async Task<Ok<InvoiceList>> ListAsync(
        Guid organizationId, int? page, int? pageSize, ClaimsPrincipal user, BillingService billing, CancellationToken cancellationToken)
    {
        var (number, size) = (page ?? 1, pageSize ?? 20);
        var errors = new Dictionary<string, string[]>();
        if (number < 1)
        {
            errors["page"] = ["Pages are numbered from 1."];
        }

        if (size is < 1 or > MaxPageSize)
        {
            errors["pageSize"] = [$"Choose 1 to {MaxPageSize} invoices a page."];
        }

        if (errors.Count > 0)
        {
            throw new InvalidInputException(errors);
        }

        var result = await billing.ListInvoicesAsync(user.RequireUserId(), organizationId, number - 1, size, cancellationToken);
        return TypedResults.Ok(new InvoiceList(number, size, result.Total, result.Items));
    }

    private static async Task<Ok<InvoiceDetail>> GetAsync(
        Guid organizationId, Guid invoiceId, ClaimsPrincipal user, BillingService billing, CancellationToken cancellationToken) =>
        TypedResults.Ok(await billing.GetInvoiceAsync(user.RequireUserId(), organizationId, invoiceId, cancellationToken));
}
