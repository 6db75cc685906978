using Microsoft.AspNetCore.Http.HttpResults;
using TrustVault.Core.Billing.Stripe;
using TrustVault.Web.Api;

namespace TrustVault.Web.Webhooks;

public static class StripeWebhookEndpoints
{
    public const string Path = "/webhooks/stripe";

    // Stripe's events are far smaller; a bigger body is not one of its events (413).
    private const int MaxBodyBytes = 1024 * 1024;

    public static void MapStripeWebhooks(this WebApplication app) =>
        app.MapPost(Path, ReceiveAsync).WithName("StripeWebhook").ExcludeFromDescription().DisableAntiforgery();

    /// <summary>Bad or stale signatures get 400 problem+json (from the exception handler); handled, ignored and replayed events 200.</summary>
    private static async Task<Ok<WebhookAnswer>> ReceiveAsync(HttpRequest request, StripeWebhookProcessor processor, CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(new LimitedStream(request.Body, MaxBodyBytes));
        var json = await reader.ReadToEndAsync(cancellationToken);
        var outcome = await processor.ProcessAsync(json, request.Headers["Stripe-Signature"], cancellationToken);
        return TypedResults.Ok(new WebhookAnswer(outcome.ToString()));
    }

    public sealed record WebhookAnswer(string Outcome);
}
