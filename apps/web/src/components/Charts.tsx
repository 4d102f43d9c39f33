import * as echarts from 'echarts/core';
import { BarChart, GaugeChart, LineChart } from 'echarts/charts';
import { GridComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';

// Only the parts used; this module is loaded lazily with the overview (ECharts is large).
echarts.use([GaugeChart, BarChart, LineChart, GridComponent, TooltipComponent, CanvasRenderer]);

/** An ECharts instance in a div, re-made when deps change (the option is rebuilt from them). */
function useChart(option: echarts.EChartsCoreOption, deps: unknown[]) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!ref.current) return;
    const chart = echarts.init(ref.current);
    chart.setOption(option);
    // a phone turned, a sider collapsed: follow the container, not only the window
    const observer = new ResizeObserver(() => chart.resize());
    observer.observe(ref.current);
    return () => {
      observer.disconnect();
      chart.dispose();
    };
  }, deps);
  return ref;
}

const pct = (v: number) => `${Math.round(v * 10) / 10}%`;

/** A rate (0..1) as a gauge; null shows a dash. */
export function Gauge({ value, name, color }: { value: number | null; name: string; color: string }) {
  const percent = value === null ? 0 : value * 100;
  const ref = useChart(
    {
      series: [
        {
          type: 'gauge',
          startAngle: 210,
          endAngle: -30,
          min: 0,
          max: 100,
          progress: { show: true, width: 14, itemStyle: { color } },
          axisLine: { lineStyle: { width: 14 } },
          axisTick: { show: false },
          splitLine: { show: false },
          axisLabel: { show: false },
          pointer: { show: false },
          title: { offsetCenter: [0, '35%'], fontSize: 14 },
          detail: { offsetCenter: [0, '-5%'], fontSize: 26, formatter: () => (value === null ? '—' : pct(percent)) },
          data: [{ value: percent, name }],
        },
      ],
    },
    [value, name, color],
  );
  return <div ref={ref} style={{ height: 200 }} role="img" aria-label={`${name} ${value === null ? '—' : pct(percent)}`} />;
}

/** Completion rate per row (sections, units…), horizontal bars; a click drills down. */
export function RateBars({ rows, onClick }: { rows: { key: string; label: string; rate: number }[]; onClick?: (key: string) => void }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!ref.current) return;
    const chart = echarts.init(ref.current);
    const data = [...rows].reverse();
    chart.setOption({
      grid: { left: 8, right: 48, top: 8, bottom: 8, containLabel: true },
      tooltip: { trigger: 'axis', valueFormatter: (v: number) => pct(v) },
      xAxis: { type: 'value', max: 100, axisLabel: { formatter: '{value}%' } },
      yAxis: {
        type: 'category',
        data: data.map((r) => (r.label.length > 12 ? `${r.label.slice(0, 12)}…` : r.label)),
      },
      series: [
        {
          type: 'bar',
          data: data.map((r) => Math.round(r.rate * 1000) / 10),
          itemStyle: { color: '#1677ff' },
          label: { show: true, position: 'right', formatter: '{c}%' },
        },
      ],
    });
    if (onClick) chart.on('click', (p) => onClick(data[p.dataIndex]?.key ?? ''));
    const observer = new ResizeObserver(() => chart.resize());
    observer.observe(ref.current);
    return () => {
      observer.disconnect();
      chart.dispose();
    };
  }, [rows, onClick]);
  return <div ref={ref} style={{ height: Math.max(160, rows.length * 36 + 40) }} role="img" aria-label="各部分完成率" />;
}

/** Weekly snapshots: completion and on-time rates over the weeks. */
export function TrendLine({ points }: { points: { week: string; completionRate: number; onTimeRate: number | null }[] }) {
  const ref = useChart(
    {
      grid: { left: 8, right: 16, top: 24, bottom: 8, containLabel: true },
      tooltip: { trigger: 'axis', valueFormatter: (v: number) => pct(v) },
      xAxis: { type: 'category', data: points.map((p) => p.week.slice(5).replace('-', '月') + '日') },
      yAxis: { type: 'value', max: 100, axisLabel: { formatter: '{value}%' } },
      series: [
        { name: '完成率', type: 'line', data: points.map((p) => Math.round(p.completionRate * 1000) / 10) },
        {
          name: '按时完成率',
          type: 'line',
          data: points.map((p) => (p.onTimeRate === null ? null : Math.round(p.onTimeRate * 1000) / 10)),
        },
      ],
    },
    [points],
  );
  return <div ref={ref} style={{ height: 220 }} role="img" aria-label="每周完成率趋势" />;
}
