using System.Net;
using Microsoft.Extensions.Options;
using TrustVault.Core.Egress;

namespace TrustVault.Tests.Egress;

/// <summary>Which addresses the gateway, webhooks and health probes may reach with private upstreams disallowed.</summary>
public sealed class UpstreamAddressTests
{
    private readonly UpstreamUrlPolicy policy = new(Options.Create(new UpstreamOptions { RequireHttps = true }));

    [Theory]
    [InlineData("::127.0.0.1")]
    [InlineData("::7f00:1")]
    [InlineData("::10.0.0.1")]
    [InlineData("::ffff:127.0.0.1")]
    [InlineData("::ffff:169.254.169.254")]
    [InlineData("::ffff:0:7f00:1")]
    [InlineData("::ffff:0:a9fe:a9fe")]
    [InlineData("64:ff9b::7f00:1")]
    [InlineData("64:ff9b::192.168.1.1")]
    [InlineData("64:ff9b:1::808:808")]
    [InlineData("64:ff9b:1:7f00:0:100::")]
    [InlineData("2002:7f00:1::")]
    [InlineData("2002:a00:1::1")]
    [InlineData("2002:a9fe:a9fe::1")]
    [InlineData("2001:0:4136:e378:8000:63bf:80ff:fffe")]
    [InlineData("2001:0:4136:e378:8000:63bf:f5ff:fffe")]
    [InlineData("2001:0:a00:1:8000:63bf:f7f7:f7f7")]
    [InlineData("2001:4860:1::5efe:7f00:1")]
    [InlineData("2001:4860:1:0:200:5efe:a00:1")]
    [InlineData("fe80::5efe:808:808")]
    [InlineData("::")]
    [InlineData("::1")]
    [InlineData("fe80::1")]
    [InlineData("fd00::1")]
    [InlineData("ff02::1")]
    [InlineData("100::1")]
    [InlineData("2001:db8::1")]
    [InlineData("3fff::1")]
    [InlineData("127.0.0.1")]
    [InlineData("0.0.0.0")]
    [InlineData("10.1.2.3")]
    [InlineData("100.64.0.1")]
    [InlineData("169.254.169.254")]
    [InlineData("172.16.0.1")]
    [InlineData("192.0.0.170")]
    [InlineData("192.168.1.1")]
    [InlineData("198.18.0.1")]
    [InlineData("198.51.100.1")]
    [InlineData("203.0.113.1")]
    [InlineData("224.0.0.1")]
    [InlineData("255.255.255.255")]
    public void An_address_that_is_or_carries_a_private_ipv4_address_is_refused(string address)
    {
        Assert.False(UpstreamUrlPolicy.IsPublic(IPAddress.Parse(address)));
        Assert.NotNull(policy.Check($"https://{(address.Contains(':', StringComparison.Ordinal) ? $"[{address}]" : address)}/"));
    }

    [Theory]
    [InlineData("93.184.216.34")]
    [InlineData("8.8.8.8")]
    [InlineData("2606:4700:4700::1111")]
    [InlineData("64:ff9b::808:808")]
    [InlineData("::ffff:8.8.8.8")]
    [InlineData("2002:808:808::1")]
    [InlineData("2001:0:4136:e378:8000:63bf:f7f7:f7f7")]
    [InlineData("2001:4860:1::5efe:808:808")]
    public void A_public_address_is_accepted_in_whichever_form(string address)
    {
        Assert.True(UpstreamUrlPolicy.IsPublic(IPAddress.Parse(address)));
        Assert.Null(policy.Check($"https://{(address.Contains(':', StringComparison.Ordinal) ? $"[{address}]" : address)}/"));
    }

    [Theory]
    [InlineData("https://[::127.0.0.1]/")]
    [InlineData("https://[::7f00:1]/")]
    [InlineData("https://[64:ff9b::7f00:1]/")]
    [InlineData("https://[::ffff:0:7f00:1]/")]
    [InlineData("https://[2002:7f00:1::]/")]
    [InlineData("https://①②⑦.0.0.1:18931/v1")]
    [InlineData("https://１２７.０.０.１:18931/v1")]
    [InlineData("https://⑯⑨.②⑤④.⑯⑨.②⑤④/latest")]
    [InlineData("https://ｌｏｃａｌｈｏｓｔ/")]
    [InlineData("https://api.ｌｏｃａｌ/")]
    public void The_reported_loopback_vectors_are_refused_as_upstreams_and_webhook_endpoints(string address)
    {
        Assert.NotNull(policy.Check(address));
        Assert.NotNull(policy.CheckWebhookUrl(address));
    }

    [Theory]
    [InlineData("https://bücher.example/v1")]
    [InlineData("https://例え.jp/")]
    public void An_international_domain_name_is_accepted(string address) => Assert.Null(policy.Check(address));
}
