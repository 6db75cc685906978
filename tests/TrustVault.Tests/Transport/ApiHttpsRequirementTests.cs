using System.Net;
using TrustVault.Tests.Infrastructure;

namespace TrustVault.Tests.Transport;

[Collection(AppCollection.Name)]
public sealed class ApiHttpsRequirementTests(ProductionFactory factory) : IClassFixture<ProductionFactory>
{
    private const string Client = "203.0.113.7";

    [Theory]
    [InlineData("/gw/business-intelligence/v1/ping")]
    [InlineData("/api/v1/organizations")]
    public async Task Plain_http_to_an_api_gets_400_problem_and_no_redirect(string path)
    {
        var response = await SendAsync(path, peer: Client);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("HTTPS required", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Null(response.Headers.Location);
    }

    [Theory]
    [InlineData("/gw/business-intelligence/v1/ping")]
    [InlineData("/api/v1/organizations")]
    public async Task Https_reported_by_the_configured_proxy_reaches_the_api(string path)
    {
        var response = await SendAsync(path, peer: ProductionFactory.Proxy.ToString(), forwardedProto: "https");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Https_claimed_by_any_other_address_is_not_believed()
    {
        var response = await SendAsync("/api/v1/organizations", peer: "10.0.0.6", forwardedProto: "https");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Pages_over_plain_http_are_redirected_to_https()
    {
        var response = await SendAsync("/catalog", peer: Client);

        Assert.Equal(HttpStatusCode.TemporaryRedirect, response.StatusCode);
        Assert.Equal(Uri.UriSchemeHttps, response.Headers.Location?.Scheme);
    }

    [Fact]
    public async Task A_page_the_proxy_reports_as_plain_http_is_redirected_to_https_on_the_standard_port()
    {
        var response = await SendAsync("/Account/Login", peer: ProductionFactory.Proxy.ToString(), forwardedProto: "http");

        Assert.Equal(HttpStatusCode.TemporaryRedirect, response.StatusCode);
        Assert.Equal((Uri.UriSchemeHttps, 443, "/Account/Login"), (response.Headers.Location?.Scheme, response.Headers.Location?.Port, response.Headers.Location?.AbsolutePath));
    }

    private Task<HttpResponseMessage> SendAsync(string path, string peer, string? forwardedProto = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add(PeerAddressFromHeader.Header, peer);
        if (forwardedProto is not null)
        {
            request.Headers.Add("X-Forwarded-For", Client);
            request.Headers.Add("X-Forwarded-Proto", forwardedProto);
        }

        return factory.CreateBrowser().SendAsync(request);
    }
}
