using Microsoft.Extensions.Diagnostics.HealthChecks;
using Rectify.Data;

namespace Rectify.Infrastructure;

public sealed class DatabaseHealthCheck(RectifyDb db) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default) =>
        await db.Database.CanConnectAsync(ct) ? HealthCheckResult.Healthy() : HealthCheckResult.Unhealthy("数据库无法连接");
}
