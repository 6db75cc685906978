using TrustVault.Core.Errors;
using TrustVault.Core.Organizations;
using TrustVault.Tests.Infrastructure;

namespace TrustVault.Tests.Organizations;

public sealed class OrganizationServiceTests : IAsyncLifetime
{
    private readonly CoreTestHost host = new();
    private OrganizationService Organizations => host.Get<OrganizationService>();

    public Task InitializeAsync() => host.InitializeAsync();

    public Task DisposeAsync() => host.DisposeAsync();

    private static string AcceptUrl(string token) => $"https://trustvault.test/organization/invitations/{token}";

    private Task<Guid> TeamAsync(string ownerId) => Organizations.CreateAsync(ownerId, "Team", CancellationToken.None);

    /// <summary>A new user who joined the organization with the role.</summary>
    private async Task<string> JoinAsync(string ownerId, Guid organizationId, string email, OrganizationRole role)
    {
        var user = await host.AddUserAsync(email);
        var issued = await Organizations.InviteAsync(ownerId, organizationId, email, role, AcceptUrl, CancellationToken.None);
        await Organizations.AcceptInvitationAsync(user.Id, issued.Token, CancellationToken.None);
        return user.Id;
    }

    [Fact]
    public async Task A_personal_organization_is_created_once_with_the_user_as_owner()
    {
        var user = await host.AddUserAsync("ada@example.com");

        var first = await Organizations.EnsurePersonalOrganizationAsync(user.Id, CancellationToken.None);
        var second = await Organizations.EnsurePersonalOrganizationAsync(user.Id, CancellationToken.None);

        Assert.Equal(first, second);
        var membership = Assert.Single(await Organizations.ListForUserAsync(user.Id, CancellationToken.None));
        Assert.Equal(OrganizationRole.Owner, membership.Role);
        Assert.True(membership.IsPersonal);
        Assert.Equal(first, (await Organizations.GetCurrentAsync(user.Id, CancellationToken.None))!.OrganizationId);
    }

    [Fact]
    public async Task The_only_owner_of_an_organization_with_other_members_is_told_so_until_another_owner_joins()
    {
        var owner = await host.AddUserAsync("sole@example.com");
        var developer = await host.AddUserAsync("staying@example.com");
        var second = await host.AddUserAsync("second-owner@example.com");
        var organizationId = await TeamAsync(owner.Id);
        const string organization = "Team";
        Assert.Empty(await Organizations.SoleOwnershipsAsync(owner.Id, CancellationToken.None));

        var asDeveloper = await Organizations.InviteAsync(owner.Id, organizationId, "staying@example.com", OrganizationRole.Developer, AcceptUrl, CancellationToken.None);
        await Organizations.AcceptInvitationAsync(developer.Id, asDeveloper.Token, CancellationToken.None);
        Assert.Equal([organization], await Organizations.SoleOwnershipsAsync(owner.Id, CancellationToken.None));
        Assert.Empty(await Organizations.SoleOwnershipsAsync(developer.Id, CancellationToken.None));

        var asOwner = await Organizations.InviteAsync(owner.Id, organizationId, "second-owner@example.com", OrganizationRole.Owner, AcceptUrl, CancellationToken.None);
        await Organizations.AcceptInvitationAsync(second.Id, asOwner.Token, CancellationToken.None);
        Assert.Empty(await Organizations.SoleOwnershipsAsync(owner.Id, CancellationToken.None));
    }

