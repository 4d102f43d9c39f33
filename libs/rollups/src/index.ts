export * from './rollup.types';
export * from './figures';
export * from './calendar.provider';
export * from './rollup.sql';
export * from './rollup.service';
export * from './rollups.module';
export * from './snapshot.service';
export * from './snapshot.scheduler';
