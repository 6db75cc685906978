using Microsoft.EntityFrameworkCore;
using TrustVault.Core.Data;
using TrustVault.Core.Errors;
using TrustVault.Core.Identity;
using TrustVault.Core.Keys;
using TrustVault.Tests.Infrastructure;

namespace TrustVault.Tests.Platform;

public sealed class PersonalAccessTokenServiceTests : IAsyncLifetime
{
    private readonly CoreTestHost host = new();
    private string userId = "";

    private PersonalAccessTokenService Tokens => host.Get<PersonalAccessTokenService>();
    private DateTimeOffset InThirtyDays => host.Clock.GetUtcNow().AddDays(30);

    public async Task InitializeAsync()
    {
        await host.InitializeAsync();
        userId = (await host.AddUserAsync("dev@example.com")).Id;
    }

    public Task DisposeAsync() => host.DisposeAsync();

    [Fact]
    public async Task A_new_token_is_shown_once_with_the_tvp_prefix_and_only_its_hash_is_stored()
    {
        var issued = await Tokens.CreateAsync(userId, "deploy script", TokenScopes.Read, InThirtyDays, CancellationToken.None);

        Assert.Matches("^tvp_[a-z2-9]{12}_[A-Za-z0-9_-]{43}$", issued.Secret);
        Assert.StartsWith(issued.Token.Prefix + "_", issued.Secret, StringComparison.Ordinal);
        await using var db = await host.Get<IDbContextFactory<TrustVaultDbContext>>().CreateDbContextAsync();
        var stored = await db.PersonalAccessTokens.SingleAsync();
        Assert.Equal(32, stored.SecretHash.Length);
        Assert.Equal(ApiKeyFormat.Hash(issued.Secret.AsSpan(issued.Token.Prefix.Length + 1)), stored.SecretHash);
        Assert.Equal(issued.Token.Id, Assert.Single(await Tokens.ListAsync(userId, CancellationToken.None)).Id);
    }

    [Fact]
    public async Task A_valid_token_resolves_to_its_user_and_scopes_and_write_includes_read()
    {
        var reader = await Tokens.CreateAsync(userId, "reader", TokenScopes.Read, InThirtyDays, CancellationToken.None);
        var writer = await Tokens.CreateAsync(userId, "writer", TokenScopes.Write, InThirtyDays, CancellationToken.None);

        var read = await Tokens.ValidateAsync(reader.Secret, CancellationToken.None);
        var write = await Tokens.ValidateAsync(writer.Secret, CancellationToken.None);

        Assert.Equal(new TokenIdentity(reader.Token.Id, userId, TokenScopes.Read), read);
        Assert.Equal(TokenScopes.Read | TokenScopes.Write, write!.Scopes);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("tv_live_abcdefghijkm_secret")]
    [InlineData("tvp_short")]
    [InlineData("tvp_abcdefghijkm_unknown")]
    public async Task Malformed_or_unknown_tokens_are_refused(string? presented) =>
        Assert.Null(await Tokens.ValidateAsync(presented, CancellationToken.None));

    [Fact]
    public async Task A_wrong_secret_for_a_real_token_id_is_refused()
    {
        var issued = await Tokens.CreateAsync(userId, "reader", TokenScopes.Read, InThirtyDays, CancellationToken.None);
        var tampered = issued.Secret[..^1] + (issued.Secret[^1] == 'A' ? 'B' : 'A');

        Assert.Null(await Tokens.ValidateAsync(tampered, CancellationToken.None));
    }

    [Fact]
    public async Task A_revoked_token_is_refused_at_once()
    {
        var issued = await Tokens.CreateAsync(userId, "reader", TokenScopes.Read, InThirtyDays, CancellationToken.None);
        Assert.NotNull(await Tokens.ValidateAsync(issued.Secret, CancellationToken.None));

        await Tokens.RevokeAsync(userId, issued.Token.Id, CancellationToken.None);

        Assert.Null(await Tokens.ValidateAsync(issued.Secret, CancellationToken.None));
        Assert.False(Assert.Single(await Tokens.ListAsync(userId, CancellationToken.None)).IsUsable);
    }

