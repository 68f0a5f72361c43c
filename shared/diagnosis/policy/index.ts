/** The policy evaluator's public surface; the other modules are its parts. */
export {
  defaultKeyPolicy,
  evaluateResourceAccess,
  type ResourceAccess,
  type ResourceAccessInput,
} from './access.js';
export { type EvaluatePolicyOptions, evaluatePolicy } from './evaluate.js';
export { type ParsedPolicy, parsePolicy } from './parse.js';
export type {
  AccessRequest,
  ContextValue,
  PolicyDecision,
  PolicyKind,
  PolicyPrincipal,
  PolicyProblem,
  PolicyProblemCode,
  PolicyResult,
  ProblemConsequence,
  StatementMatch,
} from './types.js';
