using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace TrustVault.Tests.Billing;

/// <summary>
/// A local HTTP server that answers the Stripe endpoints TrustVault calls with Stripe-shaped JSON, records
/// each request (path, idempotency key, form body), and signs webhook payloads as Stripe does.
/// </summary>
public sealed class FakeStripe : IAsyncLifetime
{
    public const string WebhookSecret = "whsec_test_trustvault";

    private WebApplication? app;

    public sealed record Call(string Method, string Path, string? IdempotencyKey, IReadOnlyDictionary<string, string> Form);

    public ConcurrentQueue<Call> Calls { get; } = new();

    /// <summary>When set, paying an invoice fails with Stripe's card_declined error.</summary>
    public bool DeclineCards { get; set; }

    public string BaseAddress { get; private set; } = "";

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        app = builder.Build();
        app.Use(async (context, next) =>
        {
            var form = context.Request.HasFormContentType
                ? (await context.Request.ReadFormAsync()).ToDictionary(f => f.Key, f => f.Value.ToString())
                : [];
            Calls.Enqueue(new Call(context.Request.Method, context.Request.Path, context.Request.Headers["Idempotency-Key"].FirstOrDefault(), form));
            await next();
        });
        app.MapPost("/v1/customers", () => Json("""{"id":"cus_test1","object":"customer","name":"Globex"}"""));
        app.MapPost("/v1/checkout/sessions", () => Json("""{"id":"cs_test1","object":"checkout.session","mode":"setup","url":"https://checkout.stripe.test/c/cs_test1"}"""));
        app.MapPost("/v1/invoices", () => Json("""{"id":"in_test1","object":"invoice","status":"draft","customer":"cus_test1"}"""));
        app.MapPost("/v1/invoiceitems", () => Json("""{"id":"ii_test1","object":"invoiceitem","customer":"cus_test1"}"""));
        app.MapPost("/v1/invoices/{id}/finalize", (string id) => Json($$$"""{"id":"{{{id}}}","object":"invoice","status":"open"}"""));
        app.MapPost("/v1/invoices/{id}/pay", (string id) => DeclineCards
            ? Results.Content("""{"error":{"type":"card_error","code":"card_declined","decline_code":"generic_decline","message":"Your card was declined."}}""", "application/json", Encoding.UTF8, 402)
            : Json($$$"""{"id":"{{{id}}}","object":"invoice","status":"paid"}"""));
        app.MapPost("/v1/billing_portal/sessions", () => Json("""{"id":"bps_test1","object":"billing_portal.session","url":"https://billing.stripe.test/p/session_test1"}"""));
        app.MapPost("/v1/transfers", () => Json("""{"id":"tr_test1","object":"transfer","amount":2450,"currency":"usd"}"""));
        app.MapGet("/v1/setup_intents/{id}", (string id) => Json($$$"""
            {"id":"{{{id}}}","object":"setup_intent","status":"succeeded",
             "payment_method":{"id":"pm_test1","object":"payment_method","type":"card","card":{"brand":"visa","last4":"4242","exp_month":12,"exp_year":2030} } }
            """));
        await app.StartAsync();
        BaseAddress = app.Urls.Single();
    }

    public IEnumerable<Call> To(string path) => Calls.Where(c => c.Path == path);

    /// <summary>The Stripe-Signature header for <paramref name="payload"/> signed at <paramref name="at"/>: t=…,v1=HMAC-SHA256(secret, "t.payload").</summary>
    public static string Sign(string payload, DateTimeOffset at, string secret = WebhookSecret)
    {
        var timestamp = at.ToUnixTimeSeconds();
        var signature = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{timestamp}.{payload}"));
        return $"t={timestamp},v1={Convert.ToHexStringLower(signature)}";
    }

    public static string Event(string id, string type, string dataObject) =>
        $$$"""{"id":"{{{id}}}","object":"event","api_version":"2025-01-27.acacia","created":1764000000,"livemode":false,"type":"{{{type}}}","data":{"object":{{{dataObject}}}}}""";

    private static IResult Json(string body) => Results.Content(body, "application/json");

    public async Task DisposeAsync()
    {
        if (app is not null)
        {
            await app.DisposeAsync();
        }
    }
}
