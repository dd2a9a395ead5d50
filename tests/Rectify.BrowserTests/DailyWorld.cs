using System.IO.Compression;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Rectify.Core;
using Rectify.Core.Domain;
using Rectify.Data;
using Rectify.Features.Notifications;
using Rectify.Infrastructure;

namespace Rectify.BrowserTests;

/// <summary>
/// A day of ledger work on the demo (城北镇): one problem due in five days (yellow), the phased ones
/// overdue (red), a closure waiting for its 驳回 or approval, a supervision order naming a problem, and
/// the reminders in the inbox. Shared by the accessibility and the phone tests.
/// </summary>
static class DailyWorld
{
    public const string CadrePassword = "cungan-pass-123";

    public static DateOnly Today(BrowserFixture fx) => fx.App.Services.GetRequiredService<OfficeClock>().Today;

    /// <summary>Sets the day up once per app; returns the yellow problem's id.</summary>
    public static async Task<int> SetUpAsync(BrowserFixture fx)
    {
        using var scope = fx.App.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        await using var db = fx.App.CreateDb();
        var today = Today(fx);
        // Once set up, the yellow problem is the one given to the cadre (a later test may have moved the others' statuses).
        if (await users.FindByNameAsync("cungan") is not null)
            return (await db.Problems.FirstAsync(p => p.InspectionId == 1 && p.ResponsiblePerson == "村干部李")).Id;
        var yellow = await db.Problems.FirstAsync(p => p.InspectionId == 1 && p.Status == RectificationStatus.Phased && p.Ordinal != 3);

        var town = await db.Organizations.SingleAsync(o => o.Name == "城北镇");
        var u = new AppUser { UserName = "cungan", DisplayName = "村干部李", OrganizationId = town.Id };
        Assert.True((await users.CreateAsync(u, CadrePassword)).Succeeded);
        await users.AddToRoleAsync(u, Roles.UnitEditor);

        // Arranged directly (the import gave it an expected month only; other tests of the app may have set one): due in 5 days.
        db.Entry(yellow).Property(p => p.Deadline).CurrentValue = today.AddDays(5);
        // The reminders reach the accounts linked to the problem: the cadre does the work, the office's admin leads it.
        yellow.ResponsiblePerson = "村干部李";
        yellow.ResponsiblePersonId = u.Id;
        yellow.ResponsibleLeader = "admin";
        yellow.ResponsibleLeaderId = (await users.FindByNameAsync("admin"))!.Id;
        var waiting = await db.Problems.Include(x => x.Progress).ThenInclude(x => x.Evidence).FirstAsync(x => x.InspectionId == 1 && x.Ordinal == 5);
        var e = waiting.AddProgress(today.AddDays(-2), "完成整改,建立长效机制", "zhang");
        e.Evidence.Add(new Evidence { FileName = "会议记录.pdf", ContentType = "application/pdf", Sha256 = new string('a', 64), StoredPath = "x", UploadedBy = "zhang" });
        waiting.RequestClosure("zhang", DateTimeOffset.UtcNow);
        db.SupervisionActions.Add(new SupervisionAction
        {
            Kind = SupervisionKind.OrderToRectify, Date = today, ActedBy = "admin", InspectionId = 1, TargetOrganizationId = town.Id,
            ProblemIds = [waiting.Id, yellow.Id], Findings = "台账未及时更新", Deadline = today.AddDays(3), State = SupervisionState.Open,
        });
        await db.SaveChangesAsync();
        await ReminderScan.RunAsync(db, fx.App.Services.GetRequiredService<OfficeClock>());
        return yellow.Id;
    }

    /// <summary>Another open problem of the town, for work that changes its status (the yellow one stays as the day set it).</summary>
    public static async Task<int> AnotherOpenProblemAsync(BrowserFixture fx)
    {
        await SetUpAsync(fx);
        await using var db = fx.App.CreateDb();
        return (await db.Problems.Where(p => p.InspectionId == 1 && p.Status == RectificationStatus.Phased && p.Ordinal != 3 && p.ResponsiblePerson != "村干部李")
            .OrderBy(p => p.Ordinal).FirstAsync()).Id;
    }

    /// <summary>The problem whose closure waits for the office's approval or 驳回 (problem 5 of the ledger).</summary>
    public static async Task<int> WaitingForClosureAsync(BrowserFixture fx)
    {
        await SetUpAsync(fx);
        await using var db = fx.App.CreateDb();
        return await db.Problems.Where(p => p.InspectionId == 1 && p.Ordinal == 5).Select(p => p.Id).SingleAsync();
    }

