using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Rectify.Core;
using Rectify.Core.Domain;

namespace Rectify.Data.Configurations;

/// <summary>How the domain's value types are stored: as their text, readable in the database and in the audit log.</summary>
static class StoredAs
{
    public static readonly ValueConverter<PartialDate, string> PartialDateText =
        new(d => d.ToString(), s => PartialDate.Parse(s));
    public static readonly ValueConverter<YearMonth, string> YearMonthText =
        new(m => m.ToString(), s => YearMonth.Parse(s));
    public static readonly ValueConverter<RectificationStatus, string> StatusCode =
        new(s => s.Code(), s => Statuses.ParseCode(s));
    /// <summary>A problem's money breakdown as one JSON text column: [{"kind":"追回资金","yuan":125000}].</summary>
    public static readonly ValueConverter<List<ProblemAmount>?, string> AmountsJson =
        new(a => ProblemAmount.ToJson(a!), s => ProblemAmount.FromJson(s));
    public static readonly ValueComparer<List<ProblemAmount>?> AmountsByValue =
        new((a, b) => ProblemAmount.Same(a, b), a => ProblemAmount.Hash(a), a => ProblemAmount.Copy(a));
}
