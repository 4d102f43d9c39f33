export * from './format';
export * from './model';
export * from './markdown';
export * from './docx';
export * from './xlsx';
export * from './reconcile';
export * from './summary-loader';
