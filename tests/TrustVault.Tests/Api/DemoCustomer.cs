using System.Text;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using TrustVault.Core.Catalog;
using TrustVault.Core.Data;
using TrustVault.Core.Data.Seeding;
using TrustVault.Core.Identity;
using TrustVault.Core.Keys;
using TrustVault.Core.Organizations;
using TrustVault.Core.Subscriptions;
using TrustVault.Tests.Infrastructure;

namespace TrustVault.Tests.Api;

/// <summary>The seeded demo customer (Globex, with a card on file) calling a first-party API with the public demo key.</summary>
internal static class DemoCustomer
{
    /// <summary>The demo customer and its current organization (Globex), whose key is <see cref="DemoSeedOptions.CustomerApiKey"/>.</summary>
    public static async Task<(string UserId, Guid OrganizationId)> OrganizationAsync(IServiceProvider services)
    {
        var email = DemoSeedOptions.Accounts.Single(a => a.Kind == DemoAccountKind.Customer).Email;
        var user = (await services.GetRequiredService<UserManager<ApplicationUser>>().FindByEmailAsync(email))!.Id;
        return (user, (await services.GetRequiredService<OrganizationService>().GetCurrentAsync(user, CancellationToken.None))!.OrganizationId);
    }

    /// <summary>
    /// Subscribes Globex to the listing's plan with the highest rate limit, or moves its subscription there: the Free
    /// plans allow 2 calls a second, fewer than a test class makes.
    /// </summary>
    public static async Task UseRoomiestPlanAsync(TrustVaultFactory factory, string slug)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var ct = CancellationToken.None;
        var (customer, organization) = await OrganizationAsync(services);
        var roomiest = (await services.GetRequiredService<CatalogService>().GetPublishedAsync(slug, ct))!.Plans.MaxBy(p => p.RateLimitPerSecond)!;
        var subscriptions = services.GetRequiredService<SubscriptionService>();
        var current = (await subscriptions.ListAsync(customer, organization, ct)).SingleOrDefault(s => s.ListingSlug == slug);
        if (current is null)
        {
            await subscriptions.SubscribeAsync(customer, organization, roomiest.Id, ct);
        }
        else if (current.PlanId != roomiest.Id)
        {
            await subscriptions.ChangePlanAsync(customer, organization, current.Id, roomiest.Id, ct);
        }
    }

    /// <summary>
    /// A new organization of the demo customer on the listing's roomiest plan, and a live key of it. The subscription row
    /// is written directly, as CoreTestHost does: the new organization has no card, and payment is not what these tests are about.
    /// </summary>
    public static async Task<(Guid OrganizationId, string Key)> OtherOrganizationAsync(TrustVaultFactory factory, string slug)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var (user, _) = await OrganizationAsync(services);
        var organization = await services.GetRequiredService<OrganizationService>().CreateAsync(user, $"Tenant {Guid.NewGuid():N}"[..20], CancellationToken.None);
        await using (var db = await services.GetRequiredService<IDbContextFactory<TrustVaultDbContext>>().CreateDbContextAsync())
        {
            var listing = await db.Listings.Include(l => l.Plans).SingleAsync(l => l.Slug == slug);
            db.Subscriptions.Add(Subscription.Start(organization, listing.Plans.MaxBy(p => p.RateLimitPerSecond)!, services.GetRequiredService<TimeProvider>().GetUtcNow(), SubscriptionStatus.Active));
            await db.SaveChangesAsync();
        }

        var key = await services.GetRequiredService<ApiKeyService>().CreateAsync(user, organization, "tests", null, false, CancellationToken.None);
        return (organization, key.Secret);
    }

    /// <summary>
    /// A client with the demo key (or <paramref name="apiKey"/>) that waits out the plan's rate limit (429 with Retry-After) and tries again, as a
    /// well-behaved client does: it moves the rate limiter's clock the Retry-After forward rather than sleeping.
    /// </summary>
    public static HttpClient Client(FirstPartyApiFactory factory, string apiKey = DemoSeedOptions.CustomerApiKey)
    {
        var client = factory.CreateDefaultClient(new RateLimitRetry(factory.RateLimitClock));
        client.DefaultRequestHeaders.Add("X-Api-Key", apiKey);
        return client;
    }

    public static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    private sealed class RateLimitRetry(FakeTimeProvider rateLimitClock) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            // Bodies are buffered so the request can be sent again.
            var body = request.Content is null ? null : await request.Content.ReadAsByteArrayAsync(cancellationToken);
            var contentType = request.Content?.Headers.ContentType;
            for (var attempt = 1; ; attempt++)
            {
                var response = await base.SendAsync(request, cancellationToken);
                // A used-up monthly quota (it carries X-Quota-Remaining) does not pass by waiting.
                if (response.StatusCode != System.Net.HttpStatusCode.TooManyRequests || response.Headers.Contains("X-Quota-Remaining") || attempt == 10)
                {
                    return response;
                }

                rateLimitClock.Advance(response.Headers.RetryAfter?.Delta ?? TimeSpan.FromSeconds(1));
                if (body is not null)
                {
                    request.Content = new ByteArrayContent(body);
                    request.Content.Headers.ContentType = contentType;
                }
            }
        }
    }
}
