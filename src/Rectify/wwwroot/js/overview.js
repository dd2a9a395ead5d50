// Dashboard charts. Data comes from the page as JSON (no inline script: the CSP forbids it);
// every chart element links to the filtered ledger behind it.
(function () {
  var data = JSON.parse(document.getElementById('overview-data').textContent);
  if (!window.echarts) return;
  var red = '#b4232a', green = '#1a7f37', yellow = '#bf8700', grey = '#8c959f';
  function chart(id, option, links) {
    var el = document.getElementById(id);
    if (!el) return;
    var c = echarts.init(el, null, { renderer: 'svg' });
    // data-drawn says the chart is complete, its entry animation over (ECharts' 'finished'): what a screenshot or a click waits for.
    c.on('finished', function () { el.setAttribute('data-drawn', 'true'); });
    // Who asked the system for less motion gets the charts drawn at once.
    if (window.matchMedia && window.matchMedia('(prefers-reduced-motion: reduce)').matches) option.animation = false;
    c.setOption(option);
    if (links) c.on('click', function (p) { var l = links[p.dataIndex]; if (l) window.location.href = l; });
    window.addEventListener('resize', function () { c.resize(); });
  }
  // By bucket (docs/lights-and-buckets.md), named as the chips name them.
  var statusColors = { '长期坚持': green, '已完成': '#4ac26b', '取得阶段性成效': yellow, '正在推进': '#d4a72c', '暂不具备条件': red, '未启动': grey, '未说明': '#d0d7de' };
  chart('chart-status', {
    tooltip: { trigger: 'item', formatter: '{b}：{c} 个（{d}%）' },
    series: [{ type: 'pie', radius: ['40%', '70%'], label: { formatter: '{b}\n{c}' },
      data: data.status.map(function (s) { return { name: s.name, value: s.value, itemStyle: { color: statusColors[s.name] } }; }) }]
  }, data.status.map(function (s) { return s.link; }));
  chart('chart-category', {
    tooltip: { trigger: 'axis' }, legend: { top: 0, data: ['问题数', '已完成'] },
    grid: { left: 8, right: 16, top: 28, bottom: 8, containLabel: true },
    xAxis: { type: 'value' },
    yAxis: { type: 'category', inverse: true, data: data.category.map(function (c) { return c.name.length > 14 ? c.name.slice(0, 14) + '…' : c.name; }) },
    series: [
      { name: '问题数', type: 'bar', data: data.category.map(function (c) { return c.total; }), itemStyle: { color: '#d0d7de' } },
      { name: '已完成', type: 'bar', data: data.category.map(function (c) { return c.completed; }), itemStyle: { color: green } }
    ]
  }, data.category.map(function (c) { return c.link; }));
  chart('chart-rounds', {
    tooltip: { trigger: 'axis', formatter: function (p) { return p[0].name + '：' + p[0].value + '%'; } },
    grid: { left: 8, right: 16, bottom: 8, containLabel: true },
    xAxis: { type: 'category', data: data.rounds.map(function (r) { return r.name; }), axisLabel: { interval: 0, rotate: 20 } },
    yAxis: { type: 'value', max: 100, axisLabel: { formatter: '{value}%' } },
    series: [{ type: 'bar', data: data.rounds.map(function (r) { return r.rate; }), itemStyle: { color: red } }]
  }, data.rounds.map(function (r) { return r.link; }));
  chart('chart-trend', {
    tooltip: { trigger: 'axis' },
    grid: { left: 8, right: 16, bottom: 8, containLabel: true },
    xAxis: { type: 'category', data: data.trend.map(function (t) { return t.month; }) },
    yAxis: { type: 'value' },
    series: [{ type: 'line', smooth: true, areaStyle: {}, symbolSize: 8, showAllSymbol: true, data: data.trend.map(function (t) { return t.completed; }), itemStyle: { color: green } }]
  }, data.trend.map(function (t) { return t.link; }));
})();
