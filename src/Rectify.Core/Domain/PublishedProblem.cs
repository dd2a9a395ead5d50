namespace Rectify.Core.Domain;

/// <summary>
/// One problem as a published notice showed it, frozen at publication: the public pages read
/// these rows, never the live ledger. Withheld problems have no row.
/// </summary>
public class PublishedProblem
{
    public int Id { get; set; }
    public int NoticeId { get; set; }
    public Notice? Notice { get; set; }
    /// <summary>The live problem, so that a comment can name it; not used for display.</summary>
    public int ProblemId { get; set; }
    public int Ordinal { get; set; }
    public int CategoryOrdinal { get; set; }
    public required string CategoryTitle { get; set; }
    public required string Title { get; set; }
    /// <summary>The status code ("phased") and its words as published ("取得阶段性成效").</summary>
    public required string StatusCode { get; set; }
    public required string StatusText { get; set; }
    public YearMonth? ExpectedCompletion { get; set; }
}
