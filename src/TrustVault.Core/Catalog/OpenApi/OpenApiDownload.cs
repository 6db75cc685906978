using Microsoft.OpenApi;

namespace TrustVault.Core.Catalog.OpenApi;

public enum OpenApiDownloadFormat
{
    Json,
    Yaml,
}

/// <summary>
/// A listing's stored OpenAPI document (JSON or YAML, as the provider imported it or the app generated it) in the format
/// a visitor downloads, calling the listing at the gateway (<see cref="GatewayDocument"/>). Both formats are written by
/// Microsoft.OpenApi in the document's own OpenAPI version, so a 3.0 document stays 3.0 and the JSON and YAML name the
/// same version.
/// </summary>
public static class OpenApiDownload
{
    /// <param name="gatewayUrl">The listing's address at the gateway, e.g. https://trustvault.example.com/gw/skycast-weather.</param>
    public static string As(string stored, OpenApiDownloadFormat format, string gatewayUrl)
    {
        ArgumentNullException.ThrowIfNull(stored);
        var read = OpenApiImporter.Read(stored);
        var document = read.Document ?? throw new InvalidOperationException("A stored document no longer reads as OpenAPI.");
        GatewayDocument.PointAt(document, gatewayUrl);
        using var text = new StringWriter();
        IOpenApiWriter writer = format == OpenApiDownloadFormat.Json ? new OpenApiJsonWriter(text) : new OpenApiYamlWriter(text);
        if (read.Diagnostic?.SpecificationVersion == OpenApiSpecVersion.OpenApi3_0)
        {
            document.SerializeAsV3(writer);
        }
        else
        {
            document.SerializeAsV31(writer);
        }

        return text.ToString();
    }
}