    [Fact]
    public async Task An_invited_user_joins_with_the_invited_role_and_the_invitation_is_used_up()
    {
        var owner = await host.AddUserAsync("owner@example.com");
        var invitee = await host.AddUserAsync("dev@example.com");
        var organizationId = await TeamAsync(owner.Id);

        var issued = await Organizations.InviteAsync(owner.Id, organizationId, "Dev@Example.com", OrganizationRole.Developer, AcceptUrl, CancellationToken.None);

        await host.SendQueuedEmailAsync();
        Assert.Contains(AcceptUrl(issued.Token), host.Emails.LinkSentTo("Dev@Example.com"), StringComparison.Ordinal);
        Assert.Single(await Organizations.ListPendingInvitationsAsync(owner.Id, organizationId, CancellationToken.None));

        await Organizations.AcceptInvitationAsync(invitee.Id, issued.Token, CancellationToken.None);

        var members = await Organizations.ListMembersAsync(owner.Id, organizationId, CancellationToken.None);
        Assert.Equal(OrganizationRole.Developer, members.Single(m => m.UserId == invitee.Id).Role);
        Assert.Empty(await Organizations.ListPendingInvitationsAsync(owner.Id, organizationId, CancellationToken.None));
        Assert.Equal(organizationId, (await Organizations.GetCurrentAsync(invitee.Id, CancellationToken.None))!.OrganizationId);
        await Assert.ThrowsAsync<NotFoundException>(() => Organizations.AcceptInvitationAsync(invitee.Id, issued.Token, CancellationToken.None));
    }

    [Fact]
    public async Task A_member_holding_an_invitation_for_another_role_is_refused_and_the_invitation_stays_pending()
    {
        var owner = await host.AddUserAsync("owner@example.com");
        var invitee = await host.AddUserAsync("bob@example.com");
        var organizationId = await TeamAsync(owner.Id);
        var asDeveloper = await Organizations.InviteAsync(owner.Id, organizationId, "bob@example.com", OrganizationRole.Developer, AcceptUrl, CancellationToken.None);
        var asOwner = await Organizations.InviteAsync(owner.Id, organizationId, "bob@work.example.com", OrganizationRole.Owner, AcceptUrl, CancellationToken.None);
        await Organizations.AcceptInvitationAsync(invitee.Id, asDeveloper.Token, CancellationToken.None);
        // Bob then moves his account to the other invited address.
        await using (var db = await host.Get<Microsoft.EntityFrameworkCore.IDbContextFactory<Core.Data.TrustVaultDbContext>>().CreateDbContextAsync())
        {
            var user = await db.Users.FindAsync(invitee.Id);
            (user!.Email, user.NormalizedEmail) = ("bob@work.example.com", "BOB@WORK.EXAMPLE.COM");
            await db.SaveChangesAsync();
        }

        var refused = await Assert.ThrowsAsync<InvalidInputException>(() => Organizations.AcceptInvitationAsync(invitee.Id, asOwner.Token, CancellationToken.None));

        Assert.Contains("already a member of Team as Developer", refused.Message, StringComparison.Ordinal);
        Assert.Contains("An Owner of Team can change your role", refused.Message, StringComparison.Ordinal);
        var members = await Organizations.ListMembersAsync(owner.Id, organizationId, CancellationToken.None);
        Assert.Equal(OrganizationRole.Developer, members.Single(m => m.UserId == invitee.Id).Role);
        Assert.Equal(asOwner.InvitationId, Assert.Single(await Organizations.ListPendingInvitationsAsync(owner.Id, organizationId, CancellationToken.None)).Id);
    }

    [Fact]
    public async Task Only_the_invited_address_can_accept()
    {
        var owner = await host.AddUserAsync("owner@example.com");
        var stranger = await host.AddUserAsync("stranger@example.com");
        var organizationId = await TeamAsync(owner.Id);
        var issued = await Organizations.InviteAsync(owner.Id, organizationId, "dev@example.com", OrganizationRole.Billing, AcceptUrl, CancellationToken.None);

        await Assert.ThrowsAsync<ForbiddenException>(() => Organizations.AcceptInvitationAsync(stranger.Id, issued.Token, CancellationToken.None));
        Assert.Single(await Organizations.ListMembersAsync(owner.Id, organizationId, CancellationToken.None));
    }

