using System.Linq.Expressions;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using TrustVault.Core.Analytics.Statistics;
using TrustVault.Core.Data;
using TrustVault.Core.Errors;
using TrustVault.Core.Organizations;

namespace TrustVault.Core.Analytics.Runs;

public sealed record AnalysisRunView(Guid Id, string Kind, long InputBytes, AnalysisRunStatus Status, int Progress, string? Error, DateTimeOffset CreatedAt, DateTimeOffset? CompletedAt)
{
    /// <summary>Without the run's result, which can run to megabytes and only its download reads: a list selects these columns alone.</summary>
    public static Expression<Func<AnalysisRun, AnalysisRunView>> FromRun { get; } =
        r => new AnalysisRunView(r.Id, r.Kind, r.InputBytes, r.Status, r.Progress, r.Error, r.CreatedAt, r.CompletedAt);
}

/// <summary>Where uploads wait for their run: one file per run, deleted once it ran.</summary>
public sealed record AnalysisRunStorage(string Directory)
{
    public string PathOf(Guid runId) => Path.Combine(Directory, $"{runId:N}.upload");
}

/// <summary>
/// Uploads too large to answer while the caller waits: stored, profiled in the background with progress,
/// and kept as a result for the organization that sent them.
/// </summary>
public sealed class AnalysisRunService(
    IDbContextFactory<TrustVaultDbContext> contexts, AnalysisRunStorage storage, TimeProvider clock, ILogger<AnalysisRunService> logger)
{
    /// <summary>The largest dataset profiled, in the background or while the caller waits.</summary>
    public const long MaxUploadBytes = 100L * 1024 * 1024;

    /// <summary>Run kinds: a profile of CSV, or of JSON rows (the kind keeps the upload's format until the run starts).</summary>
    public const string ProfileKind = "profile";
    public const string JsonProfileKind = "profile-json";
    /// <summary>The stored result is what the job's status and the download serve: enums by their camelCase names, as the API writes them.</summary>
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) } };
    private static readonly Func<AnalysisRun, AnalysisRunView> View = AnalysisRunView.FromRun.Compile();

    /// <summary>Stores the upload and records a queued profile run; the caller enqueues <see cref="RunProfileAsync"/>.</summary>
    public async Task<AnalysisRunView> QueueProfileAsync(Guid organizationId, Stream upload, DatasetFormat format, CancellationToken cancellationToken)
    {
        var runId = Guid.CreateVersion7();
        System.IO.Directory.CreateDirectory(storage.Directory);
        var path = storage.PathOf(runId);
        long bytes;
        try
        {
            await using (var file = File.Create(path))
            {
                var buffer = new byte[81920];
                bytes = 0;
                int read;
                while ((read = await upload.ReadAsync(buffer, cancellationToken)) > 0)
                {
                    bytes += read;
                    if (bytes > MaxUploadBytes)
                    {
                        throw new InvalidInputException("body", $"Send at most {MaxUploadBytes / 1024 / 1024} MB of data.");
                    }

                    await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                }
            }
        }
        catch
        {
            File.Delete(path);
            throw;
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var stored = new AnalysisRun { Id = runId, OrganizationId = organizationId, Kind = format == DatasetFormat.JsonRows ? JsonProfileKind : ProfileKind, Status = AnalysisRunStatus.Queued, InputBytes = bytes };
        db.AnalysisRuns.Add(stored);
        await db.SaveChangesAsync(cancellationToken);
        return View(stored);
    }

    /// <summary>The background step: profiles the stored upload, saving progress about once a second.</summary>
    public async Task RunProfileAsync(Guid runId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        // Queued by the owning organization's call; the background step has no caller of its own.
        var run = await db.AnalysisRuns.AcrossOrganizations().SingleOrDefaultAsync(r => r.Id == runId, cancellationToken);
        if (run is null || run.Status is AnalysisRunStatus.Succeeded or AnalysisRunStatus.Failed)
        {
            return;
        }

        run.Status = AnalysisRunStatus.Running;
        await db.SaveChangesAsync(cancellationToken);
        var path = storage.PathOf(runId);
        var lastSaved = clock.GetUtcNow();
        try
        {
            DatasetProfile profile;
            var format = run.Kind == JsonProfileKind ? DatasetFormat.JsonRows : DatasetFormat.Csv;
            using (var upload = new ProgressStream(File.OpenRead(path), read => ReportProgress(runId, read, run.InputBytes, ref lastSaved)))
            {
                // The profiler reads synchronously: keep it off the background server's async workers.
                profile = await Task.Run(() => DatasetProfiler.Profile(upload, format), cancellationToken);
            }

            run.ResultJson = JsonSerializer.Serialize(ProfileDocument.From(profile), Json);
            run.Status = AnalysisRunStatus.Succeeded;
        }
        catch (DatasetFormatException e)
        {
            run.Status = AnalysisRunStatus.Failed;
            run.Error = e.Message;
        }
        catch (Exception e) when (e is IOException or InvalidOperationException or ArgumentException)
        {
            logger.LogError(e, "Analysis run {RunId} failed", runId);
            run.Status = AnalysisRunStatus.Failed;
            run.Error = "The analysis failed on our side; send the file again.";
        }
        finally
        {
            File.Delete(path);
        }

        run.Progress = 100;
        run.CompletedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
        logger.LogInformation("Analysis run {RunId} ({Kind}) {Status}", runId, run.Kind, run.Status);
    }

    /// <summary>A run of the calling organization (the gateway's view); null for another organization's.</summary>
    public async Task<(AnalysisRunView View, string? ResultJson)?> FindAsync(Guid organizationId, Guid runId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var run = await db.AnalysisRuns.AsNoTracking().ForOrganization(organizationId).SingleOrDefaultAsync(r => r.Id == runId, cancellationToken);
        return run is null ? null : (View(run), run.ResultJson);
    }

    /// <summary>One page of the organization's runs, the latest started first.</summary>
    public async Task<ItemPage<AnalysisRunView>> ListAsync(string userId, Guid organizationId, int page, int pageSize, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await db.RequireRoleAsync(userId, organizationId, cancellationToken);
        var rows = db.AnalysisRuns.AsNoTracking().ForOrganization(organizationId);
        var runs = await rows.OrderByDescending(r => r.CreatedAt).ThenByDescending(r => r.Id)
            .Page(page, Math.Clamp(pageSize, 1, 100))
            .Select(AnalysisRunView.FromRun)
            .ToListAsync(cancellationToken);
        return new ItemPage<AnalysisRunView>(runs, await rows.CountAsync(cancellationToken));
    }

    public async Task<string> ResultAsync(string userId, Guid organizationId, Guid runId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await db.RequireRoleAsync(userId, organizationId, cancellationToken);
        return await db.AnalysisRuns.ForOrganization(organizationId).Where(r => r.Id == runId && r.ResultJson != null)
            .Select(r => r.ResultJson!).SingleOrDefaultAsync(cancellationToken)
            ?? throw new NotFoundException("The run does not exist or has no result yet.");
    }

    /// <summary>Saves the share read at most once a second; 100 only when the run is done.</summary>
    private void ReportProgress(Guid runId, long read, long total, ref DateTimeOffset lastSaved)
    {
        var now = clock.GetUtcNow();
        if (now - lastSaved < TimeSpan.FromSeconds(1))
        {
            return;
        }

        lastSaved = now;
        var progress = total == 0 ? 99 : (int)Math.Min(99, 100 * read / total);
        using var db = contexts.CreateDbContext();
        db.AnalysisRuns.AcrossOrganizations().Where(r => r.Id == runId).ExecuteUpdate(set => set.SetProperty(r => r.Progress, progress));
    }
}
