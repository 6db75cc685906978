namespace TrustVault.Core.Organizations;

/// <summary>One organization as seen by one of its members.</summary>
public sealed record OrganizationMembership(Guid OrganizationId, string Name, OrganizationRole Role, bool IsPersonal, bool IsProvider);

public sealed record MemberView(string UserId, string Email, string DisplayName, OrganizationRole Role, DateTimeOffset JoinedAt);

public sealed record InvitationView(Guid Id, string Email, OrganizationRole Role, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt);

public sealed record InvitationIssued(Guid InvitationId, string Token);
