using TrustVault.Core.Errors;
using TrustVault.Core.Keys;
using TrustVault.Core.Organizations;
using TrustVault.Tests.Infrastructure;

namespace TrustVault.Tests.Keys;

public sealed class ApiKeyServiceTests : IAsyncLifetime
{
    private readonly CoreTestHost host = new();
    private string userId = "";
    private Guid organizationId;

    private ApiKeyService Keys => host.Get<ApiKeyService>();
    private ApiKeyCache Cache => host.Get<ApiKeyCache>();

    public async Task InitializeAsync()
    {
        await host.InitializeAsync();
        var user = await host.AddUserAsync("dev@example.com");
        userId = user.Id;
        organizationId = await host.Get<OrganizationService>().CreateAsync(userId, "Team", CancellationToken.None);
    }

    public Task DisposeAsync() => host.DisposeAsync();

    private async Task<StoredKey?> ResolveAsync(string text)
    {
        Assert.True(ApiKeyFormat.TryParse(text, out _, out var keyId, out var secret));
        var stored = await Cache.FindAsync(keyId, CancellationToken.None);
        return stored is not null && ApiKeyFormat.Matches(stored.SecretHash, secret.Span) && stored.IsUsable(host.Clock.GetUtcNow()) ? stored : null;
    }

    [Fact]
    public async Task A_new_key_is_shown_once_in_the_documented_format_and_only_its_hash_is_stored()
    {
        var issued = await Keys.CreateAsync(userId, organizationId, "production", null, isTest: false, CancellationToken.None);

        Assert.Matches("^tv_live_[a-z2-9]{12}_[A-Za-z0-9_-]{43}$", issued.Secret);
        Assert.StartsWith(issued.Key.Prefix + "_", issued.Secret, StringComparison.Ordinal);
        var listed = Assert.Single(await Keys.ListAsync(userId, organizationId, CancellationToken.None));
        Assert.Equal(issued.Key.Prefix, listed.Prefix);
        Assert.Equal(userId, (await ResolveAsync(issued.Secret)) is { } key ? userId : null);
    }

    [Fact]
    public async Task Test_keys_carry_the_test_prefix()
    {
        var issued = await Keys.CreateAsync(userId, organizationId, "ci", null, isTest: true, CancellationToken.None);

        Assert.StartsWith("tv_test_", issued.Secret, StringComparison.Ordinal);
        Assert.True((await ResolveAsync(issued.Secret))!.IsTest);
    }

    [Fact]
    public async Task A_wrong_secret_for_a_real_key_id_is_refused()
    {
        var issued = await Keys.CreateAsync(userId, organizationId, "production", null, isTest: false, CancellationToken.None);
        var tampered = issued.Secret[..^1] + (issued.Secret[^1] == 'A' ? 'B' : 'A');

        Assert.Null(await ResolveAsync(tampered));
    }

    [Fact]
    public void Hash_comparison_checks_the_whole_secret()
    {
        var hash = ApiKeyFormat.Hash("secret-one");

        Assert.True(ApiKeyFormat.Matches(hash, "secret-one"));
        Assert.False(ApiKeyFormat.Matches(hash, "secret-onE"));
        Assert.False(ApiKeyFormat.Matches(hash, ""));
    }

