export * from './types';
export { readUserFile, isGlobal, sortMemberships, type UserFile } from './read';
export { planUserImport, analyseUserImport, changedUserFields, type UserImportContext } from './plan';
export {
  USER_HEADER_ALIASES,
  USER_COLUMN_LABELS,
  REQUIRED_USER_COLUMNS,
  ROLE_LABELS,
  USERNAME_PATTERN,
  EMAIL_PATTERN,
  parseRole,
} from './vocabulary';
