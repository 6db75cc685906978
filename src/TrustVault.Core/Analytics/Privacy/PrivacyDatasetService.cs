using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using TrustVault.Core.Audit;
using TrustVault.Core.Data;
using TrustVault.Core.Errors;
using TrustVault.Core.Organizations;

namespace TrustVault.Core.Analytics.Privacy;

/// <param name="EpsilonBudget">Null for <see cref="PrivacyOptions.DefaultEpsilonBudget"/>.</param>
/// <param name="DeltaBudget">Null for <see cref="PrivacyOptions.DefaultDeltaBudget"/>.</param>
public sealed record PrivacyDatasetInput(string? Name, string? Description, double? EpsilonBudget, double? DeltaBudget);

/// <summary>
/// An organization's registered privacy datasets: every member may read them and their budgets; owners and developers
/// register and archive them. A dataset's budget is fixed when it is registered: raising it later would hand out privacy
/// loss that its earlier releases were promised not to exceed.
/// </summary>
public sealed class PrivacyDatasetService(
    IDbContextFactory<TrustVaultDbContext> contexts, PrivacyBudgetLedger ledger, IOptions<PrivacyOptions> options, TimeProvider clock)
{
    private static readonly OrganizationRole[] Managers = [OrganizationRole.Owner, OrganizationRole.Developer];

    /// <summary>Whether a member of this role registers and archives the organization's datasets; every member reads them.</summary>
    public static bool MayManage(OrganizationRole role) => Managers.Contains(role);

    public async Task<PrivacyDatasetList> ListAsync(string userId, Guid organizationId, CancellationToken cancellationToken)
    {
        await RequireRoleAsync(userId, organizationId, cancellationToken);
        return await ledger.ListAsync(organizationId, cancellationToken);
    }

    /// <summary>One page of the organization's datasets, newest first, archived ones included.</summary>
    /// <param name="page">From 0.</param>
    public async Task<ItemPage<PrivacyDatasetView>> ListPageAsync(string userId, Guid organizationId, int page, int pageSize, CancellationToken cancellationToken)
    {
        await RequireRoleAsync(userId, organizationId, cancellationToken);
        return await ledger.ListPageAsync(organizationId, page, pageSize, cancellationToken);
    }

    /// <exception cref="NotFoundException">The organization has no dataset with this id.</exception>
    public async Task<PrivacyBudgetStatus> GetBudgetAsync(string userId, Guid organizationId, Guid datasetId, CancellationToken cancellationToken)
    {
        await RequireRoleAsync(userId, organizationId, cancellationToken);
        return await ledger.GetStatusAsync(organizationId, datasetId, cancellationToken);
    }

    /// <exception cref="InvalidInputException">Naming the fields that break a rule.</exception>
    public async Task<PrivacyDatasetView> CreateAsync(string userId, Guid organizationId, PrivacyDatasetInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var (name, description, epsilon, delta) = Validate(input);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await db.RequireRoleAsync(userId, organizationId, cancellationToken, Managers);
        await using var transaction = await db.BeginOrganizationTransactionAsync(organizationId, cancellationToken);
        var active = db.PrivacyDatasets.ForOrganization(organizationId).Where(d => d.ArchivedAt == null);
        if (await active.CountAsync(cancellationToken) >= PrivacyDataset.MaxActivePerOrganization)
        {
            throw new InvalidInputException(nameof(input.Name), $"An organization may have {PrivacyDataset.MaxActivePerOrganization} datasets that are not archived: archive one first.");
        }

        // Names are for people; queries use the id. Two active datasets of one name (in any case) would be told apart by nobody.
        if (await active.AnyAsync(d => d.Name.ToLower() == name.ToLower(), cancellationToken))
        {
            throw new InvalidInputException(nameof(input.Name), $"Your organization already has a dataset named '{name}'.");
        }

        var dataset = new PrivacyDataset { OrganizationId = organizationId, Name = name, Description = description, EpsilonBudget = epsilon, DeltaBudget = delta };
        db.PrivacyDatasets.Add(dataset);
        db.Record(clock, userId, organizationId, "privacy.dataset-created", nameof(PrivacyDataset), dataset.Id, name);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return PrivacyBudgetLedger.View(dataset, []);
    }

    /// <summary>The dataset takes no more queries; its spends stay on the ledger. Archiving an archived dataset changes nothing.</summary>
    /// <exception cref="NotFoundException">The organization has no dataset with this id.</exception>
    public async Task ArchiveAsync(string userId, Guid organizationId, Guid datasetId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await db.RequireRoleAsync(userId, organizationId, cancellationToken, Managers);
        var dataset = await db.PrivacyDatasets.ForOrganization(organizationId).SingleOrDefaultAsync(d => d.Id == datasetId, cancellationToken)
            ?? throw new NotFoundException("The dataset does not exist.");
        if (dataset.ArchivedAt is not null)
        {
            return;
        }

        dataset.ArchivedAt = clock.GetUtcNow();
        db.Record(clock, userId, organizationId, "privacy.dataset-archived", nameof(PrivacyDataset), dataset.Id, dataset.Name);
        await db.SaveChangesAsync(cancellationToken);
    }

    private async Task RequireRoleAsync(string userId, Guid organizationId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await db.RequireRoleAsync(userId, organizationId, cancellationToken);
    }

    private (string Name, string? Description, double Epsilon, double Delta) Validate(PrivacyDatasetInput input)
    {
        var name = input.Name?.Trim() ?? "";
        var description = string.IsNullOrWhiteSpace(input.Description) ? null : input.Description.Trim();
        var epsilon = input.EpsilonBudget ?? options.Value.DefaultEpsilonBudget;
        // + 0.0 turns a -0 sent as the budget into 0, which is what is stored and shown back.
        var delta = (input.DeltaBudget ?? options.Value.DefaultDeltaBudget) + 0.0;
        var errors = new Dictionary<string, string[]>();
        if (name.Length is 0 or > PrivacyDataset.NameMaxLength)
        {
            errors[nameof(input.Name)] = [$"Name the dataset in 1 to {PrivacyDataset.NameMaxLength} characters."];
        }
        else if (!DisplayName.IsReadable(name))
        {
            errors[nameof(input.Name)] = [DisplayName.Refusal];
        }

        if (description?.Length > PrivacyDataset.DescriptionMaxLength)
        {
            errors[nameof(input.Description)] = [$"Keep the description to {PrivacyDataset.DescriptionMaxLength} characters."];
        }

        if (!double.IsFinite(epsilon) || epsilon <= 0 || epsilon > PrivacyParameters.MaxEpsilon)
        {
            errors[nameof(input.EpsilonBudget)] = ["The ε budget must be a positive number up to 1,000,000; 1 to 10 is usual."];
        }

        if (!(delta >= 0 && delta <= PrivacyDataset.MaxDeltaBudget))
        {
            errors[nameof(input.DeltaBudget)] = [$"The δ budget must lie in [0, {PrivacyDataset.MaxDeltaBudget}]; 0 allows Laplace queries only."];
        }

        return errors.Count > 0 ? throw new InvalidInputException(errors) : (name, description, epsilon, delta);
    }
}
