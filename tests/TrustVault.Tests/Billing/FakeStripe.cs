using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using TrustVault.Tests.Infrastructure;

namespace TrustVault.Tests.Billing;

/// <summary>
/// A local HTTP server that answers the Stripe endpoints TrustVault calls with Stripe-shaped JSON, records
/// each request (path, idempotency key, form body, the id of the object it created), and signs webhook payloads as
/// Stripe does. Every object it creates gets an id of its own, except for a repeated idempotency key, which gets the
/// first request's object back, as on Stripe.
/// </summary>
public sealed class FakeStripe : LoopbackServer
{
    public const string WebhookSecret = "whsec_test_trustvault";

    /// <param name="Id">The object the request created, if it creates one.</param>
    public sealed record Call(string Method, string Path, string? IdempotencyKey, IReadOnlyDictionary<string, string> Form, string? Id);

    // Stripe's id prefix of the object each creating endpoint makes.
    private static readonly Dictionary<string, string> Prefixes = new(StringComparer.Ordinal)
    {
        ["/v1/customers"] = "cus",
        ["/v1/checkout/sessions"] = "cs",
        ["/v1/invoices"] = "in",
        ["/v1/invoiceitems"] = "ii",
        ["/v1/billing_portal/sessions"] = "bps",
        ["/v1/transfers"] = "tr",
        ["/v1/refunds"] = "re",
    };

    private readonly ConcurrentDictionary<string, string> idsByIdempotencyKey = new(StringComparer.Ordinal);
    // The last_payment_error each declining customer's payments get.
    private readonly ConcurrentDictionary<string, string> decliningCustomers = new(StringComparer.Ordinal);

    // The JSON of the PaymentIntent of each Stripe invoice's payment so far, by invoice id.
    private readonly ConcurrentDictionary<string, string> paymentIntents = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, TaskCompletionSource> heldCustomers = new(StringComparer.Ordinal);

    // The JSON of each card payment method, by id, and each customer's default payment method for invoices.
    private readonly ConcurrentDictionary<string, string> paymentMethods = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> defaultPaymentMethods = new(StringComparer.Ordinal);

    public ConcurrentQueue<Call> Calls { get; } = new();

    /// <summary>From now on, paying an invoice of <paramref name="customerId"/> fails with Stripe's card_declined error; other customers' cards pay.</summary>
    public void DeclineCardsOf(string customerId, string declineCode = "generic_decline", string message = "Your card was declined.") =>
        decliningCustomers[customerId] = CardError(declineCode, message);

    /// <summary>
    /// What Stripe's own retry of a Stripe invoice leaves when it fails (before its invoice.payment_failed event): the
    /// invoice's payment's PaymentIntent with the error as its last_payment_error.
    /// </summary>
    public void FailPaymentOf(string invoiceId, string lastPaymentError) => paymentIntents[invoiceId] = PaymentIntent(invoiceId, "requires_payment_method", lastPaymentError);

    /// <summary>What the customer paying a Stripe invoice on Stripe's hosted invoice page leaves: its payment succeeded.</summary>
    public void PayOnHostedPage(string invoiceId) => paymentIntents[invoiceId] = PaymentIntent(invoiceId, "succeeded", "null");

    /// <summary>The id of the PaymentIntent that pays the Stripe invoice.</summary>
    public static string IntentId(string invoiceId) => $"pi_{invoiceId}";

    /// <summary>Stripe's error object for a declined card.</summary>
    public static string CardError(string declineCode, string message) =>
        $$$"""{"type":"card_error","code":"card_declined","decline_code":"{{{declineCode}}}","message":"{{{message}}}"}""";

    /// <summary>From now on, the cards of <paramref name="customerId"/> pay again.</summary>
    public void AcceptCardsOf(string customerId) => decliningCustomers.TryRemove(customerId, out _);

