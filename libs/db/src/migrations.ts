// Migrations live at the top of the repo (migrations/) where reviewers look for them.
export { MIGRATIONS } from '../../../migrations';
