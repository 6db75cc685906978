using System.Net;
using Microsoft.EntityFrameworkCore;
using TrustVault.Core.Audit;
using TrustVault.Core.Data;
using TrustVault.Core.Email;
using TrustVault.Core.Errors;

namespace TrustVault.Core.Organizations;

/// <summary>
/// Organizations, their members and invitations. Every method takes the acting user's id and checks
/// that user's membership and role itself, so no caller can skip the tenancy rule.
/// </summary>
public sealed class OrganizationService(IDbContextFactory<TrustVaultDbContext> contexts, TimeProvider clock)
{
    public static readonly TimeSpan InvitationLifetime = TimeSpan.FromDays(7);

    /// <summary>
    /// Why a personal organization takes no members: it is one person's own, listed first and named after them, and each
    /// member would see it as their personal one. Teams create an organization.
    /// </summary>
    public const string PersonalOrganizationRefusal = "A personal organization is yours alone. Create an organization for your team and invite its members there.";

    /// <summary>Gives a user the personal organization every account has; does nothing if it exists.</summary>
    public async Task<Guid> EnsurePersonalOrganizationAsync(string userId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var existing = await db.OrganizationMembers.AcrossOrganizations()
            .Where(m => m.UserId == userId && m.Organization!.IsPersonal)
            .Select(m => (Guid?)m.OrganizationId)
            .FirstOrDefaultAsync(cancellationToken);
        if (existing is { } id)
        {
            return id;
        }

        var user = await db.Users.SingleOrDefaultAsync(u => u.Id == userId, cancellationToken)
            ?? throw new NotFoundException("The user does not exist.");
        var owner = string.IsNullOrWhiteSpace(user.DisplayName) ? user.Email ?? user.UserName ?? "My" : user.DisplayName;
        var organization = new Organization { Name = Truncate($"{owner}'s organization"), IsPersonal = true };
        organization.Members.Add(new OrganizationMember { UserId = userId, Role = OrganizationRole.Owner });
        db.Organizations.Add(organization);
        user.CurrentOrganizationId ??= organization.Id;
        await db.SaveChangesAsync(cancellationToken);
        return organization.Id;
    }

    public async Task<Guid> CreateAsync(string userId, string name, CancellationToken cancellationToken)
    {
        var validName = ValidName(name);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var organization = new Organization { Name = validName };
        organization.Members.Add(new OrganizationMember { UserId = userId, Role = OrganizationRole.Owner });
        db.Organizations.Add(organization);
        await db.SaveChangesAsync(cancellationToken);
        return organization.Id;
    }

    /// <summary>
    /// The names of the organizations whose only Owner <paramref name="userId"/> is while others are members: closing the
    /// account would leave those members with nobody who can invite, rename or manage webhooks.
    /// </summary>
    public async Task<IReadOnlyList<string>> SoleOwnershipsAsync(string userId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var members = db.OrganizationMembers.AcrossOrganizations();
        return await members
            .Where(m => m.UserId == userId && m.Role == OrganizationRole.Owner)
            .Where(m => members.Any(o => o.OrganizationId == m.OrganizationId && o.UserId != userId))
            .Where(m => !members.Any(o => o.OrganizationId == m.OrganizationId && o.UserId != userId && o.Role == OrganizationRole.Owner))
            .Select(m => m.Organization!.Name)
            .ToListAsync(cancellationToken);
    }

    /// <summary>Every organization the user belongs to, in <see cref="ListPageForUserAsync"/>'s order.</summary>
    public async Task<IReadOnlyList<OrganizationMembership>> ListForUserAsync(string userId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await Memberships(InListOrder(db.OrganizationMembers.AcrossOrganizations().Where(m => m.UserId == userId)))
            .ToListAsync(cancellationToken);
    }

    /// <summary>One page of the organizations the user belongs to: the personal one first, then by name.</summary>
    /// <param name="page">From 0.</param>
    public async Task<ItemPage<OrganizationMembership>> ListPageForUserAsync(string userId, int page, int pageSize, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var mine = db.OrganizationMembers.AcrossOrganizations().Where(m => m.UserId == userId);
        var memberships = await Memberships(InListOrder(mine).Page(page, Math.Clamp(pageSize, 1, 100))).ToListAsync(cancellationToken);
        return new ItemPage<OrganizationMembership>(memberships, await mine.CountAsync(cancellationToken));
    }

