using System.Net;
using TrustVault.Web.Telemetry;

namespace TrustVault.Tests.Telemetry;

public sealed class MetricsEndpointOptionsTests
{
    [Theory]
    [InlineData("127.0.0.1", true)]
    [InlineData("127.10.0.1", true)]
    [InlineData("::1", true)]
    [InlineData("::ffff:127.0.0.1", true)]
    [InlineData("10.0.0.5", false)]
    [InlineData("203.0.113.7", false)]
    public void Without_networks_configured_only_loopback_is_allowed(string caller, bool allowed) =>
        Assert.Equal(allowed, new MetricsEndpointOptions().Allows(IPAddress.Parse(caller)));

    [Theory]
    [InlineData("10.0.3.4", true)]
    [InlineData("::ffff:10.0.3.4", true)]
    [InlineData("fd00::1", true)]
    [InlineData("10.1.0.1", false)]
    [InlineData("127.0.0.1", false)]
    public void Configured_networks_replace_loopback(string caller, bool allowed)
    {
        var options = new MetricsEndpointOptions { AllowedNetworks = { "10.0.0.0/16", "fd00::/8" } };

        Assert.Equal(allowed, options.Allows(IPAddress.Parse(caller)));
    }

    [Fact]
    public void A_caller_without_an_address_is_not_allowed() => Assert.False(new MetricsEndpointOptions().Allows(null));

    [Fact]
    public void Only_the_configured_token_is_accepted_and_none_when_unset()
    {
        var options = new MetricsEndpointOptions { Token = "0123456789abcdef" };

        Assert.True(options.Accepts("0123456789abcdef"));
        Assert.False(options.Accepts("0123456789abcdeF"));
        Assert.False(options.Accepts("0123456789abcde"));
        Assert.False(options.Accepts(null));
        Assert.False(new MetricsEndpointOptions().Accepts(""));
    }
}
