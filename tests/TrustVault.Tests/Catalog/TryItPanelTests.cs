using System.Text.Json;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using TrustVault.Core;
using TrustVault.Core.Catalog;
using TrustVault.Core.Catalog.OpenApi;
using TrustVault.Core.Data;
using TrustVault.Core.Organizations;
using TrustVault.Tests.Infrastructure;
using TrustVault.Web.Components;
using TrustVault.Web.Components.Shared;
using TrustVault.Web.Gateway;

namespace TrustVault.Tests.Catalog;

public sealed class TryItPanelTests : MudBunitContext
{
    private const string Document = """
        openapi: 3.0.3
        info: { title: Analytics, version: 1.0.0 }
        paths:
          /v1/ping:
            get:
              summary: Check that the API answers
              responses: { '200': { description: OK } }
          /v1/forecast:
            post:
              requestBody:
                content:
                  application/json:
                    example: { series: [1, 2, 3, 4], horizon: 2, seasonLength: 2 }
              responses: { '200': { description: OK } }
          /v1/profile:
            post:
              requestBody:
                content:
                  text/csv:
                    schema: { type: string }
                    example: "a,b\n1,2\n"
              responses: { '200': { description: OK } }
          /v1/orders/{id}:
            put:
              parameters:
                - { name: id, in: path, required: true, schema: { type: string }, example: ord_42 }
                - { name: notify, in: query, schema: { type: boolean } }
              requestBody:
                content:
                  application/json:
                    schema:
                      type: object
                      properties:
                        quantity: { type: integer }
                        tags: { type: array, items: { type: string } }
                        size: { type: string, enum: [small, large] }
              responses: { '200': { description: OK } }
          /v1/charges:
            post:
              parameters:
                - { name: Idempotency-Key, in: header, required: true, schema: { type: string }, example: charge-7 }
                - { name: Idempotency-Key, in: query, schema: { type: string }, example: legacy-7 }
              responses: { '200': { description: OK } }
        """;

    private static readonly IReadOnlyList<ListingEndpoint> Endpoints = OpenApiImporter.Import(Document).Endpoints;

    public TryItPanelTests()
    {
        // The real services; nothing here sends a call or creates a key, so the database is never opened.
        Services.AddTrustVaultCore(new DatabaseOptions { ConnectionString = "Data Source=never-opened.db" }, Path.GetTempPath());
        Services.AddLogging();
        Services.AddSingleton<TryItClient>();
        Services.AddHttpContextAccessor();
        Services.AddScoped<CircuitBrowser>();
    }

    private IRenderedComponent<TryItPanel> RenderPanel(OrganizationRole role = OrganizationRole.Developer) => Render<TryItPanel>(parameters => parameters
        .Add(p => p.Slug, "ai-analytics")
        .Add(p => p.ListingName, "AI Analytics")
        .Add(p => p.Endpoints, Endpoints)
        .Add(p => p.UserId, "user")
        .Add(p => p.OrganizationId, Guid.NewGuid())
        .Add(p => p.Role, role));

    [Theory]
    [InlineData(OrganizationRole.Owner, true)]
    [InlineData(OrganizationRole.Developer, true)]
    [InlineData(OrganizationRole.Billing, false)]
    public void Only_members_who_manage_keys_are_offered_a_test_key(OrganizationRole role, bool offered)
    {
        var panel = RenderPanel(role);

        Assert.Equal(offered, panel.FindAll("[data-testid=tryit-create-key]").Count == 1);
        Assert.NotEmpty(panel.FindAll("[data-testid=tryit-send]"));
    }

    private static Task ChooseAsync(IRenderedComponent<TryItPanel> panel, string endpoint)
    {
        var select = panel.FindComponents<MudSelect<string>>().First();
        return panel.InvokeAsync(() => select.Instance.ValueChanged.InvokeAsync(endpoint));
    }

    [Fact]
    public void The_panel_starts_on_the_first_endpoint_without_a_body_and_cannot_send_without_a_key()
    {
        var panel = RenderPanel();

        Assert.Contains("GET /v1/ping", panel.FindComponents<MudSelect<string>>().First().Markup, StringComparison.Ordinal);
        Assert.Empty(panel.FindAll("[data-testid=tryit-body]"));
        Assert.True(panel.Find("[data-testid=tryit-send]").HasAttribute("disabled"));
        Assert.NotNull(panel.Find("[data-testid=tryit-create-key]"));
    }

    [Fact]
    public void A_pasted_key_enables_send_and_is_typed_into_a_password_field()
    {
        var panel = RenderPanel();
        var key = panel.Find("[data-testid=tryit-key]");
        Assert.Equal("password", key.GetAttribute("type"));

        key.Input("tv_test_abc_secret");

        Assert.False(panel.Find("[data-testid=tryit-send]").HasAttribute("disabled"));
    }

