export * from './users-import.service';
