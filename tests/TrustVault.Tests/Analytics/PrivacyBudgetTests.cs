using TrustVault.Core.Analytics.Privacy;

namespace TrustVault.Tests.Analytics;

public sealed class PrivacyBudgetTests
{
    private static readonly Guid Acme = Guid.Parse("6f1c4bb8-51f5-4f1b-9f5e-0c3c7f0b2a11");
    private static readonly Guid Globex = Guid.Parse("0a9e1d32-7d7c-4c58-8f2e-51d0c6a7e9b4");
    private static readonly Guid Orders = Guid.Parse("019a8f3e-0000-7000-8000-000000000001");
    private static readonly Guid Visits = Guid.Parse("019a8f3e-0000-7000-8000-000000000002");
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Charges_add_up_and_the_query_past_the_budget_is_refused_with_the_remaining_budget()
    {
        var budget = new PrivacyBudget(totalEpsilon: 1.0);
        var spends = new List<PrivacyBudgetSpend>();

        spends.Add(budget.Charge(Acme, Orders, 0.4, 0, spends, Now).Spend);
        var second = budget.Charge(Acme, Orders, 0.5, 0, spends, Now.AddMinutes(1));
        spends.Add(second.Spend);
        var refusal = Assert.Throws<PrivacyBudgetExhaustedException>(() => budget.Charge(Acme, Orders, 0.2, 0, spends, Now.AddMinutes(2)));

        Assert.Equal(0.1, second.RemainingEpsilon, precision: 12);
        Assert.Equal(new PrivacyBudgetSpend(Acme, Orders, 0.5, 0, Now.AddMinutes(1)), second.Spend);
        Assert.Equal(0.1, refusal.RemainingEpsilon, precision: 12);
        Assert.Equal(0.2, refusal.RequestedEpsilon);
        Assert.Equal((PrivacyBudgetScope.Dataset, Orders), (refusal.Scope, refusal.DatasetId));
        Assert.Contains("ε = 0.1, δ = 0 remain.", refusal.Message, StringComparison.Ordinal);
        // The refusal charged nothing: what remains still fits.
        Assert.Equal(0.0, budget.Charge(Acme, Orders, 0.1, 0, spends, Now).RemainingEpsilon, precision: 12);
    }

    [Fact]
    public void Ten_charges_of_a_tenth_fill_a_budget_of_one_exactly()
    {
        // In doubles 0.1 added ten times is 0.9999999999999999: decimals make the tenth charge fit and the eleventh fail.
        var budget = new PrivacyBudget(1.0);
        var spends = new List<PrivacyBudgetSpend>();
        for (var i = 0; i < 10; i++)
        {
            spends.Add(budget.Charge(Acme, Orders, 0.1, 0, spends, Now).Spend);
        }

        var refusal = Assert.Throws<PrivacyBudgetExhaustedException>(() => budget.Charge(Acme, Orders, 1e-9, 0, spends, Now));
        Assert.Equal(0, refusal.RemainingEpsilon);
        Assert.Equal((0.0, 0.0), budget.Remaining(Acme, Orders, spends));
    }

    [Fact]
    public void Each_organization_and_dataset_has_its_own_budget()
    {
        var budget = new PrivacyBudget(1.0);
        PrivacyBudgetSpend[] spends =
        [
            new(Acme, Orders, 1.0, 0, Now),
            new(Globex, Orders, 0.25, 0, Now),
            new(Acme, Visits, 0.5, 0, Now),
        ];

        Assert.Throws<PrivacyBudgetExhaustedException>(() => budget.Charge(Acme, Orders, 0.01, 0, spends, Now));
        Assert.Equal(0.5, budget.Charge(Globex, Orders, 0.25, 0, spends, Now).RemainingEpsilon, precision: 12);
        Assert.Equal((0.5, 0.0), budget.Remaining(Acme, Visits, spends));
    }

    [Fact]
    public void Delta_is_budgeted_alongside_epsilon()
    {
        var budget = new PrivacyBudget(totalEpsilon: 10, totalDelta: 1e-5);
        var spends = new List<PrivacyBudgetSpend> { new(Acme, Visits, 1, 8e-6, Now) };

        var refusal = Assert.Throws<PrivacyBudgetExhaustedException>(() => budget.Charge(Acme, Visits, 1, 3e-6, spends, Now));
        var accepted = budget.Charge(Acme, Visits, PrivacyParameters.Gaussian(1, 2e-6), spends, Now);
        var pureOnly = new PrivacyBudget(totalEpsilon: 10);

        Assert.Equal(2e-6, refusal.RemainingDelta!.Value, precision: 15);
        Assert.Equal(9, refusal.RemainingEpsilon);
        Assert.Equal(0, accepted.RemainingDelta, precision: 15);
        Assert.Equal("delta", Assert.Throws<ArgumentOutOfRangeException>(() => pureOnly.Charge(Acme, Visits, 1, 1e-9, [], Now)).ParamName);
    }

    [Fact]
    public void A_query_above_the_whole_budget_is_bad_input_even_when_nothing_was_spent()
    {
        var budget = new PrivacyBudget(totalEpsilon: 1, totalDelta: 1e-6);

        Assert.Equal("epsilon", Assert.Throws<ArgumentOutOfRangeException>(() => budget.Charge(Acme, Orders, 1.01, 0, [], Now)).ParamName);
        Assert.Equal("delta", Assert.Throws<ArgumentOutOfRangeException>(() => budget.Charge(Acme, Orders, 0.5, 2e-6, [], Now)).ParamName);
        // The whole budget in one query is allowed; once something is spent, the same query is a refusal.
        Assert.Equal(0, budget.Charge(Acme, Orders, 1, 1e-6, [], Now).RemainingEpsilon);
        Assert.Throws<PrivacyBudgetExhaustedException>(() => budget.Charge(Acme, Orders, 1, 0, [new(Acme, Orders, 0.1, 0, Now)], Now));
    }

    [Fact]
    public void Malformed_requests_are_bad_input_not_refusals()
    {
        var budget = new PrivacyBudget(1.0);

        Assert.Equal("epsilon", Assert.Throws<ArgumentOutOfRangeException>(() => budget.Charge(Acme, Orders, -0.1, 0, [], Now)).ParamName);
        Assert.Equal("delta", Assert.Throws<ArgumentOutOfRangeException>(() => budget.Charge(Acme, Orders, 0.1, 1, [], Now)).ParamName);
        Assert.Throws<ArgumentOutOfRangeException>(() => new PrivacyBudget(0));
    }
}
