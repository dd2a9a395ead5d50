using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Rectify.Core.Domain;

namespace Rectify.Data.Interceptors;

/// <summary>
/// The one table of how long a text typed by a user may be (docs/refusals.md, "Maximum lengths"),
/// checked on every save, before anything is written (first interceptor): a page's form, an API body,
/// an import and the command line all meet it. Over a limit the save is refused with 422 and the
/// field, the limit and the length named; nothing is written, so nothing reaches the audit log or the
/// search index either. Forms may say less (a field's own smaller limit); none may say more.
/// </summary>
public static class InputLimits
{
    public const int LongText = 20_000;
    public const int Title = 5_000;
    public const int Name = 200;

    /// <summary>Each limited field: its label for the message and its limit. A property not named here is not typed by users (or has its own check).</summary>
    static readonly Dictionary<(Type Entity, string Property), (string Label, int Max)> Fields = new()
    {
        [(typeof(ProgressEntry), nameof(ProgressEntry.Text))] = ("整改进展内容", LongText),
        [(typeof(Measure), nameof(Measure.Text))] = ("整改措施", LongText),
        [(typeof(Measure), nameof(Measure.Owner))] = ("措施责任人", Name),
        [(typeof(Problem), nameof(Problem.Title))] = ("问题", Title),
        [(typeof(Problem), nameof(Problem.Detail))] = ("问题描述", LongText),
        [(typeof(Problem), nameof(Problem.Goal))] = ("整改目标", LongText),
        [(typeof(Problem), nameof(Problem.Remarks))] = ("备注", LongText),
        [(typeof(Problem), nameof(Problem.ResponsibleLeader))] = ("责任领导", Name),
        [(typeof(Problem), nameof(Problem.ResponsibleDepartment))] = ("责任部门", Name),
        [(typeof(Problem), nameof(Problem.ResponsiblePerson))] = ("责任人", Name),
        [(typeof(Extension), nameof(Extension.Reason))] = ("延期理由", LongText),
        [(typeof(Extension), nameof(Extension.DecisionReason))] = ("延期答复意见", LongText),
        [(typeof(Review), nameof(Review.Reason))] = ("审核意见", LongText),
        [(typeof(Category), nameof(Category.Title))] = ("方面", Title),
        [(typeof(Inspection), nameof(Inspection.Title))] = ("巡察名称", Title),
        [(typeof(Inspection), nameof(Inspection.Group))] = ("巡察组", Name),
        [(typeof(InspectionRound), nameof(InspectionRound.Name))] = ("轮次名称", Name),
        [(typeof(InspectionRound), nameof(InspectionRound.Body))] = ("巡察机构", Name),
        [(typeof(Organization), nameof(Organization.Name))] = ("单位名称", Name),
        [(typeof(Organization), nameof(Organization.FullName))] = ("单位全称", Name),
        [(typeof(Meeting), nameof(Meeting.Title))] = ("会议名称", Title),
        [(typeof(PublicFeedback), nameof(PublicFeedback.Content))] = ("意见内容", LongText),
        [(typeof(PublicFeedback), nameof(PublicFeedback.Reply))] = ("答复", LongText),
        [(typeof(SupervisionAction), nameof(SupervisionAction.Findings))] = ("监督发现", LongText),
        [(typeof(SupervisionAction), nameof(SupervisionAction.Outcome))] = ("处理结果", LongText),
    };

    /// <summary>The limit of a field (for a form's maxlength and the documentation), null when it has none here.</summary>
    public static int? Of(Type entity, string property) => Fields.TryGetValue((entity, property), out var f) ? f.Max : null;

    /// <summary>Throws the refusal of the first field over its limit among the rows about to be written.</summary>
    public static void Check(DbContext db)
    {
        foreach (var e in db.ChangeTracker.Entries())
        {
            if (e.State is not (EntityState.Added or EntityState.Modified)) continue;
            foreach (var p in e.Properties)
            {
                if (p.CurrentValue is not string text || !Fields.TryGetValue((e.Metadata.ClrType, p.Metadata.Name), out var field)) continue;
                if (text.Length > field.Max)
                    throw new DomainException($"“{field.Label}”最多 {field.Max} 个字，本次提交了 {text.Length} 个字；未保存任何内容");
            }
        }
    }
}

sealed class InputLimitsInterceptor : SaveChangesInterceptor
{
    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        InputLimits.Check(eventData.Context!);
        return ValueTask.FromResult(result);
    }
}
