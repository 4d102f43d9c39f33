/** PostgreSQL numeric arrives as a string (no precision lost in transit); we work in numbers. */
export const numericColumn = {
  to: (v: number | null | undefined) => v,
  from: (v: string | null) => (v === null ? null : Number(v)),
};
