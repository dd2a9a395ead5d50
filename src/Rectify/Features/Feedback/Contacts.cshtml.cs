using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Rectify.Core.Domain;
using Rectify.Data;
using Rectify.Infrastructure;

namespace Rectify.Features.Feedback;

/// <summary>/feedback/contacts: the contact channels each organisation shows on its public notices.</summary>
public partial class FeedbackContactsModel(RectifyDb db, CurrentScope currentScope) : PageModel
{
    public List<Organization> Organizations { get; private set; } = [];
    public int? ErrorFor { get; private set; }
    public string? Error { get; private set; }
    [TempData] public string? Done { get; set; }

    async Task<Scope?> LoadAsync(CancellationToken ct)
    {
        var scope = await currentScope.GetAsync(ct);
        if (scope is null) return null;
        var all = await db.Organizations.AsNoTracking().OrderBy(o => o.Level).ThenBy(o => o.Name).ToListAsync(ct);
        Organizations = all.Where(o => scope.CanEdit(o.Id)).ToList();
        return scope;
    }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) =>
        await LoadAsync(ct) is null ? Challenge() : Page();

    public async Task<IActionResult> OnPostAsync(int organizationId, string? phone, string? mailbox, string? postcode, string? email, CancellationToken ct)
    {
        var scope = await LoadAsync(ct);
        if (scope is null) return Challenge();
        if (!scope.Sees(organizationId)) return NotFound();
        if (!scope.CanEdit(organizationId)) return Forbid();
        var org = await db.Organizations.FirstOrDefaultAsync(o => o.Id == organizationId, ct);
        if (org is null) return NotFound();
        string? Clean(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
        (phone, mailbox, postcode, email) = (Clean(phone), Clean(mailbox), Clean(postcode), Clean(email));
        Error = postcode is not null && !Postcode().IsMatch(postcode) ? "邮政编码应为 6 位数字"
            : email is not null && !Email().IsMatch(email) ? "电子邮箱格式不对，应形如 name@example.com"
            : phone is not null && !Phone().IsMatch(phone) ? "联系电话只能包含数字、空格、“-”和括号"
            : (phone?.Length > 40 || mailbox?.Length > 100 || email?.Length > 100) ? "联系方式过长" : null;
        if (Error is not null)
        {
            ErrorFor = organizationId;
            // Re-show what was typed.
            var shown = Organizations.First(o => o.Id == organizationId);
            (shown.ContactPhone, shown.ContactMailbox, shown.ContactPostcode, shown.ContactEmail) = (phone, mailbox, postcode, email);
            return Page();
        }
        (org.ContactPhone, org.ContactMailbox, org.ContactPostcode, org.ContactEmail) = (phone, mailbox, postcode, email);
        await db.SaveChangesAsync(ct);
        Done = $"已保存{org.Name}的监督渠道";
        return RedirectToPage();
    }

    [GeneratedRegex(@"^\d{6}$")] private static partial Regex Postcode();
    [GeneratedRegex(@"^[^@\s]+@[^@\s]+\.[^@\s]+$")] private static partial Regex Email();
    [GeneratedRegex(@"^[0-9\-\s()（）转]+$")] private static partial Regex Phone();
}
