using System.Security.Claims;
using AngleSharp.Dom;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using TrustVault.Core.Analytics.Privacy;
using TrustVault.Core.Organizations;
using TrustVault.Tests.Infrastructure;
using TrustVault.Web.Components.Pages.Console;
using TrustVault.Web.Identity;

namespace TrustVault.Tests.Analytics;

/// <summary>The console's privacy datasets page over Core's real services, signed in as the organization's owner.</summary>
public sealed class PrivacyDatasetsPageTests : MudBunitContext, IClassFixture<CoreTestHost>
{
    private readonly CoreTestHost host;

    public PrivacyDatasetsPageTests(CoreTestHost host)
    {
        this.host = host;
        Services.AddSingleton(host.Get<PrivacyDatasetService>());
        Services.AddSingleton(host.Get<OrganizationService>());
        Services.AddScoped<CurrentUser>();
    }

    private async Task<(IRenderedComponent<MudDialogProvider> Dialogs, IRenderedComponent<PrivacyDatasets> Page)> RenderSignedInAsync(string email)
    {
        var userId = (await host.AddUserAsync(email)).Id;
        await host.Get<OrganizationService>().EnsurePersonalOrganizationAsync(userId, CancellationToken.None);
        var authorization = AddAuthorization();
        authorization.SetAuthorized(email);
        authorization.SetClaims(new Claim(ClaimTypes.NameIdentifier, userId));
        return (Render<MudDialogProvider>(), Render<PrivacyDatasets>());
    }

    private static IElement Input(IRenderedComponent<PrivacyDatasets> page, string testId)
    {
        var element = page.Find($"[data-testid={testId}]");
        return element.TagName == "INPUT" ? element : element.QuerySelector("input")!;
    }

    [Fact]
    public async Task An_owner_sees_the_empty_state_registers_a_dataset_with_its_budget_and_archives_it_after_a_confirmation_naming_what_happens()
    {
        var (dialogs, page) = await RenderSignedInAsync("privacy-owner@example.com");
        page.WaitForElement("[data-testid=datasets-empty]");
        Assert.Contains("ε 0 of 50 spent", page.Find("[data-testid=privacy-month]").TextContent, StringComparison.Ordinal);

        Input(page, "dataset-name").Change("Patients");
        Input(page, "dataset-epsilon").Change("4");
        page.Find("[data-testid=create-dataset]").Click();

        page.WaitForElement("[data-testid=datasets]");
        Assert.Matches("^[0-9a-f-]{36}$", page.Find("[data-testid=dataset-id]").TextContent);
        Assert.Contains("0 of 4, 4 left", page.Find("[data-testid=datasets]").TextContent, StringComparison.Ordinal);
        Assert.Single(page.FindAll("[data-testid=epsilon-bar]"));

        page.Find("[data-testid=archive-dataset]").Click();
        dialogs.WaitForAssertion(() => Assert.Contains(
            "Patients takes no more queries from now on", dialogs.Find("[data-testid=confirm-message]").TextContent, StringComparison.Ordinal));
        Assert.Contains("still counts against this month's cap", dialogs.Find("[data-testid=confirm-message]").TextContent, StringComparison.Ordinal);
        dialogs.Find("[data-testid=confirm-ok]").Click();

        page.WaitForAssertion(() => Assert.Contains("archived", page.Find("[data-testid=datasets]").TextContent, StringComparison.Ordinal));
        Assert.Empty(page.FindAll("[data-testid=archive-dataset]"));
    }

    [Fact]
    public async Task A_billing_member_reads_the_datasets_and_is_offered_neither_registering_nor_archiving()
    {
        var owner = (await host.AddUserAsync("privacy-team-owner@example.com")).Id;
        var team = await host.Get<OrganizationService>().CreateAsync(owner, "Privacy team", CancellationToken.None);
        await host.Get<PrivacyDatasetService>().CreateAsync(owner, team, new PrivacyDatasetInput("Patients", null, 4, null), CancellationToken.None);
        var member = (await host.AddUserAsync("privacy-billing@example.com")).Id;
        var invitation = await host.Get<OrganizationService>().InviteAsync(owner, team, "privacy-billing@example.com", OrganizationRole.Billing, t => t, CancellationToken.None);
        await host.Get<OrganizationService>().AcceptInvitationAsync(member, invitation.Token, CancellationToken.None);
        await host.Get<OrganizationService>().SwitchAsync(member, team, CancellationToken.None);
        var authorization = AddAuthorization();
        authorization.SetAuthorized("privacy-billing@example.com");
        authorization.SetClaims(new Claim(ClaimTypes.NameIdentifier, member));

        var page = Render<PrivacyDatasets>();

        page.WaitForElement("[data-testid=datasets]");
        Assert.Contains("Patients", page.Find("[data-testid=datasets]").TextContent, StringComparison.Ordinal);
        Assert.Single(page.FindAll("[data-testid=datasets-read-only]"));
        Assert.Empty(page.FindAll("[data-testid=dataset-form]"));
        Assert.Empty(page.FindAll("[data-testid=archive-dataset]"));
    }

