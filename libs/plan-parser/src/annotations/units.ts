import type { PointUnit } from '../types';

/** Units named in inline annotations such as (牵头单位：A；配合单位：B、C). */
export function extractUnits(_text: string): PointUnit[] {
  return []; // placeholder until the annotations work lands
}
