export * from './types';
export * from './keys';
export * from './queues';
export * from './sending-window';
export * from './reminder-queues';
export * from './reminder-calendar.service';
export * from './outbox.service';
export * from './reminders.module';
