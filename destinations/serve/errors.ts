import { DestinationError } from '../errors.ts';

/** A pull destination's token is missing from the environment, or shared with another destination. */
export class PullTokenError extends DestinationError {
  readonly tokenEnv: string;
  constructor(message: string, destination: string, tokenEnv: string) {
    super(message, destination);
    this.tokenEnv = tokenEnv;
  }
}

/** A request the API refuses: the status and the JSON error it answers with. */
export class PullRequestError extends Error {
  readonly status: number;
  readonly code: string;
  constructor(status: number, code: string, message: string) {
    super(message);
    this.name = new.target.name;
    this.status = status;
    this.code = code;
  }
}
