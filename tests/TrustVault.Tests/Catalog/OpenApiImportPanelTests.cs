using System.Text;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.Extensions.DependencyInjection;
using TrustVault.Core.Catalog;
using TrustVault.Tests.Infrastructure;
using TrustVault.Web.Components.Pages.Portal;

namespace TrustVault.Tests.Catalog;

/// <summary>The portal's OpenAPI import over Core's real ListingService.</summary>
public sealed class OpenApiImportPanelTests : MudBunitContext, IClassFixture<CoreTestHost>
{
    private readonly CoreTestHost host;

    public OpenApiImportPanelTests(CoreTestHost host)
    {
        this.host = host;
        Services.AddSingleton(host.Get<ListingService>());
        SetRendererInfo(new RendererInfo("Server", isInteractive: true));
    }

    [Fact]
    public async Task A_file_that_is_not_utf8_is_refused_rather_than_read_with_replacement_characters()
    {
        var panel = await RenderDraftAsync("latin1-upload@example.com");
        var latin1 = Encoding.Latin1.GetBytes("openapi: 3.0.3\ninfo:\n  title: Caf\u00e9 M\u00fcnchen\n  version: '1'\n");

        panel.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromBinary(latin1, "latin1.yaml"));

        panel.WaitForAssertion(() => Assert.Contains("latin1.yaml is not UTF-8", panel.Find("[data-testid=openapi-errors]").TextContent, StringComparison.Ordinal));
        Assert.DoesNotContain("\uFFFD", panel.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_document_with_a_reference_loop_shows_the_error_and_keeps_the_panel_working()
    {
        var panel = await RenderDraftAsync("loop-import@example.com");

        panel.Find("textarea[data-testid=openapi-text]").Change("""
            { "openapi": "3.0.3", "info": { "title": "T", "version": "1" },
              "paths": { "/c": { "post": { "requestBody": { "content": { "application/json": { "schema": { "$ref": "#/components/schemas/A" } } } },
                                           "responses": { "200": { "description": "ok" } } } } },
              "components": { "schemas": { "A": { "$ref": "#/components/schemas/A" } } } }
            """);
        panel.Find("[data-testid=openapi-import]").Click();

        panel.WaitForAssertion(() => Assert.Contains("loop", panel.Find("[data-testid=openapi-errors]").TextContent, StringComparison.Ordinal));
    }

    private async Task<IRenderedComponent<OpenApiImportPanel>> RenderDraftAsync(string email)
    {
        var (providerId, organizationId) = await host.AddProviderAsync(email);
        var listings = host.Get<ListingService>();
        var listingId = await listings.CreateAsync(providerId, organizationId, new ListingInput
        {
            Name = "Harbour",
            Slug = $"harbour-{Guid.NewGuid():N}"[..20],
            Summary = "Harbour",
            Category = "Weather",
            UpstreamBaseUrl = "https://harbour.example.com",
        }, CancellationToken.None);
        var listing = await listings.GetAsync(providerId, organizationId, listingId, CancellationToken.None);
        return Render<OpenApiImportPanel>(p => p
            .Add(c => c.Listing, listing)
            .Add(c => c.UserId, providerId)
            .Add(c => c.OrganizationId, organizationId));
    }
}
