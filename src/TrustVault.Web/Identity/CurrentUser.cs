using Microsoft.AspNetCore.Components.Authorization;
using TrustVault.Core.Organizations;

namespace TrustVault.Web.Identity;

/// <summary>Who is asking, for pages: the signed-in user and the organization they work in now.</summary>
public sealed class CurrentUser(AuthenticationStateProvider authentication, OrganizationService organizations)
{
    /// <summary>
    /// Raised when a page changed the current organization in place (its name, the user's role in it): the layout around
    /// the page, loaded once per circuit, shows the organization too.
    /// </summary>
    public event Func<Task>? OrganizationChanged;

    public async Task NotifyOrganizationChangedAsync()
    {
        foreach (var handler in OrganizationChanged?.GetInvocationList().Cast<Func<Task>>() ?? [])
        {
            await handler();
        }
    }

    public async Task<string> GetUserIdAsync()
    {
        var state = await authentication.GetAuthenticationStateAsync();
        return state.User.RequireUserId();
    }

    /// <summary>The current organization; every signed-in user has at least the personal one.</summary>
    public async Task<OrganizationMembership> GetOrganizationAsync(CancellationToken cancellationToken)
    {
        var userId = await GetUserIdAsync();
        return await organizations.GetCurrentAsync(userId, cancellationToken)
            ?? await CreatePersonalAsync(userId, cancellationToken);
    }

    /// <summary>The user's membership of a given organization, as it is now; refused when they are no longer a member.</summary>
    public async Task<OrganizationMembership> GetOrganizationAsync(Guid organizationId, CancellationToken cancellationToken) =>
        await organizations.GetMembershipAsync(await GetUserIdAsync(), organizationId, cancellationToken);

    /// <summary>
    /// Makes <paramref name="organizationId"/> the current organization, for a link that names it (a notification mail's, about
    /// one of several organizations the reader works in). Null when the user is no member of it: they stay where they work.
    /// </summary>
    public async Task<OrganizationMembership?> SwitchForLinkAsync(Guid organizationId, CancellationToken cancellationToken)
    {
        var userId = await GetUserIdAsync();
        var membership = (await organizations.ListForUserAsync(userId, cancellationToken)).SingleOrDefault(m => m.OrganizationId == organizationId);
        if (membership is not null && (await organizations.GetCurrentAsync(userId, cancellationToken))?.OrganizationId != organizationId)
        {
            await organizations.SwitchAsync(userId, organizationId, cancellationToken);
            await NotifyOrganizationChangedAsync();
        }

        return membership;
    }

    // Accounts made before organizations existed, or by an administrator, get theirs on first use.
    private async Task<OrganizationMembership> CreatePersonalAsync(string userId, CancellationToken cancellationToken)
    {
        await organizations.EnsurePersonalOrganizationAsync(userId, cancellationToken);
        return await organizations.GetCurrentAsync(userId, cancellationToken)
            ?? throw new InvalidOperationException("The personal organization could not be created.");
    }
}
