using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Html;
using Rectify.Core.Domain;
using Rectify.Core.Supervision;

namespace Rectify.Features.Supervision;

/// <summary>
/// A light as every page shows it, written in one place: its colour and days in words
/// (<see cref="Warnings.Label(WarningLight, int?)"/>, so colour is never the only signal), the rule with the
/// inspection's thresholds as its tooltip (<see cref="Warnings.Rule"/>), the colour as a class. Nothing when the
/// rule lights nothing.
/// </summary>
public sealed record LightBadge(string Code, string Text, string Rule) : IHtmlContent
{
    public static LightBadge Of(WarningLight light, DateOnly? due, DateOnly today, DeadlineSettings s) =>
        new(light.Code(), Warnings.Label(light, Warnings.DaysLeft(due, today)), Warnings.Rule(s));

    public void WriteTo(TextWriter writer, HtmlEncoder encoder)
    {
        if (Text.Length == 0) return;
        writer.Write("<span class=\"light light-");
        encoder.Encode(writer, Code);
        writer.Write("\" title=\"");
        encoder.Encode(writer, Rule);
        writer.Write("\">");
        encoder.Encode(writer, Text);
        writer.Write("</span>");
    }
}
