using TrustVault.Core.Catalog;
using TrustVault.Core.Errors;
using TrustVault.Core.Organizations;
using TrustVault.Core.Reviews;
using TrustVault.Tests.Infrastructure;

namespace TrustVault.Tests.Catalog;

public sealed class ReviewServiceTests : IAsyncLifetime
{
    private readonly CoreTestHost host = new();
    private Guid listingId;
    private Guid planId;
    private (string UserId, Guid OrganizationId) provider;

    private ReviewService Reviews => host.Get<ReviewService>();

    public async Task InitializeAsync()
    {
        await host.InitializeAsync();
        provider = await host.AddProviderAsync("provider@example.com");
        var listings = host.Get<ListingService>();
        listingId = await listings.CreateAsync(provider.UserId, provider.OrganizationId, new ListingInput
        {
            Name = "Tide Tables",
            Slug = "tide-tables",
            Summary = "Tides",
            Category = "Weather",
            UpstreamBaseUrl = "https://api.tides.example",
        }, CancellationToken.None);
        planId = await listings.AddPlanAsync(provider.UserId, provider.OrganizationId, listingId, new PlanInput { Name = "Free" }, CancellationToken.None);
    }

    public Task DisposeAsync() => host.DisposeAsync();

    private async Task<(string UserId, Guid OrganizationId)> CustomerAsync(string email, bool subscribed)
    {
        var user = await host.AddUserAsync(email);
        var organizationId = await host.Get<OrganizationService>().EnsurePersonalOrganizationAsync(user.Id, CancellationToken.None);
        if (subscribed)
        {
            await host.SubscribeAsync(organizationId, listingId, planId);
        }

        return (user.Id, organizationId);
    }

    [Fact]
    public async Task Organizations_without_a_subscription_cannot_review()
    {
        var (userId, organizationId) = await CustomerAsync("browser@example.com", subscribed: false);

        await Assert.ThrowsAsync<ForbiddenException>(() => Reviews.SaveAsync(userId, organizationId, listingId, 5, "Great", CancellationToken.None));
        Assert.False((await Reviews.GetOwnAsync(organizationId, OrganizationRole.Owner, listingId, CancellationToken.None)).CanReview);
    }

    [Fact]
    public async Task The_listings_provider_cannot_review_it_even_when_subscribed()
    {
        await host.SubscribeAsync(provider.OrganizationId, listingId, planId);

        var error = await Assert.ThrowsAsync<ForbiddenException>(() => Reviews.SaveAsync(provider.UserId, provider.OrganizationId, listingId, 5, "Best API ever", CancellationToken.None));

        Assert.Contains("own API", error.Message);
        Assert.False((await Reviews.GetOwnAsync(provider.OrganizationId, OrganizationRole.Owner, listingId, CancellationToken.None)).CanReview);
        Assert.Equal(0, (await Reviews.ListAsync(listingId, 1, 10, CancellationToken.None)).Total);
    }

    [Fact]
    public async Task A_billing_member_of_a_subscriber_is_not_offered_the_review_its_role_may_not_write()
    {
        var (_, organizationId) = await CustomerAsync("customer@example.com", subscribed: true);

        Assert.True((await Reviews.GetOwnAsync(organizationId, OrganizationRole.Developer, listingId, CancellationToken.None)).CanReview);
        Assert.False((await Reviews.GetOwnAsync(organizationId, OrganizationRole.Billing, listingId, CancellationToken.None)).CanReview);
    }

    [Fact]
    public async Task A_subscriber_has_one_review_which_it_can_edit()
    {
        var (userId, organizationId) = await CustomerAsync("customer@example.com", subscribed: true);

        await Reviews.SaveAsync(userId, organizationId, listingId, 3, "Decent", CancellationToken.None);
        await Reviews.SaveAsync(userId, organizationId, listingId, 5, "Great after the update", CancellationToken.None);

        var page = await Reviews.ListAsync(listingId, 1, 10, CancellationToken.None);
        var review = Assert.Single(page.Items);
        Assert.Equal((5, "Great after the update"), (review.Rating, review.Text));
        Assert.Empty((await Reviews.ListAsync(listingId, 21474838, 100, CancellationToken.None)).Items);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(6)]
    public async Task Ratings_are_one_to_five(int rating)
    {
        var (userId, organizationId) = await CustomerAsync("customer@example.com", subscribed: true);

        var error = await Assert.ThrowsAsync<InvalidInputException>(() => Reviews.SaveAsync(userId, organizationId, listingId, rating, "", CancellationToken.None));

        Assert.Contains("Rating", error.Errors.Keys);
    }

    [Fact]
    public async Task Only_the_listings_provider_replies_and_only_once()
    {
        var (userId, organizationId) = await CustomerAsync("customer@example.com", subscribed: true);
        await Reviews.SaveAsync(userId, organizationId, listingId, 4, "Good", CancellationToken.None);
        var reviewId = (await Reviews.ListAsync(listingId, 1, 10, CancellationToken.None)).Items.Single().Id;
        var otherProvider = await host.AddProviderAsync("other@example.com");

        await Assert.ThrowsAsync<NotFoundException>(() => Reviews.ReplyAsync(otherProvider.UserId, otherProvider.OrganizationId, reviewId, "Hi", CancellationToken.None));
        await Reviews.ReplyAsync(provider.UserId, provider.OrganizationId, reviewId, "Thank you!", CancellationToken.None);
        await Assert.ThrowsAsync<InvalidInputException>(() => Reviews.ReplyAsync(provider.UserId, provider.OrganizationId, reviewId, "Again", CancellationToken.None));

        Assert.Equal("Thank you!", (await Reviews.ListAsync(listingId, 1, 10, CancellationToken.None)).Items.Single().ProviderReply);
    }
}
