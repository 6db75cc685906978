using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using TrustVault.Core.Billing;
using TrustVault.Core.Catalog;
using TrustVault.Core.Data;
using TrustVault.Core.Metering;
using TrustVault.Core.Organizations;
using TrustVault.Core.Subscriptions;
using TrustVault.Tests.Billing;
using TrustVault.Tests.Infrastructure;

namespace TrustVault.Tests.Metering;

public sealed class QuotaAlertTests : IAsyncLifetime
{
    private readonly CapturingLoggerProvider logs = new();
    private readonly CoreTestHost host;

    public QuotaAlertTests() => host = CoreTestHost.Node(services => services.AddSingleton<ILoggerProvider>(logs));

    public Task InitializeAsync() => host.InitializeAsync();

    public Task DisposeAsync() => host.DisposeAsync();

    [Theory]
    [InlineData(84, 100, new int[0])]
    [InlineData(85, 100, new[] { 85 })]
    [InlineData(100, 100, new[] { 85, 100 })]
    [InlineData(850, 1000, new[] { 85 })]
    [InlineData(5, 0, new int[0])]
    public void Thresholds_are_reached_at_85_and_100_percent_of_the_included_calls(long used, long included, int[] expected)
    {
        Assert.Equal(expected, QuotaAlertService.Reached(used, included));
    }

    [Fact]
    public async Task An_alert_is_mailed_to_owners_and_billing_members_once_per_threshold_and_period()
    {
        var plan = (await host.PublishTidesAsync(new PlanInput { Name = "Free", IncludedCallsPerMonth = 100 })).PlanIds[0];
        var owner = await host.AddUserAsync("owner@example.com");
        var organization = await host.Get<OrganizationService>().CreateAsync(owner.Id, "Team", CancellationToken.None);
        var developer = await host.AddUserAsync("dev@example.com");
        var invitation = await host.Get<OrganizationService>().InviteAsync(owner.Id, organization, "dev@example.com", OrganizationRole.Developer, t => t, CancellationToken.None);
        await host.Get<OrganizationService>().AcceptInvitationAsync(developer.Id, invitation.Token, CancellationToken.None);
        await host.Get<BillingService>().SaveTestCardAsync(owner.Id, organization, TestCards.Visa, CancellationToken.None);
        var subscription = (await host.Get<SubscriptionService>().SubscribeAsync(owner.Id, organization, plan, CancellationToken.None)).SubscriptionId;
        var period = BillingPeriod.MonthOf(host.Clock.GetUtcNow()).Start;
        var alerts = host.Get<QuotaAlertService>();

        Assert.True(await alerts.NotifyAsync(subscription, period, 100, 85, CancellationToken.None));
        Assert.False(await alerts.NotifyAsync(subscription, period, 100, 85, CancellationToken.None));
        Assert.True(await alerts.NotifyAsync(subscription, period.AddMonths(1), 100, 85, CancellationToken.None));

        await host.SendQueuedEmailAsync();
        var sent = host.Emails.Sent.Where(m => m.Subject.Contains("quota", StringComparison.Ordinal)).ToList();
        Assert.Equal(["owner@example.com", "owner@example.com"], sent.Select(m => m.To));
        Assert.Equal("[Team] Tides: 85% of this month's quota used", sent[0].Subject);
    }

    [Fact]
    public async Task Of_two_nodes_sending_the_same_alert_at_once_one_mails_and_the_other_finds_it_sent_without_logging_an_error()
    {
        var plan = (await host.PublishTidesAsync(new PlanInput { Name = "Free", IncludedCallsPerMonth = 100 })).PlanIds[0];
        var (owner, organization) = await host.AddCustomerAsync("owner@example.com", TestCards.Visa);
        var subscription = (await host.Get<SubscriptionService>().SubscribeAsync(owner, organization, plan, CancellationToken.None)).SubscriptionId;
        var period = BillingPeriod.MonthOf(host.Clock.GetUtcNow()).Start;
        var alerts = host.Get<QuotaAlertService>();
        var sent = new bool[2];
        // Only what the race logs: setting up the database logs its own warnings.
        var before = logs.Messages.Count;

        await AllAtOnce.RefusalsAsync([
            async () => sent[0] = await alerts.NotifyAsync(subscription, period, 100, 100, CancellationToken.None),
            async () => sent[1] = await alerts.NotifyAsync(subscription, period, 100, 100, CancellationToken.None),
        ]);

        Assert.Equal(1, sent.Count(s => s));
        await host.SendQueuedEmailAsync();
        Assert.Single(host.Emails.Sent, m => m.Subject.Contains("quota", StringComparison.Ordinal));
        // A lost race is normal with several nodes, not an error for the operators' alerts.
        Assert.DoesNotContain(logs.Messages.Skip(before), m => m.StartsWith($"{LogLevel.Warning} ", StringComparison.Ordinal)
            || m.StartsWith($"{LogLevel.Error} ", StringComparison.Ordinal) || m.StartsWith($"{LogLevel.Critical} ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task After_an_upgrade_in_the_period_the_new_plans_thresholds_are_alerted_once_each()
    {
        var tides = await host.PublishTidesAsync(new PlanInput { Name = "Tiny", IncludedCallsPerMonth = 20 }, new PlanInput { Name = "Small", IncludedCallsPerMonth = 40 });
        var (customer, organization) = await host.AddCustomerAsync("customer@example.com", TestCards.Visa);
        var subscriptions = host.Get<SubscriptionService>();
        var subscription = (await subscriptions.SubscribeAsync(customer, organization, tides.PlanIds[0], CancellationToken.None)).SubscriptionId;
        var period = BillingPeriod.MonthOf(host.Clock.GetUtcNow()).Start;
        var alerts = host.Get<QuotaAlertService>();
        Assert.True(await alerts.NotifyAsync(subscription, period, 20, 85, CancellationToken.None));
        Assert.True(await alerts.NotifyAsync(subscription, period, 20, 100, CancellationToken.None));

        await subscriptions.ChangePlanAsync(customer, organization, subscription, tides.PlanIds[1], CancellationToken.None);

        Assert.True(await alerts.NotifyAsync(subscription, period, 40, 85, CancellationToken.None));
        Assert.True(await alerts.NotifyAsync(subscription, period, 40, 100, CancellationToken.None));
        Assert.False(await alerts.NotifyAsync(subscription, period, 40, 100, CancellationToken.None));
        await host.SendQueuedEmailAsync();
        Assert.Equal(
            ["100% of its 20", "100% of its 40", "85% of its 20", "85% of its 40"],
            host.Emails.Sent.Where(m => m.Subject.Contains("quota", StringComparison.Ordinal)).Select(m => Regex.Match(m.TextBody, @"\d+% of its \d+").Value).Order(StringComparer.Ordinal));
    }
}
