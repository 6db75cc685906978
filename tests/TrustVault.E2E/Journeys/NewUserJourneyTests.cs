using Microsoft.Playwright;
using TrustVault.E2E.Infrastructure;

namespace TrustVault.E2E.Journeys;

[Collection(BrowserCollection.Name)]
public sealed class NewUserJourneyTests(BrowserFixture browser)
{
    [Theory]
    [InlineData("desktop", 1280, 800)]
    [InlineData("phone", 375, 812)]
    public async Task A_new_user_registers_logs_in_sees_the_console_creates_a_team_invites_a_member_reads_the_platform_api_reference_and_logs_out(string screen, int width, int height)
    {
        var site = new Site(await browser.NewPageAsync(width, height), $"new-user-{screen}");
        var email = $"journey-{screen}-{Guid.NewGuid():N}@example.com";
        const string password = "Journey#2026pass";

        await site.RegisterAndConfirmAsync(email, password);
        await site.LogInAsync(email, password);

        await site.OpenAsync("/console");
        await Assertions.Expect(site.Page.GetByTestId("console-empty")).ToBeVisibleAsync();
        await Assertions.Expect(site.Page.GetByText($"{email}'s organization").First).ToBeVisibleAsync();
        await site.ScreenshotAsync("console");

        // A personal organization is one person's: a team gets an organization of its own, then invites.
        await site.OpenAsync("/organization");
        await Assertions.Expect(site.Page.GetByTestId("invite-personal")).ToBeVisibleAsync();
        await site.Page.GetByLabel("New organization name").FillAsync($"Journey team {screen}");
        await site.Page.GetByTestId("new-org-create").ClickAsync();
        await Assertions.Expect(site.Page.GetByLabel("Organization name", new() { Exact = true })).ToHaveValueAsync($"Journey team {screen}");
        // The switch reloads the page: wait for its circuit before typing.
        await site.Page.Locator(Site.Ready).WaitForAsync();
        var invitee = $"teammate-{Guid.NewGuid():N}@example.com";
        await site.Page.GetByLabel("E-mail address").FillAsync(invitee);
        await site.Page.GetByTestId("invite-send").ClickAsync();
        await Assertions.Expect(site.Page.GetByText($"Invitation sent to {invitee}")).ToBeVisibleAsync();
        await Assertions.Expect(site.Page.GetByTestId("invitations").GetByText(invitee)).ToBeVisibleAsync();
        await site.ScreenshotAsync("organization");

        await site.OpenAsync("/catalog");
        await Assertions.Expect(site.Page.GetByTestId("listing-card").First).ToBeVisibleAsync();
        await site.ScreenshotAsync("catalog");

        await site.OpenAsync("/portal");
        await Assertions.Expect(site.Page.GetByTestId("provider-terms")).ToBeVisibleAsync();
        await site.ScreenshotAsync("portal");

        // The reference is Scalar's page: its scripts and fonts must come from the app too.
        await site.GoToAsync("/Account/Manage/PersonalAccessTokens");
        await site.ScreenshotAsync("personal-access-tokens");
        await site.Page.GetByRole(AriaRole.Link, new() { Name = "platform API" }).ClickAsync();
        await site.Page.WaitForURLAsync(url => url.Contains("/api/docs", StringComparison.Ordinal));
        await site.Page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        await Assertions.Expect(site.Page.GetByText("List the organizations you are a member of, with your role in each").First).ToBeAttachedAsync();
        await site.ScreenshotAsync("api-reference");

        await site.OpenAsync("/console");
        await site.LogOutAsync();
        await Assertions.Expect(site.Page.GetByRole(AriaRole.Button, new() { Name = "Log in", Exact = true })).ToBeVisibleAsync();
    }
}
