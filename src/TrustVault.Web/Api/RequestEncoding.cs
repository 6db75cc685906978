namespace TrustVault.Web.Api;

/// <summary>
/// TrustVault's own APIs read bodies as sent: a compressed one (Content-Encoding: gzip) would be read as bytes of
/// garbage and refused as bad JSON, which sends its client looking in the wrong place.
/// </summary>
internal static class RequestEncoding
{
    /// <summary>A <see cref="BadHttpRequestException"/> (415) unless the body is sent without a content coding.</summary>
    public static void RequireUncompressed(HttpRequest request)
    {
        foreach (var coding in request.Headers.ContentEncoding)
        {
            if (!string.IsNullOrWhiteSpace(coding) && !coding.Trim().Equals("identity", StringComparison.OrdinalIgnoreCase))
            {
                throw new BadHttpRequestException(
                    $"Send the body uncompressed: Content-Encoding '{coding}' is not accepted.", StatusCodes.Status415UnsupportedMediaType);
            }
        }
    }
}
