using System.Diagnostics;
using System.Globalization;
using System.Numerics;
using System.Text.Json;
using TrustVault.Core.Analytics.Privacy;
using TrustVault.Core.Data.Seeding;

namespace TrustVault.Bench;

/// <summary>
/// The encrypted sum of 10,000 values at 2048 bits end to end: the demo customer's key posts them over loopback HTTP to
/// the privacy listing through the gateway of a TrustVault started from the Release build, in the compact base64 form
/// and in the decimal form, taking turns so that load from other work falls on both alike. Reports each form's body size
/// and the time from sending the request to reading the answer (serializing the body is not counted), the CPU time the
/// TrustVault process spent meanwhile (which load from other work inflates far less than the elapsed time), and checks
/// that each answer decrypts to the plain sum.
/// </summary>
internal static class PaillierApiLoad
{
    public static async Task RunAsync(int values, int rounds)
    {
        var keys = PaillierKeyPair.Generate(2048);
        var key = keys.PublicKey;
        // One real encryption; the others are derived as c·(1 + i·n), ciphertexts of 1 + i (encrypting 10,000 values one
        // by one would take minutes). The server's work does not depend on how a ciphertext was made.
        var first = keys.Encrypt(1);
        var ciphertexts = Enumerable.Range(0, values).Select(i => first * (1 + (i * key.N)) % key.NSquared).ToArray();
        var plainSum = Enumerable.Range(0, values).Sum(i => 1L + i);

        var base64 = Body(key.N, ciphertexts, c => Convert.ToBase64String(c.ToByteArray(isUnsigned: true, isBigEndian: true)), "base64");
        var decimalForm = Body(key.N, ciphertexts, c => c.ToString(CultureInfo.InvariantCulture), null);

        await using var store = await GatewayStore.StartAsync(GatewayStore.Sqlite);
        var trustVault = await GatewayLoad.StartTrustVaultAsync(store);
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri(trustVault.Address), Timeout = TimeSpan.FromMinutes(2) };
            http.DefaultRequestHeaders.Add("X-Api-Key", DemoSeedOptions.CustomerApiKey);

            // The first call of each form compiles the endpoint's code: not measured.
            var server = trustVault.Process;
            await SumAsync(http, server, base64, ReadBase64, keys, plainSum);
            await SumAsync(http, server, decimalForm, ReadDecimal, keys, plainSum);
            var times = new Dictionary<string, List<(double Elapsed, double Cpu)>> { ["base64"] = [], ["decimal"] = [] };
            for (var round = 0; round < rounds; round++)
            {
                times["base64"].Add(await SumAsync(http, server, base64, ReadBase64, keys, plainSum));
                times["decimal"].Add(await SumAsync(http, server, decimalForm, ReadDecimal, keys, plainSum));
            }

            Console.WriteLine($"encrypted sum of {values:N0} values, 2048-bit key, through the gateway over loopback HTTP, {rounds} alternating rounds");
            Console.WriteLine("| form | body | elapsed, median | elapsed, fastest | server CPU, median | server CPU, least |");
            Console.WriteLine("|------|-----:|----------------:|-----------------:|-------------------:|------------------:|");
            foreach (var (form, body) in new[] { ("base64", base64), ("decimal", decimalForm) })
            {
                var elapsed = times[form].Select(t => t.Elapsed).Order().ToList();
                var cpu = times[form].Select(t => t.Cpu).Order().ToList();
                Console.WriteLine(string.Create(
                    CultureInfo.InvariantCulture,
                    $"| {form} | {body.Length / 1_048_576.0:F1} MB | {elapsed[elapsed.Count / 2]:F0} ms | {elapsed[0]:F0} ms | {cpu[cpu.Count / 2]:F0} ms | {cpu[0]:F0} ms |"));
            }
        }
        finally
        {
            trustVault.Process.Kill(entireProcessTree: true);
            await trustVault.Process.WaitForExitAsync();
            trustVault.Dispose();
        }
    }

    private static BigInteger ReadBase64(string text) => new(Convert.FromBase64String(text), isUnsigned: true, isBigEndian: true);

    private static BigInteger ReadDecimal(string text) => BigInteger.Parse(text, CultureInfo.InvariantCulture);

    private static byte[] Body(BigInteger n, BigInteger[] ciphertexts, Func<BigInteger, string> write, string? encoding) =>
        JsonSerializer.SerializeToUtf8Bytes(new { publicKey = new { n = write(n) }, ciphertexts = ciphertexts.Select(write).ToArray(), encoding });

    /// <summary>
    /// Milliseconds from sending the body to having read the answer, which must decrypt to the plain sum, and the server's
    /// CPU milliseconds meanwhile (its idle background work included, a few ms at most).
    /// </summary>
    private static async Task<(double Elapsed, double Cpu)> SumAsync(
        HttpClient http, Process server, byte[] body, Func<string, BigInteger> read, PaillierKeyPair keys, long plainSum)
    {
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new("application/json");
        server.Refresh();
        var cpuBefore = server.TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        using var response = await http.PostAsync("/gw/privacy-analytics/v1/paillier/sum", content);
        var answer = await response.Content.ReadAsStringAsync();
        var elapsed = clock.Elapsed.TotalMilliseconds;
        server.Refresh();
        var cpu = (server.TotalProcessorTime - cpuBefore).TotalMilliseconds;
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"The sum answered {(int)response.StatusCode}: {answer}");
        }

        if (keys.Decrypt(read(JsonDocument.Parse(answer).RootElement.GetProperty("ciphertext").GetString()!)) != plainSum)
        {
            throw new InvalidOperationException("The encrypted sum did not decrypt to the plain sum.");
        }

        return (elapsed, cpu);
    }
}