    // Lower-cased in the query so every provider sorts names regardless of case; the id breaks ties between equal names.
    private static IQueryable<OrganizationMember> InListOrder(IQueryable<OrganizationMember> members) =>
        members.OrderByDescending(m => m.Organization!.IsPersonal)
            .ThenBy(m => m.Organization!.Name.ToLower())
            .ThenBy(m => m.OrganizationId);

    private static IQueryable<OrganizationMembership> Memberships(IQueryable<OrganizationMember> members) =>
        members.Select(m => new OrganizationMembership(
            m.OrganizationId, m.Organization!.Name, m.Role, m.Organization.IsPersonal, m.Organization.ProviderTermsAcceptedAt != null));

    /// <summary>The organization the user works in now: the one last switched to, else the personal one.</summary>
    public async Task<OrganizationMembership?> GetCurrentAsync(string userId, CancellationToken cancellationToken)
    {
        var memberships = await ListForUserAsync(userId, cancellationToken);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var currentId = await db.Users.Where(u => u.Id == userId).Select(u => u.CurrentOrganizationId).SingleOrDefaultAsync(cancellationToken);
        return memberships.FirstOrDefault(m => m.OrganizationId == currentId) ?? memberships.FirstOrDefault();
    }

    /// <summary>The user's membership of one organization, as it is now; refused when they are no longer a member.</summary>
    public async Task<OrganizationMembership> GetMembershipAsync(string userId, Guid organizationId, CancellationToken cancellationToken)
    {
        var memberships = await ListForUserAsync(userId, cancellationToken);
        return memberships.FirstOrDefault(m => m.OrganizationId == organizationId)
            ?? throw new NotFoundException(OrganizationAccess.NotAMember);
    }

    public async Task SwitchAsync(string userId, Guid organizationId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await db.RequireRoleAsync(userId, organizationId, cancellationToken);
        var user = await db.Users.SingleAsync(u => u.Id == userId, cancellationToken);
        user.CurrentOrganizationId = organizationId;
        await db.SaveChangesAsync(cancellationToken);
    }

