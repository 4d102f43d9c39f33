export * from './clock';
export * from './clock.provider';
export * from './clock-setting.validator';
