using TrustVault.Core.Catalog;
using TrustVault.Core.Catalog.OpenApi;

namespace TrustVault.Tests.Catalog;

public sealed class OpenApiImporterTests
{
    private const string ValidYaml = """
        openapi: 3.0.3
        info:
          title: Skycast Weather
          version: 2.1.0
        paths:
          /forecast:
            get:
              tags: [Forecasts]
              summary: Hourly forecast for a coordinate
              operationId: getForecast
              parameters:
                - name: lat
                  in: query
                  required: true
                  schema: { type: number }
                - name: days
                  in: query
                  schema: { type: integer }
              responses:
                '200':
                  description: OK
                  content:
                    application/json:
                      example: { temperature: 21.5 }
          /alerts/{region}:
            parameters:
              - name: region
                in: path
                required: true
                schema: { type: string }
            post:
              summary: Subscribe to alerts
              requestBody:
                content:
                  application/json:
                    schema: { type: object }
                    example: { email: ops@example.com }
              responses:
                '201': { description: Created }
        """;

    [Fact]
    public void A_valid_yaml_document_gives_its_endpoints_parameters_and_examples()
    {
        var import = OpenApiImporter.Import(ValidYaml);

        Assert.True(import.Succeeded, string.Join("; ", import.Errors));
        Assert.Equal("Skycast Weather", import.Title);
        Assert.Equal("2.1.0", import.Version);
        var forecast = import.Endpoints.Single(e => e.Path == "/forecast");
        Assert.Equal("GET", forecast.Method);
        Assert.Equal("Forecasts", forecast.Tag);
        Assert.Equal("Hourly forecast for a coordinate", forecast.Summary);
        Assert.Equal(["lat", "days"], forecast.Parameters.Select(p => p.Name));
        Assert.True(forecast.Parameters[0].Required);
        Assert.Equal("query", forecast.Parameters[0].In);
        Assert.Contains("21.5", forecast.ResponseExample, StringComparison.Ordinal);
        var alerts = import.Endpoints.Single(e => e.Path == "/alerts/{region}");
        Assert.Equal("POST", alerts.Method);
        Assert.Equal("General", alerts.Tag);
        Assert.Equal("path", Assert.Single(alerts.Parameters).In);
        Assert.Contains("ops@example.com", alerts.RequestBody, StringComparison.Ordinal);
    }

    [Fact]
    public void A_json_document_is_read_too()
    {
        var import = OpenApiImporter.Import("""
            { "openapi": "3.1.0", "info": { "title": "Ping", "version": "1" },
              "paths": { "/ping": { "get": { "summary": "Ping", "responses": { "200": { "description": "OK" } } } } } }
            """);

        Assert.True(import.Succeeded, string.Join("; ", import.Errors));
        Assert.Equal("/ping", Assert.Single(import.Endpoints).Path);
    }

    [Fact]
    public void A_syntax_error_is_reported_and_gives_no_endpoints()
    {
        var import = OpenApiImporter.Import("openapi: 3.0.3\ninfo: [unclosed\n  title: x");

        Assert.False(import.Succeeded);
        Assert.Empty(import.Endpoints);
        Assert.NotEmpty(import.Errors[0].Message);
    }

    [Fact]
    public void A_structural_error_is_reported_with_its_location()
    {
        var import = OpenApiImporter.Import("""
            openapi: 3.0.3
            info:
              title: Broken
              version: 1.0.0
            paths:
              /items:
                get:
                  parameters:
                    - name: id
                      in: nowhere
                  responses:
                    '200': { description: OK }
            """);

        Assert.False(import.Succeeded);
        Assert.Empty(import.Endpoints);
        Assert.Contains(import.Errors, e => e.Location.Contains("/paths", StringComparison.Ordinal));
    }

