using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Numerics;
using System.Text.Json;

namespace TrustVault.Client;

/// <summary>
/// The TrustVault platform API (<c>/api/v1</c>, with a personal access token <c>tvp_…</c>) and any listing through the gateway
/// (<c>/gw/{listing}/{path}</c>, with an API key). Every error answer becomes a <see cref="TrustVaultApiException"/> carrying its
/// problem details; a 429 is retried after its Retry-After, within <see cref="TrustVaultClientOptions"/>' bounds, unless it
/// reports a used-up monthly quota, which no wait short of the next month cures.
/// </summary>
public sealed class TrustVaultClient : IDisposable
{
    public const string ApiKeyHeader = "X-Api-Key";
    public const string QuotaRemainingHeader = "X-Quota-Remaining";
    public const string PrivacyListing = "privacy-analytics";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly HttpClient http;
    private readonly bool ownsHttp;
    private readonly Uri baseAddress;
    private readonly string? personalAccessToken;
    private readonly string? apiKey;
    private readonly TrustVaultClientOptions options;

    /// <param name="baseAddress">Where TrustVault runs, e.g. https://trustvault.example.com.</param>
    /// <param name="personalAccessToken">For the platform API: <c>tvp_…</c> from Account settings → Personal access tokens.</param>
    /// <param name="apiKey">For calls through the gateway: an API key of a subscribed organization.</param>
    public TrustVaultClient(Uri baseAddress, string? personalAccessToken = null, string? apiKey = null, TrustVaultClientOptions? options = null)
        : this(new HttpClient { BaseAddress = baseAddress }, ownsHttp: true, personalAccessToken, apiKey, options)
    {
    }

    /// <param name="httpClient">A client with its <see cref="HttpClient.BaseAddress"/> set (from IHttpClientFactory, or a test server).</param>
    public TrustVaultClient(HttpClient httpClient, string? personalAccessToken = null, string? apiKey = null, TrustVaultClientOptions? options = null)
        : this(httpClient, ownsHttp: false, personalAccessToken, apiKey, options)
    {
    }

