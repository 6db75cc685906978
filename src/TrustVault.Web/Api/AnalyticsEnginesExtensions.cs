using Microsoft.Extensions.Options;
using TrustVault.Core.Analytics.Insights;
using TrustVault.Core.Analytics.OnChain;
using TrustVault.Core.Analytics.Privacy;

namespace TrustVault.Web.Api;

public static class AnalyticsEnginesExtensions
{
    private const string OnChainSection = "OnChain";

    /// <summary>
    /// Settings of the engines behind the first-party APIs: the privacy budget every dataset starts with
    /// (section "Privacy"), the on-chain limits and node (section "OnChain"; the JSON-RPC source exists only
    /// when OnChain:RpcUrl is set, without it /v1/rpc/analyze answers 503), and the narrator behind
    /// /v1/narrative (Azure OpenAI when the "AzureOpenAI" section is complete, else the template).
    /// </summary>
    public static WebApplicationBuilder AddFirstPartyEngines(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<AzureOpenAIOptions>().BindConfiguration(AzureOpenAIOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<TemplateNarrator>();
        var azure = builder.Configuration.GetSection(AzureOpenAIOptions.SectionName).Get<AzureOpenAIOptions>() ?? new AzureOpenAIOptions();
        if (azure.IsConfigured)
        {
            builder.Services.AddSingleton<INarrator, AzureOpenAINarrator>();
        }
        else
        {
            builder.Services.AddSingleton<INarrator>(services => services.GetRequiredService<TemplateNarrator>());
        }

        builder.Services.AddOptions<PrivacyOptions>().BindConfiguration(PrivacyOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddOptions<OnChainOptions>().BindConfiguration(OnChainSection)
            .Validate(
                o => o.RpcUrl is null || (Uri.TryCreate(o.RpcUrl, UriKind.Absolute, out var url) && (url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps)),
                "OnChain:RpcUrl must be the http(s) URL of an Ethereum JSON-RPC endpoint.")
            .Validate(o => o.MaxBlockRange > 0 && o.BlocksPerRequest > 0 && o.MaxLogs > 0 && o.TimestampRequestsInParallel > 0, "OnChain limits must be above 0.")
            .ValidateOnStart();
        if (!string.IsNullOrWhiteSpace(builder.Configuration[$"{OnChainSection}:RpcUrl"]))
        {
            builder.Services.AddSingleton(provider => new JsonRpcLogSource(provider.GetRequiredService<IOptions<OnChainOptions>>().Value));
        }

        return builder;
    }
}
