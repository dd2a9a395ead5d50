using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Rectify.Core.Domain;
using Rectify.Core.Search;
using Rectify.Data;
using Rectify.Features.Supervision;
using Rectify.Infrastructure;

namespace Rectify.Features.Search;

/// <summary>One found text: where it is, what it belongs to, and the text itself.</summary>
public sealed record SearchHit(string Href, string Context, string Text);

/// <summary>
/// 全文搜索: everything the user may see that holds the words — problems, measures, progress,
/// comments from the public and supervision records — grouped by kind. The scope is the ledger's
/// (<see cref="Scope"/>, the supervision records' and the feedback inbox's rules); problems are
/// found through the ledger's search index (docs/decisions/0006-ledger-text-search.md), the
/// other kinds among the rows of the user's scope.
/// </summary>
public class IndexModel(RectifyDb db, CurrentScope currentScope) : PageModel
{
    /// <summary>Rows shown per kind: a search is a way in, not a report.</summary>
    public const int PerKind = 30;

    [BindProperty(SupportsGet = true)] public string? Q { get; set; }
    public List<string> Words { get; private set; } = [];
    public List<(string Kind, List<SearchHit> Hits)> Kinds { get; } = [];
    public string? Error { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var scope = await currentScope.GetAsync(ct);
        if (scope is null) return Challenge();
        Q = Q?.Trim();
        if (string.IsNullOrEmpty(Q)) return Page();
        if (Q.Length > 100) { Error = "搜索词过长，请不超过100个字"; return Page(); }
        Words = Highlight.Words(Q);

        var problems = scope.Problems(db).AsNoTracking();
        // The problems whose title, detail or measures hold every word, from the index when it can answer.
        var found = SearchIndex.Matches(db, Q, problems, scope.SeesAll) is { } m ? problems.Where(p => m.Ids.Contains(p.Id)) : problems;
        var inProblems = found;
        var inMeasures = db.Measures.AsNoTracking().Where(x => found.Select(p => p.Id).Contains(x.ProblemId));
        var inProgress = db.ProgressEntries.AsNoTracking().Where(e => problems.Select(p => p.Id).Contains(e.ProblemId));
        var inspections = scope.Inspections(db).Select(i => i.Id);
        var inComments = from f in db.PublicFeedback.AsNoTracking()
                         join n in db.Notices on f.NoticeId equals n.Id
                         where inspections.Contains(n.InspectionId)
                         select f;
        var inRecords = SupervisionWork.Records(db, scope).AsNoTracking();
        foreach (var w in Words)
        {
            inProblems = inProblems.Where(p => p.Title.Contains(w) || (p.Detail != null && p.Detail.Contains(w)));
            inMeasures = inMeasures.Where(x => x.Text.Contains(w));
            inProgress = inProgress.Where(e => e.Text.Contains(w));
            inComments = inComments.Where(f => f.Content.Contains(w) || (f.Reply != null && f.Reply.Contains(w)));
            inRecords = inRecords.Where(r => (r.Findings != null && r.Findings.Contains(w)) || (r.Outcome != null && r.Outcome.Contains(w)));
        }

        Add("问题", (await inProblems.OrderBy(p => p.Id).Take(PerKind)
            .Select(p => new { p.Id, p.Ordinal, p.Title, p.Detail, Org = p.Inspection!.TargetName }).ToListAsync(ct))
            .Select(p => new SearchHit($"/problems/{p.Id}", $"{p.Org} · 问题{p.Ordinal}", Holding(p.Title, p.Detail))));
        Add("整改措施", (await (from x in inMeasures join p in db.Problems on x.ProblemId equals p.Id
                                 orderby x.ProblemId, x.Ordinal
                                 select new { x.ProblemId, x.Ordinal, x.Text, p.Title }).Take(PerKind).ToListAsync(ct))
            .Select(x => new SearchHit($"/problems/{x.ProblemId}#measures", $"{x.Title} · 措施{x.Ordinal}", x.Text)));
        Add("整改进展", (await inProgress.OrderByDescending(e => e.Id).Take(PerKind)
            .Select(e => new { e.Id, e.ProblemId, e.Date, e.Text, e.Author }).ToListAsync(ct))
            .Select(e => new SearchHit($"/problems/{e.ProblemId}#progress-{e.Id}", $"{e.Date:yyyy-MM-dd} {e.Author}", e.Text)));
        Add("群众意见", (await inComments.OrderByDescending(f => f.Id).Take(PerKind)
            .Select(f => new { f.Id, f.TrackingCode, f.Content, f.Reply }).ToListAsync(ct))
            .Select(f => new SearchHit($"/feedback/{f.Id}", $"意见 {f.TrackingCode}", Holding(f.Content, f.Reply))));
        Add("监督记录", (await inRecords.OrderByDescending(r => r.Id).Take(PerKind)
            .Select(r => new { r.Id, r.InspectionId, r.Kind, r.Date, r.Findings, r.Outcome }).ToListAsync(ct))
            .Select(r => new SearchHit(r.InspectionId is { } i ? $"/inspections/{i}/supervision" : "/supervision#records",
                $"{r.Date:yyyy-MM-dd} {r.Kind.Chinese()}", Holding(r.Findings ?? "", r.Outcome))));
        return Page();
    }

    /// <summary>The text with the words in &lt;mark&gt;, encoded, with no space added between the pieces.</summary>
    public Microsoft.AspNetCore.Html.IHtmlContent Marked(string text)
    {
        var html = new System.Text.StringBuilder();
        foreach (var piece in Highlight.Pieces(text, Words))
        {
            var encoded = System.Net.WebUtility.HtmlEncode(piece.Text);
            html.Append(piece.Match ? "<mark>" + encoded + "</mark>" : encoded);
        }
        return new Microsoft.AspNetCore.Html.HtmlString(html.ToString());
    }

    void Add(string kind, IEnumerable<SearchHit> hits)
    {
        var list = hits.ToList();
        if (list.Count > 0) Kinds.Add((kind, list));
    }

    /// <summary>The first of two texts that holds a word (the title before the detail, the question before the reply).</summary>
    string Holding(string first, string? second) =>
        second is null || Words.Any(w => first.Contains(w, StringComparison.OrdinalIgnoreCase)) ? first : second;
}