    [Fact]
    public void A_reference_to_a_component_the_document_does_not_have_is_reported_where_it_is()
    {
        var import = OpenApiImporter.Import("""
            openapi: 3.0.3
            info: { title: Refs, version: "1" }
            paths:
              /things/{id}:
                get:
                  parameters:
                    - $ref: '#/components/parameters/Id'
                  responses:
                    '200':
                      description: OK
                      content:
                        application/json:
                          schema:
                            type: object
                            properties:
                              owner: { $ref: '#/components/schemas/Owner' }
                              tags: { type: array, items: { $ref: '#/components/schemas/Tag' } }
            components:
              parameters:
                Id: { name: id, in: path, required: true, schema: { type: string } }
              schemas:
                Owner: { type: object, properties: { name: { type: string } } }
            """);

        Assert.False(import.Succeeded);
        var error = Assert.Single(import.Errors);
        Assert.Equal("#/paths/~1things~1{id}/get/responses/200/content/application~1json/schema/properties/tags/items", error.Location);
        Assert.Contains("#/components/schemas/Tag", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void References_to_components_the_document_has_import()
    {
        var import = OpenApiImporter.Import("""
            openapi: 3.1.0
            info: { title: Refs, version: "1" }
            paths:
              /things:
                post:
                  requestBody: { $ref: '#/components/requestBodies/Thing' }
                  responses:
                    '201': { $ref: '#/components/responses/Created' }
            components:
              schemas:
                Thing: { type: object, properties: { parent: { $ref: '#/components/schemas/Thing' } } }
              requestBodies:
                Thing: { content: { application/json: { schema: { $ref: '#/components/schemas/Thing' } } } }
              responses:
                Created: { description: Created }
            """);

        Assert.True(import.Succeeded, string.Join("; ", import.Errors));
    }

    [Fact]
    public void A_schema_nested_as_deep_as_the_reader_allows_imports()
    {
        // 27 levels of two mappings each, under the eight of the path: 62 of the YAML reader's 64.
        var schema = string.Concat(Enumerable.Repeat("{ type: object, properties: { next: ", 27)) + "{ type: string }" + new string('}', 54);
        var import = OpenApiImporter.Import($$"""
            openapi: 3.0.3
            info: { title: Deep, version: "1" }
            paths:
              /deep:
                get:
                  responses:
                    '200': { description: OK, content: { application/json: { schema: {{schema}} } } }
            """);

        Assert.True(import.Succeeded, string.Join("; ", import.Errors));
    }

    private static string JsonDocumentWith(string requestSchema, string schemas = "{}") => $$"""
        { "openapi": "3.0.3", "info": { "title": "T", "version": "1" },
          "paths": { "/c": { "post": {
            "requestBody": { "content": { "application/json": { "schema": {{requestSchema}} } } },
            "responses": { "200": { "description": "ok" } } } } },
          "components": { "schemas": {{schemas}} } }
        """;

    [Theory]
    [InlineData("""{ "A": { "$ref": "#/components/schemas/B" }, "B": { "$ref": "#/components/schemas/A" } }""")]
    [InlineData("""{ "A": { "$ref": "#/components/schemas/A" } }""")]
    public void A_reference_loop_is_reported_where_it_starts_not_thrown(string schemas)
    {
        var import = OpenApiImporter.Import(JsonDocumentWith("""{ "$ref": "#/components/schemas/A" }""", schemas));

        Assert.False(import.Succeeded);
        Assert.Contains(import.Errors, e => e.Location == "#/paths/~1c/post/requestBody/content/application~1json/schema"
            && e.Message.Contains("loop", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("""{ "openapi": "3.0.3", "info": { "title": "ab", "version": "1", "description": "x\u0001y" }, "paths": { "/y": { "get": { "responses": { "200": { "description": "ok" } } } } } }""", "#/info/description", "U+0001")]
    [InlineData("""{ "openapi": "3.0.3", "info": { "title": "a\u0000b", "version": "1" }, "paths": { "/y": { "get": { "responses": { "200": { "description": "ok" } } } } } }""", "#/info/title", "U+0000")]
    [InlineData("openapi: 3.0.3\ninfo: { title: T, version: '1' }\npaths:\n  /y:\n    get:\n      x-n: \"a\\0b\"\n      responses: { '200': { description: ok } }\n", "#/paths/~1y/get/x-n", "U+0000")]
    public void A_control_character_in_a_text_is_reported_where_it_is(string text, string location, string character)
    {
        var import = OpenApiImporter.Import(text);

        var error = Assert.Single(import.Errors);
        Assert.Equal(location, error.Location);
        Assert.Contains(character, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Tabs_and_line_breaks_in_a_text_import()
    {
        var import = OpenApiImporter.Import("""{ "openapi": "3.0.3", "info": { "title": "T", "version": "1", "description": "a\tb\r\nc" }, "paths": { "/y": { "get": { "responses": { "200": { "description": "ok" } } } } } }""");

        Assert.True(import.Succeeded, string.Join("; ", import.Errors));
    }

    [Theory]
    [InlineData("http://169.254.169.254/latest/meta-data/", "another file or address")]
    [InlineData("other.yaml#/X", "another file or address")]
    [InlineData("#/paths/~1c/post/responses", "must point into #/components")]
    public void A_reference_trustvault_cannot_follow_is_named_as_the_provider_wrote_it(string target, string reason)
    {
        var import = OpenApiImporter.Import(JsonDocumentWith($$"""{ "$ref": "{{target}}" }"""));

        var error = Assert.Single(import.Errors);
        Assert.Equal("#/paths/~1c/post/requestBody/content/application~1json/schema", error.Location);
        Assert.Contains($"'{target}'", error.Message, StringComparison.Ordinal);
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_ref_inside_an_example_is_data_not_a_reference()
    {
        var import = OpenApiImporter.Import(JsonDocumentWith("""{ "type": "object", "example": { "$ref": "elsewhere.json" } }"""));

        Assert.True(import.Succeeded, string.Join("; ", import.Errors));
    }

    [Fact]
    public void Json_nested_deeper_than_the_reader_allows_is_reported_at_the_node_too_deep()
    {
        var schema = string.Concat(Enumerable.Repeat("""{ "type": "object", "properties": { "n": """, 30)) + """{ "type": "string" }""" + new string('}', 60);

        var import = OpenApiImporter.Import(JsonDocumentWith(schema));

        var error = Assert.Single(import.Errors);
        Assert.StartsWith("#/paths/~1c/post/requestBody/content/application~1json/schema/properties/n/", error.Location, StringComparison.Ordinal);
        Assert.Contains("more than 64 levels", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("42")]
    [InlineData("[1,2]")]
    public void A_document_that_is_no_mapping_is_called_no_openapi_document(string text)
    {
        var error = Assert.Single(OpenApiImporter.Import(text).Errors);

        Assert.StartsWith("This is not an OpenAPI document", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/../../admin", "'.' or '..' segment")]
    [InlineData("/%2e%2e/x", "'.' or '..' segment")]
    [InlineData("/q?x=1", "query or fragment")]
    public void A_path_the_gateway_would_never_serve_is_refused_by_name(string path, string reason)
    {
        var import = OpenApiImporter.Import($$"""
            { "openapi": "3.0.3", "info": { "title": "T", "version": "1" },
              "paths": { "/ok": { "get": { "responses": { "200": { "description": "ok" } } } },
                         "{{path}}": { "get": { "responses": { "200": { "description": "ok" } } } } } }
            """);

        var error = Assert.Single(import.Errors);
        Assert.StartsWith($"#/paths/{path.Replace("/", "~1", StringComparison.Ordinal)}", error.Location, StringComparison.Ordinal);
        Assert.Contains($"'{path}'", error.Message, StringComparison.Ordinal);
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    private static string JsonDocumentWithPaths(IEnumerable<string> paths, string schemas = "{}") =>
        $$"""{ "openapi": "3.0.3", "info": { "title": "T", "version": "1" }, "paths": { {{string.Join(", ", paths)}} }, "components": { "schemas": {{schemas}} } }""";

    [Fact]
    public void A_document_with_more_operations_than_a_listing_documents_is_refused_with_their_count()
    {
        var paths = Enumerable.Range(0, OpenApiImporter.MaxOperations + 1).Select(i => $$"""
            "/r{{i}}": { "get": { "responses": { "200": { "description": "ok" } } } }
            """);

        var import = OpenApiImporter.Import(JsonDocumentWithPaths(paths));

        var error = Assert.Single(import.Errors);
        Assert.Equal("#/paths", error.Location);
        Assert.Contains($"{OpenApiImporter.MaxOperations + 1:N0} operations", error.Message, StringComparison.Ordinal);
        Assert.Empty(import.Endpoints);
    }

    [Fact]
    public void A_large_schema_shared_by_many_operations_is_refused_before_it_is_stored_once_per_operation()
    {
        // 0.4 MB of document whose endpoints would store 100 MB: each operation shows the whole schema, twice.
        var properties = string.Join(", ", Enumerable.Range(0, 300).Select(i => $$"""
            "p{{i}}": { "type": "string", "description": "{{new string('d', 50)}}" }
            """));
        var paths = Enumerable.Range(0, 1500).Select(i => $$"""
            "/w{{i}}": { "post": {
              "requestBody": { "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Big" } } } },
              "responses": { "200": { "description": "ok", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Big" } } } } } } }
            """);

        var import = OpenApiImporter.Import(JsonDocumentWithPaths(paths, $$"""{ "Big": { "type": "object", "properties": { {{properties}} } } }"""));

        var error = Assert.Single(import.Errors);
        Assert.Matches(@"^#/paths/~1w\d+/post$", error.Location);
        Assert.Contains($"more than {OpenApiImporter.MaxEndpointTextBytes / 1024 / 1024} MB", error.Message, StringComparison.Ordinal);
        Assert.Contains("give those bodies an example", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("summary", ListingEndpoint.SummaryMaxLength, "/summary")]
    [InlineData("operationId", ListingEndpoint.OperationIdMaxLength, "/operationId")]
    [InlineData("tags", ListingEndpoint.TagMaxLength, "/tags/0")]
    public void A_name_longer_than_an_endpoint_holds_is_refused_where_it_is(string field, int maxLength, string at)
    {
        // The database's column is that long: on PostgreSQL and SQL Server a longer one failed the import with a 500.
        var text = new string('a', maxLength + 1);
        var value = field == "tags" ? $"[\"{text}\"]" : $"\"{text}\"";
        var import = OpenApiImporter.Import(JsonDocumentWithPaths([$$"""
            "/a": { "get": { "{{field}}": {{value}}, "responses": { "200": { "description": "ok" } } } }
            """]));

        var error = Assert.Single(import.Errors);
        Assert.Equal($"#/paths/~1a/get{at}", error.Location);
        Assert.Contains($"{maxLength + 1:N0} characters", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_path_longer_than_an_endpoint_holds_is_refused_where_it_is()
    {
        var path = "/" + new string('p', ListingEndpoint.PathMaxLength);

        var import = OpenApiImporter.Import(JsonDocumentWithPaths([$$"""
            "{{path}}": { "get": { "responses": { "200": { "description": "ok" } } } }
            """]));

        var error = Assert.Single(import.Errors);
        Assert.Equal($"#/paths/~1{path[1..]}", error.Location);
        Assert.Contains($"{ListingEndpoint.PathMaxLength + 1} characters", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Yaml_merge_keys_are_applied_and_a_members_own_value_wins()
    {
        var import = OpenApiImporter.Import("""
            openapi: 3.0.3
            info: { title: Anchors, version: '1' }
            x-errors: &errors
              '400': { description: Bad request }
              '500': { description: Server error }
            x-read: &read
              summary: Read it
              tags: [Things]
              responses:
                '200': { description: OK, content: { application/json: { example: { id: 1 } } } }
                <<: *errors
            paths:
              /a:
                get: *read
              /b:
                get:
                  <<: *read
                  summary: Read b
            """);

        Assert.True(import.Succeeded, string.Join("; ", import.Errors));
        Assert.Equal([("/a", "Read it"), ("/b", "Read b")], import.Endpoints.Select(e => (e.Path, e.Summary)));
        Assert.All(import.Endpoints, e => Assert.Equal("Things", e.Tag));
        Assert.All(import.Endpoints, e => Assert.Contains("\"id\": 1", e.ResponseExample, StringComparison.Ordinal));
    }

    [Fact]
    public void A_document_with_webhooks_but_no_paths_is_told_that_a_listing_documents_the_calls_customers_make()
    {
        var import = OpenApiImporter.Import("""
            { "openapi": "3.1.0", "info": { "title": "Pet events", "version": "1" },
              "webhooks": { "newPet": { "post": { "responses": { "200": { "description": "Received" } } } } } }
            """);

        var error = Assert.Single(import.Errors);
        Assert.Equal("#/paths", error.Location);
        Assert.Contains("webhooks are calls the API makes", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_swagger_2_document_is_refused()
    {
        var import = OpenApiImporter.Import("""
            swagger: "2.0"
            info: { title: Old, version: "1" }
            paths:
              /a:
                get:
                  responses:
                    '200': { description: OK }
            """);

        Assert.False(import.Succeeded);
        Assert.Contains(import.Errors, e => e.Message.Contains("Swagger 2.0", StringComparison.Ordinal));
    }

    [Fact]
    public void A_swagger_2_document_with_references_is_refused_as_swagger_2_not_by_each_reference()
    {
        // Swagger's Petstore, whose 16 references into #/definitions used to be 16 errors that never said "Swagger 2.0".
        var import = OpenApiImporter.Import("""
            { "swagger": "2.0", "info": { "title": "Swagger Petstore", "version": "1.0.0" },
              "paths": { "/pet/{petId}": { "get": { "parameters": [{ "name": "petId", "in": "path", "required": true, "type": "integer" }],
                "responses": { "200": { "description": "successful operation", "schema": { "$ref": "#/definitions/Pet" } } } } } },
              "definitions": { "Pet": { "type": "object", "properties": { "name": { "type": "string" } } } } }
            """);

        var error = Assert.Single(import.Errors);
        Assert.Equal("swagger", error.Location);
        Assert.Contains("convert it to OpenAPI 3.x", error.Message, StringComparison.Ordinal);
    }

    // From GitHub's REST API description (github/rest-api-description, MIT licence): two paths that differ only in the name
    // of their last parameter, with different methods.
    private const string GitHubAttestations = """
        { "openapi": "3.0.3", "info": { "title": "GitHub v3 REST API", "version": "1.1.4" },
          "paths": {
            "/orgs/{org}/attestations/{attestation_id}": { "delete": { "summary": "Delete attestations by ID", "operationId": "orgs/delete-attestations-by-id",
              "parameters": [{ "name": "org", "in": "path", "required": true, "schema": { "type": "string" } },
                             { "name": "attestation_id", "description": "Attestation ID", "in": "path", "required": true, "schema": { "type": "integer" } }],
              "responses": { "200": { "description": "Response" } } } },
            "/orgs/{org}/attestations/{subject_digest}": { "METHOD": { "summary": "List attestations", "operationId": "orgs/list-attestations",
              "parameters": [{ "name": "org", "in": "path", "required": true, "schema": { "type": "string" } },
                             { "name": "subject_digest", "description": "The parameter should be set to the attestation's subject's SHA256 digest, in the form `sha256:HEX_DIGEST`.", "in": "path", "required": true, "schema": { "type": "string" } }],
              "responses": { "200": { "description": "Response" } } } } } }
        """;

    [Fact]
    public void Paths_that_differ_only_in_parameter_names_import_when_their_methods_differ()
    {
        var import = OpenApiImporter.Import(GitHubAttestations.Replace("METHOD", "get", StringComparison.Ordinal));

        Assert.True(import.Succeeded, string.Join("; ", import.Errors));
        Assert.Equal(
            ["DELETE /orgs/{org}/attestations/{attestation_id}", "GET /orgs/{org}/attestations/{subject_digest}"],
            import.Endpoints.Select(e => $"{e.Method} {e.Path}"));
    }

    [Fact]
    public void Paths_that_differ_only_in_parameter_names_are_refused_where_they_share_a_method()
    {
        var import = OpenApiImporter.Import(GitHubAttestations.Replace("METHOD", "delete", StringComparison.Ordinal));

        var error = Assert.Single(import.Errors);
        Assert.Equal("#/paths/~1orgs~1{org}~1attestations~1{subject_digest}/delete", error.Location);
        Assert.Contains("'DELETE /orgs/{org}/attestations/{attestation_id}'", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("::: not yaml [")]
    [InlineData("greeting: hello")]
    [InlineData("{ \"name\": \"not an API\" }")]
    [InlineData("hello world")]
    [InlineData("123")]
    [InlineData("openapi: banana")]
    [InlineData("{ \"openapi\": \"4.0.0\" }")]
    public void Text_that_is_no_openapi_document_is_refused_without_being_called_swagger(string text)
    {
        var import = OpenApiImporter.Import(text);

        Assert.False(import.Succeeded);
        Assert.DoesNotContain(import.Errors, e => e.Location == "swagger" || e.Message.Contains("Swagger", StringComparison.Ordinal));
    }

    [Fact]
    public void A_document_the_reader_cannot_read_through_gets_the_readers_own_error()
    {
        var import = OpenApiImporter.Import($"openapi: 3.0.3\ninfo:\n  title: Long\n  version: '1'\n  description: {new string('a', 70_000)}\npaths: {{}}");

        var error = Assert.Single(import.Errors);
        Assert.Contains("exceeds the maximum supported length", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_error_has_a_location()
    {
        var import = OpenApiImporter.Import("""
            openapi: 3.0.3
            info: { title: Paths, version: "1" }
            paths:
              nopath:
                get:
                  responses:
                    '200': { description: OK }
            """);

        Assert.False(import.Succeeded);
        Assert.All(import.Errors, e => Assert.False(string.IsNullOrEmpty(e.Location), string.Join("; ", import.Errors)));
    }

    [Theory]
    [InlineData("")]
    [InlineData("openapi: 3.0.3\ninfo: { title: Empty, version: '1' }\npaths: {}")]
    public void A_document_without_operations_is_refused(string text)
    {
        var import = OpenApiImporter.Import(text);

        Assert.False(import.Succeeded);
        Assert.Empty(import.Endpoints);
    }
}
