namespace TrustVault.Core.Data.Seeding;

public enum DemoAccountKind
{
    Admin,
    Provider,
    Customer,
}

/// <summary>A demo sign-in that the first start creates and prints.</summary>
public sealed record DemoAccount(DemoAccountKind Kind, string Email, string Password, string Organization);
