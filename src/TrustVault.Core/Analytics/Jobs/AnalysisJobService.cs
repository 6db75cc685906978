using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using TrustVault.Core.Analytics.Statistics;
using TrustVault.Core.Data;
using TrustVault.Core.Errors;
using TrustVault.Core.Organizations;

namespace TrustVault.Core.Analytics.Jobs;

public sealed record AnalysisJobView(Guid Id, string Kind, long InputBytes, AnalysisJobStatus Status, int Progress, string? Error, DateTimeOffset CreatedAt, DateTimeOffset? CompletedAt);

/// <summary>Where uploads wait for their background job: one file per job, deleted once it ran.</summary>
public sealed record AnalysisJobStorage(string Directory)
{
    public string PathOf(Guid jobId) => Path.Combine(Directory, $"{jobId:N}.upload");
}

/// <summary>
/// Uploads too large to answer while the caller waits: stored, profiled in the background with progress,
/// and kept as a result for the organization that sent them.
/// </summary>
public sealed class AnalysisJobService(
    IDbContextFactory<TrustVaultDbContext> contexts, AnalysisJobStorage storage, TimeProvider clock, ILogger<AnalysisJobService> logger)
{
    /// <summary>The largest dataset profiled, in the background or while the caller waits.</summary>
    public const long MaxUploadBytes = 100L * 1024 * 1024;

    /// <summary>Job kinds: a profile of CSV, or of JSON rows (the kind keeps the upload's format until the job runs).</summary>
    public const string ProfileKind = "profile";
    public const string JsonProfileKind = "profile-json";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Stores the upload and records a queued profile job; the caller enqueues <see cref="RunProfileAsync"/>.</summary>
    public async Task<AnalysisJobView> QueueProfileAsync(Guid organizationId, Stream upload, DatasetFormat format, CancellationToken cancellationToken)
    {
        var jobId = Guid.CreateVersion7();
        System.IO.Directory.CreateDirectory(storage.Directory);
        var path = storage.PathOf(jobId);
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
        var stored = new AnalysisJob { Id = jobId, OrganizationId = organizationId, Kind = format == DatasetFormat.JsonRows ? JsonProfileKind : ProfileKind, Status = AnalysisJobStatus.Queued, InputBytes = bytes };
        db.AnalysisJobs.Add(stored);
        await db.SaveChangesAsync(cancellationToken);
        return View(stored);
    }

    /// <summary>The background step: profiles the stored upload, saving progress about once a second.</summary>
    public async Task RunProfileAsync(Guid jobId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        // Queued by the owning organization's call; the background step has no caller of its own.
        var job = await db.AnalysisJobs.AcrossOrganizations().SingleOrDefaultAsync(j => j.Id == jobId, cancellationToken);
        if (job is null || job.Status is AnalysisJobStatus.Succeeded or AnalysisJobStatus.Failed)
        {
            return;
        }

        job.Status = AnalysisJobStatus.Running;
        await db.SaveChangesAsync(cancellationToken);
        var path = storage.PathOf(jobId);
        var lastSaved = clock.GetUtcNow();
        try
        {
            DatasetProfile profile;
            var format = job.Kind == JsonProfileKind ? DatasetFormat.JsonRows : DatasetFormat.Csv;
            using (var upload = new ProgressStream(File.OpenRead(path), read => ReportProgress(jobId, read, job.InputBytes, ref lastSaved)))
            {
                // The profiler reads synchronously: keep it off the job server's async workers.
                profile = await Task.Run(() => DatasetProfiler.Profile(upload, format), cancellationToken);
            }

            job.ResultJson = JsonSerializer.Serialize(ProfileDocument.From(profile), Json);
            job.Status = AnalysisJobStatus.Succeeded;
        }
        catch (DatasetFormatException e)
        {
            job.Status = AnalysisJobStatus.Failed;
            job.Error = e.Message;
        }
        catch (Exception e) when (e is IOException or InvalidOperationException or ArgumentException)
        {
            logger.LogError(e, "Analysis job {JobId} failed", jobId);
            job.Status = AnalysisJobStatus.Failed;
            job.Error = "The analysis failed on our side; send the file again.";
        }
        finally
        {
            File.Delete(path);
        }

        job.Progress = 100;
        job.CompletedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
        logger.LogInformation("Analysis job {JobId} ({Kind}) {Status}", jobId, job.Kind, job.Status);
    }

    /// <summary>A job of the calling organization (the gateway's view); null for another organization's.</summary>
    public async Task<(AnalysisJobView View, string? ResultJson)?> FindAsync(Guid organizationId, Guid jobId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var job = await db.AnalysisJobs.AsNoTracking().ForOrganization(organizationId).SingleOrDefaultAsync(j => j.Id == jobId, cancellationToken);
        return job is null ? null : (View(job), job.ResultJson);
    }

    public async Task<IReadOnlyList<AnalysisJobView>> ListAsync(string userId, Guid organizationId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await db.RequireRoleAsync(userId, organizationId, cancellationToken);
        var jobs = await db.AnalysisJobs.AsNoTracking().ForOrganization(organizationId)
            .OrderByDescending(j => j.CreatedAt).Take(50).ToListAsync(cancellationToken);
        return [.. jobs.Select(View)];
    }

    public async Task<string> ResultAsync(string userId, Guid organizationId, Guid jobId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await db.RequireRoleAsync(userId, organizationId, cancellationToken);
        return await db.AnalysisJobs.ForOrganization(organizationId).Where(j => j.Id == jobId && j.ResultJson != null)
            .Select(j => j.ResultJson!).SingleOrDefaultAsync(cancellationToken)
            ?? throw new NotFoundException("The job does not exist or has no result yet.");
    }

    /// <summary>Saves the share read at most once a second; 100 only when the job is done.</summary>
    private void ReportProgress(Guid jobId, long read, long total, ref DateTimeOffset lastSaved)
    {
        var now = clock.GetUtcNow();
        if (now - lastSaved < TimeSpan.FromSeconds(1))
        {
            return;
        }

        lastSaved = now;
        var progress = total == 0 ? 99 : (int)Math.Min(99, 100 * read / total);
        using var db = contexts.CreateDbContext();
        db.AnalysisJobs.AcrossOrganizations().Where(j => j.Id == jobId).ExecuteUpdate(set => set.SetProperty(j => j.Progress, progress));
    }

    private static AnalysisJobView View(AnalysisJob j) => new(j.Id, j.Kind, j.InputBytes, j.Status, j.Progress, j.Error, j.CreatedAt, j.CompletedAt);
}
