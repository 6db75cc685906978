using System.ComponentModel.DataAnnotations;

namespace TrustVault.Core.Analytics.Insights;

/// <summary>
/// The <c>AzureOpenAI</c> configuration section. The key comes from user secrets or the environment, never
/// from the repository. When <see cref="IsConfigured"/> is false the template narrator is used alone.
/// </summary>
public sealed record AzureOpenAIOptions
{
    public const string SectionName = "AzureOpenAI";

    /// <summary>The resource endpoint, e.g. https://my-resource.openai.azure.com/.</summary>
    public string? Endpoint { get; set; }

    public string? ApiKey { get; set; }

    /// <summary>The chat model deployment name.</summary>
    public string? Deployment { get; set; }

    /// <summary>How long one call may take before the template narrator answers instead.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:05:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Retries on 408, 429 and 5xx answers (with the SDK's back-off) before falling back.</summary>
    [Range(0, 5)]
    public int MaxRetries { get; set; } = 2;

    public bool IsConfigured =>
        Uri.TryCreate(Endpoint, UriKind.Absolute, out _) && !string.IsNullOrWhiteSpace(ApiKey) && !string.IsNullOrWhiteSpace(Deployment);
}