    // Short secrets are encoded on the stack, long ones (a pasted document, say) on the heap: both hash their UTF-8 bytes.
    [Theory]
    [InlineData(43)]
    [InlineData(5_000)]
    public void A_secret_hashes_to_the_sha256_of_its_utf8_bytes_whatever_its_length(int length)
    {
        var secret = string.Concat(Enumerable.Repeat("é-", length / 2));

        Assert.Equal(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(secret)), ApiKeyFormat.Hash(secret));
    }

    [Fact]
    public void A_parsed_keys_secret_is_the_text_after_its_id()
    {
        Assert.True(ApiKeyFormat.TryParse("tv_test_abcdefghijkm_the-secret", out var isTest, out var keyId, out var secret));

        Assert.True(isTest);
        Assert.Equal("abcdefghijkm", keyId);
        Assert.Equal("the-secret", secret.ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("tv_live_")]
    [InlineData("tv_live_short_x")]
    [InlineData("sk_live_abcdefghijkm_secret")]
    [InlineData("tv_live_abcdefghijkmXsecret")]
    public void Text_not_shaped_like_a_key_does_not_parse(string text)
    {
        Assert.False(ApiKeyFormat.TryParse(text, out _, out _, out _));
    }

    [Fact]
    public async Task A_revoked_key_stops_resolving_at_once()
    {
        var issued = await Keys.CreateAsync(userId, organizationId, "production", null, isTest: false, CancellationToken.None);
        Assert.NotNull(await ResolveAsync(issued.Secret));

        await Keys.RevokeAsync(userId, organizationId, issued.Key.Id, CancellationToken.None);

        Assert.Null(await ResolveAsync(issued.Secret));
    }

    [Fact]
    public async Task After_rotation_the_old_key_works_for_the_grace_period_only()
    {
        var old = await Keys.CreateAsync(userId, organizationId, "production", null, isTest: false, CancellationToken.None);

        var replacement = await Keys.RotateAsync(userId, organizationId, old.Key.Id, TimeSpan.FromHours(1), CancellationToken.None);

        Assert.NotNull(await ResolveAsync(old.Secret));
        Assert.NotNull(await ResolveAsync(replacement.Secret));
        host.Clock.Advance(TimeSpan.FromHours(1) + TimeSpan.FromSeconds(1));
        Assert.Null(await ResolveAsync(old.Secret));
        Assert.NotNull(await ResolveAsync(replacement.Secret));
    }

    [Fact]
    public async Task A_rotated_key_is_not_rotated_again_so_its_replacement_keeps_the_keys_expiry()
    {
        var old = await Keys.CreateAsync(userId, organizationId, "production", null, isTest: false, CancellationToken.None);
        var replacement = await Keys.RotateAsync(userId, organizationId, old.Key.Id, TimeSpan.FromDays(1), CancellationToken.None);

        var again = await Assert.ThrowsAsync<InvalidInputException>(
            () => Keys.RotateAsync(userId, organizationId, old.Key.Id, TimeSpan.FromDays(1), CancellationToken.None));

        Assert.Equal(["This key was already rotated: rotate its replacement instead."], again.Errors["KeyId"]);
        var keys = await Keys.ListAsync(userId, organizationId, CancellationToken.None);
        Assert.Equal(2, keys.Count);
        Assert.Equal(replacement.Key.Id, keys.Single(k => k.Id == old.Key.Id).ReplacedByKeyId);
        Assert.Null(keys.Single(k => k.Id == replacement.Key.Id).ExpiresAt);
    }

    [Fact]
    public async Task Expired_keys_are_refused_and_past_expiry_dates_are_not_accepted()
    {
        var issued = await Keys.CreateAsync(userId, organizationId, "short-lived", host.Clock.GetUtcNow().AddDays(1), isTest: false, CancellationToken.None);
        host.Clock.Advance(TimeSpan.FromDays(1));

        Assert.Null(await ResolveAsync(issued.Secret));
        await Assert.ThrowsAsync<InvalidInputException>(() =>
            Keys.CreateAsync(userId, organizationId, "late", host.Clock.GetUtcNow().AddMinutes(-1), isTest: false, CancellationToken.None));
    }

    [Fact]
    public async Task Another_organization_can_neither_see_rotate_nor_revoke_the_keys()
    {
        var issued = await Keys.CreateAsync(userId, organizationId, "production", null, isTest: false, CancellationToken.None);
        var stranger = await host.AddUserAsync("stranger@example.com");
        var strangerOrganization = await host.Get<OrganizationService>().EnsurePersonalOrganizationAsync(stranger.Id, CancellationToken.None);

        Assert.Empty(await Keys.ListAsync(stranger.Id, strangerOrganization, CancellationToken.None));
        await Assert.ThrowsAsync<NotFoundException>(() => Keys.RevokeAsync(stranger.Id, strangerOrganization, issued.Key.Id, CancellationToken.None));
        await Assert.ThrowsAsync<NotFoundException>(() => Keys.RotateAsync(stranger.Id, strangerOrganization, issued.Key.Id, TimeSpan.Zero, CancellationToken.None));
        await Assert.ThrowsAsync<NotFoundException>(() => Keys.ListAsync(stranger.Id, organizationId, CancellationToken.None));
        Assert.NotNull(await ResolveAsync(issued.Secret));
    }

    [Fact]
    public async Task Billing_members_cannot_manage_keys()
    {
        var billing = await host.AddUserAsync("billing@example.com");
        var invitation = await host.Get<OrganizationService>().InviteAsync(userId, organizationId, "billing@example.com", OrganizationRole.Billing, t => t, CancellationToken.None);
        await host.Get<OrganizationService>().AcceptInvitationAsync(billing.Id, invitation.Token, CancellationToken.None);

        await Assert.ThrowsAsync<ForbiddenException>(() => Keys.CreateAsync(billing.Id, organizationId, "mine", null, false, CancellationToken.None));
    }
}
