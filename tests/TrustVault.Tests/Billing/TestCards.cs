using TrustVault.Core.Billing;

namespace TrustVault.Tests.Billing;

/// <summary>Stripe's published test card numbers, as the simulated card form takes them.</summary>
public static class TestCards
{
    public static TestCard Visa { get; } = new("4242 4242 4242 4242", 12, 2030, "123");

    public static TestCard Declined { get; } = new("4000 0000 0000 0002", 12, 2030, "123");
}
