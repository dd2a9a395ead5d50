using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Rectify.Core.Domain;
using Rectify.Core.Notices;
using Rectify.Data;
using Rectify.Features.Public;
using Rectify.Tests.Web;

namespace Rectify.Tests.Public;

/// <summary>Published notices and comments made directly in the database, as the publication flow will leave them.</summary>
public static partial class PublicData
{
    /// <summary>Publishes the demo ledger (inspection 1, 城北镇) as a notice: frozen text and frozen problem list.</summary>
    public static async Task<int> PublishDemoAsync(RectifyApp app, SignOffState state = SignOffState.Published, params int[] withheldOrdinals)
    {
        await using var db = app.CreateDb();
        foreach (var p in await db.Problems.Where(p => p.InspectionId == 1 && withheldOrdinals.Contains(p.Ordinal)).ToListAsync())
        {
            p.SetWithheld(true, "涉及个人隐私", noticeUnderReview: false);
        }
        await db.SaveChangesAsync();
        var input = NoticeInput.FromLedger(Setup.DemoLedger(), shortName: "镇党委");
        foreach (var p in input.AllProblems) p.Withheld = withheldOrdinals.Contains(p.Ordinal);
        var composed = NoticeComposer.Compose(input);
        var notice = new Notice
        {
            InspectionId = 1,
            Title = composed.Title,
            AsOf = composed.Date,
            State = state,
        };
        if (state == SignOffState.Published)
        {
            notice.PublishedText = NoticeTextWriter.Write(composed);
            notice.PublishedAt = DateTimeOffset.UtcNow;
            await PublicSnapshot.FreezeAsync(db, notice, input);
        }
        db.Notices.Add(notice);
        await db.SaveChangesAsync();
        return notice.Id;
    }

    public static int ProblemId(RectifyApp app, int ordinal)
    {
        using var db = app.CreateDb();
        return db.Problems.Single(p => p.InspectionId == 1 && p.Ordinal == ordinal).Id;
    }

    /// <summary>The form fields of a valid comment; tests change one to see it refused.</summary>
    public static Dictionary<string, string> Comment(int noticeId, string token, string content = "村里的路灯还是不亮,整改情况与公告不符。") => new()
    {
        ["NoticeId"] = noticeId.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["ProblemId"] = "",
        ["Name"] = "",
        ["Contact"] = "",
        ["Content"] = content,
        ["Website"] = "",
        ["__RequestVerificationToken"] = token,
    };

    /// <summary>Opens the notice page like a reader (getting the antiforgery cookie) and returns the form's token.</summary>
    public static async Task<string> TokenAsync(HttpClient client, int noticeId) =>
        RectifyApp.AntiforgeryToken(await client.GetStringAsync($"/public/notices/{noticeId}"));

    /// <summary>The tracking code a successful post redirects to.</summary>
    public static string CodeOf(HttpResponseMessage response) =>
        CodeRegex().Match(response.Headers.Location?.OriginalString ?? "") is { Success: true } m ? m.Groups[1].Value
            : throw new InvalidOperationException($"no tracking code: {(int)response.StatusCode} {response.Headers.Location}");

    [GeneratedRegex("^/public/feedback/([0-9A-Z]{12})")]
    private static partial Regex CodeRegex();

    public static async Task CreateUserAsync(RectifyApp app, string name, string password, string role, int? organizationId)
    {
        using var scope = app.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var user = new AppUser { UserName = name, OrganizationId = organizationId };
        var created = await users.CreateAsync(user, password);
        if (!created.Succeeded) throw new InvalidOperationException(string.Join(";", created.Errors.Select(e => e.Description)));
        await users.AddToRoleAsync(user, role);
    }

    public static int OrganizationId(RectifyApp app, string name)
    {
        using var db = app.CreateDb();
        return db.Organizations.Single(o => o.Name == name).Id;
    }
}
