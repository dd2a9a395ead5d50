using System.ComponentModel.DataAnnotations;
using Rectify.Core.Domain;

namespace Rectify.Core.Supervision;

/// <summary>One criterion of an evaluation: its weight (points out of 100) and the score given (0–100 of that criterion).</summary>
public sealed class EvaluationCriterion
{
    public required string Name { get; set; }
    /// <summary>Share of the total, in points; the weights of an evaluation add up to 100.</summary>
    public decimal Weight { get; set; }
    /// <summary>Score of this criterion out of 100.</summary>
    public decimal Score { get; set; }
}

/// <summary>Grade thresholds (settings, Rectify:Evaluation): 优秀 ≥ Excellent, 合格 ≥ Pass, 基本合格 ≥ BasicPass, else 不合格.</summary>
public sealed class GradeThresholds : ICheckedSettings
{
    [Range(0.0, 100.0)]
    public decimal Excellent { get; set; } = 90;
    [Range(0.0, 100.0)]
    public decimal Pass { get; set; } = 75;
    [Range(0.0, 100.0)]
    public decimal BasicPass { get; set; } = 60;

    public IEnumerable<string> Problems()
    {
        if (!(Excellent >= Pass && Pass >= BasicPass))
            yield return $"Rectify:Evaluation 的分数线应为 Excellent ≥ Pass ≥ BasicPass（优秀 ≥ 合格 ≥ 基本合格），而不是 {Excellent}、{Pass}、{BasicPass}";
    }
}

public enum EvaluationGrade { Excellent, Pass, BasicPass, Fail }

/// <summary>整改评估 after centralised rectification: a score out of 100 on weighted criteria.</summary>
public class Evaluation
{
    public int Id { get; set; }
    public int InspectionId { get; set; }
    public DateOnly EvaluatedOn { get; set; }
    public required string EvaluatedBy { get; set; }
    public List<EvaluationCriterion> Criteria { get; set; } = [];
    public decimal Total { get; set; }
    public EvaluationGrade Grade { get; set; }
    public string? Remarks { get; set; }
}

public static class Evaluations
{
    /// <summary>Default criteria; a place replaces them by configuration.</summary>
    public static readonly IReadOnlyList<(string Name, decimal Weight)> DefaultCriteria =
    [
        ("整改责任落实", 25), ("整改措施落实", 25), ("问题整改成效", 30), ("建章立制和长效机制", 10), ("整改公开和群众满意度", 10),
    ];

    public static string Chinese(this EvaluationGrade g) => g switch
    {
        EvaluationGrade.Excellent => "优秀",
        EvaluationGrade.Pass => "合格",
        EvaluationGrade.BasicPass => "基本合格",
        _ => "不合格",
    };

    public static EvaluationGrade Grade(decimal total, GradeThresholds t) =>
        total >= t.Excellent ? EvaluationGrade.Excellent
        : total >= t.Pass ? EvaluationGrade.Pass
        : total >= t.BasicPass ? EvaluationGrade.BasicPass
        : EvaluationGrade.Fail;

    /// <summary>基本合格 and 不合格 lead to a 约谈 and a 回头看.</summary>
    public static bool CallsForFollowUp(EvaluationGrade g) => g is EvaluationGrade.BasicPass or EvaluationGrade.Fail;

    /// <summary>Checks scores and weights, then sets the total (Σ weight × score / 100, to one decimal) and the grade.</summary>
    public static void Score(Evaluation e, GradeThresholds t)
    {
        if (e.Criteria.Count == 0) throw new DomainException("评估须至少有一项评分标准");
        foreach (var c in e.Criteria)
        {
            if (string.IsNullOrWhiteSpace(c.Name)) throw new DomainException("评分标准须有名称");
            if (c.Score is < 0 or > 100) throw new DomainException($"“{c.Name}”的得分 {c.Score} 不在 0–100 之间");
            if (c.Weight < 0) throw new DomainException($"“{c.Name}”的权重不能为负数");
        }
        var weights = e.Criteria.Sum(c => c.Weight);
        if (weights != 100) throw new DomainException($"各项权重之和须为 100，现为 {weights}");
        e.Total = Math.Round(e.Criteria.Sum(c => c.Weight * c.Score) / 100m, 1, MidpointRounding.AwayFromZero);
        if (e.Total is < 0 or > 100) throw new DomainException($"总分 {e.Total} 不在 0–100 之间");
        e.Grade = Grade(e.Total, t);
    }
}
