using System.IO.Compression;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Rectify.Core.Domain;
using Rectify.Data;
using Rectify.Infrastructure;
using Rectify.Tests.Web;

namespace Rectify.Tests.Problems;

/// <summary>Accounts of every role around the demo ledger of 城北镇, and small files to upload.</summary>
public static class ProblemKit
{
    public const string Password = "role-pass-123";
    /// <summary>A phased problem of the demo (撂荒复耕, 预计2023年12月).</summary>
    public const int Phased = 3;
    /// <summary>A completed-sustained problem of the demo.</summary>
    public const int Sustained = 1;

    /// <summary>editor / leader / reader of 城北镇, a supervisor of the whole district, an editor of 西阳镇.</summary>
    public static async Task CreateUsersAsync(RectifyApp app)
    {
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<RectifyDb>();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var town = await db.Organizations.SingleAsync(o => o.Name == "城北镇");
        var other = db.Organizations.Add(new Organization { Name = "西阳镇" }).Entity;
        await db.SaveChangesAsync();
        async Task Add(string name, string display, int? org, string role)
        {
            var u = new AppUser { UserName = name, DisplayName = display, OrganizationId = org };
            var r = await users.CreateAsync(u, Password);
            Assert.True(r.Succeeded, string.Join(";", r.Errors.Select(e => e.Description)));
            await users.AddToRoleAsync(u, role);
        }
        await Add("editor", "王填报", town.Id, Roles.UnitEditor);
        await Add("editor2", "赵填报", town.Id, Roles.UnitEditor);
        await Add("leader", "李书记", town.Id, Roles.UnitLeader);
        await Add("reader", "陈只读", town.Id, Roles.Reader);
        await Add("supervisor", "纪委张", null, Roles.Supervisor);
        await Add("outsider", "西阳填报", other.Id, Roles.UnitEditor);
    }

    public static Task<HttpClient> As(this RectifyApp app, string user) =>
        user == "admin" ? app.SignedInClientAsync() : app.SignedInClientAsync(user, Password);

    public static async Task<JsonElement> GetProblemAsync(this HttpClient client, int id)
    {
        var r = await client.GetAsync($"/api/problems/{id}");
        Assert.True(r.IsSuccessStatusCode, $"{r.StatusCode}: {await r.Content.ReadAsStringAsync()}");
        return await r.Content.ReadFromJsonAsync<JsonElement>();
    }

    public static async Task<int> VersionAsync(this HttpClient client, int id) => (await client.GetProblemAsync(id)).GetProperty("version").GetInt32();

    /// <summary>The ProblemDetails "detail" of a refusal.</summary>
    public static async Task<string> DetailAsync(HttpResponseMessage r)
    {
        Assert.Equal("application/problem+json", r.Content.Headers.ContentType?.MediaType);
        var json = await r.Content.ReadFromJsonAsync<JsonElement>();
        return json.GetProperty("detail").GetString()!;
    }

    public static byte[] Pdf(string text = "Rectify evidence")
    {
        var body = $"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 100]>>endobj\n% {text}\ntrailer<</Root 1 0 R>>\n%%EOF\n";
        return Encoding.ASCII.GetBytes(body);
    }

    /// <summary>The first bytes of a Windows program.</summary>
    public static byte[] Exe() => [(byte)'M', (byte)'Z', 0x90, 0, 3, 0, 0, 0, 4, 0, 0, 0, 0xFF, 0xFF, 0, 0];

    /// <summary>A zip archive holding the given entries.</summary>
    public static byte[] Zip(params string[] entries)
    {
        using var ms = new MemoryStream();
        using (var zip = new ZipArchive(ms, ZipArchiveMode.Create, leaveOpen: true))
            foreach (var e in entries)
            {
                using var w = new StreamWriter(zip.CreateEntry(e).Open());
                w.Write("<x/>");
            }
        return ms.ToArray();
    }

    public static MultipartFormDataContent Progress(string text, int version, params (string Name, byte[] Bytes)[] files)
    {
        var form = new MultipartFormDataContent
        {
            // The office's today (the app's clock is the system's), not the test machine's local date.
            { new StringContent(new Rectify.Core.OfficeClock(TimeProvider.System, Rectify.Core.OfficeClock.FindZone(null)).Today.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)), "date" },
            { new StringContent(text), "text" },
            { new StringContent(version.ToString(System.Globalization.CultureInfo.InvariantCulture)), "version" },
        };
        foreach (var (name, bytes) in files)
            form.Add(new ByteArrayContent(bytes), "files", name);
        return form;
    }

    public static async Task<Problem> StoredAsync(this RectifyApp app, int id)
    {
        await using var db = app.CreateDb();
        return await db.Problems.AsNoTracking().Include(p => p.Measures).Include(p => p.Progress).ThenInclude(e => e.Evidence)
            .Include(p => p.Extensions).SingleAsync(p => p.Id == id);
    }
}
