/** A failure the person at the terminal can fix: printed as one line, exit code 2. */
export class CliError extends Error {}
