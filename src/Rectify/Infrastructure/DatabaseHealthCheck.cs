using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Rectify.Data;

namespace Rectify.Infrastructure;

/// <summary>Rectify:Health — when /healthz calls the data folder's disk too full.</summary>
public sealed class HealthOptions
{
    public const string Section = "Rectify:Health";

    /// <summary>Free space in the data folder below this is "Degraded"; below 1 MB (nothing can be written) "Unhealthy".</summary>
    [Range(0, 10_000_000)]
    public double MinFreeDiskMB { get; set; } = 1024;
}

/// <summary>
/// /healthz: the database, the free space of the data folder and whether the evidence folder takes
/// a file. Unhealthy answers 503 (a load balancer takes the instance out), Degraded 200 with the word
/// in the body (monitoring warns); the body is JSON with each check's state and reason in Chinese.
/// </summary>
public static class Health
{
    public static void Add(IServiceCollection services)
    {
        services.AddSettings<HealthOptions>(HealthOptions.Section);
        services.AddHealthChecks()
            .AddCheck<DatabaseHealthCheck>("database")
            .AddCheck<DiskHealthCheck>("disk")
            .AddCheck<EvidenceFolderHealthCheck>("evidence");
    }

    public static Microsoft.AspNetCore.Diagnostics.HealthChecks.HealthCheckOptions Options => new()
    {
        ResponseWriter = (http, report) =>
        {
            http.Response.ContentType = "application/json; charset=utf-8";
            http.Response.Headers.CacheControl = "no-store";
            return http.Response.WriteAsync(JsonSerializer.Serialize(new
            {
                status = report.Status.ToString(),
                checks = report.Entries.ToDictionary(e => e.Key, e => new { status = e.Value.Status.ToString(), description = e.Value.Description }),
            }, new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }));
        },
    };
}

public sealed class DatabaseHealthCheck(RectifyDb db) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        try
        {
            return await db.Database.CanConnectAsync(ct) ? HealthCheckResult.Healthy("数据库可以连接") : HealthCheckResult.Unhealthy("数据库无法连接");
        }
        catch (Exception e) when (Fault.IsDatabaseUnavailable(e)) { return HealthCheckResult.Unhealthy("数据库无法连接"); }
    }
}

public sealed class DiskHealthCheck(Storage storage, IOptions<HealthOptions> options) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        Directory.CreateDirectory(storage.DataFolder);
        var free = new DriveInfo(storage.DataFolder).AvailableFreeSpace;
        var mb = free / 1024.0 / 1024.0;
        var said = $"数据目录所在磁盘剩余 {mb:0.#} MB";
        return Task.FromResult(
            free < 1024 * 1024 ? HealthCheckResult.Unhealthy(said + "，已无法写入")
            : mb < options.Value.MinFreeDiskMB ? HealthCheckResult.Degraded($"{said}，低于 {options.Value.MinFreeDiskMB} MB 的下限（Rectify:Health:MinFreeDiskMB）")
            : HealthCheckResult.Healthy(said));
    }
}

/// <summary>Writes, flushes and deletes a small file where uploads are staged: a full disk, no inode left or a read-only mount shows here.</summary>
public sealed class EvidenceFolderHealthCheck(Storage storage) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        var folder = Path.Combine(storage.EvidenceFolder, Rectify.Features.Problems.EvidenceStore.StagingFolderName);
        var probe = Path.Combine(folder, "health-" + Guid.NewGuid().ToString("N"));
        try
        {
            Directory.CreateDirectory(folder);
            await using (var f = new FileStream(probe, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, useAsync: true))
            {
                await f.WriteAsync(new byte[512], ct);
                f.Flush(flushToDisk: true);
            }
            return HealthCheckResult.Healthy("佐证材料目录可以写入");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return HealthCheckResult.Unhealthy(Fault.IsStorageFull(e) ? "佐证材料目录无法写入：磁盘已满" : "佐证材料目录无法写入");
        }
        finally
        {
            try { File.Delete(probe); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }
}
