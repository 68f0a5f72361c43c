/** Compile-time exhaustiveness: a new union member breaks the build where it must be handled. */
export function assertNever(value: never): never {
  throw new TypeError(`Unhandled value: ${String(value)}`);
}
