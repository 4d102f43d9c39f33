export * from './delivery';
export * from './urge.service';
export * from './notice.service';
export * from './notices.module';
export * from './notifications.service';
