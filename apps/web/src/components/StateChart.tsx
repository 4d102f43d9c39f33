import * as echarts from 'echarts/core';
import { PieChart } from 'echarts/charts';
import { LegendComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';
import { STATE_LABELS } from '../labels';

echarts.use([PieChart, LegendComponent, TooltipComponent, CanvasRenderer]);

const COLORS: Record<string, string> = {
  assigned: '#1677ff',
  in_progress: '#13c2c2',
  submitted: '#faad14',
  returned: '#cf1322',
  approved: '#52c41a',
  extension_requested: '#722ed1',
  cancelled: '#bfbfbf',
};

/** How a task's units stand, as a ring (ECharts, only the parts used, loaded with this page). */
export default function StateChart({ byState }: { byState: Record<string, number> }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!ref.current) return;
    const chart = echarts.init(ref.current);
    const data = Object.entries(byState).map(([state, value]) => ({
      name: STATE_LABELS[state] ?? state,
      value,
      itemStyle: { color: COLORS[state] },
    }));
    chart.setOption({
      tooltip: { trigger: 'item', formatter: '{b}：{c} 个单位（{d}%）' },
      legend: { bottom: 0 },
      series: [{ type: 'pie', radius: ['45%', '70%'], label: { formatter: '{b} {c}' }, data }],
    });
    const resize = () => chart.resize();
    window.addEventListener('resize', resize);
    return () => {
      window.removeEventListener('resize', resize);
      chart.dispose();
    };
  }, [byState]);
  return <div ref={ref} style={{ height: 260 }} role="img" aria-label="各单位办理状态" />;
}