    [Fact]
    public async Task On_a_phone_each_dataset_is_a_card_with_labelled_fields_and_an_id_that_wraps()
    {
        var (_, page) = await RenderSignedInAsync("privacy-phone@example.com");
        page.WaitForElement("[data-testid=dataset-form]");
        Input(page, "dataset-name").Change("Phone");
        page.Find("[data-testid=create-dataset]").Click();

        page.WaitForElement("[data-testid=datasets]");
        Assert.Contains("mud-sm-table", page.Find("[data-testid=datasets]").ClassList);
        Assert.Equal("Id (send as 'dataset')", page.Find("[data-testid=dataset-id]").Closest("td")!.GetAttribute("data-label"));
        Assert.Contains("word-break: break-all", page.Find("[data-testid=dataset-id]").GetAttribute("style"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_budget_with_a_decimal_comma_registers_nothing_instead_of_ten_times_the_budget()
    {
        var (_, page) = await RenderSignedInAsync("privacy-comma@example.com");
        page.WaitForElement("[data-testid=dataset-form]");

        Input(page, "dataset-name").Change("Comma");
        Input(page, "dataset-epsilon").Change("1,5");
        page.Find("[data-testid=create-dataset]").Click();

        page.WaitForAssertion(() => Assert.Contains("Not a valid number", page.Find("[data-testid=dataset-form]").TextContent, StringComparison.Ordinal));
        Assert.Empty(page.FindAll("[data-testid=datasets]"));
    }

    [Fact]
    public async Task A_budget_out_of_range_and_a_missing_name_are_refused_next_to_their_fields()
    {
        var (_, page) = await RenderSignedInAsync("privacy-guard@example.com");
        page.WaitForElement("[data-testid=dataset-form]");

        Input(page, "dataset-delta").Change("0.5");
        page.Find("[data-testid=create-dataset]").Click();

        page.WaitForAssertion(() => Assert.Contains("The δ budget must lie in [0, 0.001]", page.Find("[data-testid=dataset-form]").TextContent, StringComparison.Ordinal));
        Assert.Contains("Name the dataset in 1 to 100 characters.", page.Find("[data-testid=dataset-form]").TextContent, StringComparison.Ordinal);
        Assert.Empty(page.FindAll("[data-testid=datasets]"));
    }

    [Theory]
    [InlineData("0", "-3")]
    [InlineData("2000000", "-1")]
    public async Task Every_invalid_budget_submitted_shows_its_error_not_only_the_first(string first, string second)
    {
        var (_, page) = await RenderSignedInAsync($"privacy-again-{first}@example.com");
        page.WaitForElement("[data-testid=dataset-form]");
        Input(page, "dataset-name").Change("Again");
        const string error = "The ε budget must be a positive number up to 1,000,000";

        Input(page, "dataset-epsilon").Change(first);
        page.Find("[data-testid=create-dataset]").Click();
        page.WaitForAssertion(() => Assert.Contains(error, page.Find("[data-testid=dataset-form]").TextContent, StringComparison.Ordinal));

        Input(page, "dataset-epsilon").Change(second);
        page.Find("[data-testid=create-dataset]").Click();

        page.WaitForAssertion(() => Assert.Contains(error, page.Find("[data-testid=dataset-form]").TextContent, StringComparison.Ordinal));
        Assert.Empty(page.FindAll("[data-testid=datasets]"));
    }

    [Fact]
    public async Task A_budget_that_is_no_number_registers_nothing()
    {
        var (_, page) = await RenderSignedInAsync("privacy-unread@example.com");
        page.WaitForElement("[data-testid=dataset-form]");

        Input(page, "dataset-name").Change("Unread");
        Input(page, "dataset-epsilon").Change("abc");
        page.Find("[data-testid=create-dataset]").Click();

        page.WaitForAssertion(() => Assert.Contains("Not a valid number", page.Find("[data-testid=dataset-form]").TextContent, StringComparison.Ordinal));
        Assert.Empty(page.FindAll("[data-testid=datasets]"));
    }

    [Fact]
    public async Task A_small_delta_reads_as_a_decimal_and_the_emptied_form_shows_no_error()
    {
        var (_, page) = await RenderSignedInAsync("privacy-delta@example.com");
        page.WaitForElement("[data-testid=dataset-form]");

        Input(page, "dataset-name").Change("Small delta");
        Input(page, "dataset-delta").Change("0.00001");
        page.Find("[data-testid=create-dataset]").Click();

        page.WaitForElement("[data-testid=datasets]");
        Assert.Contains("0 of 0.00001", page.Find("[data-testid=datasets]").TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("E-", page.Find("[data-testid=datasets]").TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("Required", page.Find("[data-testid=dataset-form]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_dataset_registered_after_another_tab_switched_organization_stays_with_the_organization_the_page_shows()
    {
        var organizations = host.Get<OrganizationService>();
        var owner = (await host.AddUserAsync("privacy-tabs@example.com")).Id;
        var globex = await organizations.CreateAsync(owner, "Globex", CancellationToken.None);
        var hooli = await organizations.CreateAsync(owner, "Hooli", CancellationToken.None);
        await host.Get<PrivacyDatasetService>().CreateAsync(owner, hooli, new PrivacyDatasetInput("Hooli data", null, 4, null), CancellationToken.None);
        await organizations.SwitchAsync(owner, globex, CancellationToken.None);
        var authorization = AddAuthorization();
        authorization.SetAuthorized("privacy-tabs@example.com");
        authorization.SetClaims(new Claim(ClaimTypes.NameIdentifier, owner));
        var page = Render<PrivacyDatasets>();
        page.WaitForElement("[data-testid=datasets-empty]");

        // Another tab of the same user switches organization.
        await organizations.SwitchAsync(owner, hooli, CancellationToken.None);
        Input(page, "dataset-name").Change("Globex data");
        page.Find("[data-testid=create-dataset]").Click();

        page.WaitForAssertion(() => Assert.Contains("Globex data", page.Find("[data-testid=datasets]").TextContent, StringComparison.Ordinal));
        Assert.DoesNotContain("Hooli data", page.Find("[data-testid=datasets]").TextContent, StringComparison.Ordinal);
        var registered = await host.Get<PrivacyDatasetService>().ListAsync(owner, globex, CancellationToken.None);
        Assert.Contains(registered.Datasets, d => d.Name == "Globex data");
    }
}
