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
}
