using TrustVault.Core.Catalog;

namespace TrustVault.Tests.Gateway;

/// <summary>The signature upstreams verify, against values computed outside .NET (Python's hmac) from its documented payload.</summary>
public sealed class UpstreamSignatureTests
{
    [Fact]
    public void Signature_is_the_hex_HMAC_of_timestamp_method_path_and_request_id()
    {
        var signature = UpstreamSignature.Compute("whsec_bench_secret", 1_700_000_000, "get", "/quotes/ACME?x=1", "0190a1b2c3d4e5f60718293a4b5c6d7e");

        Assert.Equal("4263a95bb0379dc638f88d95b7def14885d91929aafd781cad9d42a595a03c34", signature);
    }

    [Fact]
    public void Signature_encodes_a_long_secret_and_a_path_beyond_ASCII_as_UTF8()
    {
        var signature = UpstreamSignature.Compute(new string('ü', 300), -5, "POST", "/städte/Zürich", "r");

        Assert.Equal("0da7a144dbd36694d68fc070a18e31d204911237badabb09c3cc8dd0bd1785d0", signature);
    }
}
