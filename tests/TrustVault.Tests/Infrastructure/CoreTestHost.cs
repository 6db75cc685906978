using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using TrustVault.Core;
using TrustVault.Core.Billing;
using TrustVault.Core.Catalog;
using TrustVault.Core.Data;
using TrustVault.Core.Email;
using TrustVault.Core.Identity;
using TrustVault.Core.Metering;
using TrustVault.Core.Organizations;
using TrustVault.Core.Subscriptions;

namespace TrustVault.Tests.Infrastructure;

public sealed record PublishedListing(string ProviderId, Guid ProviderOrganizationId, Guid ListingId, IReadOnlyList<Guid> PlanIds);

/// <summary>Core's services over a migrated database of their own (a SQLite file unless told), with a fake clock and captured e-mail; no web host.</summary>
public sealed class CoreTestHost : IAsyncLifetime
{
    private readonly DatabaseProvider provider;
    private readonly Action<IServiceCollection>? configure;
    private readonly CoreTestHost? sharedWith;
    private readonly string ownJournalDirectory = Path.Combine(Path.GetTempPath(), $"trustvault-journal-{Guid.NewGuid():N}");

    // A host that shares another's database is a second node: it neither creates nor drops it.
    private TestDatabase? sqlite;
    private PostgresTestDatabase? postgres;
    private DatabaseOptions? database;
    private ServiceProvider? services;
    private AsyncServiceScope? scope;

    // xunit builds class fixtures through their one public constructor.
    public CoreTestHost()
        : this(DatabaseProvider.Sqlite, null, null)
    {
    }

    private CoreTestHost(DatabaseProvider provider, Action<IServiceCollection>? configure, CoreTestHost? sharedWith)
    {
        this.provider = provider;
        this.configure = configure;
        this.sharedWith = sharedWith;
    }

    /// <summary>A host on a database of its own on <paramref name="provider"/>, its services changed by <paramref name="configure"/> if given.</summary>
    public static CoreTestHost On(DatabaseProvider provider, Action<IServiceCollection>? configure = null) => new(provider, configure, null);

    /// <summary>A host whose services <paramref name="configure"/> changes, on the database of <paramref name="sharedWith"/> if given, as another node.</summary>
    public static CoreTestHost Node(Action<IServiceCollection> configure, CoreTestHost? sharedWith = null) =>
        new(sharedWith?.provider ?? DatabaseProvider.Sqlite, configure, sharedWith);

