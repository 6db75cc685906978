using System.Net;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using StackExchange.Redis;
using TrustVault.Core.Data;
using TrustVault.Core.Gateway;
using TrustVault.Core.Redis;
using TrustVault.Core.Subscriptions;
using TrustVault.Tests.Gateway;
using TrustVault.Tests.Infrastructure;

namespace TrustVault.Tests.Redis;

/// <summary>The app on a Redis server of its own, which the tests stop and start, on the gateway tests' clock.</summary>
public sealed class RedisAppFactory : GatewayFactory, IAsyncLifetime
{
    public RedisServer Redis { get; } = new();

    public Task InitializeAsync() => Redis.InitializeAsync();

    Task IAsyncLifetime.DisposeAsync() => Redis.DisposeAsync();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Redis:Configuration", Redis.Configuration);
    }
}

/// <summary>
/// This app is one node; "another node" is a store of the same kind on its own connection to the same Redis server and
/// database, as a second instance would have.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class RedisAppTests(RedisAppFactory factory, LocalUpstream upstream) : IClassFixture<RedisAppFactory>, IClassFixture<LocalUpstream>, IDisposable
{
    private readonly RedisNodes otherNode = new(factory.Redis);

    [Fact]
    public async Task A_hard_cap_taken_up_on_another_node_refuses_the_call_here()
    {
        var arranged = await GatewayArrange.ArrangeAsync(factory.Services, upstream.BaseAddress.ToString(), GatewayArrange.Plan(included: 3));
        var quotas = otherNode.Reservations(factory.Services.GetRequiredService<IDbContextFactory<TrustVaultDbContext>>(), TimeProvider.System);
        for (var call = 0; call < 3; call++)
        {
            Assert.True((await quotas.TryReserveAsync(arranged.SubscriptionId, BillingPeriod.MonthOf(factory.Clock.GetUtcNow()), 3, CancellationToken.None)).Granted);
        }

        var response = await CallAsync(arranged);

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.Equal("0", response.Headers.GetValues("X-Quota-Remaining").Single());
    }

    [Fact]
    public async Task A_bucket_emptied_on_another_node_refuses_the_call_here()
    {
        var plan = GatewayArrange.Plan() with { RateLimitPerSecond = 2, RateLimitPerMinute = 2 };
        var arranged = await GatewayArrange.ArrangeAsync(factory.Services, upstream.BaseAddress.ToString(), plan);
        var limiter = otherNode.Limiter(TimeProvider.System);
        Assert.True((await limiter.TryAcquireAsync(arranged.SubscriptionId, 2, 2, CancellationToken.None)).Allowed);
        Assert.True((await limiter.TryAcquireAsync(arranged.SubscriptionId, 2, 2, CancellationToken.None)).Allowed);

        var response = await CallAsync(arranged);

        // Two a minute: the next token is up to 30 s away.
        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.InRange(int.Parse(response.Headers.RetryAfter!.ToString(), System.Globalization.CultureInfo.InvariantCulture), 1, 30);
        Assert.Equal("0", response.Headers.GetValues("RateLimit-Remaining").Single());
    }

    [Fact]
    public async Task Without_redis_the_node_is_degraded_but_serves_and_is_healthy_again_once_redis_is_back()
    {
        var arranged = await GatewayArrange.ArrangeAsync(factory.Services, upstream.BaseAddress.ToString(), GatewayArrange.Plan(included: 100));
        Assert.Equal("Healthy", await ReadinessAsync());

        await factory.Redis.StopAsync();
        var duringOutage = new List<HttpStatusCode>();
        for (var call = 0; call < 5; call++)
        {
            duringOutage.Add((await CallAsync(arranged)).StatusCode);
        }

        var degraded = await ReadinessAsync();
        await factory.Redis.StartAsync();
        // A call that reached Redis as it died pauses the node's use of it for a while on the node's clock.
        factory.Clock.Advance(RedisConnection.RetryAfter);

        Assert.All(duringOutage, status => Assert.Equal(HttpStatusCode.OK, status));
        Assert.Equal("Degraded", degraded);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (await ReadinessAsync() != "Healthy")
        {
            Assert.True(DateTime.UtcNow < deadline, "/health/ready did not say Healthy within 30 s of Redis coming back.");
            await Task.Delay(100);
        }

        Assert.Equal(HttpStatusCode.OK, (await CallAsync(arranged)).StatusCode);
    }

    [Fact]
    public async Task What_one_node_protects_another_node_reads_from_the_shared_key_ring()
    {
        var protectedByThisNode = factory.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("sign-in").Protect("user-1");

        using var otherConnection = await ConnectionMultiplexer.ConnectAsync(RedisConnection.Options(factory.Redis.Configuration));
        var other = new ServiceCollection().AddLogging();
        other.AddDataProtection().SetApplicationName("TrustVault").PersistKeysToStackExchangeRedis(otherConnection, "tv:data-protection-keys");
        await using var otherServices = other.BuildServiceProvider();

        Assert.Equal("user-1", otherServices.GetRequiredService<IDataProtectionProvider>().CreateProtector("sign-in").Unprotect(protectedByThisNode));
    }

    public void Dispose() => otherNode.Dispose();

    private async Task<HttpResponseMessage> CallAsync(GatewayArrange.Arranged arranged)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, $"/gw/{arranged.Slug}/echo");
        request.Headers.Add("X-Api-Key", arranged.Key);
        return await factory.CreateClient().SendAsync(request);
    }

    private async Task<string> ReadinessAsync() => await (await factory.CreateClient().GetAsync("/health/ready")).Content.ReadAsStringAsync();
}
