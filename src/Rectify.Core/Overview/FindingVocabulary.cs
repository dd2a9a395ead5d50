namespace Rectify.Core.Overview;

/// <summary>One kind of inspection finding and the phrases a problem title uses for it.</summary>
/// <param name="Name">How the office names the kind (also one of its phrases).</param>
/// <param name="Phrases">What titles say for it; a title holding any of them is of this kind.</param>
public sealed record FindingCategory(string Name, IReadOnlyList<string> Phrases);

/// <summary>
/// The kinds of findings that 巡察 reports keep coming back to: the seed vocabulary of the
/// common-problem grouping (<see cref="CommonProblems"/>), beside the phrases mined from the
/// problems themselves.
/// </summary>
/// <remarks>
/// Source: the six supervision points of 《中国共产党巡视工作条例》 as district 巡察 applies them
/// (理论学习、意识形态、三重一大、选人用人、基层党组织、作风和八项规定、群众身边腐败、整改),
/// the 中央八项规定 items (公务接待、公务用车、公款吃喝、津补贴…), and the titles that published
/// 巡察整改进展情况 notices of towns, bureaus and state companies repeat (tests/Rectify.Tests/TestData
/// and the notices named in SAMPLES.md; 撂荒地、债务化解、“三资”管理、惠民资金…). Each phrase is
/// words a title really uses, never an abstraction: a group is labelled by the phrase its
/// problems hold most. A phrase must not contain a stop-phrase of <see cref="CommonProblems"/>.
/// </remarks>
public static class FindingVocabulary
{
    public static readonly IReadOnlyList<FindingCategory> Categories =
    [
        new("三重一大", ["三重一大", "重大事项决策", "议事决策", "集体决策", "议事规则"]),
        new("财务报销", ["财务报销", "报销审核", "报账", "白条入账", "无依据报销", "报销票据"]),
        new("财务管理", ["财务管理", "财经制度", "财经纪律", "会计核算", "库存现金", "坐收坐支"]),
        new("公务用车", ["公务用车", "公车私用", "车辆管理", "加油卡", "车辆维修"]),
        new("公务接待", ["公务接待", "接待费", "超标准接待", "接待清单"]),
        new("公款吃喝", ["公款吃喝", "违规吃喝", "公款宴请", "大吃大喝"]),
        new("违规发放津补贴", ["违规发放津补贴", "违规发放津贴补贴", "津贴补贴", "津补贴", "违规发放补贴", "违规发放奖金", "加班费"]),
        new("基层党组织建设", ["基层党组织建设", "基层党组织", "党支部建设", "支部标准化", "软弱涣散"]),
        new("三会一课", ["三会一课", "主题党日", "组织生活"]),
        new("民主生活会", ["民主生活会", "批评和自我批评", "批评与自我批评"]),
        new("组织生活会", ["组织生活会", "民主评议党员"]),
        new("发展党员", ["发展党员", "党员发展", "入党积极分子", "党员教育管理"]),
        new("党费", ["党费收缴", "党费"]),
        new("意识形态", ["意识形态", "网络舆情", "宣传阵地"]),
        new("理论学习", ["理论学习", "中心组学习", "学习贯彻习近平新时代中国特色社会主义思想", "第一议题"]),
        new("全面从严治党", ["全面从严治党", "主体责任", "一岗双责", "党风廉政建设"]),
        new("作风建设", ["作风建设", "作风", "担当作为", "庸懒散"]),
        new("形式主义", ["形式主义", "官僚主义", "文山会海", "留痕", "层层加码"]),
        new("中央八项规定精神", ["八项规定", "四风"]),
        new("选人用人", ["选人用人", "干部选拔任用", "干部任用", "干部考核", "档案审核"]),
        new("干部队伍建设", ["干部队伍", "年轻干部", "干部培养", "轮岗交流", "人才队伍"]),
        new("撂荒地", ["撂荒地", "撂荒耕地", "撂荒", "复耕复种"]),
        new("耕地保护", ["耕地保护", "乱占耕地", "占用耕地", "违法占地", "乱占土地", "违法用地"]),
        new("债务化解", ["债务化解", "隐性债务", "政府债务", "化债", "村级债务", "拖欠账款"]),
        new("集体“三资”管理", ["三资", "集体资产", "集体资金", "集体资源", "村集体经济", "资产资源"]),
        new("国有资产", ["国有资产", "国资监管", "资产处置", "固定资产", "账实不符"]),
        new("政府采购", ["政府采购", "采购程序", "化整为零", "规避招标", "询价采购"]),
        new("工程项目", ["工程项目", "工程建设", "项目建设", "招投标", "工程变更", "项目验收", "工程款"]),
        new("惠民资金", ["惠民资金", "惠农资金", "惠民惠农", "补贴资金", "专项资金", "救助资金", "低保"]),
        new("合同管理", ["合同管理", "合同签订", "经济合同"]),
        new("往来款", ["往来款", "暂付款", "应收款", "借款"]),
        new("巡察整改", ["巡察整改", "整改落实", "审计整改"]),
        new("信访", ["信访", "群众诉求", "矛盾纠纷"]),
        new("安全生产", ["安全生产", "安全隐患", "消防安全", "燃气安全"]),
        new("生态环境", ["生态环境", "环境保护", "污染防治", "河长制", "垃圾处理"]),
        new("乡村振兴", ["乡村振兴", "产业发展", "防返贫", "脱贫攻坚", "人居环境"]),
        new("营商环境", ["营商环境", "涉企", "招商引资"]),
        new("行政执法", ["行政执法", "执法程序", "行政处罚"]),
        new("民生实事", ["民生实事", "民生项目", "为民办实事"]),
        new("内部控制", ["内部控制", "内控制度", "内控"]),
        new("廉政风险", ["廉政风险", "廉政教育", "警示教育"]),
        new("监督执纪", ["监督执纪", "线索处置", "纪检监察", "监督检查"]),
        new("疫情防控", ["疫情防控"]),
        new("宗教事务", ["宗教事务", "宗教活动"]),
        new("殡葬管理", ["殡葬", "公墓", "骨灰"]),
        new("社会救助", ["社会救助", "特困", "临时救助"]),
        new("养老服务", ["养老服务", "养老机构"]),
        new("村（社区）换届", ["换届", "村干部", "两委"]),
        new("档案管理", ["档案管理", "资料归档"]),
        new("保密管理", ["保密管理", "涉密", "保密"]),
    ];
}