    [Fact]
    public async Task A_token_stops_working_when_it_expires()
    {
        var issued = await Tokens.CreateAsync(userId, "reader", TokenScopes.Read, host.Clock.GetUtcNow().AddDays(1), CancellationToken.None);
        Assert.NotNull(await Tokens.ValidateAsync(issued.Secret, CancellationToken.None));

        host.Clock.Advance(TimeSpan.FromDays(1));

        Assert.Null(await Tokens.ValidateAsync(issued.Secret, CancellationToken.None));
    }

    [Fact]
    public async Task Using_a_token_records_when_it_was_last_used()
    {
        var issued = await Tokens.CreateAsync(userId, "reader", TokenScopes.Read, InThirtyDays, CancellationToken.None);

        await Tokens.ValidateAsync(issued.Secret, CancellationToken.None);

        Assert.Equal(host.Clock.GetUtcNow(), Assert.Single(await Tokens.ListAsync(userId, CancellationToken.None)).LastUsedAt);
    }

    [Fact]
    public async Task Another_users_token_cannot_be_revoked_or_seen()
    {
        var issued = await Tokens.CreateAsync(userId, "reader", TokenScopes.Read, InThirtyDays, CancellationToken.None);
        var stranger = (await host.AddUserAsync("stranger@example.com")).Id;

        await Assert.ThrowsAsync<NotFoundException>(() => Tokens.RevokeAsync(stranger, issued.Token.Id, CancellationToken.None));
        Assert.Empty(await Tokens.ListAsync(stranger, CancellationToken.None));
        Assert.NotNull(await Tokens.ValidateAsync(issued.Secret, CancellationToken.None));
    }

    [Theory]
    [InlineData("", 30, TokenScopes.Read, "Name")]
    [InlineData("ok", 0, TokenScopes.Read, "ExpiresAt")]
    [InlineData("ok", 366, TokenScopes.Read, "ExpiresAt")]
    [InlineData("ok", 30, TokenScopes.None, "Scopes")]
    public async Task Invalid_input_names_the_field(string name, int days, TokenScopes scopes, string field)
    {
        var error = await Assert.ThrowsAsync<InvalidInputException>(
            () => Tokens.CreateAsync(userId, name, scopes, host.Clock.GetUtcNow().AddDays(days), CancellationToken.None));

        Assert.Equal([field], error.Errors.Keys);
    }

    [Fact]
    public async Task An_expiry_of_exactly_a_year_is_allowed()
    {
        var issued = await Tokens.CreateAsync(userId, "yearly", TokenScopes.Read, host.Clock.GetUtcNow().AddDays(365), CancellationToken.None);

        Assert.True(issued.Token.IsUsable);
    }

    [Fact]
    public async Task A_name_is_one_active_token_of_a_users_and_free_again_once_that_one_is_revoked()
    {
        var first = await Tokens.CreateAsync(userId, "deploy script", TokenScopes.Read, InThirtyDays, CancellationToken.None);
        var stranger = (await host.AddUserAsync("stranger@example.com")).Id;

        var error = await Assert.ThrowsAsync<InvalidInputException>(
            () => Tokens.CreateAsync(userId, " Deploy Script ", TokenScopes.Write, InThirtyDays, CancellationToken.None));
        await Tokens.CreateAsync(stranger, "deploy script", TokenScopes.Read, InThirtyDays, CancellationToken.None);
        await Tokens.RevokeAsync(userId, first.Token.Id, CancellationToken.None);
        var again = await Tokens.CreateAsync(userId, "deploy script", TokenScopes.Read, InThirtyDays, CancellationToken.None);

        Assert.Equal(["Name"], error.Errors.Keys);
        Assert.Contains("already have an active token named 'Deploy Script'", error.Errors["Name"][0], StringComparison.Ordinal);
        Assert.True(again.Token.IsUsable);
    }
}
