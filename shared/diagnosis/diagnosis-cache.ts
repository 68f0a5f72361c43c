import type { Finding, SeverityOverrides } from '../model/findings.js';
import { problemFinding, type ReadProblem, storeProblemOf } from '../model/observed.js';

export type Cache = ReturnType<typeof cacheOf>;

/**
 * The diagnosis store is a cache: when it cannot be used, IAM is asked directly and the diagnosis
 * is as complete as ever. A refusal is a deployment fault worth fixing (MONITOR_ACCESS_DENIED, so
 * IAM is not asked every five minutes for ever, and failure events keep their explanation);
 * anything else is a note in the coverage.
 */
export function cacheOf() {
  const problems = new Map<string, ReadProblem>();
  return {
    /** The call's answer, or undefined (as for a cache miss) when the store failed. */
    async use<T>(call: () => Promise<T>, what: string): Promise<T | undefined> {
      try {
        return await call();
      } catch (error) {
        const problem = storeProblemOf(error, what, 'the audit state table');
        problems.set(JSON.stringify([problem.kind, problem.action, problem.resource]), problem);
        return undefined;
      }
    },
    findings(sourceBucket: string, overrides: SeverityOverrides): Finding[] {
      return [...problems.values()]
        .filter((problem) => problem.kind === 'access-denied')
        .map((problem) =>
          problemFinding(
            problem,
            {
              sourceBucket,
              check: "the diagnosis cache (IAM's answers kept between audits, read by the event path)",
            },
            overrides,
          ),
        );
    },
    get notes(): string[] {
      return [...problems.values()]
        .filter((problem) => problem.kind !== 'access-denied')
        .map(
          (problem) =>
            `diagnosis cache: ${problem.action} failed (${problem.detail}); IAM was asked directly`,
        );
    },
  };
}