    private TrustVaultClient(HttpClient httpClient, bool ownsHttp, string? personalAccessToken, string? apiKey, TrustVaultClientOptions? options)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        var address = httpClient.BaseAddress ?? throw new ArgumentException("Set the HttpClient's BaseAddress to where TrustVault runs.", nameof(httpClient));
        // A trailing slash keeps a path prefix (https://host/trustvault/) when relative routes are resolved against it.
        baseAddress = address.AbsoluteUri.EndsWith('/') ? address : new Uri(address.AbsoluteUri + "/");
        http = httpClient;
        this.ownsHttp = ownsHttp;
        this.personalAccessToken = personalAccessToken;
        this.apiKey = apiKey;
        this.options = options ?? new TrustVaultClientOptions();
        if (this.options.MaxAttempts < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), "MaxAttempts must be at least 1.");
        }
    }

    // Platform API.

    /// <summary>The organizations the token's user is a member of, with the role in each: the personal one first, then by name.</summary>
    /// <param name="page">From 1.</param>
    /// <param name="pageSize">1 to 100.</param>
    public Task<ListPage<Organization>> ListOrganizationsAsync(int page = 1, int pageSize = 20, CancellationToken cancellationToken = default) =>
        PlatformAsync<ListPage<Organization>>(
            HttpMethod.Get,
            string.Create(CultureInfo.InvariantCulture, $"organizations?page={page}&pageSize={pageSize}"),
            null,
            cancellationToken);

    /// <summary>
    /// A published API by its slug (e.g. <c>ai-analytics</c>) with the plans open to new subscribers, cheapest first: a plan's
    /// <see cref="CatalogPlan.Id"/> is what <see cref="SubscribeAsync"/> takes. A renamed listing answers at its old slug too,
    /// with its new <see cref="CatalogListing.Slug"/>; no published API at the slug throws a 404.
    /// </summary>
    public Task<CatalogListing> GetCatalogListingAsync(string slug, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(slug);
        return PlatformAsync<CatalogListing>(HttpMethod.Get, $"catalog/{Uri.EscapeDataString(slug)}", null, cancellationToken);
    }

    /// <summary>The organization's keys, revoked and rotated ones included, newest first.</summary>
    /// <param name="page">From 1.</param>
    /// <param name="pageSize">1 to 100.</param>
    public Task<ListPage<ApiKey>> ListKeysAsync(Guid organizationId, int page = 1, int pageSize = 20, CancellationToken cancellationToken = default) =>
        PlatformAsync<ListPage<ApiKey>>(
            HttpMethod.Get,
            string.Create(CultureInfo.InvariantCulture, $"organizations/{organizationId}/keys?page={page}&pageSize={pageSize}"),
            null,
            cancellationToken);

    /// <summary>Creates a key; the answer's <see cref="IssuedApiKey.Secret"/> is shown this once. Needs a token with the write scope.</summary>
    public Task<IssuedApiKey> CreateKeyAsync(
        Guid organizationId, string name, DateTimeOffset? expiresAt = null, bool test = false, CancellationToken cancellationToken = default) =>
        PlatformAsync<IssuedApiKey>(HttpMethod.Post, $"organizations/{organizationId}/keys", new { name, expiresAt, test }, cancellationToken);

    /// <summary>Issues a replacement key; the old one keeps working for <paramref name="graceHours"/> (0 to 168, server default 24).</summary>
    public Task<IssuedApiKey> RotateKeyAsync(Guid organizationId, Guid keyId, int? graceHours = null, CancellationToken cancellationToken = default) =>
        PlatformAsync<IssuedApiKey>(HttpMethod.Post, $"organizations/{organizationId}/keys/{keyId}/rotate", new { graceHours }, cancellationToken);

    public Task RevokeKeyAsync(Guid organizationId, Guid keyId, CancellationToken cancellationToken = default) =>
        DiscardAsync(HttpMethod.Delete, $"organizations/{organizationId}/keys/{keyId}", cancellationToken);

    /// <summary>The organization's live subscriptions with their plans, newest first.</summary>
    /// <param name="page">From 1.</param>
    /// <param name="pageSize">1 to 100.</param>
    public Task<ListPage<Subscription>> ListSubscriptionsAsync(Guid organizationId, int page = 1, int pageSize = 20, CancellationToken cancellationToken = default) =>
        PlatformAsync<ListPage<Subscription>>(
            HttpMethod.Get,
            string.Create(CultureInfo.InvariantCulture, $"organizations/{organizationId}/subscriptions?page={page}&pageSize={pageSize}"),
            null,
            cancellationToken);

    /// <param name="days">1 to 90 days back, today included.</param>
    public Task<UsageReport> GetUsageAsync(Guid organizationId, int days = 30, CancellationToken cancellationToken = default) =>
        PlatformAsync<UsageReport>(HttpMethod.Get, $"organizations/{organizationId}/usage?days={days.ToString(CultureInfo.InvariantCulture)}", null, cancellationToken);

    /// <summary>Calls per UTC day, key, endpoint and status class, as the console's Usage page shows them.</summary>
    /// <param name="page">From 1.</param>
    /// <param name="pageSize">1 to 100.</param>
    public Task<ListPage<UsageGroup>> GetUsageGroupsAsync(
        Guid organizationId, UsageFilter? filter = null, int page = 1, int pageSize = 20, CancellationToken cancellationToken = default) =>
        PlatformAsync<ListPage<UsageGroup>>(HttpMethod.Get, $"organizations/{organizationId}/usage/groups?{UsageQuery(filter, page, pageSize)}", null, cancellationToken);

    /// <summary>The calls answered 4xx or 5xx, newest first, with their request ids; the same filter as the groups.</summary>
    /// <param name="page">From 1.</param>
    /// <param name="pageSize">1 to 100.</param>
    public Task<ListPage<FailedCall>> ListFailedCallsAsync(
        Guid organizationId, UsageFilter? filter = null, int page = 1, int pageSize = 20, CancellationToken cancellationToken = default) =>
        PlatformAsync<ListPage<FailedCall>>(HttpMethod.Get, $"organizations/{organizationId}/usage/errors?{UsageQuery(filter, page, pageSize)}", null, cancellationToken);

    /// <summary>One call the organization made, by its X-TrustVault-Request-Id; someone else's call is a 404, as an unknown id is.</summary>
    public Task<CallDetails> GetCallAsync(Guid organizationId, string requestId, CancellationToken cancellationToken = default) =>
        PlatformAsync<CallDetails>(HttpMethod.Get, $"organizations/{organizationId}/calls/{Uri.EscapeDataString(requestId)}", null, cancellationToken);

    /// <summary>One call to one of the provider organization's listings: the customer named by organization only, without its key.</summary>
    public Task<CallDetails> GetListingCallAsync(Guid organizationId, string requestId, CancellationToken cancellationToken = default) =>
        PlatformAsync<CallDetails>(HttpMethod.Get, $"organizations/{organizationId}/listings/calls/{Uri.EscapeDataString(requestId)}", null, cancellationToken);

    /// <param name="page">From 1.</param>
    /// <param name="pageSize">1 to 100.</param>
    public Task<ListPage<InvoiceSummary>> ListInvoicesAsync(Guid organizationId, int page = 1, int pageSize = 20, CancellationToken cancellationToken = default) =>
        PlatformAsync<ListPage<InvoiceSummary>>(
            HttpMethod.Get,
            string.Create(CultureInfo.InvariantCulture, $"organizations/{organizationId}/invoices?page={page}&pageSize={pageSize}"),
            null,
            cancellationToken);

    public Task<Invoice> GetInvoiceAsync(Guid organizationId, Guid invoiceId, CancellationToken cancellationToken = default) =>
        PlatformAsync<Invoice>(HttpMethod.Get, $"organizations/{organizationId}/invoices/{invoiceId}", null, cancellationToken);

    /// <summary>A provider organization's own listings, the latest changed first, with their traffic over the last <paramref name="days"/> (1 to 90).</summary>
    /// <param name="page">From 1.</param>
    /// <param name="pageSize">1 to 100.</param>
    public Task<ListPage<ProviderListing>> ListListingsAsync(
        Guid organizationId, int days = 30, int page = 1, int pageSize = 20, CancellationToken cancellationToken = default) =>
        PlatformAsync<ListPage<ProviderListing>>(
            HttpMethod.Get,
            string.Create(CultureInfo.InvariantCulture, $"organizations/{organizationId}/listings?days={days}&page={page}&pageSize={pageSize}"),
            null,
            cancellationToken);

    /// <summary>Creates a draft listing of a provider organization (Owner or Developer).</summary>
    public Task<ListingReviewStatus> CreateListingAsync(Guid organizationId, ListingChanges listing, CancellationToken cancellationToken = default) =>
        PlatformAsync<ListingReviewStatus>(HttpMethod.Post, $"organizations/{organizationId}/listings", listing, cancellationToken);

    /// <summary>Changes the fields set in <paramref name="changes"/>: a draft at once, a live listing through its pending revision.</summary>
    public Task<ListingReviewStatus> UpdateListingAsync(Guid organizationId, Guid listingId, ListingChanges changes, CancellationToken cancellationToken = default) =>
        PlatformAsync<ListingReviewStatus>(HttpMethod.Patch, $"organizations/{organizationId}/listings/{listingId}", changes, cancellationToken);

    /// <summary>Replaces the listing's endpoints with those of an OpenAPI 3.x document (JSON or YAML); an invalid one throws with each error at its location.</summary>
    public Task<ImportedOpenApi> ImportOpenApiAsync(Guid organizationId, Guid listingId, string document, CancellationToken cancellationToken = default) =>
        PlatformAsync<ImportedOpenApi>(HttpMethod.Put, $"organizations/{organizationId}/listings/{listingId}/openapi", new { document }, cancellationToken);

    public Task<CreatedPlan> CreatePlanAsync(Guid organizationId, Guid listingId, NewPlan plan, CancellationToken cancellationToken = default) =>
        PlatformAsync<CreatedPlan>(HttpMethod.Post, $"organizations/{organizationId}/listings/{listingId}/plans", plan, cancellationToken);

    /// <summary>Closes a plan to new subscribers at once; its subscribers keep it.</summary>
    public Task RetirePlanAsync(Guid organizationId, Guid planId, CancellationToken cancellationToken = default) =>
        DiscardAsync(HttpMethod.Post, $"organizations/{organizationId}/plans/{planId}/retire", cancellationToken);

    /// <summary>Submits a draft or rejected listing for review; on a live listing, checks that changes wait for review.</summary>
    public Task<ListingReviewStatus> SubmitListingAsync(Guid organizationId, Guid listingId, CancellationToken cancellationToken = default) =>
        PlatformAsync<ListingReviewStatus>(HttpMethod.Post, $"organizations/{organizationId}/listings/{listingId}/submit", null, cancellationToken);

    public Task<ListingReviewStatus> GetListingReviewAsync(Guid organizationId, Guid listingId, CancellationToken cancellationToken = default) =>
        PlatformAsync<ListingReviewStatus>(HttpMethod.Get, $"organizations/{organizationId}/listings/{listingId}/review", null, cancellationToken);

    /// <summary>Subscribes to a plan: a free one at once; a paid one answers ConfirmationRequired with its quote until <paramref name="confirm"/> is true.</summary>
    public Task<SubscriptionOutcome> SubscribeAsync(Guid organizationId, Guid planId, bool confirm = false, CancellationToken cancellationToken = default) =>
        PlatformAsync<SubscriptionOutcome>(HttpMethod.Post, $"organizations/{organizationId}/subscriptions", new { planId, confirm }, cancellationToken);

    /// <summary>Moves a subscription to another plan of the same API; answers ConfirmationRequired with the quote until <paramref name="confirm"/> is true.</summary>
    public Task<SubscriptionOutcome> ChangePlanAsync(
        Guid organizationId, Guid subscriptionId, Guid planId, bool confirm = false, CancellationToken cancellationToken = default) =>
        PlatformAsync<SubscriptionOutcome>(HttpMethod.Post, $"organizations/{organizationId}/subscriptions/{subscriptionId}/plan", new { planId, confirm }, cancellationToken);

    /// <summary>Cancels at the end of the period paid for; calls work until <see cref="CanceledSubscription.EndsAt"/>.</summary>
    public Task<CanceledSubscription> CancelSubscriptionAsync(Guid organizationId, Guid subscriptionId, CancellationToken cancellationToken = default) =>
        PlatformAsync<CanceledSubscription>(HttpMethod.Post, $"organizations/{organizationId}/subscriptions/{subscriptionId}/cancel", null, cancellationToken);

    /// <summary>Withdraws a scheduled cancellation or downgrade before it applies: the subscription keeps its plan and renews as before.</summary>
    public Task WithdrawScheduledChangeAsync(Guid organizationId, Guid subscriptionId, CancellationToken cancellationToken = default) =>
        DiscardAsync(HttpMethod.Delete, $"organizations/{organizationId}/subscriptions/{subscriptionId}/scheduled-change", cancellationToken);

    /// <summary>The organization's webhook endpoints in the order they were registered.</summary>
    /// <param name="page">From 1.</param>
    /// <param name="pageSize">1 to 100.</param>
    public Task<ListPage<WebhookEndpoint>> ListWebhooksAsync(Guid organizationId, int page = 1, int pageSize = 20, CancellationToken cancellationToken = default) =>
        PlatformAsync<ListPage<WebhookEndpoint>>(
            HttpMethod.Get,
            string.Create(CultureInfo.InvariantCulture, $"organizations/{organizationId}/webhooks?page={page}&pageSize={pageSize}"),
            null,
            cancellationToken);

    /// <summary>Registers an endpoint for <paramref name="events"/> (all events when null); the answer holds its signing secret. Owners only.</summary>
    public Task<CreatedWebhookEndpoint> CreateWebhookAsync(
        Guid organizationId, string url, IReadOnlyList<string>? events = null, string? description = null, CancellationToken cancellationToken = default) =>
        PlatformAsync<CreatedWebhookEndpoint>(
            HttpMethod.Post, $"organizations/{organizationId}/webhooks", new { url, description, allEvents = events is null, events }, cancellationToken);

    public Task DeleteWebhookAsync(Guid organizationId, Guid endpointId, CancellationToken cancellationToken = default) =>
        DiscardAsync(HttpMethod.Delete, $"organizations/{organizationId}/webhooks/{endpointId}", cancellationToken);

    /// <summary>Queues a <c>ping</c> event to this endpoint only; returns the event's id.</summary>
    public async Task<string> SendTestWebhookAsync(Guid organizationId, Guid endpointId, CancellationToken cancellationToken = default) =>
        (await PlatformAsync<TestEvent>(HttpMethod.Post, $"organizations/{organizationId}/webhooks/{endpointId}/test", null, cancellationToken)).EventId;

    /// <summary>The delivery log, newest first, optionally of one endpoint.</summary>
    /// <param name="page">From 1.</param>
    /// <param name="pageSize">1 to 100.</param>
    public Task<ListPage<WebhookDelivery>> ListWebhookDeliveriesAsync(
        Guid organizationId, int page = 1, int pageSize = 20, Guid? endpointId = null, CancellationToken cancellationToken = default) =>
        PlatformAsync<ListPage<WebhookDelivery>>(
            HttpMethod.Get,
            string.Create(
                CultureInfo.InvariantCulture,
                $"organizations/{organizationId}/webhooks/deliveries?page={page}&pageSize={pageSize}{(endpointId is { } id ? $"&endpointId={id}" : "")}"),
            null,
            cancellationToken);

    /// <summary>Queues one more attempt of a delivery, with the same event id and body.</summary>
    public Task ResendWebhookDeliveryAsync(Guid organizationId, Guid deliveryId, CancellationToken cancellationToken = default) =>
        DiscardAsync(HttpMethod.Post, $"organizations/{organizationId}/webhooks/deliveries/{deliveryId}/resend", cancellationToken);

    /// <summary>The organization's privacy datasets, newest first, archived ones included, with what each spent; the month's cap is in each one's budget.</summary>
    /// <param name="page">From 1.</param>
    /// <param name="pageSize">1 to 100.</param>
    public Task<ListPage<PrivacyDataset>> ListPrivacyDatasetsAsync(Guid organizationId, int page = 1, int pageSize = 20, CancellationToken cancellationToken = default) =>
        PlatformAsync<ListPage<PrivacyDataset>>(
            HttpMethod.Get,
            string.Create(CultureInfo.InvariantCulture, $"organizations/{organizationId}/privacy/datasets?page={page}&pageSize={pageSize}"),
            null,
            cancellationToken);

    /// <summary>Registers a dataset; the differential privacy endpoints take its id as <c>dataset</c>. Owners and developers only.</summary>
    /// <param name="epsilonBudget">The ε all of its queries may spend together; null for the platform's default (10).</param>
    /// <param name="deltaBudget">The δ they may spend together, 0 to 0.001; null for the default (1e-5).</param>
    public Task<PrivacyDataset> CreatePrivacyDatasetAsync(
        Guid organizationId, string name, string? description = null, double? epsilonBudget = null, double? deltaBudget = null, CancellationToken cancellationToken = default) =>
        PlatformAsync<PrivacyDataset>(
            HttpMethod.Post, $"organizations/{organizationId}/privacy/datasets", new { name, description, epsilonBudget, deltaBudget }, cancellationToken);

    /// <summary>Archives a dataset: it takes no more queries; what it spent still counts against the month's cap.</summary>
    public Task ArchivePrivacyDatasetAsync(Guid organizationId, Guid datasetId, CancellationToken cancellationToken = default) =>
        DiscardAsync(HttpMethod.Post, $"organizations/{organizationId}/privacy/datasets/{datasetId}/archive", cancellationToken);

    /// <summary>What the dataset spent of its budget and what remains, and the organization's cap for the month.</summary>
    public Task<PrivacyBudget> GetPrivacyBudgetAsync(Guid organizationId, Guid datasetId, CancellationToken cancellationToken = default) =>
        PlatformAsync<PrivacyBudget>(HttpMethod.Get, $"organizations/{organizationId}/privacy/datasets/{datasetId}/budget", null, cancellationToken);

    // Gateway.

    /// <summary>
    /// Calls <paramref name="path"/> (e.g. <c>/v1/ping</c>, query string included) of the listing through the gateway with the API
    /// key. A success comes back as the response for the caller to read and dispose; an error status throws.
    /// </summary>
    public Task<HttpResponseMessage> CallAsync(
        string listingSlug, HttpMethod method, string path, HttpContent? content = null, CancellationToken cancellationToken = default) =>
        SendAsync(method, GatewayRoute(listingSlug, path), content, Auth.Key, cancellationToken);

    public async Task<T> GetJsonAsync<T>(string listingSlug, string path, CancellationToken cancellationToken = default)
    {
        using var response = await CallAsync(listingSlug, HttpMethod.Get, path, null, cancellationToken);
        return await ReadAsync<T>(response, cancellationToken);
    }

    public async Task<T> PostJsonAsync<T>(string listingSlug, string path, object body, CancellationToken cancellationToken = default)
    {
        using var content = JsonContent.Create(body, options: Json);
        using var response = await CallAsync(listingSlug, HttpMethod.Post, path, content, cancellationToken);
        return await ReadAsync<T>(response, cancellationToken);
    }

    /// <summary>
    /// The privacy API's encrypted sum: the server multiplies the ciphertexts, which adds their plaintexts, and never sees one.
    /// Decrypt the answer with the <see cref="PaillierKeyPair"/> that encrypted them.
    /// </summary>
    public async Task<BigInteger> PaillierSumAsync(PaillierPublicKey publicKey, IEnumerable<BigInteger> ciphertexts, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(publicKey);
        ArgumentNullException.ThrowIfNull(ciphertexts);
        // The compact encoding: base64 is a little over half the size of decimal, and the server reads it in linear time.
        var body = new
        {
            publicKey = new { n = PaillierBase64.Write(publicKey.N) },
            ciphertexts = ciphertexts.Select(PaillierBase64.Write).ToArray(),
            encoding = "base64",
        };
        var answer = await PostJsonAsync<PaillierSum>(PrivacyListing, "/v1/paillier/sum", body, cancellationToken);
        return PaillierBase64.Read(answer.Ciphertext);
    }

    public void Dispose()
    {
        if (ownsHttp)
        {
            http.Dispose();
        }
    }

    private sealed record PaillierSum(string Ciphertext, int Count);

    private sealed record TestEvent(string EventId);

    private enum Auth
    {
        Token,
        Key,
    }

    private static string GatewayRoute(string listingSlug, string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(listingSlug);
        ArgumentNullException.ThrowIfNull(path);
        return $"gw/{Uri.EscapeDataString(listingSlug)}/{path.TrimStart('/')}";
    }

    private async Task<T> PlatformAsync<T>(HttpMethod method, string route, object? body, CancellationToken cancellationToken)
    {
        using var content = body is null ? null : JsonContent.Create(body, options: Json);
        using var response = await SendAsync(method, "api/v1/" + route, content, Auth.Token, cancellationToken);
        return await ReadAsync<T>(response, cancellationToken);
    }

    /// <summary>A platform call whose answer has no body worth reading (204 or 202).</summary>
    private async Task DiscardAsync(HttpMethod method, string route, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(method, "api/v1/" + route, null, Auth.Token, cancellationToken);
    }

    private static async Task<T> ReadAsync<T>(HttpResponseMessage response, CancellationToken cancellationToken) =>
        await response.Content.ReadFromJsonAsync<T>(Json, cancellationToken)
        ?? throw new TrustVaultApiException($"{(int)response.StatusCode}: the answer had no body where {typeof(T).Name} was expected.");

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string route, HttpContent? content, Auth auth, CancellationToken cancellationToken)
    {
        var credential = auth == Auth.Token ? personalAccessToken : apiKey;
        if (string.IsNullOrEmpty(credential))
        {
            throw new InvalidOperationException(auth == Auth.Token
                ? "The platform API needs a personal access token (tvp_…): pass one to the TrustVaultClient constructor."
                : "Calls through the gateway need an API key: pass one to the TrustVaultClient constructor.");
        }

        // The body is read once so that a retry can send it again.
        var body = content is null ? null : await content.ReadAsByteArrayAsync(cancellationToken);
        for (var attempt = 1; ; attempt++)
        {
            using var request = new HttpRequestMessage(method, new Uri(baseAddress, route));
            if (auth == Auth.Token)
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", credential);
            }
            else
            {
                request.Headers.Add(ApiKeyHeader, credential);
            }

            if (body is not null)
            {
                request.Content = new ByteArrayContent(body);
                foreach (var header in content!.Headers)
                {
                    request.Content.Headers.TryAddWithoutValidation(header.Key, header.Value);
                }
            }

            var response = await http.SendAsync(request, cancellationToken);
            if (response.IsSuccessStatusCode)
            {
                return response;
            }

            using (response)
            {
                var wait = RetryWait(response);
                if (response.StatusCode != HttpStatusCode.TooManyRequests || IsQuotaUsedUp(response) || attempt >= options.MaxAttempts || wait > options.MaxRetryWait)
                {
                    throw await ErrorAsync(response, wait, cancellationToken);
                }

                await options.Delay(wait, cancellationToken);
            }
        }
    }

    /// <summary>The gateway's monthly-quota 429 reports no calls left; its Retry-After points at next month.</summary>
    private static bool IsQuotaUsedUp(HttpResponseMessage response) =>
        response.Headers.TryGetValues(QuotaRemainingHeader, out var values) && values.Any(v => v.Trim() == "0");

    private TimeSpan RetryWait(HttpResponseMessage response) => response.Headers.RetryAfter switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } => date - options.TimeProvider.GetUtcNow() is var left && left > TimeSpan.Zero ? left : TimeSpan.Zero,
        _ => options.DefaultRetryWait,
    };

    private static async Task<TrustVaultApiException> ErrorAsync(HttpResponseMessage response, TimeSpan wait, CancellationToken cancellationToken)
    {
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        ProblemDetails? problem = null;
        if (response.Content.Headers.ContentType?.MediaType is { } type && type.EndsWith("json", StringComparison.OrdinalIgnoreCase))
        {
            try
            {
                problem = JsonSerializer.Deserialize<ProblemDetails>(text, Json);
            }
            catch (JsonException)
            {
                // Not a problem document after all: fall through to the plain-text description.
            }
        }

        problem ??= new ProblemDetails
        {
            Status = (int)response.StatusCode,
            Title = response.ReasonPhrase,
            Detail = string.IsNullOrWhiteSpace(text) ? null : text.Length > 500 ? text[..500] : text,
        };
        var retryAfter = response.Headers.RetryAfter is null ? (TimeSpan?)null : wait;
        return new TrustVaultApiException(response.StatusCode, problem, retryAfter);
    }

    private static string UsageQuery(UsageFilter? filter, int page, int pageSize)
    {
        var query = new List<string>();
        void Add(string name, string? value)
        {
            if (value is not null)
            {
                query.Add($"{name}={Uri.EscapeDataString(value)}");
            }
        }

        Add("from", filter?.From?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        Add("to", filter?.To?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        Add("keyId", filter?.KeyId?.ToString());
        Add("listingId", filter?.ListingId?.ToString());
        Add("route", filter?.Route);
        Add("statusClass", filter?.StatusClass);
        Add("page", page.ToString(CultureInfo.InvariantCulture));
        Add("pageSize", pageSize.ToString(CultureInfo.InvariantCulture));
        return string.Join('&', query);
    }
}
