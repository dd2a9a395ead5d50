using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Rectify.Core.Domain;
using Rectify.Data;
using Rectify.Features.Problems;
using Rectify.Infrastructure;
using Rectify.Tests.Web;

namespace Rectify.Tests.Problems;

public class ProblemRaceTests : IAsyncLifetime
{
    readonly RectifyApp _app = new();
    public ValueTask InitializeAsync() => ValueTask.CompletedTask;
    public ValueTask DisposeAsync() => _app.DisposeAsync();

    /// <summary>Two writers pass the version check at the same moment: the database's concurrency token stops the second.</summary>
    [Fact]
    public async Task A_write_that_races_past_the_version_check_is_stopped_by_the_concurrency_token()
    {
        string adminId;
        using (var s = _app.Services.CreateScope())
            adminId = (await s.ServiceProvider.GetRequiredService<UserManager<AppUser>>().FindByNameAsync("admin"))!.Id;
        var principal = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, adminId)], "test"));

        await using var first = _app.CreateDb();
        await using var second = _app.CreateDb();
        var a = await ProblemWork.LoadAsync(first, (await Scope.ForAsync(principal, first))!, _app.Services.GetRequiredService<Rectify.Core.OfficeClock>(), ProblemKit.Phased, default);
        var b = await ProblemWork.LoadAsync(second, (await Scope.ForAsync(principal, second))!, _app.Services.GetRequiredService<Rectify.Core.OfficeClock>(), ProblemKit.Phased, default);
        var version = a.Problem.Version;

        await a.ChangeStatusAsync("in-progress", null, null, version, default);
        await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() =>
            b.UpdateFieldsAsync(new ProblemFields { Title = "后到的标题", Kind = "deadline", Version = version }, default));

        var stored = await _app.StoredAsync(ProblemKit.Phased);
        Assert.Equal("撂荒复耕工作开展不扎实", stored.Title);
        Assert.Equal(RectificationStatus.InProgress, stored.Status);
        Assert.Equal(version + 1, stored.Version);
    }
}
