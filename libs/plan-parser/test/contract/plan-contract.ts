import Ajv from 'ajv';
import schema from '../../contract/plan.schema.json';

// allErrors: a failing test lists every problem at once, as the old Python checker did
const validate = new Ajv({ allErrors: true, strict: true }).compile(schema);

/** Every way `value` breaks the plan contract (libs/plan-parser/contract/plan.schema.json), one line each. */
export function planContractErrors(value: unknown): string[] {
  if (validate(value)) return [];
  return (validate.errors ?? []).map((e) => `${e.instancePath || '$'}: ${e.message ?? e.keyword}`);
}
