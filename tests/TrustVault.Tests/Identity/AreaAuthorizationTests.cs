using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AngleSharp.Html.Parser;
using TrustVault.Core.Data.Seeding;
using TrustVault.Tests.Infrastructure;

namespace TrustVault.Tests.Identity;

[Collection(AppCollection.Name)]
public sealed class AreaAuthorizationTests(TrustVaultFactory factory) : IClassFixture<TrustVaultFactory>
{
    [Theory]
    [InlineData("/console")]
    [InlineData("/console/keys")]
    [InlineData("/console/billing")]
    [InlineData("/console/runs")]
    [InlineData("/portal")]
    [InlineData("/portal/earnings")]
    [InlineData("/organization")]
    [InlineData("/admin")]
    [InlineData("/admin/users")]
    public async Task Anonymous_visitors_are_sent_to_log_in(string path)
    {
        var response = await factory.CreateBrowser().GetAsync(path);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/Account/Login", response.Headers.Location!.AbsolutePath);
        Assert.Contains("ReturnUrl=" + Uri.EscapeDataString(path), response.Headers.Location.Query, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/Account/Login", null, "Log in · TrustVault")]
    [InlineData("/Account/Register", null, "Register · TrustVault")]
    [InlineData("/Account/ForgotPassword", null, "Forgot your password? · TrustVault")]
    [InlineData("/Account/Manage", DemoAccountKind.Customer, "Profile · Account settings · TrustVault")]
    [InlineData("/Account/Manage/ChangePassword", DemoAccountKind.Customer, "Change password · Account settings · TrustVault")]
    public async Task Account_pages_are_titled_like_every_other_page_with_the_app_name_last(string path, DemoAccountKind? account, string title)
    {
        var client = factory.CreateBrowser();
        if (account is { } kind)
        {
            await client.LogInAsync(kind);
        }

        var page = await new HtmlParser().ParseDocumentAsync(await client.GetStringAsync(path));

        Assert.Equal(title, page.Title);
    }

    [Fact]
    public async Task Anonymous_visitors_see_the_catalog()
    {
        var response = await factory.CreateBrowser().GetAsync("/catalog");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Skycast Weather", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/admin")]
    [InlineData("/admin/jobs")]
    [InlineData("/admin/billing")]
    [InlineData("/admin/email")]
    [InlineData("/admin/users")]
    [InlineData("/admin/revenue")]
    [InlineData("/admin/revenue/export/months.csv")]
    public async Task A_customer_gets_403_with_a_friendly_page_on_admin_areas(string path)
    {
        var client = factory.CreateBrowser();
        await client.LogInAsync(DemoAccountKind.Customer);

        var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("Access denied", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/admin", "Administration")]
    [InlineData("/admin/jobs", "TrustVault jobs")]
    [InlineData("/admin/billing", "admin-invoices")]
    [InlineData("/admin/email", "email-outbox")]
    [InlineData("/admin/users", "Search e-mail or name")]
    [InlineData("/admin/revenue", "Cohort retention")]
    [InlineData("/admin/revenue/export/months.csv", "month,mrr,arr")]
    public async Task An_admin_opens_admin_areas(string path, string expected)
    {
        var client = factory.CreateBrowser();
        await client.LogInAsync(DemoAccountKind.Admin);

        var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(expected, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("months=0", "months")]
    [InlineData("months=37", "months")]
    [InlineData("months=abc", "months")]
    [InlineData("currency=XYZ", "currency")]
    public async Task A_revenue_export_out_of_range_is_a_400_naming_its_parameter(string query, string field)
    {
        var client = factory.CreateBrowser();
        await client.LogInAsync(DemoAccountKind.Admin);

        var response = await client.GetAsync($"/admin/revenue/export/months.csv?{query}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
    }

    [Theory]
    [InlineData("/console", "AI Analytics")]
    [InlineData("/console/keys", "Demo key")]
    [InlineData("/console/billing", "Visa •••• 4242")]
    [InlineData("/portal", "Become a provider")]
    [InlineData("/organization", "Globex Analytics")]
    public async Task A_customer_opens_its_own_areas(string path, string expected)
    {
        var client = factory.CreateBrowser();
        await client.LogInAsync(DemoAccountKind.Customer);

        var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        // The page's text as a person reads it: the renderer writes characters such as "•" as character references.
        var page = new HtmlParser().ParseDocument(await response.Content.ReadAsStringAsync());
        Assert.Contains(expected, page.Body!.TextContent, StringComparison.Ordinal);
    }
}
