using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;
using TrustVault.Core.Gateway;
using TrustVault.Tests.Infrastructure;

namespace TrustVault.Tests.Api;

/// <summary>
/// The app with the gateway's rate limiter on a clock the tests move, and only the rate limiter: <see cref="DemoCustomer.Client"/>
/// waits out a 429 by moving it the Retry-After forward instead of sleeping for it.
/// </summary>
public class FirstPartyApiFactory : TrustVaultFactory
{
    public FakeTimeProvider RateLimitClock { get; } = new(DateTimeOffset.UtcNow);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(services => services.Replace(ServiceDescriptor.Singleton(new SubscriptionRateLimiter(RateLimitClock))));
    }
}