    /// <summary>The PostgreSQL usage journal's directory: the host's own, or that of the host whose database it shares, as nodes sharing a volume.</summary>
    public string JournalDirectory => sharedWith?.JournalDirectory ?? ownJournalDirectory;

    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 11, 1, 9, 0, 0, TimeSpan.Zero));

    public CapturingEmailSender Emails { get; } = new();

    /// <summary>The Data Protection key ring of this host, in memory (it encrypts webhook secrets).</summary>
    public EphemeralDataProtectionProvider Protection { get; } = new();

    /// <summary>One scope for the whole test, as one request or circuit would have.</summary>
    public IServiceProvider Services => scope?.ServiceProvider ?? throw new InvalidOperationException("The host has not started.");

    public async Task InitializeAsync()
    {
        var collection = new ServiceCollection().AddLogging();
        collection.AddSingleton<TimeProvider>(Clock);
        collection.AddSingleton<IEmailSender>(Emails);
        // The web app's key ring; a second node shares the first's, as nodes share one through Redis.
        collection.AddSingleton<IDataProtectionProvider>(sharedWith?.Protection ?? Protection);
        database = sharedWith?.database ?? Database();
        collection.AddTrustVaultCore(database, Path.GetTempPath());
        collection.Configure<UsageJournalOptions>(o => o.JournalDirectory = JournalDirectory);
        // Billing tests invoice the running month of their fake clock as well as ended ones.
        collection.Configure<BillingOptions>(o => o.AllowEarlyInvoicing = true);
        configure?.Invoke(collection);
        services = collection.BuildServiceProvider(validateScopes: true);
        scope = services.CreateAsyncScope();
        await Get<DatabaseInitializer>().MigrateAsync(CancellationToken.None);
    }

    private DatabaseOptions Database()
    {
        switch (provider)
        {
            case DatabaseProvider.Sqlite:
                sqlite = new TestDatabase();
                return new DatabaseOptions { ConnectionString = sqlite.ConnectionString };
            case DatabaseProvider.PostgreSql:
                postgres = new PostgresTestDatabase();
                return new DatabaseOptions { Provider = DatabaseProvider.PostgreSql, ConnectionString = postgres.ConnectionString };
            default:
                throw new NotSupportedException($"The tests have no server for {provider}.");
        }
    }

    /// <summary>Sends the mail waiting in the outbox, as the e-mail job would, into <see cref="Emails"/>.</summary>
    public Task SendQueuedEmailAsync() => Get<EmailOutboxDispatcher>().SendDueAsync(CancellationToken.None);

    public T Get<T>()
        where T : notnull => Services.GetRequiredService<T>();

    /// <summary>Adds a user row directly; these tests are about what happens after sign-up.</summary>
    public async Task<ApplicationUser> AddUserAsync(string email)
    {
        var user = new ApplicationUser { UserName = email, Email = email, NormalizedEmail = email.ToUpperInvariant(), NormalizedUserName = email.ToUpperInvariant() };
        await using var db = await Get<IDbContextFactory<TrustVaultDbContext>>().CreateDbContextAsync();
        db.Users.Add(user);
        await db.SaveChangesAsync();
        return user;
    }

    /// <summary>A user whose personal organization has accepted the provider terms.</summary>
    public async Task<(string UserId, Guid OrganizationId)> AddProviderAsync(string email)
    {
        var user = await AddUserAsync(email);
        var organizations = Get<OrganizationService>();
        var organizationId = await organizations.EnsurePersonalOrganizationAsync(user.Id, CancellationToken.None);
        await organizations.AcceptProviderTermsAsync(user.Id, organizationId, CancellationToken.None);
        return (user.Id, organizationId);
    }

    public async Task<string> AddAdminAsync(string email)
    {
        var user = await AddUserAsync(email);
        await using var db = await Get<IDbContextFactory<TrustVaultDbContext>>().CreateDbContextAsync();
        var role = await db.Roles.SingleOrDefaultAsync(r => r.Name == PlatformRoles.Admin)
            ?? db.Roles.Add(new IdentityRole(PlatformRoles.Admin) { NormalizedName = PlatformRoles.Admin.ToUpperInvariant() }).Entity;
        db.UserRoles.Add(new IdentityUserRole<string> { RoleId = role.Id, UserId = user.Id });
        await db.SaveChangesAsync();
        return user.Id;
    }

    /// <summary>Makes <paramref name="userId"/> a developer of <paramref name="organizationId"/>, as an accepted invitation would.</summary>
    public async Task AddMemberAsync(Guid organizationId, string userId)
    {
        await using var db = await Get<IDbContextFactory<TrustVaultDbContext>>().CreateDbContextAsync();
        db.OrganizationMembers.Add(new OrganizationMember { OrganizationId = organizationId, UserId = userId, Role = OrganizationRole.Developer });
        await db.SaveChangesAsync();
    }

    /// <summary>A new provider's published listing "Tides" with <paramref name="plans"/>; plan ids in the order given.</summary>
    public Task<PublishedListing> PublishTidesAsync(params PlanInput[] plans) => PublishAsync("provider@example.com", "Tides", plans);

    /// <summary>
    /// As <see cref="PublishTidesAsync"/>, a listing named <paramref name="name"/> (its slug in lower case) by its own new provider:
    /// for a class whose tests share one host and each need a listing.
    /// </summary>
    public Task<PublishedListing> PublishListingAsync(string name, params PlanInput[] plans) =>
        PublishAsync($"{name.ToLowerInvariant()}-provider@example.com", name, plans);

    private async Task<PublishedListing> PublishAsync(string providerEmail, string name, PlanInput[] plans)
    {
        var (providerId, providerOrganization) = await AddProviderAsync(providerEmail);
        var listings = Get<ListingService>();
        var listingId = await listings.CreateAsync(providerId, providerOrganization, new ListingInput
        {
            Name = name,
            Slug = name.ToLowerInvariant(),
            Summary = name,
            Category = "Weather",
            UpstreamBaseUrl = "https://tides.example.com",
        }, CancellationToken.None);
        var planIds = new List<Guid>();
        foreach (var plan in plans)
        {
            planIds.Add(await listings.AddPlanAsync(providerId, providerOrganization, listingId, plan, CancellationToken.None));
        }

        // Published directly: these tests are about what happens after review.
        await using var db = await Get<IDbContextFactory<TrustVaultDbContext>>().CreateDbContextAsync();
        await db.Listings.Where(l => l.Id == listingId).ExecuteUpdateAsync(set => set.SetProperty(l => l.Status, ListingStatus.Published));
        return new PublishedListing(providerId, providerOrganization, listingId, planIds);
    }

    /// <summary>A user whose personal organization has <paramref name="card"/> on file (test mode).</summary>
    public async Task<(string UserId, Guid OrganizationId)> AddCustomerAsync(string email, TestCard card)
    {
        var user = await AddUserAsync(email);
        var organization = await Get<OrganizationService>().EnsurePersonalOrganizationAsync(user.Id, CancellationToken.None);
        await Get<BillingService>().SaveTestCardAsync(user.Id, organization, card, CancellationToken.None);
        return (user.Id, organization);
    }

    /// <summary>Issues a 20.00 USD invoice for the month before now directly in the database, in <paramref name="status"/>; its id.</summary>
    public async Task<Guid> AddInvoiceAsync(Guid organizationId, int sequence, InvoiceStatus status = InvoiceStatus.Open)
    {
        await using var db = await Get<IDbContextFactory<TrustVaultDbContext>>().CreateDbContextAsync();
        var invoice = new Invoice
        {
            OrganizationId = organizationId,
            PeriodStart = Clock.GetUtcNow().AddMonths(-1),
            PeriodEnd = Clock.GetUtcNow(),
            Currency = "USD",
            Number = Invoice.FormatNumber(2026, sequence),
            NumberYear = 2026,
            NumberSequence = sequence,
            Total = 20m,
            Status = status,
            IssuedAt = Clock.GetUtcNow(),
        };
        db.Invoices.Add(invoice);
        await db.SaveChangesAsync();
        return invoice.Id;
    }

    /// <summary>Gives an organization a subscription row, as the subscriptions feature will.</summary>
    /// <summary>Starts an active subscription directly in the database; its id.</summary>
    public async Task<Guid> SubscribeAsync(Guid organizationId, Guid listingId, Guid planId)
    {
        await using var db = await Get<IDbContextFactory<TrustVaultDbContext>>().CreateDbContextAsync();
        var plan = await db.Plans.SingleAsync(p => p.Id == planId && p.ListingId == listingId);
        var subscription = Subscription.Start(organizationId, plan, Clock.GetUtcNow(), SubscriptionStatus.Active);
        db.Subscriptions.Add(subscription);
        await db.SaveChangesAsync();
        return subscription.Id;
    }

    public async Task DisposeAsync()
    {
        if (scope is { } open)
        {
            await open.DisposeAsync();
        }

        if (services is not null)
        {
            await services.DisposeAsync();
        }

        sqlite?.Dispose();
        if (postgres is not null)
        {
            await postgres.DisposeAsync();
        }

        if (sharedWith is null && Directory.Exists(ownJournalDirectory))
        {
            Directory.Delete(ownJournalDirectory, recursive: true);
        }
    }
}
