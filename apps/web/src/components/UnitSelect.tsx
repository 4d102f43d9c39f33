import { useQuery } from '@tanstack/react-query';
import { Select } from 'antd';
import { useState } from 'react';
import { api, ok } from '../api/client';
import type { OrgUnit, Page } from '../api/types';
import { UNIT_TYPES } from '../labels';

type UnitType = 'bureau' | 'department' | 'direct_unit' | 'school' | 'district_bureau';

/** Org units searched on the server (name, code or alias), 20 at a time. */
export function UnitSelect(props: {
  value?: string | string[];
  onChange?: (v: string | string[]) => void;
  type?: UnitType;
  multiple?: boolean;
  placeholder?: string;
  style?: React.CSSProperties;
  ariaLabel?: string;
}) {
  const [q, setQ] = useState('');
  const units = useQuery({
    queryKey: ['units', props.type ?? '', q],
    queryFn: () =>
      ok<Page<OrgUnit>>(api.GET('/api/org/units', { params: { query: { q: q || undefined, type: props.type, page: 1, pageSize: 50 } } })),
  });
  return (
    <Select
      aria-label={props.ariaLabel}
      showSearch={{ filterOption: false, onSearch: setQ }}
      mode={props.multiple ? 'multiple' : undefined}
      allowClear
      value={props.value}
      onChange={(v) => props.onChange?.(v)}
      placeholder={props.placeholder ?? '输入名称搜索单位'}
      style={props.style ?? { width: '100%' }}
      loading={units.isFetching}
      notFoundContent={units.isFetching ? '正在搜索…' : '没有找到单位，请换个名称试试'}
      options={(units.data?.items ?? []).map((u) => ({ value: u.id, label: `${u.name}（${UNIT_TYPES[u.type] ?? u.type}）` }))}
    />
  );
}