    [Fact]
    public async Task An_invitation_expires_after_its_lifetime()
    {
        var owner = await host.AddUserAsync("owner@example.com");
        var invitee = await host.AddUserAsync("late@example.com");
        var organizationId = await TeamAsync(owner.Id);
        var issued = await Organizations.InviteAsync(owner.Id, organizationId, "late@example.com", OrganizationRole.Developer, AcceptUrl, CancellationToken.None);

        host.Clock.Advance(OrganizationService.InvitationLifetime + TimeSpan.FromSeconds(1));

        await Assert.ThrowsAsync<NotFoundException>(() => Organizations.AcceptInvitationAsync(invitee.Id, issued.Token, CancellationToken.None));
        Assert.Empty(await Organizations.ListPendingInvitationsAsync(owner.Id, organizationId, CancellationToken.None));
    }

    [Fact]
    public async Task A_revoked_invitation_cannot_be_accepted()
    {
        var owner = await host.AddUserAsync("owner@example.com");
        var invitee = await host.AddUserAsync("dev@example.com");
        var organizationId = await TeamAsync(owner.Id);
        var issued = await Organizations.InviteAsync(owner.Id, organizationId, "dev@example.com", OrganizationRole.Developer, AcceptUrl, CancellationToken.None);

        await Organizations.RevokeInvitationAsync(owner.Id, organizationId, issued.InvitationId, CancellationToken.None);

        await Assert.ThrowsAsync<NotFoundException>(() => Organizations.AcceptInvitationAsync(invitee.Id, issued.Token, CancellationToken.None));
    }

    [Fact]
    public async Task Inviting_an_address_again_replaces_its_pending_invitation()
    {
        var owner = await host.AddUserAsync("owner@example.com");
        var invitee = await host.AddUserAsync("dev@example.com");
        var organizationId = await TeamAsync(owner.Id);
        var first = await Organizations.InviteAsync(owner.Id, organizationId, "dev@example.com", OrganizationRole.Billing, AcceptUrl, CancellationToken.None);

        var second = await Organizations.InviteAsync(owner.Id, organizationId, "DEV@example.com", OrganizationRole.Developer, AcceptUrl, CancellationToken.None);

        Assert.Equal([second.InvitationId], (await Organizations.ListPendingInvitationsAsync(owner.Id, organizationId, CancellationToken.None)).Select(i => i.Id));
        await Assert.ThrowsAsync<NotFoundException>(() => Organizations.AcceptInvitationAsync(invitee.Id, first.Token, CancellationToken.None));
        await Organizations.AcceptInvitationAsync(invitee.Id, second.Token, CancellationToken.None);
        Assert.Contains((await Organizations.ListMembersAsync(owner.Id, organizationId, CancellationToken.None)), m => m.UserId == invitee.Id && m.Role == OrganizationRole.Developer);
    }

    [Fact]
    public async Task Members_who_are_not_owners_cannot_invite_rename_or_accept_provider_terms()
    {
        var owner = await host.AddUserAsync("owner@example.com");
        var developer = await host.AddUserAsync("dev@example.com");
        var organizationId = await TeamAsync(owner.Id);
        var issued = await Organizations.InviteAsync(owner.Id, organizationId, "dev@example.com", OrganizationRole.Developer, AcceptUrl, CancellationToken.None);
        await Organizations.AcceptInvitationAsync(developer.Id, issued.Token, CancellationToken.None);

        await Assert.ThrowsAsync<ForbiddenException>(() =>
            Organizations.InviteAsync(developer.Id, organizationId, "x@example.com", OrganizationRole.Owner, AcceptUrl, CancellationToken.None));
        await Assert.ThrowsAsync<ForbiddenException>(() => Organizations.RenameAsync(developer.Id, organizationId, "Mine now", CancellationToken.None));
        await Assert.ThrowsAsync<ForbiddenException>(() => Organizations.AcceptProviderTermsAsync(developer.Id, organizationId, CancellationToken.None));
        Assert.Equal(2, (await Organizations.ListMembersAsync(developer.Id, organizationId, CancellationToken.None)).Count);
    }

