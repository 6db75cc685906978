using System.Net;
using Microsoft.AspNetCore.Http;
using TrustVault.Web.Components;
using TrustVault.Web.Gateway;

namespace TrustVault.Tests.Shared;

public sealed class CircuitBrowserTests
{
    private readonly DefaultHttpContext connection = new();

    public CircuitBrowserTests()
    {
        connection.Request.Scheme = "https";
        connection.Request.Host = new HostString("market.example:8443");
        connection.Connection.RemoteIpAddress = IPAddress.Parse("198.51.100.4");
    }

    private async Task<TryItCaller?> CallerAsync()
    {
        var browser = new CircuitBrowser(new HttpContextAccessor { HttpContext = connection });
        await browser.OnConnectionUpAsync(null!, CancellationToken.None);
        return browser.Caller;
    }

    [Fact]
    public async Task The_browser_is_read_from_the_request_of_the_circuits_connection()
    {
        connection.Request.Headers.UserAgent = "Mozilla/5.0 (X11; Linux x86_64)";

        Assert.Equal(new TryItCaller("https", new HostString("market.example:8443"), IPAddress.Parse("198.51.100.4"), "Mozilla/5.0 (X11; Linux x86_64)"), await CallerAsync());
    }

    [Theory]
    [InlineData("")]
    [InlineData("Mozilla\u0001")]
    [InlineData("Mozilla/5.0 Ünïcode")]
    public async Task A_user_agent_unfit_to_forward_is_replaced_by_try_its_own(string given)
    {
        connection.Request.Headers.UserAgent = given;

        Assert.Equal(TryItCaller.DefaultUserAgent, (await CallerAsync())!.UserAgent);
    }
}
