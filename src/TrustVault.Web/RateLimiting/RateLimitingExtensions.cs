using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace TrustVault.Web.RateLimiting;

/// <summary>
/// Limits per client on anonymous endpoints that cost the app work (docs/decisions/0034): ASP.NET Core's rate limiter,
/// one named policy per endpoint, each a token bucket per client address set by the <see cref="ClientRateLimitOptions"/>
/// of its name. A refused request gets 429 problem+json with Retry-After.
/// </summary>
public static class RateLimitingExtensions
{
    public const string SectionName = "RateLimits";

    /// <summary>The policy of <c>GET /api/catalog/suggestions</c>, the search box's suggestions as a visitor types.</summary>
    public const string CatalogSuggestions = "CatalogSuggestions";

    /// <summary>The policy of a listing's document downloads: <c>/catalog/{slug}/openapi.json</c>, <c>.yaml</c> and <c>postman.json</c>.</summary>
    public const string ListingDocuments = "ListingDocuments";

    public static WebApplicationBuilder AddClientRateLimits(this WebApplicationBuilder builder)
    {
        // The search box asks once per pause of 150 ms in typing, so a fast typist sends at most about 7 a second and
        // usually 1 to 3; 10 a second, 20 at once, leave room for a few people behind one address (an office, a NAT)
        // while a script is held to about 10 index searches a second.
        AddPolicyOptions(builder.Services, CatalogSuggestions, permits: 10, period: TimeSpan.FromSeconds(1), burst: 20);
        // Each download rebuilds the document for this site's gateway, which takes seconds of CPU for the largest documents
        // the importer takes. A person or a tool importing a listing fetches one or two; 2 a second, 20 at once, leave
        // room for several behind one address while a script cannot keep a node's cores busy.
        AddPolicyOptions(builder.Services, ListingDocuments, permits: 2, period: TimeSpan.FromSeconds(1), burst: 20);
        builder.Services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.AddPolicy(CatalogSuggestions, context => PerClient(context, CatalogSuggestions));
            limiter.AddPolicy(ListingDocuments, context => PerClient(context, ListingDocuments));
            limiter.OnRejected = RejectAsync;
        });
        return builder;
    }

    private static void AddPolicyOptions(IServiceCollection services, string policy, int permits, TimeSpan period, int burst)
    {
        var section = $"{SectionName}:{policy}";
        services.AddOptions<ClientRateLimitOptions>(policy)
            .Configure(options => (options.Permits, options.Period, options.Burst) = (permits, period, burst))
            .BindConfiguration(section)
            .Validate(options => options.IsValid,
                $"{section} needs Permits from 1 to {ClientRateLimitOptions.MaxPermits:N0} each Period ({ClientRateLimitOptions.MinPeriod.TotalMilliseconds:N0} ms " +
                $"to {ClientRateLimitOptions.MaxPeriod.TotalDays:N0} day) and a Burst from Permits to {ClientRateLimitOptions.MaxPermits:N0}.")
            .ValidateOnStart();
    }

    private static RateLimitPartition<string> PerClient(HttpContext context, string policy)
    {
        var settings = context.RequestServices.GetRequiredService<IOptionsMonitor<ClientRateLimitOptions>>().Get(policy);
        return RateLimitPartition.GetTokenBucketLimiter(ClientPartition.Of(context.Connection.RemoteIpAddress), _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = settings.Burst,
            TokensPerPeriod = settings.Permits,
            ReplenishmentPeriod = settings.Period,
            // Refused at once, not queued: a suggestion that comes late is of no use to the typist, and a queued download
            // would hold its connection.
            QueueLimit = 0,
        });
    }

    private static async ValueTask RejectAsync(OnRejectedContext rejected, CancellationToken cancellationToken)
    {
        var context = rejected.HttpContext;
        var seconds = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)) : 1;
        context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = new ProblemDetails
            {
                Status = StatusCodes.Status429TooManyRequests,
                Title = "Too many requests",
                Detail = $"This address sent more requests than this endpoint takes from one client. Retry after {seconds} s.",
            },
        });
    }
}
