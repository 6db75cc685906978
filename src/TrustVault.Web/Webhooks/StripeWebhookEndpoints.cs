using Microsoft.AspNetCore.Http.HttpResults;
using TrustVault.Core.Billing.Stripe;

namespace TrustVault.Web.Webhooks;

public static class StripeWebhookEndpoints
{
    public const string Path = "/webhooks/stripe";

    // Stripe signs at most 512 KB; a bigger body is not one of its events.
    private const int MaxBodyBytes = 512 * 1024;

    public static void MapStripeWebhooks(this WebApplication app) =>
        app.MapPost(Path, ReceiveAsync).WithName("StripeWebhook").ExcludeFromDescription().DisableAntiforgery();

    /// <summary>Bad or stale signatures get 400 problem+json (from the exception handler); handled, ignored and replayed events 200.</summary>
    private static async Task<Results<Ok<WebhookAnswer>, ProblemHttpResult>> ReceiveAsync(
        HttpRequest request, StripeWebhookProcessor processor, CancellationToken cancellationToken)
    {
        if (request.ContentLength > MaxBodyBytes)
        {
            return TypedResults.Problem("The webhook body is larger than Stripe sends.", statusCode: StatusCodes.Status413PayloadTooLarge);
        }

        using var reader = new StreamReader(request.Body);
        var json = await reader.ReadToEndAsync(cancellationToken);
        var outcome = await processor.ProcessAsync(json, request.Headers["Stripe-Signature"], cancellationToken);
        return TypedResults.Ok(new WebhookAnswer(outcome.ToString()));
    }

    public sealed record WebhookAnswer(string Outcome);
}
