import type { Target } from '../types';

/** Quantified commitments such as 新增学前学位2430个, 覆盖率达到80%以上. */
export function extractTargets(_text: string): Target[] {
  return []; // placeholder until the annotations work lands
}
