using DocumentFormat.OpenXml.Spreadsheet;

namespace Rectify.Core.Excel;

/// <summary>The few cell styles the ledger uses; the numbers are indexes into cellXfs.</summary>
static class LedgerStyles
{
    public const uint Title = 1, Header = 2, Text = 3, Centered = 4, Date = 5, Amount = 6;

    const uint DateFormat = 164, AmountFormat = 165;

    public static Stylesheet Create() => new(
        new NumberingFormats(
            new NumberingFormat { NumberFormatId = DateFormat, FormatCode = "yyyy-mm-dd" },
            new NumberingFormat { NumberFormatId = AmountFormat, FormatCode = "#,##0.00" }) { Count = 2 },
        new Fonts(Font(11, bold: false), Font(11, bold: true), Font(16, bold: true)) { Count = 3 },
        new Fills(
            new Fill(new PatternFill { PatternType = PatternValues.None }),
            new Fill(new PatternFill { PatternType = PatternValues.Gray125 }),
            new Fill(new PatternFill(new ForegroundColor { Rgb = "FFD9E1F2" }) { PatternType = PatternValues.Solid })) { Count = 3 },
        new Borders(new Border(), ThinBorder()) { Count = 2 },
        new CellFormats(
            new CellFormat(),
            Format(font: 2, fill: 0, border: 0, HorizontalAlignmentValues.Center, VerticalAlignmentValues.Center, wrap: false),
            Format(font: 1, fill: 2, border: 1, HorizontalAlignmentValues.Center, VerticalAlignmentValues.Center, wrap: true),
            Format(font: 0, fill: 0, border: 1, HorizontalAlignmentValues.Left, VerticalAlignmentValues.Top, wrap: true),
            Format(font: 0, fill: 0, border: 1, HorizontalAlignmentValues.Center, VerticalAlignmentValues.Top, wrap: true),
            Format(font: 0, fill: 0, border: 1, HorizontalAlignmentValues.Center, VerticalAlignmentValues.Top, wrap: true, DateFormat),
            Format(font: 0, fill: 0, border: 1, HorizontalAlignmentValues.Right, VerticalAlignmentValues.Top, wrap: true, AmountFormat)) { Count = 7 });

    static Font Font(double size, bool bold)
    {
        var f = new Font();
        if (bold) f.Append(new Bold());
        f.Append(new FontSize { Val = size }, new FontName { Val = "宋体" }, new FontCharSet { Val = 134 });
        return f;
    }

    static Border ThinBorder() => new(
        new LeftBorder(new Color { Auto = true }) { Style = BorderStyleValues.Thin },
        new RightBorder(new Color { Auto = true }) { Style = BorderStyleValues.Thin },
        new TopBorder(new Color { Auto = true }) { Style = BorderStyleValues.Thin },
        new BottomBorder(new Color { Auto = true }) { Style = BorderStyleValues.Thin },
        new DiagonalBorder());

    static CellFormat Format(uint font, uint fill, uint border, HorizontalAlignmentValues horizontal, VerticalAlignmentValues vertical, bool wrap, uint numberFormat = 0) =>
        new(new Alignment { Horizontal = horizontal, Vertical = vertical, WrapText = wrap })
        {
            NumberFormatId = numberFormat, FontId = font, FillId = fill, BorderId = border,
            ApplyNumberFormat = numberFormat != 0, ApplyFont = true, ApplyFill = fill != 0, ApplyBorder = border != 0, ApplyAlignment = true,
        };
}
