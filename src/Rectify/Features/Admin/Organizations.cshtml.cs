using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Rectify.Core.Domain;
using Rectify.Data;
using Rectify.Infrastructure;

namespace Rectify.Features.Admin;

/// <summary>The organisation tree: list, create, and edit one (rename, move, contacts, principal leader).</summary>
[Authorize(Policy = Policies.Accounts)]
public class OrganizationsModel(RectifyDb db) : PageModel
{
    public sealed class OrgForm
    {
        [Required(ErrorMessage = "请填写名称"), StringLength(100, ErrorMessage = "名称不超过 100 字")] public string? Name { get; set; }
        [StringLength(200)] public string? FullName { get; set; }
        public OrganizationLevel Level { get; set; } = OrganizationLevel.Other;
        public int? ParentId { get; set; }
        [StringLength(50)] public string? PrincipalLeader { get; set; }
        [StringLength(50)] public string? ContactPhone { get; set; }
        [StringLength(200)] public string? ContactMailbox { get; set; }
        [RegularExpression(@"^\d{6}$", ErrorMessage = "邮政编码应为 6 位数字")] public string? ContactPostcode { get; set; }
        [EmailAddress(ErrorMessage = "电子邮箱格式不正确")] public string? ContactEmail { get; set; }
    }

    [BindProperty] public OrgForm Form { get; set; } = new();
    /// <summary>The organisation being edited; null on the list.</summary>
    [BindProperty(SupportsGet = true)] public int? Id { get; set; }
    public List<(Organization Org, int Depth)> Tree { get; private set; } = [];
    public string? Message { get; private set; }

    public static string LevelText(OrganizationLevel l) => l switch
    {
        OrganizationLevel.District => "区（县）", OrganizationLevel.Town => "镇（街道）", OrganizationLevel.Bureau => "部门（局）",
        OrganizationLevel.Enterprise => "企业", OrganizationLevel.Village => "村", OrganizationLevel.Community => "社区", _ => "其他",
    };

    async Task LoadTreeAsync(CancellationToken ct)
    {
        var all = await db.Organizations.AsNoTracking().OrderBy(o => o.Name).ToListAsync(ct);
        var children = all.ToLookup(o => o.ParentId);
        void Walk(int? parent, int depth)
        {
            foreach (var o in children[parent]) { Tree.Add((o, depth)); Walk(o.Id, depth + 1); }
        }
        Walk(null, 0);
    }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        await LoadTreeAsync(ct);
        if (Id is { } id)
        {
            var o = Tree.Select(t => t.Org).FirstOrDefault(x => x.Id == id);
            if (o is null) return NotFound();
            Form = new OrgForm
            {
                Name = o.Name, FullName = o.FullName, Level = o.Level, ParentId = o.ParentId, PrincipalLeader = o.PrincipalLeader,
                ContactPhone = o.ContactPhone, ContactMailbox = o.ContactMailbox, ContactPostcode = o.ContactPostcode, ContactEmail = o.ContactEmail,
            };
        }
        Message = TempData["Message"] as string;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        await LoadTreeAsync(ct);
        var name = Form.Name?.Trim();
        if (Form.ParentId is { } pid && !Tree.Any(t => t.Org.Id == pid))
            ModelState.AddModelError("Form.ParentId", "所选上级组织不存在");
        Organization? org = null;
        if (Id is { } id)
        {
            org = await db.Organizations.FindAsync([id], ct);
            if (org is null) return NotFound();
            // A move under itself or its own subtree would cut the branch off the tree.
            if (Form.ParentId is { } parent && Scope.Subtree(id, Tree.Select(t => (t.Org.Id, t.Org.ParentId))).Contains(parent))
                ModelState.AddModelError("Form.ParentId", $"不能把“{org.Name}”移到它自己或它的下级组织之下");
        }
        if (name is not null && await db.Organizations.AnyAsync(o => o.Name == name && o.ParentId == Form.ParentId && o.Id != (Id ?? 0), ct))
            ModelState.AddModelError("Form.Name", $"同一上级下已有名为“{name}”的组织");
        if (!ModelState.IsValid) return Page();

        org ??= db.Organizations.Add(new Organization { Name = name! }).Entity;
        org.Name = name!;
        org.FullName = Blank(Form.FullName);
        org.Level = Form.Level;
        org.ParentId = Form.ParentId;
        org.PrincipalLeader = Blank(Form.PrincipalLeader);
        org.ContactPhone = Blank(Form.ContactPhone);
        org.ContactMailbox = Blank(Form.ContactMailbox);
        org.ContactPostcode = Blank(Form.ContactPostcode);
        org.ContactEmail = Blank(Form.ContactEmail);
        await db.SaveChangesAsync(ct);
        TempData["Message"] = Id is null ? $"已新建组织“{org.Name}”" : $"已保存组织“{org.Name}”";
        return Redirect("/admin/organizations");
    }

    static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}
