using TrustVault.Core.Analytics.Insights;

namespace TrustVault.Web.Api;

public static class AnalyticsApiExtensions
{
    /// <summary>The narrator behind /v1/narrative: Azure OpenAI when the <c>AzureOpenAI</c> section is complete, else the template.</summary>
    public static WebApplicationBuilder AddAnalyticsApis(this WebApplicationBuilder builder)
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

        return builder;
    }
}