    [Fact]
    public async Task Choosing_a_post_endpoint_prefills_its_json_example()
    {
        var panel = RenderPanel();

        await ChooseAsync(panel, "POST /v1/forecast");

        var body = panel.Find("[data-testid=tryit-body]").GetAttribute("value") ?? panel.Find("[data-testid=tryit-body]").TextContent;
        using var json = JsonDocument.Parse(body);
        Assert.Equal(4, json.RootElement.GetProperty("series").GetArrayLength());
        Assert.Equal(2, json.RootElement.GetProperty("horizon").GetInt32());
        Assert.Contains("POST /v1/forecast", panel.FindComponents<MudSelect<string>>().First().Markup, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Choosing_an_endpoint_with_parameters_shows_a_field_for_each_prefilled_from_its_example()
    {
        var panel = RenderPanel();

        await ChooseAsync(panel, "PUT /v1/orders/{id}");

        Assert.Equal("ord_42", panel.Find("[data-testid=tryit-param-path-id]").GetAttribute("value"));
        Assert.NotNull(panel.Find("[data-testid=tryit-param-query-notify]"));
    }

    [Fact]
    public async Task A_header_and_a_query_parameter_of_one_name_are_two_fields_each_with_its_own_value()
    {
        var panel = RenderPanel();

        await ChooseAsync(panel, "POST /v1/charges");

        Assert.Equal("charge-7", panel.Find("[data-testid=tryit-param-header-Idempotency-Key]").GetAttribute("value"));
        Assert.Equal("legacy-7", panel.Find("[data-testid=tryit-param-query-Idempotency-Key]").GetAttribute("value"));
    }

    [Fact]
    public void A_header_and_a_query_parameter_of_one_name_are_sent_and_shown_in_code_each_with_its_own_value()
    {
        var form = new TryItForm(Endpoints.Single(e => e.Path == "/v1/charges"));
        form.Values[new("query", "Idempotency-Key")] = "legacy-8";

        var request = form.ToRequest("shop", "key");
        var snippet = form.ToSnippet("shop");

        Assert.Equal(("charge-7", "legacy-8"), (request.Headers!["Idempotency-Key"], request.Query["Idempotency-Key"]));
        Assert.Equal([KeyValuePair.Create("Idempotency-Key", "charge-7")], snippet.Headers);
        Assert.Equal([KeyValuePair.Create("Idempotency-Key", "legacy-8")], snippet.Query);
    }

    [Theory]
    [InlineData(true, true)]
    [InlineData(false, false)]
    public void The_listing_view_has_a_try_it_tab_only_where_the_page_offers_one(bool offered, bool shown)
    {
        var listing = new Listing { Name = "AI Analytics", Slug = "ai-analytics" };
        var page = new ListingPage(listing, "TrustVault", "", Endpoints, [], 0, 0);

        var view = Render<ListingView>(parameters => parameters
            .Add(v => v.Page, page)
            .Add(v => v.TryItContent, offered ? builder => builder.AddContent(0, "the panel") : null));

        Assert.Equal(shown, view.Markup.Contains("Try it", StringComparison.Ordinal));
    }

    [Fact]
    public void A_text_example_is_unquoted_and_sent_as_csv()
    {
        var (body, contentType) = EndpointExamples.Body(Endpoints.Single(e => e.Path == "/v1/profile"));

        Assert.Equal("a,b\n1,2\n", body);
        Assert.Equal("text/csv", contentType);
    }

    [Fact]
    public void A_schema_without_an_example_becomes_a_skeleton_to_fill_in()
    {
        var (body, contentType) = EndpointExamples.Body(Endpoints.Single(e => e.Path == "/v1/orders/{id}"));

        using var json = JsonDocument.Parse(body);
        Assert.Equal(0, json.RootElement.GetProperty("quantity").GetInt32());
        Assert.Equal("string", json.RootElement.GetProperty("tags")[0].GetString());
        Assert.Equal("small", json.RootElement.GetProperty("size").GetString());
        Assert.Equal("application/json", contentType);
    }

    [Fact]
    public void The_request_carries_the_endpoints_method_template_and_the_filled_values()
    {
        var form = new TryItForm(Endpoints.Single(e => e.Path == "/v1/orders/{id}"));
        form.Values[new("query", "notify")] = "true";

        var request = form.ToRequest("shop", "key");

        Assert.Equal(("PUT", "/v1/orders/{id}", "ord_42", "true"), (request.Method, request.Path, request.PathValues["id"], request.Query["notify"]));
        Assert.Equal("application/json", request.ContentType);
    }

    [Fact]
    public void A_path_parameter_the_document_does_not_declare_gets_a_field_and_is_sent()
    {
        var endpoint = OpenApiImporter.Import("""
            openapi: 3.1.0
            info: { title: Loose, version: "1" }
            paths:
              /a/{id}/b/{part}:
                get:
                  parameters:
                    - { name: part, in: path, required: true, schema: { type: string }, example: head }
                  responses: { '200': { description: OK } }
            """).Endpoints.Single();
        var form = new TryItForm(endpoint);
        form.Values[new("path", "id")] = "42";

        var request = form.ToRequest("loose", "key");

        Assert.Equal(["part", "id"], form.Parameters.Select(p => p.Name));
        Assert.Equal(("42", "head"), (request.PathValues["id"], request.PathValues["part"]));
    }
}
