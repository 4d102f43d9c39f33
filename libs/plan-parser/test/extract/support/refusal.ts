import { PlanRefusedError, type PlanRefusalCode } from '../../../src/errors';

/** Awaits a promise that must reject with a PlanRefusedError of the given code; returns it. */
export async function expectRefusal(promise: Promise<unknown>, code: PlanRefusalCode): Promise<PlanRefusedError> {
  let caught: unknown;
  try {
    await promise;
  } catch (err) {
    caught = err;
  }
  expect(caught).toBeInstanceOf(PlanRefusedError);
  const refusal = caught as PlanRefusedError;
  expect(refusal.code).toBe(code);
  // every refusal speaks both languages
  expect(refusal.messageZh).toMatch(/[\u4e00-\u9fff]/);
  expect(refusal.messageEn).toMatch(/[a-z]/i);
  return refusal;
}
