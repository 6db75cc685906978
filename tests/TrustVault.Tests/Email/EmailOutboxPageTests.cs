using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using TrustVault.Core.Data;
using TrustVault.Core.Email;
using TrustVault.Core.Organizations;
using TrustVault.Tests.Infrastructure;
using TrustVault.Web.Identity;
using OutboxPage = TrustVault.Web.Components.Pages.Admin.EmailOutbox;

namespace TrustVault.Tests.Email;

/// <summary>The admins' e-mail outbox page over Core's real service.</summary>
public sealed class EmailOutboxPageTests : MudBunitContext, IClassFixture<CoreTestHost>
{
    private readonly CoreTestHost host;

    public EmailOutboxPageTests(CoreTestHost host)
    {
        this.host = host;
        Services.AddSingleton(host.Get<EmailOutboxService>());
        Services.AddSingleton(host.Get<OrganizationService>());
        Services.AddScoped<CurrentUser>();
    }

    [Fact]
    public async Task Filtering_from_a_later_page_starts_on_the_first_page_of_the_mail_in_that_status()
    {
        var admin = await host.AddAdminAsync("outbox-admin@example.com");
        await using (var db = await host.Get<IDbContextFactory<TrustVaultDbContext>>().CreateDbContextAsync())
        {
            // Sixty sent and sixty failed, alternating, the newest last: three pages of each status, six of all.
            var start = host.Clock.GetUtcNow().AddDays(-1);
            for (var i = 0; i < 120; i++)
            {
                db.OutboxEmails.Add(new OutboxEmail
                {
                    To = $"reader{i:D3}@example.com",
                    Subject = $"Mail {i:D3}",
                    HtmlBody = "<p>Hi</p>",
                    TextBody = "Hi",
                    CreatedAt = start.AddMinutes(i),
                    Status = i % 2 == 0 ? OutboxEmailStatus.Sent : OutboxEmailStatus.Failed,
                });
            }

            await db.SaveChangesAsync();
        }

        var page = RenderAs<OutboxPage>(admin);
        var table = page.FindComponent<MudTable<OutboxEmailSummary>>();
        page.WaitForAssertion(() => Assert.Contains("Mail 119", page.Find("[data-testid=email-outbox]").TextContent, StringComparison.Ordinal));
        await page.InvokeAsync(() => table.Instance.NavigateTo(2));
        page.WaitForAssertion(() => Assert.Contains("Mail 079", page.Find("[data-testid=email-outbox]").TextContent, StringComparison.Ordinal));

        var filter = page.FindComponent<MudSelect<OutboxEmailStatus?>>();
        await page.InvokeAsync(() => filter.Instance.ValueChanged.InvokeAsync(OutboxEmailStatus.Sent));

        // Page 3 of the sent ones would be the oldest, not the newest.
        page.WaitForAssertion(() =>
        {
            Assert.Equal(0, table.Instance.CurrentPage);
            Assert.Contains("Mail 118", page.Find("[data-testid=email-outbox]").TextContent, StringComparison.Ordinal);
            Assert.All(page.FindAll("[data-testid=email-status]"), s => Assert.Equal("Sent", s.TextContent.Trim()));
        });
    }
}
