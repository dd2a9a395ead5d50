namespace Rectify.Core.Excel;

/// <summary>The ledger's columns (DOMAIN.md "The ledger's columns"), in sheet order.</summary>
public enum LedgerColumn
{
    Ordinal,
    Category,
    Description,
    Goal,
    Measures,
    Leader,
    Department,
    Person,
    Deadline,
    Kind,
    Progress,
    Status,
    Expected,
    Closure,
    Evidence,
    Remarks,
    AmountInvolved,
    AmountRectified,
    /// <summary>资金明细: the stated breakdown ("追回资金12.5万元；归还原渠道8万元"), read back by <see cref="Import.AuditAmounts"/>.</summary>
    AmountBreakdown,
}

public static class LedgerColumns
{
    public static readonly IReadOnlyList<LedgerColumn> All = Enum.GetValues<LedgerColumn>();

    /// <summary>Without these a row cannot be a problem; the other columns may be left out of an imported sheet.</summary>
    public static readonly IReadOnlyList<LedgerColumn> Required =
        [LedgerColumn.Ordinal, LedgerColumn.Category, LedgerColumn.Description, LedgerColumn.Status];

    public static string Header(this LedgerColumn c) => c switch
    {
        LedgerColumn.Ordinal => "序号",
        LedgerColumn.Category => "问题类别（方面）",
        LedgerColumn.Description => "问题描述（具体表现）",
        LedgerColumn.Goal => "整改目标",
        LedgerColumn.Measures => "整改措施",
        LedgerColumn.Leader => "责任领导",
        LedgerColumn.Department => "责任部门",
        LedgerColumn.Person => "责任人",
        LedgerColumn.Deadline => "整改时限",
        LedgerColumn.Kind => "整改类型",
        LedgerColumn.Progress => "整改进展",
        LedgerColumn.Status => "完成情况（整改状态）",
        LedgerColumn.Expected => "预计完成",
        LedgerColumn.Closure => "销号情况",
        LedgerColumn.Evidence => "佐证材料",
        LedgerColumn.Remarks => "备注",
        LedgerColumn.AmountInvolved => "问题资金（元）",
        LedgerColumn.AmountRectified => "整改到位资金（元）",
        LedgerColumn.AmountBreakdown => "资金明细",
        _ => throw new ArgumentOutOfRangeException(nameof(c)),
    };

    /// <summary>
    /// Width in Excel character units: wide for the running text, narrow for names and dates. All nineteen print one
    /// page wide on A4 landscape (the sheet is fitted to the width) at about 60%; wider, the text would print too small to read.
    /// </summary>
    public static double Width(this LedgerColumn c) => c switch
    {
        LedgerColumn.Ordinal => 5,
        LedgerColumn.Category => 9,
        LedgerColumn.Description => 30,
        LedgerColumn.Goal => 12,
        LedgerColumn.Measures => 32,
        LedgerColumn.Leader or LedgerColumn.Person => 8,
        LedgerColumn.Department => 10,
        LedgerColumn.Deadline => 11,
        LedgerColumn.Kind => 9,
        LedgerColumn.Progress => 20,
        LedgerColumn.Status => 11,
        LedgerColumn.Expected => 9,
        LedgerColumn.Closure => 8,
        LedgerColumn.Evidence => 10,
        LedgerColumn.Remarks => 8,
        LedgerColumn.AmountInvolved or LedgerColumn.AmountRectified => 10,
        LedgerColumn.AmountBreakdown => 12,
        _ => throw new ArgumentOutOfRangeException(nameof(c)),
    };

    /// <summary>
    /// Finds the column a header cell names. Offices write headers loosely: full-width brackets,
    /// line breaks, a different gloss in brackets ("整改类型(立行立改/限期整改/长期坚持)"), so the
    /// name before the bracket decides.
    /// </summary>
    public static LedgerColumn? FromHeader(string? text)
    {
        var key = HeaderKey(text);
        if (key.Length == 0) return null;
        foreach (var c in All)
            if (HeaderKey(c.Header()) == key) return c;
        return key switch
        {
            "整改状态" => LedgerColumn.Status,
            "方面" or "问题方面" => LedgerColumn.Category,
            "具体表现" => LedgerColumn.Description,
            "预计完成时间" => LedgerColumn.Expected,
            _ => null,
        };
    }

    static string HeaderKey(string? text)
    {
        if (text is null) return "";
        var s = new string(text.Where(ch => !char.IsWhiteSpace(ch)).ToArray()).Replace('（', '(');
        var bracket = s.IndexOf('(', StringComparison.Ordinal);
        return bracket >= 0 ? s[..bracket] : s;
    }
}
