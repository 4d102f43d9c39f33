import { Tag } from 'antd';
import { LIGHTS } from '../labels';

/** 绿灯 / 黄灯 / 红灯: a coloured dot and the word, with the reason on hover. */
export function LightTag({ light, reason }: { light: string | null | undefined; reason?: string | null }) {
  const l = LIGHTS[light ?? ''];
  if (!l) return <Tag>—</Tag>;
  return (
    <Tag color={l.color} title={reason ?? undefined} data-light={light}>
      <span style={{ display: 'inline-block', width: 8, height: 8, borderRadius: 4, background: l.hex, marginRight: 4 }} />
      {l.text}
    </Tag>
  );
}
