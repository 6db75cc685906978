using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using Microsoft.Extensions.Options;
using TrustVault.Core.Catalog;
using TrustVault.Core.Egress;

namespace TrustVault.Tests.Catalog;

public sealed class SafeContentTests
{
    private readonly MarkdownRenderer markdown = new();

    [Theory]
    [InlineData("<script>alert('x')</script>")]
    [InlineData("<img src=x onerror=alert(1)>")]
    [InlineData("[click](javascript:alert(1))")]
    [InlineData("<a href=\"javascript:alert(1)\">x</a>")]
    public void Markdown_never_renders_script(string markdownText)
    {
        var html = markdown.ToSafeHtml(markdownText);

        // Raw HTML may survive as escaped text ("&lt;script"), never as an element or a live link.
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<a href=\"javascript:", html, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("[x](https://evil.example){style=\"position:fixed;top:0;left:0;width:100vw;height:100vh;z-index:9999\"}")]
    [InlineData("[x](https://evil.example){.mud-overlay .mud-overlay-dark}")]
    [InlineData("# Heading {style=\"position:fixed;inset:0\"}")]
    [InlineData("![x](https://evil.example/cover.png){style=\"position:fixed;inset:0\" class=\"mud-overlay\"}")]
    [InlineData("::: warning\nText\n:::")]
    public void Markdown_cannot_restyle_the_page(string markdownText)
    {
        var html = Parse(markdown.ToSafeHtml(markdownText));

        Assert.Empty(html.QuerySelectorAll("[style], [class]"));
    }

    [Theory]
    [InlineData("# Overview\n\n## Quick start", "h2,h3")]
    [InlineData("Overview\n========\n\nQuick start\n-----------", "h2,h3")]
    [InlineData("# One\n\n##### Five\n\n###### Six", "h2,h6,h6")]
    [InlineData("## Features\n\n### Limits", "h2,h3")]
    public void Description_headings_start_below_the_pages_own_h1(string markdownText, string expected)
    {
        var headings = Parse(markdown.ToSafeHtml(markdownText)).QuerySelectorAll("h1, h2, h3, h4, h5, h6");

        Assert.Equal(expected, string.Join(",", headings.Select(h => h.LocalName)));
    }

    [Theory]
    [InlineData("[x](https://evil.example)")]
    [InlineData("<https://evil.example>")]
    [InlineData("[x](https://evil.example){rel=\"opener\" target=\"_blank\"}")]
    [InlineData("[x][ref]\n\n[ref]: https://evil.example \"title\"")]
    public void Links_open_without_the_opener_and_without_passing_rank(string markdownText)
    {
        var link = Assert.Single(Parse(markdown.ToSafeHtml(markdownText)).QuerySelectorAll("a"));

        Assert.Equal("https://evil.example", link.GetAttribute("href")?.TrimEnd('/'));
        Assert.Equal("noopener noreferrer nofollow ugc", link.GetAttribute("rel"));
        Assert.False(link.HasAttribute("target"));
    }

