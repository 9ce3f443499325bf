/**
 * Typed errors. Outcomes of a solve (infeasible, time limit, …) are values, never exceptions;
 * exceptions are for misuse and bad input, and always name the operation that failed.
 */
export class MipnetError extends Error {
  /** The operation that failed, e.g. "read MPS", "build model", "train". */
  readonly operation: string;
  constructor(operation: string, message: string) {
    super(`${operation}: ${message}`);
    this.name = 'MipnetError';
    this.operation = operation;
  }
}

/** Malformed input text (MPS, LP, CSV, JSON), with the 1-based line where it went wrong. */
export class ParseError extends MipnetError {
  readonly line: number | undefined;
  readonly source: string | undefined;
  constructor(operation: string, message: string, line?: number, source?: string) {
    const where = [source, line !== undefined ? `line ${line}` : undefined].filter(Boolean).join(', ');
    super(operation, where ? `${where}: ${message}` : message);
    this.name = 'ParseError';
    this.line = line;
    this.source = source;
  }
}

/** A model that is not well formed: NaN / infinite coefficients, lower > upper, fractional integer bounds, … */
export class ModelError extends MipnetError {
  constructor(operation: string, message: string) {
    super(operation, message);
    this.name = 'ModelError';
  }
}

/** Bad options or parameters: unknown plugin names, values out of range, zero limits, … */
export class OptionError extends MipnetError {
  constructor(operation: string, message: string) {
    super(operation, message);
    this.name = 'OptionError';
  }
}

/** A failure inside the LP backend (HiGHS returned an error status, the model was disposed, …). */
export class LpBackendError extends MipnetError {
  constructor(operation: string, message: string) {
    super(operation, message);
    this.name = 'LpBackendError';
  }
}

/** A plugin module that could not be loaded: missing, throwing on import, registering nothing or a name twice. */
export class PluginLoadError extends MipnetError {
  /** the module as the user named it */
  readonly module: string;
  constructor(module: string, detail: string) {
    super(`load plugin module ${module}`, detail);
    this.name = 'PluginLoadError';
    this.module = module;
  }
}
