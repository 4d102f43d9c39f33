export * from './org-import.service';
export * from './org-tree.sql';
