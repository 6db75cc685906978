using Microsoft.OpenApi;

namespace TrustVault.Core.Catalog.OpenApi;

public enum OpenApiDownloadFormat
{
    Json,
    Yaml,
}

/// <summary>
/// A listing's stored OpenAPI document (JSON or YAML, as the provider imported it or the app generated it) in the format
/// a visitor downloads: as stored when it is in that format already, else written by Microsoft.OpenApi in the
/// document's own OpenAPI version, so a 3.0 document stays 3.0.
/// </summary>
public static class OpenApiDownload
{
    public static string As(string stored, OpenApiDownloadFormat format)
    {
        ArgumentNullException.ThrowIfNull(stored);
        var storedFormat = OpenApiImporter.Format(stored) == "json" ? OpenApiDownloadFormat.Json : OpenApiDownloadFormat.Yaml;
        if (storedFormat == format)
        {
            return stored;
        }

        var read = OpenApiImporter.Read(stored);
        var document = read.Document ?? throw new InvalidOperationException("A stored document no longer reads as OpenAPI.");
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
