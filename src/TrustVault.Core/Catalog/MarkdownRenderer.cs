using Ganss.Xss;
using Markdig;

namespace TrustVault.Core.Catalog;

/// <summary>
/// Renders provider-written Markdown to HTML that is safe to show: raw HTML in the Markdown is
/// escaped by Markdig, and the output passes an allow-list sanitizer (no scripts, event handlers
/// or javascript: links).
/// </summary>
public sealed class MarkdownRenderer
{
    private readonly MarkdownPipeline pipeline = new MarkdownPipelineBuilder().UseAdvancedExtensions().DisableHtml().Build();
    private readonly HtmlSanitizer sanitizer = new();

    public string ToSafeHtml(string? markdown) =>
        string.IsNullOrWhiteSpace(markdown) ? "" : sanitizer.Sanitize(Markdown.ToHtml(markdown, pipeline));
}
