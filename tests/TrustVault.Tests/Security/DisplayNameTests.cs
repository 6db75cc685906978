using TrustVault.Core.Analytics.Privacy;
using TrustVault.Core.Catalog;
using TrustVault.Core.Errors;
using TrustVault.Core.Identity;
using TrustVault.Core.Keys;
using TrustVault.Core.Organizations;
using TrustVault.Tests.Infrastructure;

namespace TrustVault.Tests.Security;

/// <summary>Names others read refuse the characters that make text show as something other than it is.</summary>
public sealed class DisplayNameTests(CoreTestHost host) : IClassFixture<CoreTestHost>
{
    // A right-to-left override (a name that reads "exe.txt" backwards), a bell, an isolate, and nothing to see.
    public static TheoryData<string> Unreadable => ["Invoices\u202Etxt.exe", "Ring\u0007", "Plain\u2067Hidden\u2069", "\u200B\u200B", "\u200B \uFEFF"];

    [Theory]
    [MemberData(nameof(Unreadable))]
    public async Task Every_name_people_read_refuses_control_and_direction_characters(string name)
    {
        var (userId, organizationId) = await host.AddProviderAsync($"names-{Guid.NewGuid():N}@example.com");

        await AssertRefusedAsync(() => host.Get<ApiKeyService>().CreateAsync(userId, organizationId, name, null, false, CancellationToken.None));
        await AssertRefusedAsync(() => host.Get<OrganizationService>().CreateAsync(userId, name, CancellationToken.None));
        await AssertRefusedAsync(() => host.Get<PersonalAccessTokenService>().CreateAsync(
            userId, name, TokenScopes.Read, host.Clock.GetUtcNow().AddDays(30), CancellationToken.None));
        await AssertRefusedAsync(() => host.Get<PrivacyDatasetService>().CreateAsync(
            userId, organizationId, new PrivacyDatasetInput(name, null, null, null), CancellationToken.None));
        await AssertRefusedAsync(() => host.Get<ListingService>().CreateAsync(userId, organizationId, new ListingInput
        {
            Name = name,
            Slug = $"names-{Guid.NewGuid():N}"[..20],
            Summary = name,
            Category = "Weather",
            Tags = ["ok", name],
            Version = name,
            UpstreamBaseUrl = "https://names.example.com",
        }, CancellationToken.None), "Summary", "Tags", "Version");
        var refused = Assert.Throws<InvalidInputException>(() => PlanRules.Validate(new PlanInput { Name = name }));
        Assert.Contains(DisplayName.Refusal, refused.Errors["Name"]);
    }

    [Fact]
    public async Task Names_in_any_script_are_readable()
    {
        var (userId, organizationId) = await host.AddProviderAsync("scripts@example.com");

        var key = await host.Get<ApiKeyService>().CreateAsync(userId, organizationId, "Производство · 生产 · إنتاج", null, false, CancellationToken.None);

        Assert.Equal("Производство · 生产 · إنتاج", key.Key.Name);
    }

    [Fact]
    public void Invisible_joiners_inside_a_name_keep_it_readable() =>
        Assert.True(DisplayName.IsReadable("می\u200Cخواهم 👩\u200D💻"));

    private static async Task AssertRefusedAsync(Func<Task> create, params string[] alsoRefused)
    {
        var refused = await Assert.ThrowsAsync<InvalidInputException>(create);
        foreach (var field in alsoRefused.Prepend("Name"))
        {
            Assert.Contains(DisplayName.Refusal, refused.Errors[field]);
        }
    }
}