    public static string Shot(string name) => Path.Combine(BrowserFixture.ScreenshotFolder, name);

    /// <summary>How much wider than the screen the page is (0 or less: it fits). A phone's window widens to the content, so the screen is the viewport set.</summary>
    public static Task<int> OverflowAsync(IPage page) =>
        page.EvaluateAsync<int>("w => Math.max(document.documentElement.scrollWidth, document.body.scrollWidth) - w", page.ViewportSize!.Width);

    /// <summary>The elements that reach past the screen's right edge (for a failure's message).</summary>
    public static async Task<string> TooWideAsync(IPage page) => string.Join("\n", await page.EvaluateAsync<string[]>("""
        w => [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > w + 0.5 && ![...e.children].some(c => c.getBoundingClientRect().right > w + 0.5))
          .slice(0, 5).map(e => e.outerHTML.slice(0, 160))
        """, page.ViewportSize!.Width));

    /// <summary>
    /// On a phone, with the page at its top, the ledger's first card and its title (the thumb's way in) are on the first screen:
    /// the filters and 批量处理 above it are folded.
    /// </summary>
    public static async Task AssertFirstCardOnFirstScreenAsync(IPage page)
    {
        Assert.Equal(0, await page.EvaluateAsync<double>("() => window.scrollY"));
        var card = (await page.Locator("tr.problem").First.BoundingBoxAsync())!;
        var title = (await page.Locator("tr.problem").First.Locator(".c-title a").BoundingBoxAsync())!;
        var screen = page.ViewportSize!.Height;
        Assert.True(card.Y < screen && title.Y + title.Height <= screen, $"the first card starts at {card.Y} px, its title ends at {title.Y + title.Height} px, the screen is {screen} px high");
    }

    /// <summary>Waits until every chart of the overview has drawn and ended its entry animation (overview.js marks it data-drawn on ECharts' 'finished').</summary>
    public static Task ChartsDrawnAsync(IPage page) =>
        page.WaitForFunctionAsync("() => { const cs = [...document.querySelectorAll('.chart')]; return cs.length > 0 && cs.every(c => c.dataset.drawn === 'true'); }");

    /// <summary>A long phone page as screens one below the other (name-1.png, name-2.png…), each readable as a phone shows it.</summary>
    public static async Task PhoneShotsAsync(IPage page, string name, int screens = 3)
    {
        var height = await page.EvaluateAsync<int>("() => document.documentElement.scrollHeight");
        for (var i = 0; i < screens && i * 844 < height; i++)
            await page.ShotAsync(new() { Path = Shot($"{name}-{i + 1}.png"), FullPage = true, Clip = new() { X = 0, Y = i * 844, Width = 390, Height = Math.Min(844, height - i * 844) } });
    }

    /// <summary>A photo as a phone would send it: a PNG of one colour, w×h.</summary>
    public static byte[] Photo(int w, int h, byte r, byte g, byte b)
    {
        var raw = new byte[h * (1 + 3 * w)];
        for (var y = 0; y < h; y++)
            for (var x = 0; x < w; x++) { var i = y * (1 + 3 * w) + 1 + 3 * x; raw[i] = r; raw[i + 1] = (byte)(g + y % 32); raw[i + 2] = b; }
        using var z = new MemoryStream();
        using (var zs = new ZLibStream(z, CompressionLevel.Fastest, leaveOpen: true)) zs.Write(raw);
        using var png = new MemoryStream();
        png.Write([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]);
        var ihdr = new byte[13];
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(ihdr, w);
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(ihdr.AsSpan(4), h);
        ihdr[8] = 8; ihdr[9] = 2; // 8-bit RGB
        Chunk(png, "IHDR", ihdr);
        Chunk(png, "IDAT", z.ToArray());
        Chunk(png, "IEND", []);
        return png.ToArray();
    }

    static void Chunk(Stream s, string type, byte[] data)
    {
        var head = new byte[8];
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(head, data.Length);
        System.Text.Encoding.ASCII.GetBytes(type, head.AsSpan(4));
        s.Write(head);
        s.Write(data);
        var crc = new byte[4];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(crc, Crc32([.. head.AsSpan(4).ToArray(), .. data]));
        s.Write(crc);
    }

    /// <summary>PNG's chunk checksum (CRC-32, polynomial 0xEDB88320).</summary>
    static uint Crc32(byte[] bytes)
    {
        var c = 0xFFFFFFFFu;
        foreach (var b in bytes)
        {
            c ^= b;
            for (var k = 0; k < 8; k++) c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
        }
        return c ^ 0xFFFFFFFFu;
    }
}
