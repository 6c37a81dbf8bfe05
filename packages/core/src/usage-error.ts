/**
 * A command-line mistake (a bad or missing flag): the CLIs print the message and the
 * usage text and exit with code 2, touching nothing.
 */
export class UsageError extends Error {
  constructor(
    message: string,
    readonly usage: string,
  ) {
    super(message);
    this.name = 'UsageError';
  }
}
