using System.Net;
using Microsoft.Extensions.DependencyInjection;
using TrustVault.Core.Data.Seeding;
using TrustVault.Core.Metering;
using TrustVault.Tests.Api;
using TrustVault.Tests.Infrastructure;

namespace TrustVault.Tests.Metering;

/// <summary>The console's CSV download of the usage drill-down: the signed-in user's current organization only, exactly the filtered groups.</summary>
[Collection(AppCollection.Name)]
public sealed class UsageExportTests(TrustVaultFactory factory) : IClassFixture<TrustVaultFactory>
{
    private static string Range(DateOnly to) => $"from={to.AddDays(-29):yyyy-MM-dd}&to={to:yyyy-MM-dd}";

    [Fact]
    public async Task The_download_holds_exactly_the_filtered_groups_of_the_customers_organization()
    {
        var browser = factory.CreateBrowser();
        await browser.LogInAsync(DemoAccountKind.Customer);
        var today = DateOnly.FromDateTime(DateTime.UtcNow);

        var response = await browser.GetAsync($"/console/usage/export.csv?{Range(today)}&statusClass=2xx");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        await using var scope = factory.Services.CreateAsyncScope();
        var (customerId, organizationId) = await DemoCustomer.OrganizationAsync(scope.ServiceProvider);
        var groups = await scope.ServiceProvider.GetRequiredService<UsageDrillDownService>()
            .GroupsAsync(customerId, organizationId, new UsageFilter(today.AddDays(-29), today, StatusClass: 2), 0, int.MaxValue, CancellationToken.None);
        Assert.NotEmpty(groups.Items);
        Assert.Equal(UsageCsv.Write(groups.Items), await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Another_organizations_member_downloads_only_its_own_calls()
    {
        var browser = factory.CreateBrowser();
        await browser.LogInAsync(DemoAccountKind.Provider);

        var csv = await browser.GetStringAsync($"/console/usage/export.csv?{Range(DateOnly.FromDateTime(DateTime.UtcNow))}");

        await using var scope = factory.Services.CreateAsyncScope();
        var (customerId, organizationId) = await DemoCustomer.OrganizationAsync(scope.ServiceProvider);
        var customerKeys = await scope.ServiceProvider.GetRequiredService<TrustVault.Core.Keys.ApiKeyService>().ListAsync(customerId, organizationId, CancellationToken.None);
        Assert.StartsWith(string.Join(',', UsageCsv.Header), csv, StringComparison.Ordinal);
        Assert.All(customerKeys, key => Assert.DoesNotContain(key.Name, csv, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_visitor_who_is_not_signed_in_gets_no_file()
    {
        var response = await factory.CreateBrowser().GetAsync("/console/usage/export.csv");

        Assert.NotEqual(HttpStatusCode.OK, response.StatusCode);
        Assert.NotEqual("text/csv", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task An_upside_down_range_gets_400_problem_json_naming_the_field()
    {
        var browser = factory.CreateBrowser();
        await browser.LogInAsync(DemoAccountKind.Customer);

        var response = await browser.GetAsync("/console/usage/export.csv?from=2026-10-02&to=2026-10-01");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("\"from\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