    public async Task RenameAsync(string userId, Guid organizationId, string name, CancellationToken cancellationToken)
    {
        var validName = ValidName(name);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await db.RequireRoleAsync(userId, organizationId, cancellationToken, OrganizationRole.Owner);
        var organization = await db.Organizations.SingleAsync(o => o.Id == organizationId, cancellationToken);
        organization.Name = validName;
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>Records that the organization accepted the provider terms, which opens the provider portal to it.</summary>
    public async Task AcceptProviderTermsAsync(string userId, Guid organizationId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await db.RequireRoleAsync(userId, organizationId, cancellationToken, OrganizationRole.Owner);
        var organization = await db.Organizations.SingleAsync(o => o.Id == organizationId, cancellationToken);
        organization.ProviderTermsAcceptedAt ??= clock.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<MemberView>> ListMembersAsync(string userId, Guid organizationId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await db.RequireRoleAsync(userId, organizationId, cancellationToken);
        var members = await db.OrganizationMembers.ForOrganization(organizationId)
            .Select(m => new MemberView(m.UserId, m.User!.Email ?? "", m.User.DisplayName, m.Role, m.CreatedAt))
            .ToListAsync(cancellationToken);
        return members.OrderBy(m => m.Email, StringComparer.OrdinalIgnoreCase).ToList();
    }

    public async Task<IReadOnlyList<InvitationView>> ListPendingInvitationsAsync(string userId, Guid organizationId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await db.RequireRoleAsync(userId, organizationId, cancellationToken, OrganizationRole.Owner);
        var now = clock.GetUtcNow();
        var invitations = await db.OrganizationInvitations.ForOrganization(organizationId)
            .Where(i => i.AcceptedAt == null && i.RevokedAt == null && i.ExpiresAt > now)
            .Select(i => new InvitationView(i.Id, i.Email, i.Role, i.CreatedAt, i.ExpiresAt))
            .ToListAsync(cancellationToken);
        return invitations.OrderByDescending(i => i.CreatedAt).ToList();
    }

    /// <summary>
    /// Invites someone by e-mail, replacing a pending invitation to the same address; <paramref name="acceptUrl"/> turns
    /// the token into the link they follow.
    /// </summary>
    public async Task<InvitationIssued> InviteAsync(
        string userId, Guid organizationId, string emailAddress, OrganizationRole role, Func<string, string> acceptUrl, CancellationToken cancellationToken)
    {
        var address = ValidEmail(emailAddress);
        if (!Enum.IsDefined(role))
        {
            throw new InvalidInputException("Role", "Choose Owner, Developer or Billing.");
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await db.RequireRoleAsync(userId, organizationId, cancellationToken, OrganizationRole.Owner);
        var organizationName = await db.Organizations.Where(o => o.Id == organizationId && !o.IsPersonal).Select(o => o.Name).SingleOrDefaultAsync(cancellationToken)
            ?? throw new InvalidInputException("Email", PersonalOrganizationRefusal);
        var normalized = address.ToUpperInvariant();
        var alreadyMember = await db.OrganizationMembers.ForOrganization(organizationId)
            .AnyAsync(m => m.User!.NormalizedEmail == normalized, cancellationToken);
        if (alreadyMember)
        {
            throw new InvalidInputException("Email", $"{address} is already a member of this organization.");
        }

        // One pending invitation per address: a second one (another role, a lost mail) replaces the first, whose link
        // would otherwise stay valid and give whichever role was accepted first.
        var now = clock.GetUtcNow();
        await using var transaction = await db.BeginOrganizationTransactionAsync(organizationId, cancellationToken);
        await db.OrganizationInvitations.ForOrganization(organizationId)
            .Where(i => i.Email.ToUpper() == normalized && i.AcceptedAt == null && i.RevokedAt == null)
            .ExecuteUpdateAsync(set => set.SetProperty(i => i.RevokedAt, now), cancellationToken);
        var token = InvitationToken.Create();
        var invitation = new OrganizationInvitation
        {
            OrganizationId = organizationId,
            Email = address,
            Role = role,
            TokenHash = InvitationToken.Hash(token),
            InvitedByUserId = userId,
            ExpiresAt = now + InvitationLifetime,
        };
        db.OrganizationInvitations.Add(invitation);
        db.QueueEmail(EmailTemplates.Invitation(address, organizationName, role.ToString(), acceptUrl(token), InvitationLifetime.Days), now);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new InvitationIssued(invitation.Id, token);
    }

    public async Task RevokeInvitationAsync(string userId, Guid organizationId, Guid invitationId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await db.RequireRoleAsync(userId, organizationId, cancellationToken, OrganizationRole.Owner);
        var invitation = await db.OrganizationInvitations.ForOrganization(organizationId)
            .SingleOrDefaultAsync(i => i.Id == invitationId, cancellationToken)
            ?? throw new NotFoundException("The invitation does not exist.");
        invitation.RevokedAt ??= clock.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>Gives a member another role; an organization always keeps at least one Owner.</summary>
    public async Task ChangeRoleAsync(
        string userId, Guid organizationId, string memberUserId, OrganizationRole role, CancellationToken cancellationToken)
    {
        if (!Enum.IsDefined(role))
        {
            throw new InvalidInputException("Role", "Choose Owner, Developer or Billing.");
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        // Two Owners demoting each other at once would both see the other still Owner.
        await using var transaction = await db.BeginOrganizationTransactionAsync(organizationId, cancellationToken);
        await db.RequireRoleAsync(userId, organizationId, cancellationToken, OrganizationRole.Owner);
        var member = await FindMemberAsync(db, organizationId, memberUserId, cancellationToken);
        if (member.Role == role)
        {
            return;
        }

        if (member.Role == OrganizationRole.Owner)
        {
            await RequireAnotherOwnerAsync(db, organizationId, memberUserId, "make another member an Owner before changing this one's role", cancellationToken);
        }

        db.Record(clock, userId, organizationId, "member.role-changed", nameof(Organization), organizationId, $"{memberUserId}: {member.Role} → {role}");
        member.Role = role;
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>
    /// Takes a member out of the organization: an Owner removes anyone, every member may leave. The organization's API keys,
    /// subscriptions and listings stay with it; the member's tokens stop reaching it at once, as they act with the member's roles.
    /// </summary>
    public async Task RemoveMemberAsync(string userId, Guid organizationId, string memberUserId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.BeginOrganizationTransactionAsync(organizationId, cancellationToken);
        var leaving = userId == memberUserId;
        await db.RequireRoleAsync(userId, organizationId, cancellationToken, leaving ? [] : [OrganizationRole.Owner]);
        var member = await FindMemberAsync(db, organizationId, memberUserId, cancellationToken);
        if (member.Role == OrganizationRole.Owner)
        {
            var reason = leaving ? "make another member an Owner before you leave" : "make another member an Owner before removing this one";
            await RequireAnotherOwnerAsync(db, organizationId, memberUserId, reason, cancellationToken);
        }

        db.OrganizationMembers.Remove(member);
        var user = await db.Users.SingleAsync(u => u.Id == memberUserId, cancellationToken);
        if (user.CurrentOrganizationId == organizationId)
        {
            user.CurrentOrganizationId = null;
        }

        db.Record(clock, userId, organizationId, leaving ? "member.left" : "member.removed", nameof(Organization), organizationId, memberUserId);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>
    /// Joins the invited organization; the signed-in user's e-mail must be the invited one. A member holding an invitation
    /// for another role is refused and the invitation stays pending: roles change through <see cref="ChangeRoleAsync"/>,
    /// where an Owner decides and the audit log records it, and an Owner invitation left from before a demotion must not
    /// undo that demotion.
    /// </summary>
    public async Task<Guid> AcceptInvitationAsync(string userId, string token, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var hash = InvitationToken.Hash(token);
        // The token is the invitee's proof; they are not a member of its organization yet.
        var invitation = await db.OrganizationInvitations.AcrossOrganizations().SingleOrDefaultAsync(i => i.TokenHash == hash, cancellationToken);
        var now = clock.GetUtcNow();
        if (invitation is null || !invitation.IsPending(now))
        {
            throw new NotFoundException("This invitation is not valid any more. Ask for a new one.");
        }

        var user = await db.Users.SingleAsync(u => u.Id == userId, cancellationToken);
        if (!string.Equals(user.Email, invitation.Email, StringComparison.OrdinalIgnoreCase))
        {
            throw new ForbiddenException($"This invitation was sent to {invitation.Email}. Sign in with that address to accept it.");
        }

        var membership = await db.OrganizationMembers.ForOrganization(invitation.OrganizationId)
            .SingleOrDefaultAsync(m => m.UserId == userId, cancellationToken);
        if (membership is null)
        {
            db.OrganizationMembers.Add(new OrganizationMember { OrganizationId = invitation.OrganizationId, UserId = userId, Role = invitation.Role });
        }
        else if (membership.Role != invitation.Role)
        {
            var organizationName = await db.OrganizationNameAsync(invitation.OrganizationId, cancellationToken);
            throw new InvalidInputException(
                "Role",
                $"You are already a member of {organizationName} as {membership.Role}, so this invitation as {invitation.Role} was not used. An Owner of {organizationName} can change your role.");
        }

        invitation.AcceptedAt = now;
        user.CurrentOrganizationId = invitation.OrganizationId;
        await db.SaveChangesAsync(cancellationToken);
        return invitation.OrganizationId;
    }

    private static async Task<OrganizationMember> FindMemberAsync(
        TrustVaultDbContext db, Guid organizationId, string memberUserId, CancellationToken cancellationToken) =>
        await db.OrganizationMembers.ForOrganization(organizationId).SingleOrDefaultAsync(m => m.UserId == memberUserId, cancellationToken)
        ?? throw new NotFoundException("That person is not a member of this organization.");

    private static async Task RequireAnotherOwnerAsync(
        TrustVaultDbContext db, Guid organizationId, string memberUserId, string remedy, CancellationToken cancellationToken)
    {
        var another = await db.OrganizationMembers.ForOrganization(organizationId)
            .AnyAsync(m => m.UserId != memberUserId && m.Role == OrganizationRole.Owner, cancellationToken);
        if (!another)
        {
            throw new InvalidInputException("Role", $"An organization needs an Owner: {remedy}.");
        }
    }

    private static string ValidName(string name)
    {
        var trimmed = name.Trim();
        return trimmed.Length switch
        {
            0 => throw new InvalidInputException("Name", "Enter a name."),
            > Organization.NameMaxLength => throw new InvalidInputException("Name", $"Use at most {Organization.NameMaxLength} characters."),
            _ when !DisplayName.IsReadable(trimmed) => throw new InvalidInputException("Name", DisplayName.Refusal),
            _ => trimmed,
        };
    }

    private static string ValidEmail(string emailAddress)
    {
        var trimmed = emailAddress.Trim();
        return EmailAddresses.Refusal(trimmed) is { } refusal ? throw new InvalidInputException("Email", refusal) : trimmed;
    }

    private static string Truncate(string name) => name.Length <= Organization.NameMaxLength ? name : name[..Organization.NameMaxLength];
}
