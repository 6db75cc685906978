using System.ComponentModel.DataAnnotations;

namespace TrustVault.Core.Analytics.Privacy;

/// <summary>The privacy budget every (organization, dataset) starts with (section "Privacy").</summary>
public sealed class PrivacyOptions
{
    public const string SectionName = "Privacy";

    /// <summary>Total ε a dataset may spend over its lifetime, by sequential composition.</summary>
    [Range(1e-6, 1e6)]
    public double DefaultEpsilonBudget { get; set; } = 10;

    /// <summary>Total δ a dataset may spend; 0 admits Laplace queries only.</summary>
    [Range(0, 0.001)]
    public double DefaultDeltaBudget { get; set; } = 1e-5;
}
