using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using TrustVault.Core.Data.Seeding;
using TrustVault.Core.Organizations;
using TrustVault.Core.Subscriptions;
using TrustVault.E2E.Infrastructure;
using TrustVault.Tests.Infrastructure;

namespace TrustVault.E2E.ScaleOut;

/// <summary>
/// Two instances of the app on one PostgreSQL and one Redis behave as one: limits, revocations, jobs and sign-ins hold
/// whichever node a call or a page reaches (docs/decisions/0015). Each test has a subscription of its own.
/// </summary>
[Trait(PostgresTests.Trait, PostgresTests.Value)]
public sealed partial class TwoNodeTests(TwoNodeCluster cluster) : IClassFixture<TwoNodeCluster>
{
    private const string QuotaUsedUp = "Monthly quota used up";
    private const string RateLimited = "Rate limit exceeded";

    private AppServer[] BothNodes => [cluster.NodeA, cluster.NodeB];

    [Fact]
    public async Task A_hard_cap_of_50_lets_exactly_50_of_200_calls_through_both_nodes()
    {
        var subscription = await cluster.SubscribeAsync(includedCalls: 50, perSecond: 1000, perMinute: 60_000);

        var results = await cluster.CallManyAsync(BothNodes, subscription.Key, count: 200, parallel: 50);

        Assert.Equal(50, results.Count(r => r.Succeeded));
        Assert.All(results.Where(r => !r.Succeeded), r => Assert.Equal((HttpStatusCode.TooManyRequests, QuotaUsedUp), (r.Status, r.Title)));
        await cluster.WaitForStoredCallsAsync(results);
        Assert.Equal(50, (await cluster.StoredCallsAsync(subscription)).Billable);
    }

    [Fact]
    public async Task A_rate_limit_is_one_bucket_for_both_nodes()
    {
        // Ten a second and ten a minute: a token comes back every 6 s, so a burst that one node alone could take ten
        // of takes ten in all, plus one for each 6 s the burst lasts on a slow machine.
        var subscription = await cluster.SubscribeAsync(includedCalls: 100_000, perSecond: 10, perMinute: 10);
        var burst = Stopwatch.StartNew();

        var results = await cluster.CallManyAsync(BothNodes, subscription.Key, count: 60, parallel: 30);

        var refilled = (int)(burst.Elapsed.TotalSeconds / 6);
        var succeeded = results.Count(r => r.Succeeded);
        Assert.InRange(succeeded, 10, 10 + refilled);
        Assert.All(results.Where(r => !r.Succeeded), r => Assert.Equal((HttpStatusCode.TooManyRequests, RateLimited), (r.Status, r.Title)));
    }