    [Fact]
    public async Task Outsiders_cannot_see_or_switch_to_an_organization()
    {
        var owner = await host.AddUserAsync("owner@example.com");
        var outsider = await host.AddUserAsync("outsider@example.com");
        var organizationId = await Organizations.EnsurePersonalOrganizationAsync(owner.Id, CancellationToken.None);

        await Assert.ThrowsAsync<NotFoundException>(() => Organizations.ListMembersAsync(outsider.Id, organizationId, CancellationToken.None));
        await Assert.ThrowsAsync<NotFoundException>(() => Organizations.SwitchAsync(outsider.Id, organizationId, CancellationToken.None));
        await Assert.ThrowsAsync<NotFoundException>(() => Organizations.RenameAsync(outsider.Id, organizationId, "Taken", CancellationToken.None));
    }

    [Fact]
    public async Task A_user_switches_between_its_organizations()
    {
        var user = await host.AddUserAsync("ada@example.com");
        var personal = await Organizations.EnsurePersonalOrganizationAsync(user.Id, CancellationToken.None);
        var team = await Organizations.CreateAsync(user.Id, "Analytical Engines Ltd", CancellationToken.None);

        await Organizations.SwitchAsync(user.Id, team, CancellationToken.None);
        Assert.Equal(team, (await Organizations.GetCurrentAsync(user.Id, CancellationToken.None))!.OrganizationId);

        await Organizations.SwitchAsync(user.Id, personal, CancellationToken.None);
        Assert.Equal(personal, (await Organizations.GetCurrentAsync(user.Id, CancellationToken.None))!.OrganizationId);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("not-an-address")]
    [InlineData("two@@example.com")]
    [InlineData("dev@example.com\r\nBcc: everyone@example.com")]
    [InlineData("dev team@example.com")]
    [InlineData("dev\u202E@example.com")]
    public async Task Invalid_invitation_addresses_are_refused_with_a_field_error(string address)
    {
        var owner = await host.AddUserAsync("owner@example.com");
        var organizationId = await TeamAsync(owner.Id);

        var error = await Assert.ThrowsAsync<InvalidInputException>(() =>
            Organizations.InviteAsync(owner.Id, organizationId, address, OrganizationRole.Developer, AcceptUrl, CancellationToken.None));

        Assert.True(error.Errors.ContainsKey("Email"));
        await host.SendQueuedEmailAsync();
        Assert.Empty(host.Emails.Sent);
    }

    [Theory]
    [InlineData("a@b")]
    [InlineData("a@b.")]
    [InlineData("a@.com")]
    [InlineData("a@b..com")]
    public async Task An_invitation_address_without_a_domain_such_as_example_com_is_refused_with_a_field_error(string address)
    {
        var owner = await host.AddUserAsync("owner@example.com");
        var organizationId = await TeamAsync(owner.Id);

        var error = await Assert.ThrowsAsync<InvalidInputException>(() =>
            Organizations.InviteAsync(owner.Id, organizationId, address, OrganizationRole.Developer, AcceptUrl, CancellationToken.None));

        Assert.Equal(["Enter the whole address, with a domain such as example.com after the @."], error.Errors["Email"]);
    }

