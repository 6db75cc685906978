using System.ClientModel;
using System.ClientModel.Primitives;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.RegularExpressions;
using Azure.AI.OpenAI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenAI.Chat;

namespace TrustVault.Core.Analytics.Insights;

/// <summary>
/// Narrates through an Azure OpenAI chat deployment (Azure.AI.OpenAI 2.1.0, REST api-version 2024-10-21). The
/// facts go to the model as JSON with each figure already formatted, and the system prompt forbids any number
/// not in them, so the model words the report but does no arithmetic; an answer that still holds a number not
/// found in that JSON is rejected. Any failure — an error status after the retries, a timeout, a network fault,
/// an empty, refused or rejected answer — is logged as a warning and the template narrator answers instead,
/// with <see cref="Narrative.FallbackReason"/> set: a dashboard keeps its text when the AI service is down.
/// Only the caller's own cancellation is not absorbed.
/// </summary>
public sealed partial class AzureOpenAINarrator : INarrator
{
    internal const string SystemPrompt =
        "You write a short report (two to five sentences of plain English, no headings, no lists, no markdown) for a " +
        "business dashboard from the JSON the user sends. Every number you write must appear in the JSON, copied from a " +
        "\"display\" or \"change\" field exactly as written. Never invent, estimate, round differently, add, subtract or " +
        "compute any number, date or percentage. Lead with the direction of the series and its largest move when a series " +
        "is given, then the figures that matter most. Do not give advice or speculate about causes. If the JSON holds no " +
        "facts, say that there is nothing to report.";

    // Relaxed escaping keeps "€" and "+" readable for the model; the JSON goes into a chat message, never into HTML.
    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly ChatClient chat;
    private readonly TemplateNarrator fallback;
    private readonly ILogger<AzureOpenAINarrator> logger;

    public AzureOpenAINarrator(IOptions<AzureOpenAIOptions> options, TemplateNarrator fallback, ILogger<AzureOpenAINarrator> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        var settings = options.Value;
        if (!settings.IsConfigured)
        {
            throw new ArgumentException("Azure OpenAI needs an absolute Endpoint, an ApiKey and a Deployment.", nameof(options));
        }

        var clientOptions = new AzureOpenAIClientOptions
        {
            NetworkTimeout = settings.Timeout,
            RetryPolicy = new ClientRetryPolicy(settings.MaxRetries),
        };
        chat = new AzureOpenAIClient(new Uri(settings.Endpoint!), new ApiKeyCredential(settings.ApiKey!), clientOptions)
            .GetChatClient(settings.Deployment);
        this.fallback = fallback;
        this.logger = logger;
    }

    public async Task<Narrative> NarrateAsync(Insight insight, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(insight);
        insight.Validate();
        string reason;
        Exception? failure = null;
        try
        {
            var facts = FactsJson(insight);
            ChatMessage[] messages = [new SystemChatMessage(SystemPrompt), new UserChatMessage(facts)];
            var options = new ChatCompletionOptions { Temperature = 0.2f, MaxOutputTokenCount = 400 };
            ChatCompletion completion = await chat.CompleteChatAsync(messages, options, cancellationToken);
            var text = string.Concat(completion.Content.Where(p => p.Kind == ChatMessageContentPartKind.Text).Select(p => p.Text)).Trim();
            var invented = UnsupportedNumbers(text, facts);
            if (text.Length > 0 && invented.Count == 0)
            {
                return new Narrative(text, NarrativeSources.AzureOpenAI);
            }

            reason = invented.Count > 0 ? $"the model wrote numbers that are not in the facts ({string.Join(", ", invented)})"
                : completion.Refusal is { Length: > 0 } ? "the model refused to answer"
                : "the model returned no text";
        }
        catch (ClientResultException e)
        {
            (failure, reason) = (e, e.Status == 0 ? $"the service could not be reached ({e.Message})" : $"the service answered HTTP {e.Status}");
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            (failure, reason) = (e, "the service did not answer in time");
        }
        catch (Exception e) when (e is HttpRequestException or IOException or JsonException or InvalidOperationException)
        {
            (failure, reason) = (e, $"the call failed ({e.GetType().Name})");
        }

        LogFailed(failure, reason);
        var narrative = await fallback.NarrateAsync(insight, cancellationToken);
        return narrative with { FallbackReason = reason };
    }

    /// <summary>The user message: the insight with every figure pre-formatted, so the model copies instead of computing.</summary>
    internal static string FactsJson(Insight insight)
    {
        var payload = new
        {
            subject = insight.Subject,
            facts = insight.Facts.Select(f => new
            {
                name = f.Name,
                value = f.Value,
                unit = f.Unit.ToString().ToLowerInvariant(),
                display = InsightFormat.Value(f.Value, f.Unit, f.Currency),
                previous = f.Previous is { } p ? InsightFormat.Value(p, f.Unit, f.Currency) : null,
                change = f.Previous is { } q ? InsightFormat.Change(q, f.Value, f.Unit, f.Currency) : null,
            }),
            series = insight.Series is { } s
                ? new
                {
                    name = s.Name,
                    points = s.Points.Select(x => new { label = x.Label, display = InsightFormat.Value(x.Value, s.Unit, s.Currency) }),
                    change = s.Points.Count >= 2 ? InsightFormat.Change(s.Points[0].Value, s.Points[^1].Value, s.Unit, s.Currency) : null,
                    largestMove = s.Points.Count >= 3 ? TemplateNarrator.LargestStep(s) : null,
                }
                : null,
            notes = insight.Notes ?? [],
        };
        return JsonSerializer.Serialize(payload, Json);
    }

    /// <summary>
    /// Numbers in the model's text that do not occur, written the same way, anywhere in the JSON it was given
    /// (values, formatted figures, labels, names, notes).
    /// </summary>
    internal static IReadOnlyList<string> UnsupportedNumbers(string text, string factsJson)
    {
        var given = NumberToken().Matches(factsJson).Select(m => m.Value).ToHashSet(StringComparer.Ordinal);
        return NumberToken().Matches(text).Select(m => m.Value).Where(n => !given.Contains(n)).Distinct(StringComparer.Ordinal).ToList();
    }

    /// <summary>Digits with thousands separators and decimals: "1,234.50", "2.4", "2026"; a trailing comma or full stop is not part of it.</summary>
    [GeneratedRegex(@"\d+(?:,\d{3})*(?:\.\d+)?")]
    private static partial Regex NumberToken();

    [LoggerMessage(Level = LogLevel.Warning, Message = "Azure OpenAI narration failed: {Reason}; the template narrator answered instead.")]
    private partial void LogFailed(Exception? exception, string reason);
}
