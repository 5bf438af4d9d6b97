/* District report: draws every [data-chart] container with the inlined ECharts and data.
   Sets document.body.dataset.chartsRendered to the number of charts drawn; errors are recorded
   in document.body.dataset.scriptErrors (by the listener installed at the top of <body>). */
(function () {
  'use strict';
  var body = document.body;
  var errors = window.__reportErrors = window.__reportErrors || [];
  function fail(message) {
    errors.push(String(message));
    body.dataset.scriptErrors = errors.join(' | ');
  }
  var FONT = '"Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", "WenQuanYi Micro Hei", sans-serif';
  var PALETTE = ['#1e5aa8', '#e07b39', '#2e9d6a', '#c23b56', '#7b5fc2', '#3aa0c8', '#b3871f', '#5d6d7e',
                 '#d45fa0', '#4f8f2f', '#9c4f2b', '#2b6f8f', '#8f2b6f', '#6f8f2b', '#444e8f', '#8f6a2b'];

  function esc(s) {
    return String(s === null || s === undefined ? '' : s).replace(/[&<>"']/g, function (c) {
      return { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c];
    });
  }
  function pct(v) { return v === null || v === undefined ? '—' : Number(v).toFixed(2) + '%'; }

  var builders = {
    /* Score share (score / weight) of every unit × indicator. */
    heatmap: function (d) {
      var h = d.heatmap;
      return {
        animation: false, textStyle: { fontFamily: FONT },
        tooltip: {
          position: 'top',
          formatter: function (p) {
            var c = p.data;
            var ind = h.indicators[c.value[1]];
            return esc(h.units[c.value[0]]) + '<br>' + esc(ind.level1) + ' / ' + esc(ind.level2) + ' / ' + esc(ind.name)
              + '<br>得分 ' + (c.score === null ? '—' : esc(c.score)) + ' / 权重 ' + esc(ind.weight)
              + (c.value[2] === '-' ? '' : '（' + esc(c.value[2]) + '%）') + '<br>状态：' + esc(c.status);
          }
        },
        grid: { left: 10, right: 90, top: 10, bottom: 10, containLabel: true },
        xAxis: { type: 'category', data: h.units, position: 'top', splitArea: { show: true },
                 axisLabel: { interval: 0, rotate: h.units.length > 16 ? 40 : 0 } },
        yAxis: { type: 'category', data: h.indicators.map(function (i) { return i.label; }), inverse: true,
                 splitArea: { show: true }, axisLabel: { interval: 0 } },
        visualMap: { min: 0, max: 100, calculable: true, orient: 'vertical', right: 0, top: 'middle',
                     text: ['100%', '0%'], itemHeight: 200,
                     inRange: { color: ['#c62828', '#f3b13a', '#f7e27a', '#8cc56b', '#2e7d32'] } },
        series: [{
          type: 'heatmap', data: h.cells,
          label: { show: true, fontSize: 11,
                   formatter: function (p) { return p.value[2] === '-' ? '' : String(Math.round(p.value[2])); } },
          itemStyle: { borderColor: '#fff', borderWidth: 1 },
          emphasis: { itemStyle: { shadowBlur: 6, shadowColor: 'rgba(0,0,0,0.4)' } }
        }]
      };
    },

    /* Execution rate of the total account per unit, with the 100 % line. */
    'budget-rate': function (d) {
      var b = d.budgetRate;
      return {
        animation: false, textStyle: { fontFamily: FONT },
        tooltip: { trigger: 'axis', valueFormatter: pct },
        grid: { left: 10, right: 56, top: 36, bottom: 10, containLabel: true },
        xAxis: { type: 'category', data: b.units, axisLabel: { interval: 0, rotate: b.units.length > 16 ? 40 : 0 } },
        yAxis: { type: 'value', name: '执行率（%）', nameTextStyle: { align: 'left' }, max: function (v) { return Math.max(110, Math.ceil(v.max / 10) * 10); } },
        series: [{
          name: '预算执行率', type: 'bar', data: b.rates, barMaxWidth: 46,
          itemStyle: { color: function (p) { return p.value > 100 ? '#c62828' : (p.value < 90 ? '#e07b39' : '#1e5aa8'); } },
          label: { show: true, position: 'insideTop', color: '#fff', fontWeight: 600,
                   formatter: function (p) { return p.value === null || p.value === undefined ? '' : Number(p.value).toFixed(2); } },
          markLine: { symbol: 'none', silent: true, lineStyle: { color: '#2e7d32', type: 'dashed', width: 2 },
                      label: { formatter: '100%', position: 'end' }, data: [{ yAxis: 100 }] }
        }]
      };
    },

    /* Cumulative progress rate by month, one line per unit, against the share of the year gone by. */
    'budget-monthly': function (d) {
      var m = d.monthly;
      var series = m.series.map(function (s, i) {
        return { name: s.name, type: 'line', data: s.data, symbolSize: 5, smooth: false,
                 lineStyle: { width: 2 }, itemStyle: { color: PALETTE[i % PALETTE.length] } };
      });
      series.push({ name: '时间进度', type: 'line', data: m.months.map(function (x) { return Math.round(x / 12 * 10000) / 100; }),
                    symbol: 'none', lineStyle: { type: 'dashed', color: '#9aa5b1', width: 2 }, itemStyle: { color: '#9aa5b1' } });
      return {
        animation: false, textStyle: { fontFamily: FONT },
        tooltip: { trigger: 'axis', valueFormatter: pct },
        legend: { type: 'plain', top: 0, left: 'center', itemGap: 14 },
        grid: { left: 10, right: 40, top: m.series.length > 8 ? 84 : 56, bottom: 10, containLabel: true },
        xAxis: { type: 'category', boundaryGap: false, data: m.months.map(function (x) { return x + '月'; }) },
        yAxis: { type: 'value', name: '累计执行进度（%）', nameTextStyle: { align: 'left' }, max: function (v) { return Math.max(100, Math.ceil(v.max / 10) * 10); } },
        series: series
      };
    },

    /* Quarantined records by source, stacked by reason kind. */
    quarantine: function (d) {
      var q = d.quarantine;
      return {
        animation: false, textStyle: { fontFamily: FONT },
        tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
        legend: { type: 'scroll', top: 0 },
        grid: { left: 10, right: 40, top: 40, bottom: 10, containLabel: true },
        xAxis: { type: 'value', name: '记录数', minInterval: 1 },
        yAxis: { type: 'category', data: q.sources, inverse: true },
        series: q.kinds.map(function (kind, i) {
          return { name: kind, type: 'bar', stack: 'reasons', data: q.counts[i], barMaxWidth: 28,
                   itemStyle: { color: PALETTE[(i + 1) % PALETTE.length] },
                   label: { show: true, formatter: function (p) { return p.value ? p.value : ''; } } };
        })
      };
    }
  };

  var rendered = 0;
  var charts = [];
  try {
    var data = JSON.parse(document.getElementById('report-data').textContent);
    if (typeof echarts === 'undefined') {
      throw new Error('echarts is not loaded');
    }
    Array.prototype.forEach.call(document.querySelectorAll('[data-chart]'), function (el) {
      var name = el.getAttribute('data-chart');
      try {
        var build = builders[name];
        if (!build) {
          throw new Error('no chart named ' + name);
        }
        var chart = echarts.init(el, null, { renderer: 'canvas' });
        chart.setOption(build(data));
        charts.push(chart);
        rendered++;
      } catch (e) {
        fail(name + ': ' + (e && e.message ? e.message : e));
      }
    });
    window.addEventListener('resize', function () { charts.forEach(function (c) { c.resize(); }); });

    var toggle = document.getElementById('toggle-units');
    if (toggle) {
      toggle.addEventListener('click', function () {
        var all = document.querySelectorAll('details.unit');
        var open = Array.prototype.some.call(all, function (x) { return !x.open; });
        Array.prototype.forEach.call(all, function (x) { x.open = open; });
        toggle.textContent = open ? '全部收起' : '全部展开';
      });
    }
    /* A unit's name in the league table opens its drill-down. */
    Array.prototype.forEach.call(document.querySelectorAll('a.unit-link'), function (a) {
      a.addEventListener('click', function () {
        var target = document.getElementById(a.getAttribute('href').substring(1));
        if (target) { target.open = true; }
      });
    });
  } catch (e) {
    fail(e && e.message ? e.message : e);
  } finally {
    body.dataset.chartsRendered = String(rendered);
  }
})();
