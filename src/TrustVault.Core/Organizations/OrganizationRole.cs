namespace TrustVault.Core.Organizations;

/// <summary>What a member may do inside one organization.</summary>
public enum OrganizationRole
{
    /// <summary>Manages members, settings and everything else.</summary>
    Owner = 0,

    /// <summary>Works with subscriptions, keys, usage and listings.</summary>
    Developer = 1,

    /// <summary>Sees invoices and manages payment.</summary>
    Billing = 2,
}