    [Theory]
    [InlineData("<script>alert(1)</script>")]
    [InlineData("<SCRIPT SRC=https://evil.example/x.js></SCRIPT>")]
    [InlineData("[x](javascript:alert(1))")]
    [InlineData("[x](JaVaScRiPt:alert(1))")]
    [InlineData("[x](&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1))")]
    [InlineData("[x](&#x6A;avascript&colon;alert(1))")]
    [InlineData("[x](java%0ascript:alert(1))")]
    [InlineData("[x](vbscript:msgbox(1))")]
    [InlineData("[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)")]
    [InlineData("![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)")]
    [InlineData("[x][ref]\n\n[ref]: javascript:alert(1)")]
    [InlineData("<javascript:alert(1)>")]
    [InlineData("<img src=x onerror=alert(1)>")]
    [InlineData("![x](https://example.com/x.png){onerror=\"alert(1)\"}")]
    [InlineData("# Title {onclick=\"alert(1)\" onmouseover=\"alert(1)\"}")]
    [InlineData("<body onload=alert(1)>")]
    [InlineData("<iframe src=https://evil.example></iframe>")]
    [InlineData("![video](https://www.youtube.com/watch?v=dQw4w9WgXcQ)")]
    [InlineData("<object data=https://evil.example/x.swf></object><embed src=https://evil.example/x.swf>")]
    [InlineData("<svg><script>alert(1)</script></svg>")]
    [InlineData("<svg onload=alert(1)>")]
    [InlineData("<style>body{display:none}</style>")]
    [InlineData("<meta http-equiv=\"refresh\" content=\"0;url=https://evil.example\">")]
    [InlineData("<form action=https://evil.example><input name=password><button>Go</button></form>")]
    [InlineData("<base href=\"https://evil.example/\">")]
    [InlineData("<link rel=stylesheet href=https://evil.example/x.css>")]
    [InlineData("<!--><script>alert(1)</script>-->")]
    [InlineData("<!-- --!><img src=x onerror=alert(1)> -->")]
    [InlineData("`code` <scr<script>ipt>alert(1)</script>")]
    public void Markdown_never_renders_active_content(string markdownText)
    {
        var html = Parse(markdown.ToSafeHtml(markdownText));

        Assert.Empty(html.QuerySelectorAll("script, iframe, frame, object, embed, svg, math, style, link, meta, base, form, input, button, textarea, select"));
        foreach (var element in html.QuerySelectorAll("*"))
        {
            Assert.DoesNotContain(element.Attributes, a => a.Name.StartsWith("on", StringComparison.OrdinalIgnoreCase));
            foreach (var url in new[] { element.GetAttribute("href"), element.GetAttribute("src") }.OfType<string>())
            {
                var scheme = url.Trim().Split(':', 2) is [var first, _] && !first.Contains('/', StringComparison.Ordinal) ? first : null;
                Assert.True(scheme is null || scheme is "http" or "https" or "mailto", $"{element.LocalName} links to {url}");
            }
        }
    }

    [Fact]
    public void Markdown_formatting_survives()
    {
        var html = markdown.ToSafeHtml("**bold** and [docs](https://docs.example.com)\n\n- one\n- two");

        Assert.Contains("<strong>bold</strong>", html, StringComparison.Ordinal);
        Assert.Contains("href=\"https://docs.example.com\"", html, StringComparison.Ordinal);
        Assert.Contains("<li>one</li>", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("https://127.0.0.1/api")]
    [InlineData("https://localhost:8443")]
    [InlineData("https://10.1.2.3")]
    [InlineData("https://172.20.0.5")]
    [InlineData("https://192.168.1.10")]
    [InlineData("https://169.254.169.254/latest/meta-data")]
    [InlineData("https://[::1]/")]
    [InlineData("https://[fd00::1]/")]
    [InlineData("https://metadata.internal")]
    [InlineData("https://intranet")]
    [InlineData("ftp://api.example.com")]
    [InlineData("http://api.example.com")]
    [InlineData("https://user:pass@api.example.com")]
    [InlineData("not a url")]
    public void Upstreams_on_private_addresses_or_without_https_are_refused(string address)
    {
        var policy = new UpstreamUrlPolicy(Options.Create(new UpstreamOptions { RequireHttps = true }));

        Assert.NotNull(policy.Check(address));
    }

    [Theory]
    [InlineData("https://api.example.com/v1")]
    [InlineData("https://93.184.216.34")]
    public void Public_https_upstreams_are_accepted(string address)
    {
        var policy = new UpstreamUrlPolicy(Options.Create(new UpstreamOptions { RequireHttps = true }));

        Assert.Null(policy.Check(address));
    }

    [Fact]
    public void Private_upstreams_are_accepted_only_when_configured()
    {
        var policy = new UpstreamUrlPolicy(Options.Create(new UpstreamOptions { AllowPrivateUpstreams = true, RequireHttps = false }));

        Assert.Null(policy.Check("http://127.0.0.1:5000"));
    }

    private static IElement Parse(string html) => new HtmlParser().ParseDocument($"<body>{html}</body>").Body!;
}
