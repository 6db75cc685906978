using System.Security.Cryptography;
using System.Text;
using TrustVault.Core.Webhooks;

namespace TrustVault.Tests.Webhooks;

public sealed class WebhookSignatureTests
{
    private const string Body = """{"id":"evt_1","type":"ping","data":{}}""";
    private static readonly DateTimeOffset Now = new(2026, 11, 1, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_signature_is_the_hex_HMAC_SHA256_of_timestamp_dot_body_keyed_with_the_whole_secret()
    {
        var secret = WebhookSignature.NewSecret();
        var timestamp = Now.ToUnixTimeSeconds();

        var header = WebhookSignature.Create(secret, timestamp, Body);

        // The README's recipe, written out independently of the signer.
        var expected = Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{timestamp}.{Body}")));
        Assert.Equal($"t={timestamp},v1={expected}", header);
        Assert.StartsWith("whsec_", secret, StringComparison.Ordinal);
        Assert.True(WebhookSignature.Verify(secret, header, Body, Now));
    }

    [Fact]
    public void Verify_refuses_a_changed_body_another_secret_an_old_timestamp_and_a_missing_header()
    {
        var secret = WebhookSignature.NewSecret();
        var header = WebhookSignature.Create(secret, Now.ToUnixTimeSeconds(), Body);

        Assert.False(WebhookSignature.Verify(secret, header, Body.Replace("ping", "pong", StringComparison.Ordinal), Now));
        Assert.False(WebhookSignature.Verify(WebhookSignature.NewSecret(), header, Body, Now));
        Assert.False(WebhookSignature.Verify(secret, header, Body, Now.AddMinutes(6)));
        Assert.False(WebhookSignature.Verify(secret, null, Body, Now));
        Assert.True(WebhookSignature.Verify(secret, header, Body, Now.AddMinutes(4)));
    }

    [Fact]
    public void Retries_back_off_and_stop_within_three_days_of_the_event()
    {
        var attempts = new List<DateTimeOffset> { Now };
        while (WebhookRetrySchedule.NextAttemptAt(Now, attempts.Count, attempts[^1]) is { } next)
        {
            attempts.Add(next);
        }

        var gaps = attempts.Zip(attempts.Skip(1), (a, b) => b - a).ToList();
        Assert.Equal(TimeSpan.FromMinutes(1), gaps[0]);
        Assert.True(gaps.Zip(gaps.Skip(1)).All(pair => pair.Second >= pair.First), "Each wait is at least as long as the one before.");
        Assert.True(attempts[^1] <= Now + TimeSpan.FromDays(3));
        Assert.True(attempts[^1] > Now + TimeSpan.FromDays(2), "Retries go on for most of the three days.");
    }
}