    [Fact]
    public async Task A_key_revoked_through_node_A_is_refused_by_node_B()
    {
        var subscription = await cluster.SubscribeAsync(includedCalls: 100_000, perSecond: 1000, perMinute: 60_000);
        // Node B has the key in its cache now.
        Assert.True((await cluster.CallAsync(cluster.NodeB, subscription.Key)).Succeeded);

        using var platform = cluster.PlatformClient(cluster.NodeA);
        var revoke = await platform.DeleteAsync($"/api/v1/organizations/{subscription.OrganizationId}/keys/{subscription.KeyId}");
        Assert.Equal(HttpStatusCode.NoContent, revoke.StatusCode);

        // ADR 15 promises a second; a loaded CI machine gets far longer to show the refusal, which is what is asserted.
        var deadline = DateTime.UtcNow.AddSeconds(30);
        CallResult onB;
        while ((onB = await cluster.CallAsync(cluster.NodeB, subscription.Key)).Status != HttpStatusCode.Unauthorized && DateTime.UtcNow < deadline)
        {
            Assert.True(onB.Succeeded, $"Node B answered {onB.Status} {onB.Title} while the revocation was on its way.");
            await Task.Delay(50);
        }

        Assert.Equal(HttpStatusCode.Unauthorized, onB.Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await cluster.CallAsync(cluster.NodeA, subscription.Key)).Status);
    }

    [Fact]
    public async Task Invoicing_run_from_both_nodes_at_once_issues_and_charges_each_invoice_once()
    {
        await using var context = await cluster.NewBrowserContextAsync();
        var onA = new Site(await context.NewPageAsync(), "two-nodes-invoicing-a");
        var admin = DemoSeedOptions.Accounts.Single(a => a.Kind == DemoAccountKind.Admin);
        await onA.LogInAsync(admin.Email, admin.Password);
        var onB = new Site(await context.NewPageAsync(), "two-nodes-invoicing-b");
        await onA.OpenAsync("/admin/billing");
        await onB.OpenAsync(new Uri(cluster.NodeB.BaseAddress, "/admin/billing").ToString());

        // Both admins run the month that just ended (the page's default); Hangfire on PostgreSQL hands the two jobs to
        // whichever workers of the two nodes take them first.
        await Task.WhenAll(
            onA.Page.GetByTestId("run-invoicing").ClickAsync(),
            onB.Page.GetByTestId("run-invoicing").ClickAsync());
        foreach (var site in new[] { onA, onB })
        {
            var state = site.Page.GetByTestId("invoicing-state");
            await Assertions.Expect(state).ToHaveTextAsync(SettledJob(), new() { Timeout = 120_000 });
            await Assertions.Expect(state).ToContainTextAsync("Succeeded");
        }

        var period = BillingPeriod.PreviousTo(DateTimeOffset.UtcNow);
        await using var db = await cluster.Contexts.CreateDbContextAsync();
        var invoices = await db.Invoices.AsNoTracking().Where(i => i.PeriodStart == period.Start)
            .Select(i => new { i.Id, i.OrganizationId, i.Currency, i.PaymentAttempts }).ToListAsync();
        var charges = await db.LedgerEntries.AsNoTracking().Where(e => e.IdempotencyKey.StartsWith("invoice-")).Select(e => e.IdempotencyKey).ToListAsync();

        // The demo customer's organizations used paid plans last month.
        Assert.NotEmpty(invoices);
        Assert.All(invoices.GroupBy(i => (i.OrganizationId, i.Currency)), group => Assert.Single(group));
        Assert.All(invoices, invoice =>
        {
            Assert.Equal(1, invoice.PaymentAttempts);
            Assert.Single(charges, key => key.StartsWith($"invoice-{invoice.Id:N}-", StringComparison.Ordinal));
        });
    }

    [Fact]
    public async Task After_a_SIGKILL_of_one_node_the_other_keeps_serving_and_every_answered_call_is_stored()
    {
        var subscription = await cluster.SubscribeAsync(includedCalls: 100_000, perSecond: 1000, perMinute: 60_000);
        var doomed = await cluster.StartNodeAsync();
        var answered = new ConcurrentBag<(AppServer Node, CallResult Result)>();
        var doomedAnswers = 0;
        var enoughOnDoomed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var stop = new CancellationTokenSource();
        var load = Enumerable.Range(0, 8).Select(worker => Task.Run(async () =>
        {
            var node = worker % 2 == 0 ? cluster.NodeA : doomed;
            // Bounded: at most 300 calls per worker, and only until the kill has been seen.
            for (var i = 0; i < 300 && !stop.IsCancellationRequested; i++)
            {
                try
                {
                    var result = await cluster.CallAsync(node, subscription.Key);
                    answered.Add((node, result));
                    if (node == doomed && Interlocked.Increment(ref doomedAnswers) == 40)
                    {
                        enoughOnDoomed.TrySetResult();
                    }
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
                {
                    // Cut off by the kill: the client saw no answer, so nothing is owed.
                }
            }
        })).ToList();

        await enoughOnDoomed.Task.WaitAsync(TimeSpan.FromSeconds(120));
        await doomed.KillAsync();
        var afterKill = await cluster.CallManyAsync([cluster.NodeA], subscription.Key, count: 20, parallel: 4);
        await stop.CancelAsync();
        await Task.WhenAll(load);

        Assert.All(afterKill, r => Assert.Equal(HttpStatusCode.OK, r.Status));
        Assert.All(answered.Where(a => a.Node == cluster.NodeA), a => Assert.Equal(HttpStatusCode.OK, a.Result.Status));
        Assert.Contains(answered, a => a.Node == doomed && a.Result.Succeeded);
        // The killed node's answered calls are in its journal, which node A sweeps from the shared directory within seconds.
        await cluster.WaitForStoredCallsAsync(answered.Select(a => a.Result).Concat(afterKill));
    }

    [Fact]
    public async Task A_login_on_node_A_is_a_login_on_node_B()
    {
        await using var context = await cluster.NewBrowserContextAsync();
        var site = new Site(await context.NewPageAsync(), "two-nodes-login");
        await site.LogInAsync(TwoNodeCluster.CustomerEmail, TwoNodeCluster.CustomerPassword);

        // The same browser, its cookie issued by node A, opens a page that needs a login on node B.
        await site.OpenAsync(new Uri(cluster.NodeB.BaseAddress, "/console").ToString());

        Assert.StartsWith(new Uri(cluster.NodeB.BaseAddress, "/console").ToString(), site.Page.Url, StringComparison.Ordinal);
        await Assertions.Expect(site.Page.GetByTestId("user-menu")).ToBeVisibleAsync();
        await Assertions.Expect(site.Page.GetByTestId("login-link")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task Without_redis_both_nodes_are_degraded_and_a_hard_cap_still_holds_across_them()
    {
        var subscription = await cluster.SubscribeAsync(includedCalls: 50, perSecond: 1000, perMinute: 60_000);
        var beforeOutage = await cluster.CallManyAsync(BothNodes, subscription.Key, count: 20, parallel: 10);
        // Counts rebuilt from the database miss calls not imported from the journals yet (milliseconds; ADR 0035): the
        // exact cap asserted here is the one for calls already imported when Redis goes and when it comes back.
        await cluster.WaitForStoredCallsAsync(beforeOutage);

        List<CallResult> duringOutage;
        await cluster.Redis.StopAsync();
        try
        {
            foreach (var node in BothNodes)
            {
                await cluster.WaitForReadinessAsync(node, "Degraded");
            }

            duringOutage = await cluster.CallManyAsync(BothNodes, subscription.Key, count: 100, parallel: 20);
            await cluster.WaitForStoredCallsAsync(duringOutage);
        }
        finally
        {
            await cluster.Redis.StartAsync();
        }

        foreach (var node in BothNodes)
        {
            await cluster.WaitForReadinessAsync(node, "Healthy");
        }

        // Back on Redis, whose numbers missed the outage: they are counted again from the stored calls.
        var afterOutage = await cluster.CallManyAsync(BothNodes, subscription.Key, count: 10, parallel: 10);

        Assert.All(beforeOutage, r => Assert.Equal(HttpStatusCode.OK, r.Status));
        Assert.Equal(30, duringOutage.Count(r => r.Succeeded));
        Assert.All(duringOutage.Concat(afterOutage).Where(r => !r.Succeeded), r => Assert.Equal((HttpStatusCode.TooManyRequests, QuotaUsedUp), (r.Status, r.Title)));
        Assert.DoesNotContain(afterOutage, r => r.Succeeded);
        Assert.Equal(50, (await cluster.StoredCallsAsync(subscription)).Billable);
    }

    [GeneratedRegex("Succeeded|Failed|Deleted")]
    private static partial Regex SettledJob();
}
