import { ApiProperty } from '@nestjs/swagger';

/**
 * Shared pieces of the documented response bodies (the `*.responses.ts` classes beside each
 * feature's DTOs). They describe JSON: a `Date` the service returns is documented as a date-time
 * string. tests/web/api-responses.spec.ts validates real answers against them.
 */
export class PageMetaResponse {
  @ApiProperty({ description: '符合条件的总数' }) total!: number;
  @ApiProperty() page!: number;
  @ApiProperty() pageSize!: number;
}

/** JSON of a service's return value: what the client receives (Dates become ISO strings). */
export type Jsonify<T> = T extends Date
  ? string
  : T extends (infer U)[]
    ? Jsonify<U>[]
    : T extends object
      ? { [K in keyof T]: Jsonify<T[K]> }
      : T;

/**
 * Compile-time check that a documented response class describes what a service returns: every
 * documented field exists in the service's JSON with an assignable type. `Documents<Json, Doc>`
 * is `true` or the compile fails where it is used as `const _: Documents<…> = true`.
 */
export type Documents<Json, Doc> = [Json] extends [Doc] ? true : { mismatchedFields: MismatchedFields<Json, Doc> };

/** The documented top-level fields the JSON lacks or types differently (names the culprit in the error). */
type MismatchedFields<Json, Doc> = {
  [K in keyof Doc]-?: K extends keyof Json ? ([Json[K]] extends [Doc[K]] ? never : K) : K;
}[keyof Doc];

export const DATE_TIME = { type: String, format: 'date-time' } as const;
export const DATE = { type: String, format: 'date', example: '2026-06-30' } as const;