    /// <summary>From now on, paying an invoice of <paramref name="customerId"/> is answered only once the returned task source is completed.</summary>
    public TaskCompletionSource HoldPaymentsOf(string customerId) =>
        heldCustomers.GetOrAdd(customerId, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));

    /// <summary>What the customer portal does when the customer adds a card: attaches it and makes it the default for invoices.</summary>
    /// <returns>The payment method's id.</returns>
    public string AddCardOnPortal(string customerId, string brand, string last4, int expiryMonth, int expiryYear)
    {
        var id = NewCard(brand, last4, expiryMonth, expiryYear);
        defaultPaymentMethods[customerId] = id;
        return id;
    }

    /// <summary>What the customer portal does when the customer sets up SEPA Direct Debit as their default payment method for invoices.</summary>
    /// <returns>The payment method's id.</returns>
    public string AddSepaDebitOnPortal(string customerId, string last4)
    {
        var id = NewId("pm", null);
        paymentMethods[id] = $$$"""
            {"id":"{{{id}}}","object":"payment_method","type":"sepa_debit","card":null,"sepa_debit":{"bank_code":"37040044","country":"DE","last4":"{{{last4}}}"}}
            """;
        defaultPaymentMethods[customerId] = id;
        return id;
    }

    /// <summary>What the customer portal does when the customer removes their default card: the customer has no default any more.</summary>
    public void RemoveCardOnPortal(string customerId) => defaultPaymentMethods.TryRemove(customerId, out _);

    protected override void Map(WebApplication app)
    {
        app.Use(async (context, next) =>
        {
            var form = context.Request.HasFormContentType
                ? (await context.Request.ReadFormAsync()).ToDictionary(f => f.Key, f => f.Value.ToString())
                : [];
            var idempotencyKey = context.Request.Headers["Idempotency-Key"].FirstOrDefault();
            var id = HttpMethods.IsPost(context.Request.Method) && Prefixes.TryGetValue(context.Request.Path.Value ?? "", out var prefix)
                ? NewId(prefix, idempotencyKey)
                : null;
            var call = new Call(context.Request.Method, context.Request.Path, idempotencyKey, form, id);
            context.Items[typeof(Call)] = call;
            Calls.Enqueue(call);
            await next();
        });
        app.MapPost("/v1/customers", (HttpContext c) => Json($$$"""{"id":"{{{Created(c)}}}","object":"customer","name":"{{{c.Request.Form["name"]}}}"}"""));
        app.MapGet("/v1/customers/{id}", (string id, HttpContext c) => Json(Customer(id, c.Request.Query)));
        app.MapPost("/v1/customers/{id}", (string id, HttpContext c) =>
        {
            if (c.Request.Form["invoice_settings[default_payment_method]"].FirstOrDefault() is { } paymentMethod)
            {
                defaultPaymentMethods[id] = paymentMethod;
            }

            return Json(Customer(id, c.Request.Form));
        });
        app.MapPost("/v1/checkout/sessions", (HttpContext c) =>
            Json($$$"""{"id":"{{{Created(c)}}}","object":"checkout.session","mode":"setup","url":"https://checkout.stripe.test/c/{{{Created(c)}}}"}"""));
        app.MapPost("/v1/invoices", (HttpContext c) => Json($$$"""{"id":"{{{Created(c)}}}","object":"invoice","status":"draft","customer":"{{{c.Request.Form["customer"]}}}"}"""));
        app.MapPost("/v1/invoiceitems", (HttpContext c) => Json($$$"""{"id":"{{{Created(c)}}}","object":"invoiceitem","customer":"{{{c.Request.Form["customer"]}}}"}"""));
        app.MapPost("/v1/invoices/{id}/finalize", (string id) => Json($$$"""{"id":"{{{id}}}","object":"invoice","status":"open"}"""));
        app.MapPost("/v1/invoices/{id}/pay", async (string id) =>
        {
            var customerId = CustomerOfInvoice(id);
            if (heldCustomers.TryGetValue(customerId, out var held))
            {
                await held.Task;
            }

            if (decliningCustomers.TryGetValue(customerId, out var error))
            {
                FailPaymentOf(id, error);
                return Results.Content($$"""{"error":{{error}}}""", "application/json", Encoding.UTF8, 402);
            }

            paymentIntents[id] = PaymentIntent(id, "succeeded", "null");
            return Json($$$"""{"id":"{{{id}}}","object":"invoice","status":"paid"}""");
        });
        app.MapGet("/v1/invoices/{id}", (string id, HttpContext c) => Json(Invoice(id, c.Request.Query)));
        app.MapPost("/v1/refunds", (HttpContext c) =>
            Json($$$"""{"id":"{{{Created(c)}}}","object":"refund","status":"succeeded","reason":"duplicate","payment_intent":"{{{c.Request.Form["payment_intent"]}}}"}"""));
        app.MapPost("/v1/billing_portal/sessions", (HttpContext c) =>
            Json($$$"""{"id":"{{{Created(c)}}}","object":"billing_portal.session","url":"https://billing.stripe.test/p/{{{Created(c)}}}"}"""));
        app.MapPost("/v1/transfers", (HttpContext c) =>
            Json($$$"""{"id":"{{{Created(c)}}}","object":"transfer","amount":{{{c.Request.Form["amount"]}}},"currency":"{{{c.Request.Form["currency"]}}}"}"""));
        app.MapGet("/v1/setup_intents/{id}", (string id) => Json($$$"""
            {"id":"{{{id}}}","object":"setup_intent","status":"succeeded","payment_method":"{{{NewCard("visa", "4242", 12, 2030)}}}"}
            """));
    }

    public IEnumerable<Call> To(string path) => Calls.Where(c => c.Path == path);

    /// <summary>From now on, a request sent with <paramref name="idempotencyKey"/> gets <paramref name="id"/> back, as Stripe answers a key it has seen.</summary>
    public void AnswerKeyWith(string idempotencyKey, string id) => idsByIdempotencyKey[idempotencyKey] = id;

    /// <summary>The id of the object created by the request sent with <paramref name="idempotencyKey"/>.</summary>
    public string IdFor(string idempotencyKey) => idsByIdempotencyKey[idempotencyKey];

    private string NewId(string prefix, string? idempotencyKey)
    {
        var id = $"{prefix}_{Guid.NewGuid():N}";
        return idempotencyKey is null ? id : idsByIdempotencyKey.GetOrAdd(idempotencyKey, id);
    }

    private string NewCard(string brand, string last4, int expiryMonth, int expiryYear)
    {
        var id = NewId("pm", null);
        paymentMethods[id] = $$$"""
            {"id":"{{{id}}}","object":"payment_method","type":"card","card":{"brand":"{{{brand}}}","last4":"{{{last4}}}","exp_month":{{{expiryMonth}}},"exp_year":{{{expiryYear}}}}}
            """;
        return id;
    }

    /// <summary>The customer with its default payment method for invoices, expanded only when the request asks, as on Stripe.</summary>
    private string Customer(string id, IEnumerable<KeyValuePair<string, Microsoft.Extensions.Primitives.StringValues>> parameters)
    {
        var expanded = parameters.Any(p => p.Key.StartsWith("expand", StringComparison.Ordinal) && p.Value == "invoice_settings.default_payment_method");
        var defaultPaymentMethod = defaultPaymentMethods.TryGetValue(id, out var paymentMethod)
            ? expanded ? paymentMethods[paymentMethod] : $"\"{paymentMethod}\""
            : "null";
        return $$$"""{"id":"{{{id}}}","object":"customer","invoice_settings":{"default_payment_method":{{{defaultPaymentMethod}}}}}""";
    }

    /// <summary>A Stripe invoice with its payments, their PaymentIntents expanded only when the request asks, as on Stripe.</summary>
    private string Invoice(string id, IEnumerable<KeyValuePair<string, Microsoft.Extensions.Primitives.StringValues>> parameters)
    {
        var expanded = parameters.Any(p => p.Key.StartsWith("expand", StringComparison.Ordinal) && p.Value == "payments.data.payment.payment_intent");
        var payments = paymentIntents.TryGetValue(id, out var intent)
            ? $$$"""
                {"id":"inpay_{{{id}}}","object":"invoice_payment","created":1764000000,"is_default":true,"status":"{{{(intent.Contains("\"succeeded\"", StringComparison.Ordinal) ? "paid" : "open")}}}",
                 "payment":{"type":"payment_intent","payment_intent":{{{(expanded ? intent : $"\"{IntentId(id)}\"")}}}}}
                """
            : "";
        return $$$"""{"id":"{{{id}}}","object":"invoice","payments":{"object":"list","has_more":false,"data":[{{{payments}}}]}}""";
    }

    private static string PaymentIntent(string invoiceId, string status, string lastPaymentError) =>
        $$$"""{"id":"{{{IntentId(invoiceId)}}}","object":"payment_intent","status":"{{{status}}}","last_payment_error":{{{lastPaymentError}}}}""";

    private static string Created(HttpContext context) => ((Call)context.Items[typeof(Call)]!).Id!;

    private string CustomerOfInvoice(string invoiceId) => Calls.First(c => c.Path == "/v1/invoices" && c.Id == invoiceId).Form["customer"];

    /// <summary>The Stripe-Signature header for <paramref name="payload"/> signed at <paramref name="at"/>: t=…,v1=HMAC-SHA256(secret, "t.payload").</summary>
    public static string Sign(string payload, DateTimeOffset at, string secret = WebhookSecret)
    {
        var timestamp = at.ToUnixTimeSeconds();
        var signature = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{timestamp}.{payload}"));
        return $"t={timestamp},v1={Convert.ToHexStringLower(signature)}";
    }

    /// <param name="previousAttributes">The changed attributes' former values, as JSON, for an event that changed some.</param>
    public static string Event(string id, string type, string dataObject, string? previousAttributes = null) =>
        $$$"""{"id":"{{{id}}}","object":"event","api_version":"2025-01-27.acacia","created":1764000000,"livemode":false,"type":"{{{type}}}","data":{"object":{{{dataObject}}}{{{(previousAttributes is null ? "" : $",\"previous_attributes\":{previousAttributes}")}}}}}""";

    private static IResult Json(string body) => Results.Content(body, "application/json");
}
