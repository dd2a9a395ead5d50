using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Rectify.Core.Domain;
using Rectify.Data;
using Rectify.Features.Documents;
using Rectify.Infrastructure;

namespace Rectify.Features.Admin;

/// <summary>
/// 公文格式设置: one screen for the GB/T 9704 elements every formal document of an organisation takes
/// (DocumentSettings), which organisation is the discipline commission (orders to rectify go out in its
/// name), and the 主送机关 of each round's upward reports. The office's work (巡察办管理员).
/// </summary>
[Authorize(Policy = Policies.LedgerAdmin)]
public class DocumentsModel(RectifyDb db) : PageModel
{
    public sealed class SettingsForm
    {
        [StringLength(60, ErrorMessage = "发文机关标志不超过 60 字")] public string? IssuerMark { get; set; }
        [StringLength(20, ErrorMessage = "机关代字不超过 20 字"), RegularExpression(@"^[^\d〔〕\[\]()（）]*$", ErrorMessage = "机关代字只写代字本身（如“城北党”），年份和序号由系统加上")] public string? AgencyCode { get; set; }
        [StringLength(100, ErrorMessage = "发文机关署名不超过 100 字")] public string? Signature { get; set; }
        [StringLength(20, ErrorMessage = "签发人不超过 20 字")] public string? Signer { get; set; }
        [StringLength(200, ErrorMessage = "主送机关不超过 200 字")] public string? MainRecipient { get; set; }
        [RegularExpression("^(秘密|机密|绝密)(★.*)?$", ErrorMessage = "密级应为秘密、机密或绝密（可加“★保密期限”）")] public string? Secrecy { get; set; }
        [RegularExpression("^(特急|加急)$", ErrorMessage = "紧急程度应为特急或加急")] public string? Urgency { get; set; }
        public bool CopyNumbers { get; set; }
        public bool Sealed { get; set; } = true;
        [StringLength(20, ErrorMessage = "联系人不超过 20 字")] public string? ContactPerson { get; set; }
        [StringLength(30, ErrorMessage = "电话不超过 30 字")] public string? ContactPhone { get; set; }
        [StringLength(300, ErrorMessage = "抄送机关不超过 300 字")] public string? CopyTo { get; set; }
        [StringLength(100, ErrorMessage = "印发机关不超过 100 字")] public string? Printer { get; set; }
        /// <summary>本单位是纪委监委: orders to rectify go out in its name and frame (one organisation at a time).</summary>
        public bool IsCommission { get; set; }
    }

    [BindProperty] public SettingsForm Form { get; set; } = new();
    [BindProperty(SupportsGet = true)] public int? Id { get; set; }

    public List<(Organization Org, DocumentSettings? Settings)> Organizations { get; private set; } = [];
    public List<InspectionRound> Rounds { get; private set; } = [];
    public Organization? Selected { get; private set; }
    /// <summary>The organisation marked as the discipline commission, whose frame orders to rectify take.</summary>
    public int? CommissionId { get; private set; }
    public string? Message { get; private set; }

    async Task LoadAsync(CancellationToken ct)
    {
        var orgs = await db.Organizations.AsNoTracking().OrderBy(o => o.ParentId == null ? 0 : 1).ThenBy(o => o.Name).ToListAsync(ct);
        var settings = await db.DocumentSettings.AsNoTracking().ToDictionaryAsync(s => s.OrganizationId, ct);
        Organizations = orgs.Select(o => (o, settings.GetValueOrDefault(o.Id))).ToList();
        Rounds = await db.Rounds.AsNoTracking().OrderByDescending(r => r.Id).ToListAsync(ct);
        Selected = Id is { } id ? orgs.FirstOrDefault(o => o.Id == id) : null;
        CommissionId = (await DocumentFrames.CommissionAsync(db, ct))?.Id;
    }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        if (Id is not null && Selected is null) return NotFound();
        if (Selected is not null && Organizations.First(x => x.Org.Id == Selected.Id).Settings is { } s)
            Form = new SettingsForm
            {
                IssuerMark = s.IssuerMark, AgencyCode = s.AgencyCode, Signature = s.Signature, Signer = s.Signer, MainRecipient = s.MainRecipient,
                Secrecy = s.Secrecy, Urgency = s.Urgency, CopyNumbers = s.CopyNumbers, Sealed = s.Sealed, ContactPerson = s.ContactPerson,
                ContactPhone = s.ContactPhone, CopyTo = s.CopyTo, Printer = s.Printer,
            };
        if (Selected is not null) Form.IsCommission = CommissionId == Selected.Id;
        Message = TempData["Message"] as string;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        if (Selected is null) return NotFound();
        if (!ModelState.IsValid) return Page();
        var s = await db.DocumentSettings.FirstOrDefaultAsync(x => x.OrganizationId == Selected.Id, ct)
            ?? db.DocumentSettings.Add(new DocumentSettings { OrganizationId = Selected.Id }).Entity;
        s.IssuerMark = Blank(Form.IssuerMark);
        s.AgencyCode = Blank(Form.AgencyCode);
        s.Signature = Blank(Form.Signature);
        s.Signer = Blank(Form.Signer);
        s.MainRecipient = Blank(Form.MainRecipient);
        s.Secrecy = Blank(Form.Secrecy);
        s.Urgency = Blank(Form.Urgency);
        s.CopyNumbers = Form.CopyNumbers;
        s.Sealed = Form.Sealed;
        s.ContactPerson = Blank(Form.ContactPerson);
        s.ContactPhone = Blank(Form.ContactPhone);
        s.CopyTo = Blank(Form.CopyTo);
        s.Printer = Blank(Form.Printer);
        var mark = await db.Settings.FirstOrDefaultAsync(x => x.Key == DocumentFrames.CommissionKey, ct);
        if (Form.IsCommission)
        {
            // Marking this organisation moves the mark: orders have one issuer.
            mark ??= db.Settings.Add(new AppSetting { Key = DocumentFrames.CommissionKey }).Entity;
            mark.Value = Selected.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        else if (mark is not null && CommissionId == Selected.Id) db.Settings.Remove(mark);
        await db.SaveChangesAsync(ct);
        TempData["Message"] = $"已保存“{Selected.Name}”的公文格式设置";
        return Redirect($"/admin/documents/{Selected.Id}");
    }

    /// <summary>The rounds' 主送机关, posted as Recipients[roundId] (a handler argument, so the organisation's form never binds into it).</summary>
    public async Task<IActionResult> OnPostRoundsAsync([FromForm(Name = "Recipients")] Dictionary<int, string?>? recipients, CancellationToken ct)
    {
        await LoadAsync(ct);
        recipients ??= [];
        // The organisation's form was not posted: its (empty) fields are not this handler's to check.
        ModelState.Clear();
        if (recipients.Any(r => r.Value?.Trim().Length > 200))
        {
            ModelState.AddModelError("Recipients", "主送机关不超过 200 字");
            return Page();
        }
        var ids = recipients.Keys.ToList();
        var rounds = await db.Rounds.Where(r => ids.Contains(r.Id)).ToListAsync(ct);
        foreach (var r in rounds) r.ReportRecipient = Blank(recipients[r.Id]);
        await db.SaveChangesAsync(ct);
        TempData["Message"] = "已保存各轮次的主送机关";
        return Redirect(Id is { } id ? $"/admin/documents/{id}" : "/admin/documents");
    }

    static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}
