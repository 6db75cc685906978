using System.ComponentModel.DataAnnotations;

namespace TrustVault.Core.Analytics.Privacy;

/// <summary>The privacy budgets a new dataset and an organization get unless they say otherwise (section "Privacy").</summary>
public sealed class PrivacyOptions
{
    public const string SectionName = "Privacy";

    /// <summary>Total ε a dataset may spend over its lifetime, by sequential composition, when it is registered without one.</summary>
    [Range(1e-6, 1e6)]
    public double DefaultEpsilonBudget { get; set; } = 10;

    /// <summary>Total δ a dataset may spend when it is registered without one; 0 admits Laplace queries only.</summary>
    [Range(0, PrivacyDataset.MaxDeltaBudget)]
    public double DefaultDeltaBudget { get; set; } = 1e-5;

    /// <summary>
    /// The ε all of an organization's datasets may spend together in one calendar month (UTC) unless the organization sets
    /// its own cap: five default datasets' worth, so one month cannot exhaust more than that however many datasets exist.
    /// </summary>
    [Range(1e-6, 1e6)]
    public double DefaultMonthlyEpsilonCap { get; set; } = 50;
}
