namespace Rectify.Features.Problems;

/// <summary>
/// At start and every hour: deletes staged uploads older than a day (a crash or kill -9 during an
/// upload leaves them in evidence/tmp) and reports evidence rows whose file is missing, which
/// `rectify audit verify` names one by one.
/// </summary>
public sealed class EvidenceSweep(IServiceProvider services, EvidenceStore store, TimeProvider clock, ILogger<EvidenceSweep> log) : BackgroundService
{
    public static readonly TimeSpan StagedAge = TimeSpan.FromDays(1);
    static readonly TimeSpan Every = TimeSpan.FromHours(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Every, clock);
        try
        {
            do
            {
                try
                {
                    await RunOnceAsync(stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    log.LogError(e, "佐证材料清理失败，一小时后重试");
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) { }
    }

    public async Task RunOnceAsync(CancellationToken ct)
    {
        var swept = store.SweepStaged(StagedAge, clock.GetUtcNow().UtcDateTime);
        if (swept > 0) log.LogInformation("已删除 {Count} 个超过一天的暂存上传文件", swept);
        using var scope = services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<Data.RectifyDb>();
        // The hourly upkeep also drops the answers of Idempotency-Keys past their 24 hours.
        await Infrastructure.Idempotency.PurgeAsync(db, clock.GetUtcNow(), ct);
        var (missing, first) = await store.MissingAsync(db, 20, ct);
        if (missing > 0)
            log.LogError("{Count} 条佐证材料记录的文件不存在（运行 rectify audit verify 查看全部）：{First}", missing,
                string.Join("；", first.Select(m => $"佐证材料 {m.Id}（进展 {m.ProgressEntryId}，{m.FileName}，{m.StoredPath}）")));
    }
}