    [Fact]
    public async Task Inviting_an_existing_member_is_refused()
    {
        var owner = await host.AddUserAsync("owner@example.com");
        var organizationId = await TeamAsync(owner.Id);

        var error = await Assert.ThrowsAsync<InvalidInputException>(() =>
            Organizations.InviteAsync(owner.Id, organizationId, "OWNER@example.com", OrganizationRole.Developer, AcceptUrl, CancellationToken.None));

        Assert.Contains("already a member", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    public async Task Organization_names_must_not_be_blank(string name)
    {
        var owner = await host.AddUserAsync("owner@example.com");

        var error = await Assert.ThrowsAsync<InvalidInputException>(() => Organizations.CreateAsync(owner.Id, name, CancellationToken.None));

        Assert.True(error.Errors.ContainsKey("Name"));
    }

    [Fact]
    public async Task Organization_names_longer_than_the_limit_are_refused()
    {
        var owner = await host.AddUserAsync("owner@example.com");

        await Assert.ThrowsAsync<InvalidInputException>(() =>
            Organizations.CreateAsync(owner.Id, new string('x', Organization.NameMaxLength + 1), CancellationToken.None));
    }

    [Fact]
    public async Task A_personal_organization_takes_no_invitations()
    {
        var owner = await host.AddUserAsync("owner@example.com");
        var personal = await Organizations.EnsurePersonalOrganizationAsync(owner.Id, CancellationToken.None);

        var error = await Assert.ThrowsAsync<InvalidInputException>(() =>
            Organizations.InviteAsync(owner.Id, personal, "dev@example.com", OrganizationRole.Developer, AcceptUrl, CancellationToken.None));

        Assert.Equal(OrganizationService.PersonalOrganizationRefusal, Assert.Single(error.Errors["Email"]));
        await host.SendQueuedEmailAsync();
        Assert.Empty(host.Emails.Sent);
    }

    [Fact]
    public async Task An_owner_changes_a_members_role_and_the_new_role_applies_at_once()
    {
        var owner = await host.AddUserAsync("owner@example.com");
        var organizationId = await TeamAsync(owner.Id);
        var developer = await JoinAsync(owner.Id, organizationId, "dev@example.com", OrganizationRole.Developer);
        await Assert.ThrowsAsync<ForbiddenException>(() => Organizations.RenameAsync(developer, organizationId, "Renamed", CancellationToken.None));

        await Organizations.ChangeRoleAsync(owner.Id, organizationId, developer, OrganizationRole.Owner, CancellationToken.None);

        await Organizations.RenameAsync(developer, organizationId, "Renamed", CancellationToken.None);
        var members = await Organizations.ListMembersAsync(owner.Id, organizationId, CancellationToken.None);
        Assert.Equal(OrganizationRole.Owner, members.Single(m => m.UserId == developer).Role);
    }

    [Fact]
    public async Task Only_owners_change_roles_or_remove_others()
    {
        var owner = await host.AddUserAsync("owner@example.com");
        var organizationId = await TeamAsync(owner.Id);
        var developer = await JoinAsync(owner.Id, organizationId, "dev@example.com", OrganizationRole.Developer);
        var billing = await JoinAsync(owner.Id, organizationId, "billing@example.com", OrganizationRole.Billing);
        var outsider = await host.AddUserAsync("outsider@example.com");

        await Assert.ThrowsAsync<ForbiddenException>(() =>
            Organizations.ChangeRoleAsync(developer, organizationId, developer, OrganizationRole.Owner, CancellationToken.None));
        var refusal = await Assert.ThrowsAsync<ForbiddenException>(() =>
            Organizations.ChangeRoleAsync(billing, organizationId, owner.Id, OrganizationRole.Billing, CancellationToken.None));
        Assert.Equal("Only an Owner of the organization may do this.", refusal.Message);
        await Assert.ThrowsAsync<ForbiddenException>(() => Organizations.RemoveMemberAsync(developer, organizationId, billing, CancellationToken.None));
        await Assert.ThrowsAsync<NotFoundException>(() => Organizations.RemoveMemberAsync(outsider.Id, organizationId, developer, CancellationToken.None));
        await Assert.ThrowsAsync<NotFoundException>(() =>
            Organizations.ChangeRoleAsync(outsider.Id, organizationId, developer, OrganizationRole.Owner, CancellationToken.None));

        var roles = (await Organizations.ListMembersAsync(owner.Id, organizationId, CancellationToken.None)).ToDictionary(m => m.UserId, m => m.Role);
        Assert.Equal(OrganizationRole.Developer, roles[developer]);
        Assert.Equal(OrganizationRole.Billing, roles[billing]);
        Assert.Equal(OrganizationRole.Owner, roles[owner.Id]);
    }

    [Fact]
    public async Task A_removed_member_loses_access_and_falls_back_to_its_personal_organization()
    {
        var owner = await host.AddUserAsync("owner@example.com");
        var organizationId = await TeamAsync(owner.Id);
        var developer = await JoinAsync(owner.Id, organizationId, "dev@example.com", OrganizationRole.Developer);
        var personal = await Organizations.EnsurePersonalOrganizationAsync(developer, CancellationToken.None);
        Assert.Equal(organizationId, (await Organizations.GetCurrentAsync(developer, CancellationToken.None))!.OrganizationId);

        await Organizations.RemoveMemberAsync(owner.Id, organizationId, developer, CancellationToken.None);

        await Assert.ThrowsAsync<NotFoundException>(() => Organizations.ListMembersAsync(developer, organizationId, CancellationToken.None));
        Assert.Equal(personal, (await Organizations.GetCurrentAsync(developer, CancellationToken.None))!.OrganizationId);
        Assert.DoesNotContain(await Organizations.ListForUserAsync(developer, CancellationToken.None), m => m.OrganizationId == organizationId);
        Assert.Single(await Organizations.ListMembersAsync(owner.Id, organizationId, CancellationToken.None));
    }

    [Fact]
    public async Task A_member_leaves_on_its_own()
    {
        var owner = await host.AddUserAsync("owner@example.com");
        var organizationId = await TeamAsync(owner.Id);
        var billing = await JoinAsync(owner.Id, organizationId, "billing@example.com", OrganizationRole.Billing);

        await Organizations.RemoveMemberAsync(billing, organizationId, billing, CancellationToken.None);

        Assert.Equal([owner.Id], (await Organizations.ListMembersAsync(owner.Id, organizationId, CancellationToken.None)).Select(m => m.UserId));
    }

    [Fact]
    public async Task The_last_owner_can_neither_leave_nor_be_demoted_nor_removed()
    {
        var owner = await host.AddUserAsync("owner@example.com");
        var organizationId = await TeamAsync(owner.Id);
        var second = await JoinAsync(owner.Id, organizationId, "second@example.com", OrganizationRole.Owner);

        await Organizations.ChangeRoleAsync(second, organizationId, owner.Id, OrganizationRole.Developer, CancellationToken.None);

        var demote = await Assert.ThrowsAsync<InvalidInputException>(() =>
            Organizations.ChangeRoleAsync(second, organizationId, second, OrganizationRole.Billing, CancellationToken.None));
        var leave = await Assert.ThrowsAsync<InvalidInputException>(() => Organizations.RemoveMemberAsync(second, organizationId, second, CancellationToken.None));
        Assert.Contains("needs an Owner", demote.Message, StringComparison.Ordinal);
        Assert.Contains("before you leave", leave.Message, StringComparison.Ordinal);
        var roles = (await Organizations.ListMembersAsync(second, organizationId, CancellationToken.None)).ToDictionary(m => m.UserId, m => m.Role);
        Assert.Equal(OrganizationRole.Owner, roles[second]);
        Assert.Equal(OrganizationRole.Developer, roles[owner.Id]);

        // The one Owner of a personal organization is its only member: it cannot leave it either.
        var personal = await Organizations.EnsurePersonalOrganizationAsync(owner.Id, CancellationToken.None);
        await Assert.ThrowsAsync<InvalidInputException>(() => Organizations.RemoveMemberAsync(owner.Id, personal, owner.Id, CancellationToken.None));
    }

    [Fact]
    public async Task Changing_or_removing_someone_who_is_no_member_is_not_found()
    {
        var owner = await host.AddUserAsync("owner@example.com");
        var organizationId = await TeamAsync(owner.Id);
        var outsider = await host.AddUserAsync("outsider@example.com");

        await Assert.ThrowsAsync<NotFoundException>(() =>
            Organizations.ChangeRoleAsync(owner.Id, organizationId, outsider.Id, OrganizationRole.Developer, CancellationToken.None));
        await Assert.ThrowsAsync<NotFoundException>(() => Organizations.RemoveMemberAsync(owner.Id, organizationId, outsider.Id, CancellationToken.None));
        await Assert.ThrowsAsync<InvalidInputException>(() =>
            Organizations.ChangeRoleAsync(owner.Id, organizationId, owner.Id, (OrganizationRole)7, CancellationToken.None));
    }
}
