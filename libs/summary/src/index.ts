export * from './format';
export * from './model';
export * from './markdown';
export * from './docx';
export * from './xlsx';
